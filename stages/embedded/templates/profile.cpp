// ferry profiling runtime of the emulator firmware: SysTick timestamps around every node.
// QEMU models no DWT cycle counter (CYCCNT reads 0), but under `-icount shift=0` its virtual
// clock advances exactly 1 ns per instruction and SysTick counts that clock at the board's
// frequency, so tick differences are deterministic instruction counts (31.25 instructions per
// tick at mps3-an547's 32 MHz, 40 at mps2-an500's 25 MHz). ferry_profile_calibrate measures the
// exact ratio on a loop of known length, and the cost of the profiling call itself on
// back-to-back calls; the reader (stages/profile.py) applies both. The file it writes through
// semihosting is the host profiling runtime's format (stages/codegen/templates/profile.cpp).
#ifdef FERRY_PROFILE
#include <stdint.h>

#include "semihosting.h"

namespace {

volatile uint32_t* const kSysTickControl = reinterpret_cast<volatile uint32_t*>(0xE000E010u);
volatile uint32_t* const kSysTickReload = reinterpret_cast<volatile uint32_t*>(0xE000E014u);
volatile uint32_t* const kSysTickCurrent = reinterpret_cast<volatile uint32_t*>(0xE000E018u);
constexpr uint32_t kMask = 0xFFFFFFu;  // SysTick counts down through 24 bits

constexpr int64_t kMagic = 0x50595246;  // "FRYP"
constexpr int64_t kVersion = 1;
constexpr int32_t kCalibrationMarks = 1000;
constexpr uint32_t kLoopIterations = 100000;
constexpr int64_t kLoopInstructions = 2 * kLoopIterations;  // subs + bne per iteration
constexpr int32_t kMaxLayers = 4096;

constexpr int32_t kCalibrating = -2;  // the slot of the back-to-back calls

int64_t layers[kMaxLayers];  // ticks per layer, summed over the samples
int32_t layer_count = 0;
int64_t calibration = 0, loop_ticks = 0, samples = 0;
int32_t current = -1;
uint32_t last = 0;

}  // namespace

extern "C" {

bool ferry_profile_write(const ferry::semihosting::File& file);

// Called by model.cpp before each node and (-1) after the last; never inlined, so that the
// calibration below pays exactly what a node pays.
__attribute__((noinline)) void ferry_profile_layer(int32_t index) {
  // Ticks since `last` (a layer never lasts 2^24 ticks: 500 M instructions at 32 MHz).
  const uint32_t ticks = (last - *kSysTickCurrent) & kMask;
  if (current == kCalibrating) {
    calibration += ticks;
  } else if (current >= 0 && current < kMaxLayers) {
    layers[current] += ticks;
    if (current >= layer_count) layer_count = current + 1;
  }
  if (index == -1) ++samples;
  current = index;
  last = *kSysTickCurrent;
}

void ferry_profile_calibrate(void) {
  *kSysTickReload = kMask;
  *kSysTickCurrent = 0;
  *kSysTickControl = 5;  // enabled, processor clock, no interrupt
  last = *kSysTickCurrent;
  uint32_t n = kLoopIterations;
  __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n));
  loop_ticks = (last - *kSysTickCurrent) & kMask;
  current = kCalibrating;
  last = *kSysTickCurrent;
  for (int32_t i = 0; i < kCalibrationMarks; ++i) ferry_profile_layer(kCalibrating);
  current = -1;
}

bool ferry_profile_write(const ferry::semihosting::File& file) {
  const int64_t header[10] = {kMagic, kVersion, layer_count, samples, kCalibrationMarks, calibration, -1,
                              kLoopInstructions, loop_ticks, 0};
  if (!ferry::semihosting::write(file, header, sizeof header)) return false;
  for (int32_t i = 0; i < layer_count; ++i) {
    const int64_t record[2] = {layers[i], -1};
    if (!ferry::semihosting::write(file, record, sizeof record)) return false;
  }
  return true;
}

}  // extern "C"
#endif /* FERRY_PROFILE */
