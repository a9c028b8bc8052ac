// ferry: Arm semihosting, the emulated Cortex-M's window on the host: files for the samples,
// a console line for errors, the exit status. Each call is BKPT 0xAB with the operation in r0
// and its argument (usually the address of a block of words) in r1; the result comes back in
// r0 ("Semihosting for AArch32 and AArch64", Arm, version 2).
#pragma once

#include <stdint.h>

namespace ferry {
namespace semihosting {

constexpr int32_t kOpen = 0x01;
constexpr int32_t kClose = 0x02;
constexpr int32_t kWrite0 = 0x04;
constexpr int32_t kWrite = 0x05;
constexpr int32_t kRead = 0x06;
constexpr int32_t kFileLength = 0x0C;
constexpr int32_t kExit = 0x18;

// SYS_OPEN modes, as the fopen() mode strings "rb" and "wb".
constexpr uint32_t kReadBinary = 1;
constexpr uint32_t kWriteBinary = 5;

// SYS_EXIT reasons: QEMU exits with status 0 on ApplicationExit and 1 on any other reason.
constexpr uint32_t kApplicationExit = 0x20026;
constexpr uint32_t kRunTimeErrorUnknown = 0x20023;

inline int32_t call(int32_t operation, const void* argument) {
  register int32_t r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

inline void write0(const char* text) { call(kWrite0, text); }

[[noreturn]] inline void exit(bool success) {
  call(kExit, reinterpret_cast<const void*>(success ? kApplicationExit : kRunTimeErrorUnknown));
  for (;;) {
  }
}

// A host file and the bytes left to read in it (SYS_READ reports a short read, not the end).
struct File {
  int32_t handle;
  uint32_t left;
};

inline File open(const char* name, uint32_t length, uint32_t mode) {
  const uint32_t open_block[3] = {reinterpret_cast<uint32_t>(name), mode, length};
  File file = {call(kOpen, open_block), 0};
  if (file.handle >= 0 && mode == kReadBinary) {
    const uint32_t length_block[1] = {static_cast<uint32_t>(file.handle)};
    const int32_t bytes = call(kFileLength, length_block);
    file.left = bytes > 0 ? static_cast<uint32_t>(bytes) : 0;
  }
  return file;
}

// SYS_READ and SYS_WRITE return the number of bytes they did not transfer.
inline bool read(File& file, void* data, uint32_t bytes) {
  const uint32_t block[3] = {static_cast<uint32_t>(file.handle), reinterpret_cast<uint32_t>(data), bytes};
  if (bytes > file.left || call(kRead, block) != 0) return false;
  file.left -= bytes;
  return true;
}

inline bool write(const File& file, const void* data, uint32_t bytes) {
  const uint32_t block[3] = {static_cast<uint32_t>(file.handle), reinterpret_cast<uint32_t>(data), bytes};
  return call(kWrite, block) == 0;
}

inline bool close(const File& file) {
  const uint32_t block[1] = {static_cast<uint32_t>(file.handle)};
  return call(kClose, block) == 0;
}

}  // namespace semihosting
}  // namespace ferry
