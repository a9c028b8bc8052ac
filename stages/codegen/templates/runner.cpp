// ferry host runner for model @MODEL@: reads samples from a binary file (each sample is every
// input, in order, as raw little-endian arrays), runs the model on each, and appends every output
// of every sample to the output file. Host only; the library itself uses no stdio.
// Built with -DFERRY_TRACE (and a library built the same way), a third argument names a file that
// receives every node's output, node after node, sample after sample. Built with -DFERRY_COUNT
// (with counting.cpp, see there), it names the file that receives each layer's counts; built
// with -DFERRY_PROFILE (with profile.cpp), the file that receives each layer's time.
#include <cstdio>

#include "@HEADER@"

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

#ifdef FERRY_TRACE
std::FILE* trace_file = nullptr;
#endif

}  // namespace

#ifdef FERRY_TRACE
extern "C" void ferry_trace(const void* data, int32_t bytes) {
  if (trace_file != nullptr) std::fwrite(data, 1, static_cast<std::size_t>(bytes), trace_file);
}
#endif

#ifdef FERRY_PROFILE
extern "C" void ferry_profile_calibrate(void);
extern "C" int ferry_profile_write(const char* path);
#endif

#ifdef FERRY_COUNT
extern "C" void ferry_count_region(const void* data, int64_t bytes, int32_t kind);
extern "C" int ferry_count_write(const char* path);
extern "C" void @PREFIX@_count_regions(void);
#endif

int main(int argc, char** argv) {
#if defined(FERRY_TRACE) || defined(FERRY_COUNT) || defined(FERRY_PROFILE)
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s INPUTS.bin OUTPUTS.bin TRACE.bin|COUNTS.txt|PROFILE.bin\n",
                 argc > 0 ? argv[0] : "runner");
    return 2;
  }
#if defined(FERRY_TRACE)
  trace_file = std::fopen(argv[3], "wb");
  if (trace_file == nullptr) return fail("cannot open the trace file");
#elif defined(FERRY_PROFILE)
  ferry_profile_calibrate();
#else
@COUNT_REGIONS@
  @PREFIX@_count_regions();
#endif
#else
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s INPUTS.bin OUTPUTS.bin\n", argc > 0 ? argv[0] : "runner");
    return 2;
  }
#endif
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
#ifdef FERRY_TRACE
  if (std::fclose(trace_file) != 0) return fail("cannot write the trace file");
#endif
#ifdef FERRY_COUNT
  if (ferry_count_write(argv[3]) != 0) return fail("cannot write the counts file");
#endif
#ifdef FERRY_PROFILE
  if (ferry_profile_write(argv[3]) != 0) return fail("cannot write the profile file");
#endif
  std::fprintf(stderr, "runner: %ld samples\n", samples);
  return 0;
}
