// ferry host runner for model @MODEL@: reads samples from a binary file (each sample is every
// input, in order, as raw little-endian arrays), runs the model on each, and appends every output
// of every sample to the output file. Host only; the library itself uses no stdio.
#include <cstdio>

#include "model.h"

namespace {

bool read_all(std::FILE* file, void* data, std::size_t bytes) {
  return std::fread(data, 1, bytes, file) == bytes;
}

// True at a clean end of file, between samples.
bool at_end(std::FILE* file) {
  const int next = std::fgetc(file);
  if (next == EOF) return true;
  std::ungetc(next, file);
  return false;
}

bool write_all(std::FILE* file, const void* data, std::size_t bytes) {
  return std::fwrite(data, 1, bytes, file) == bytes;
}

int fail(const char* message) {
  std::fprintf(stderr, "runner: %s\n", message);
  return 1;
}

@BUFFERS@

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s INPUTS.bin OUTPUTS.bin\n", argc > 0 ? argv[0] : "runner");
    return 2;
  }
  std::FILE* in = std::fopen(argv[1], "rb");
  if (in == nullptr) return fail("cannot open the input file");
  std::FILE* out = std::fopen(argv[2], "wb");
  if (out == nullptr) return fail("cannot open the output file");
  long samples = 0;
  for (;;) {
@READS@
    if (@RUN@ != 0) return fail("the model returned an error");
@WRITES@
    ++samples;
  }
  std::fclose(in);
  if (std::fclose(out) != 0) return fail("cannot write the output file");
  std::fprintf(stderr, "runner: %ld samples\n", samples);
  return 0;
}
