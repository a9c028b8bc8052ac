"""Convolutions of odd shapes, run kernel by kernel: one C++ program that calls q::conv and
q::depthwise_conv on each case, built for the host (the plain loops, the x86 variants under
AddressSanitizer: tests/test_int8.py) or as firmware for an emulated Cortex-M (Helium, DSP:
tests/test_kernels.py), whose outputs must equal the plain loops' byte for byte."""

from __future__ import annotations

# (in_channels, out_channels, groups, in_h, in_w, kernel, stride, dilation, pads top/left/bottom/right,
# shift): convolutions whose channels are not multiples of the blocks (4 rows, 8 pixels, 4-byte
# groups), at strides 1, 2, 3 and mixed, dilated, padded unevenly, grouped, flattened pointwise and
# gathered pointwise, a DS-CNN-style first layer; shift > 0 is a multiplier above 1 (the lane by
# lane requantization; 0 a multiplier that spreads the outputs over the int8 range).
CONV_CASES = [
    (3, 7, 1, 9, 11, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 0),
    (5, 13, 1, 10, 7, (3, 3), (2, 2), (1, 1), (1, 0, 0, 1), 0),
    (6, 6, 2, 8, 9, (3, 1), (1, 1), (2, 1), (2, 0, 2, 0), 0),
    (16, 9, 1, 5, 5, (1, 1), (1, 1), (1, 1), (0, 0, 0, 0), 0),
    (12, 19, 1, 13, 13, (3, 3), (3, 3), (1, 1), (1, 1, 1, 1), 0),
    (1, 8, 1, 49, 10, (10, 4), (2, 2), (1, 1), (4, 1, 5, 2), 0),
    (8, 12, 1, 9, 11, (1, 1), (2, 2), (1, 1), (0, 0, 0, 0), 0),
    (4, 6, 1, 7, 9, (5, 5), (1, 2), (2, 2), (4, 4, 4, 4), 0),
    (8, 10, 2, 6, 19, (3, 3), (2, 1), (1, 1), (1, 1, 1, 1), 2),
]
# (channels, in_h, in_w, kernel, stride, dilation, pads, shift): depthwise convolutions on the
# flattened plane (stride 1, DS-CNN's 25x5), by rows (strides 2, 2x1, 1x2; rows of more than 16
# outputs), dilated, a 7x7 window (taps given at run time), an odd tap count, a 1x1 output, and
# those the AVX2 kernel leaves to the plain loops (stride 3, a 9x9 window); shift as above.
DEPTHWISE_CASES = [
    (6, 25, 5, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 0),
    (5, 9, 9, (5, 5), (1, 1), (1, 1), (2, 2, 2, 2), 0),
    (7, 20, 33, (3, 3), (2, 2), (1, 1), (1, 1, 1, 1), 0),
    (3, 11, 8, (3, 3), (2, 1), (1, 1), (1, 1, 0, 1), 0),
    (3, 11, 20, (3, 3), (1, 2), (1, 1), (0, 1, 1, 1), 0),
    (4, 10, 10, (3, 3), (1, 1), (2, 2), (2, 2, 2, 2), 0),
    (4, 12, 12, (7, 7), (1, 1), (1, 1), (3, 3, 3, 3), 0),
    (5, 6, 7, (3, 1), (1, 1), (1, 1), (1, 0, 1, 0), 0),
    (3, 1, 1, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 0),
    (2, 40, 70, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 0),
    (3, 13, 13, (3, 3), (3, 3), (1, 1), (1, 1, 1, 1), 0),
    (2, 12, 12, (9, 9), (1, 1), (1, 1), (4, 4, 4, 4), 0),
    (4, 8, 6, (3, 3), (1, 1), (1, 1), (1, 1, 1, 1), 1),
]




def _out_size(size: int, kernel: int, stride: int, dilation: int, before: int, after: int) -> int:
    return (size + before + after - dilation * (kernel - 1) - 1) // stride + 1


def case_calls() -> list[str]:
    """One run(...) call per case: the depthwise flag, the ferry::ConvParams, the shift, the seed."""
    calls = []
    for i, (cin, cout, groups, h, w, (kh, kw), (sh, sw), (dh, dw), (pt, pl, pb, pr), shift) in enumerate(CONV_CASES):
        oh, ow = _out_size(h, kh, sh, dh, pt, pb), _out_size(w, kw, sw, dw, pl, pr)
        calls.append(f"run(false, {{2, {cin}, {h}, {w}, {cout}, {oh}, {ow}, {kh}, {kw}, {sh}, {sw}, {dh}, {dw}, "
                     f"{pt}, {pl}, {groups}}}, {shift}, {i});")
    for i, (c, h, w, (kh, kw), (sh, sw), (dh, dw), (pt, pl, pb, pr), shift) in enumerate(DEPTHWISE_CASES):
        oh, ow = _out_size(h, kh, sh, dh, pt, pb), _out_size(w, kw, sw, dw, pl, pr)
        calls.append(f"run(true, {{2, {c}, {h}, {w}, {c}, {oh}, {ow}, {kh}, {kw}, {sh}, {sw}, {dh}, {dw}, "
                     f"{pt}, {pl}, {c}}}, {shift}, {i + 1});")
    return calls


