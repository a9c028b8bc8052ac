// ferry kernels: the borders of a float island inside an int8 program (ONNX QuantizeLinear and
// DequantizeLinear, per tensor). Float code, so only programs that keep a layer in float
// instantiate them; a fully int8 program stays free of floating point.
#pragma once

#include <math.h>
#include <stdint.h>

namespace ferry {

template <typename Real>
struct QuantizeParams {
  int32_t size;
  Real scale;
  int32_t zero_point;
};

// The range of the integer type a border converts to: int8, or int16 (docs/int16.md).
template <typename Int>
struct IntRange;
template <>
struct IntRange<int8_t> { static constexpr int32_t low = -128, high = 127; };
template <>
struct IntRange<int16_t> { static constexpr int32_t low = -32768, high = 32767; };

// y = saturate(round_half_even(x / scale) + zero_point), the ONNX definition: float division,
// then nearbyintf in the default rounding mode (to nearest, ties to even).
template <typename Real, typename Int = int8_t>
inline void quantize_linear(const QuantizeParams<Real>& p, const Real* x, Int* y) {
  constexpr Real kLow = static_cast<Real>(IntRange<Int>::low), kHigh = static_cast<Real>(IntRange<Int>::high);
  for (int32_t i = 0; i < p.size; ++i) {
    const Real q = nearbyintf(x[i] / p.scale) + static_cast<Real>(p.zero_point);
    y[i] = static_cast<Int>(q < kLow ? IntRange<Int>::low : (q > kHigh ? IntRange<Int>::high : static_cast<int32_t>(q)));
  }
}

// y = (x - zero_point) * scale, in Real.
template <typename Real, typename Int = int8_t>
inline void dequantize_linear(const QuantizeParams<Real>& p, const Int* x, Real* y) {
  for (int32_t i = 0; i < p.size; ++i) {
    y[i] = (static_cast<Real>(x[i]) - static_cast<Real>(p.zero_point)) * p.scale;
  }
}

}  // namespace ferry
