// ferry profiling runtime, host only: the time (std::chrono::steady_clock) and, where the machine
// offers a hardware counter (Linux perf_event_open), the user-space instructions of each node.
// Built with -DFERRY_PROFILE beside model.cpp built the same way, whose FERRY_LAYER(index) calls
// ferry_profile_layer before each node and (-1) after the last. Each interval also holds the
// profiling call itself; ferry_profile_calibrate measures that cost on back-to-back calls, and the
// reader (stages/profile.py) subtracts it. The file it writes is the one the firmware's
// profiling runtime writes too: little-endian int64 words, see kHeader below.
#ifdef FERRY_PROFILE
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#if defined(__linux__)
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

// Words: magic, version, layers, samples, calibration marks, their time and instructions (the
// fastest call's, times the marks),
// reference-loop instructions and time (0: not used on the host), instructions counted (0/1);
// then per layer: time, instructions (-1 when not counted), summed over the samples.
constexpr int64_t kMagic = 0x50595246;  // "FRYP"
constexpr int64_t kVersion = 1;
constexpr int32_t kCalibrationMarks = 1000;

struct Totals {
  int64_t time = 0, instructions = 0;
};

std::vector<Totals> layers;
// The back-to-back calls: the fastest of them is the profiling call's own cost (a preemption, or
// a cache miss, only ever adds time; the mean of a busy machine would take real work off layers).
Totals fastest{-1, -1};
int32_t current = -1;
int64_t samples = 0;
int64_t last_time = 0, last_instructions = 0;
int counter = -1;  // perf_event_open file descriptor, -1 when the machine offers none

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch()).count();
}

void open_counter() {
#if defined(__linux__)
  perf_event_attr attributes;
  std::memset(&attributes, 0, sizeof attributes);
  attributes.type = PERF_TYPE_HARDWARE;
  attributes.size = sizeof attributes;
  attributes.config = PERF_COUNT_HW_INSTRUCTIONS;
  attributes.exclude_kernel = 1;
  attributes.exclude_hv = 1;
  counter = static_cast<int>(syscall(SYS_perf_event_open, &attributes, 0, -1, -1, 0));
#endif
}

int64_t instructions() {
#if defined(__linux__)
  int64_t value = 0;
  if (counter >= 0 && read(counter, &value, sizeof value) == static_cast<ssize_t>(sizeof value)) return value;
#endif
  return 0;
}

bool put(std::FILE* file, int64_t value) { return std::fwrite(&value, sizeof value, 1, file) == 1; }

constexpr int32_t kCalibrating = -2;  // the slot of the back-to-back calls

}  // namespace

extern "C" {

// Called by model.cpp before each node and (-1) after the last; never inlined, so that the
// calibration below pays exactly what a node pays.
__attribute__((noinline)) void ferry_profile_layer(int32_t index) {
  const int64_t took = now_ns() - last_time, ran = instructions() - last_instructions;
  if (current == kCalibrating) {
    fastest.time = fastest.time < 0 ? took : std::min(fastest.time, took);
    fastest.instructions = fastest.instructions < 0 ? ran : std::min(fastest.instructions, ran);
  } else if (current >= 0) {
    if (layers.size() <= static_cast<size_t>(current)) layers.resize(static_cast<size_t>(current) + 1);
    layers[static_cast<size_t>(current)].time += took;
    layers[static_cast<size_t>(current)].instructions += ran;
  }
  if (index == -1) ++samples;
  current = index;
  last_time = now_ns();
  last_instructions = instructions();
}

void ferry_profile_calibrate(void) {
  open_counter();
  current = kCalibrating;
  last_time = now_ns();
  last_instructions = instructions();
  for (int32_t i = 0; i < kCalibrationMarks; ++i) ferry_profile_layer(kCalibrating);
  current = -1;
}

int ferry_profile_write(const char* path) {
  std::FILE* file = std::fopen(path, "wb");
  if (file == nullptr) return 1;
  const bool counted = counter >= 0;
  bool ok = put(file, kMagic) && put(file, kVersion) && put(file, static_cast<int64_t>(layers.size())) &&
            put(file, samples) && put(file, kCalibrationMarks) && put(file, fastest.time * kCalibrationMarks) &&
            put(file, counted ? fastest.instructions * kCalibrationMarks : -1) && put(file, 0) && put(file, 0) &&
            put(file, counted ? 1 : 0);
  for (const Totals& layer : layers) {
    ok = ok && put(file, layer.time) && put(file, counted ? layer.instructions : -1);
  }
  return (std::fclose(file) != 0 || !ok) ? 1 : 0;
}

}  // extern "C"
#endif /* FERRY_PROFILE */
