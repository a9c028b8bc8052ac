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

// y = saturate(round_half_even(x / scale) + zero_point), the ONNX definition: float division,
// then nearbyintf in the default rounding mode (to nearest, ties to even).
template <typename Real>
inline void quantize_linear(const QuantizeParams<Real>& p, const Real* x, int8_t* y) {
  for (int32_t i = 0; i < p.size; ++i) {
    const Real q = nearbyintf(x[i] / p.scale) + static_cast<Real>(p.zero_point);
    y[i] = static_cast<int8_t>(q < Real(-128) ? -128 : (q > Real(127) ? 127 : static_cast<int32_t>(q)));
  }
}

// y = (x - zero_point) * scale, in Real.
template <typename Real>
inline void dequantize_linear(const QuantizeParams<Real>& p, const int8_t* x, Real* y) {
  for (int32_t i = 0; i < p.size; ++i) {
    y[i] = (static_cast<Real>(x[i]) - static_cast<Real>(p.zero_point)) * p.scale;
  }
}

}  // namespace ferry