def cases_source() -> str:
    """The program: seeded int8 data, two samples, random zero points, a ReLU clamp on every other
    case. On the host (the default) each buffer is allocated at exactly its size, so that
    AddressSanitizer catches a read past one, and each case prints its output bytes on a line.
    Built with -DFERRY_CASES_FIRMWARE (and the emulator harness's startup code), the buffers come
    from a static pool and the output bytes of all cases go to outputs.bin through semihosting."""
    body = "\n  ".join(case_calls())
    return f"""#include <stdint.h>
#include "ferry_int8_conv.h"
#if defined(FERRY_CASES_FIRMWARE)
#include "semihosting.h"
alignas(16) static unsigned char pool[256 * 1024];  // one case's buffers, 16-byte aligned each
static uint32_t used = 0;
template <typename T>
static T* take(int32_t count) {{
  T* const buffer = reinterpret_cast<T*>(pool + used);
  used += (static_cast<uint32_t>(count) * sizeof(T) + 15) / 16 * 16;
  if (used > sizeof(pool)) {{
    ferry::semihosting::write0("cases: the pool is too small\\n");
    ferry::semihosting::exit(false);
  }}
  return buffer;
}}
static void release() {{ used = 0; }}
static int8_t outputs[64 * 1024];
static uint32_t output_bytes = 0;
static void emit(const int8_t* y, int32_t count) {{
  for (int32_t i = 0; i < count && output_bytes < sizeof(outputs); ++i) outputs[output_bytes++] = y[i];
}}
static bool finish() {{
  const ferry::semihosting::File file = ferry::semihosting::open("outputs.bin", 11, ferry::semihosting::kWriteBinary);
  return file.handle >= 0 && ferry::semihosting::write(file, outputs, output_bytes) && ferry::semihosting::close(file);
}}
#else
#include <cstdio>
#include <vector>
template <typename T>
static T* take(int32_t count) {{  // exactly `count`, kept to the end
  static std::vector<std::vector<T>> held;
  held.emplace_back(static_cast<size_t>(count));
  return held.back().data();
}}
static void release() {{}}
static void emit(const int8_t* y, int32_t count) {{
  for (int32_t i = 0; i < count; ++i) std::printf("%d ", y[i]);
  std::printf("\\n");
}}
static bool finish() {{ return true; }}
#endif

static uint32_t state = 12345;
static int32_t next(int32_t low, int32_t high) {{  // a uniform integer in [low, high]
  state = state * 1664525u + 1013904223u;
  return low + static_cast<int32_t>((state >> 8) % static_cast<uint32_t>(high - low + 1));
}}

static void run(bool depthwise, ferry::ConvParams s, int32_t shift, int32_t seed) {{
  state = static_cast<uint32_t>(seed) * 7919u;
  const int32_t zero = next(-128, 127), out_zero = next(-40, 40);
  const ferry::q::ConvParams p{{s, {{zero, out_zero, seed % 2 ? out_zero : -128, 127}}}};
  const int32_t depth = ferry::q::conv_depth(s);
  const int32_t inputs = s.batch * s.in_channels * s.in_h * s.in_w, weights = s.out_channels * depth;
  const int32_t outputs_count = s.batch * s.out_channels * s.out_h * s.out_w;
  int8_t* const input = take<int8_t>(inputs);
  int8_t* const filter = take<int8_t>(weights);
  int8_t* const output = take<int8_t>(outputs_count);
  int32_t* const bias = take<int32_t>(s.out_channels);
  int32_t* const multiplier = take<int32_t>(s.out_channels);
  int32_t* const shifts = take<int32_t>(s.out_channels);
  for (int32_t i = 0; i < inputs; ++i) input[i] = static_cast<int8_t>(next(-128, 127));
  for (int32_t i = 0; i < weights; ++i) filter[i] = static_cast<int8_t>(next(-128, 127));
  for (int32_t i = 0; i < outputs_count; ++i) output[i] = 0x55;
  for (int32_t c = 0; c < s.out_channels; ++c) {{
    bias[c] = next(-20000, 20000);
    multiplier[c] = next(1 << 30, 2147483647);
    shifts[c] = shift - next(0, 1);
    if (shift == 0) {{  // outputs of about +-40 from sums of about 5500 * sqrt(depth)
      while ((int64_t{{1}} << (-2 * shifts[c])) < int64_t{{136 * 136}} * depth) --shifts[c];
    }}
  }}
  const int32_t scratch_bytes = depthwise ? ferry::q::depthwise_scratch_size(p) : ferry::q::conv_scratch_size(p);
  int8_t* const scratch = take<int8_t>(scratch_bytes);
  if (depthwise) {{
    ferry::q::depthwise_conv(p, input, filter, bias, multiplier, shifts, output, scratch);
  }} else {{
    ferry::q::conv(p, input, filter, bias, multiplier, shifts, output, scratch);
  }}
  emit(output, outputs_count);
  release();
}}

int main() {{
  {body}
  return finish() ? 0 : 1;
}}
"""
