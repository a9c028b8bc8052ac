// ferry semihosting runner for model @MODEL@ on an emulated Cortex-M (QEMU). The same protocol
// as the host runner: inputs.bin holds the samples (each sample every input, in order, raw
// little-endian), outputs.bin receives every output of every sample. Both files are in the
// emulator's working folder on the host; the exit status says whether every sample ran. Built
// with -DFERRY_PROFILE (with profile.cpp), it also writes each node's SysTick time to profile.bin.
#include "@HEADER@"
#include "semihosting.h"

namespace {

bool at_end(const ferry::semihosting::File& file) { return file.left == 0; }

bool read_all(ferry::semihosting::File& file, void* data, uint32_t bytes) {
  return ferry::semihosting::read(file, data, bytes);
}

bool write_all(const ferry::semihosting::File& file, const void* data, uint32_t bytes) {
  return ferry::semihosting::write(file, data, bytes);
}

int fail(const char* message) {
  ferry::semihosting::write0("runner: ");
  ferry::semihosting::write0(message);
  ferry::semihosting::write0("\n");
  return 1;
}

@BUFFERS@

}  // namespace

#ifdef FERRY_PROFILE
extern "C" void ferry_profile_calibrate(void);
extern "C" bool ferry_profile_write(const ferry::semihosting::File& file);
#endif

int main() {
#ifdef FERRY_PROFILE
  ferry_profile_calibrate();
#endif
  ferry::semihosting::File in = ferry::semihosting::open("inputs.bin", 10, ferry::semihosting::kReadBinary);
  if (in.handle < 0) return fail("cannot open inputs.bin");
  const ferry::semihosting::File out =
      ferry::semihosting::open("outputs.bin", 11, ferry::semihosting::kWriteBinary);
  if (out.handle < 0) return fail("cannot open outputs.bin");
  for (;;) {
@READS@
    if (@RUN@ != 0) return fail("the model returned an error");
@WRITES@
  }
  if (!ferry::semihosting::close(out)) return fail("cannot write outputs.bin");
#ifdef FERRY_PROFILE
  const ferry::semihosting::File profile =
      ferry::semihosting::open("profile.bin", 11, ferry::semihosting::kWriteBinary);
  if (profile.handle < 0 || !ferry_profile_write(profile) || !ferry::semihosting::close(profile)) {
    return fail("cannot write profile.bin");
  }
#endif
  return 0;
}
