// ferry kernels: the int8 output stage shared by every int8 kernel: one rounding mode, the
// clamp of a fused activation, and the zero points (TFLite int8 scheme, docs/design.md, principle 6).
// Integers only; each function's Python twin is in stages/common/golden.py.
#pragma once

#include "ferry_common.h"

namespace ferry {
namespace q {

// The one rounding mode: a real multiplier m = multiplier * 2^(shift - 31) is applied as
//   (acc * multiplier + 2^(r - 1)) >> r,  r = 31 - shift  (1 <= r <= 62, in 64-bit integers),
// rounding half towards +infinity: the "single rounding" of CMSIS-NN and TFLite. The result is
// saturated to +-2^30 before it narrows to int32 (a multiplier above 1 can exceed int32): adding
// a zero point and clamping to int8 then gives what exact arithmetic gives.
inline int32_t requantize(int64_t acc, int32_t multiplier, int32_t shift) {
  constexpr int64_t kLimit = int64_t{1} << 30;
  const int32_t right = 31 - shift;
  const int64_t scaled = (acc * multiplier + (int64_t{1} << (right - 1))) >> right;
  return static_cast<int32_t>(min_of(max_of(scaled, -kLimit), kLimit));
}

// Clamps to [low, high] (np.clip's order: max, then min). Written as min/max so that the compiler
// emits conditional moves: a fused ReLU clamps about half the values, a branch that no predictor
// gets right on real data (measured on the example: 25 -> 14 us per inference).
inline int8_t saturate(int32_t value, int32_t low, int32_t high) {
  return static_cast<int8_t>(min_of(max_of(value, low), high));
}

// Division rounding half away from zero (denominator > 0), in int32 or int64. The magnitude plus
// half the denominator is formed unsigned: it may pass the signed type's maximum (an average
// pool's window sum is scaled to just below 2^31 so that its division is a 32-bit one).
template <typename T>
struct Unsigned;  // the unsigned type of the same width (<type_traits> is not in the library's headers)
template <>
struct Unsigned<int32_t> { using type = uint32_t; };
template <>
struct Unsigned<int64_t> { using type = uint64_t; };

template <typename T>
inline T round_divide(T numerator, T denominator) {
  using U = typename Unsigned<T>::type;
  const U size = static_cast<U>(numerator < 0 ? -numerator : numerator);
  const T magnitude = static_cast<T>((size + static_cast<U>(denominator / 2)) / static_cast<U>(denominator));
  return numerator < 0 ? -magnitude : magnitude;
}

// The output stage shared by Conv, Gemm and Mul: zero points and the fused activation's clamp.
struct OutputStage {
  int32_t input_zero_point, output_zero_point;
  int32_t output_min, output_max;  // ReLU / ReLU6 / Clip fused as a clamp
};

// The per-channel output stage: requantize, add the output zero point, clamp (fused activation).
inline int8_t output_value(int32_t acc, int32_t multiplier, int32_t shift, const OutputStage& stage) {
  const int32_t y = requantize(acc, multiplier, shift) + stage.output_zero_point;
  return saturate(y, stage.output_min, stage.output_max);
}

}  // namespace q
}  // namespace ferry
