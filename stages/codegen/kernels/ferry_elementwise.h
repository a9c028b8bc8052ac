// ferry kernels: elementwise. Activations and Clip over flat arrays of `size` elements, binary
// arithmetic with numpy broadcasting, and inference BatchNormalization (NC... layout).
#pragma once

#include <math.h>

#include "ferry_common.h"

namespace ferry {

// ---- Activations: y[i] = f(x[i]) ------------------------------------------------------------

template <typename T>
inline void relu(const T* x, T* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = x[i] < T(0) ? T(0) : x[i];
}

inline void sigmoid(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = 1.0f / (1.0f + expf(-x[i]));
}

inline void tanh_activation(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = tanhf(x[i]);
}

// HardSwish: x * clamp(x / 6 + 1/2, 0, 1).
inline void hard_swish(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) {
    y[i] = x[i] * max_of(0.0f, min_of(1.0f, x[i] * (1.0f / 6.0f) + 0.5f));
  }
}

inline void erf_activation(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = erff(x[i]);
}

inline void square_root(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = sqrtf(x[i]);
}

inline void exponential(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = expf(x[i]);
}

inline void logarithm(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = logf(x[i]);
}

inline void reciprocal(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = 1.0f / x[i];
}

// GELU, exact: x * (1 + erf(x / sqrt(2))) / 2.
inline void gelu(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) {
    y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678118654752f));
  }
}

// GELU, tanh approximation: x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3))) / 2.
inline void gelu_tanh(const float* x, float* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) {
    const float inner = 0.79788456080286536f * (x[i] + 0.044715f * x[i] * x[i] * x[i]);
    y[i] = 0.5f * x[i] * (1.0f + tanhf(inner));
  }
}

struct LeakyReluParams {
  int32_t size;
  float alpha;  // slope for x < 0
};

inline void leaky_relu(const LeakyReluParams& p, const float* x, float* y) {
  for (int32_t i = 0; i < p.size; ++i) y[i] = x[i] < 0.0f ? p.alpha * x[i] : x[i];
}

struct HardSigmoidParams {
  int32_t size;
  float alpha, beta;  // y = clamp(alpha * x + beta, 0, 1)
};

inline void hard_sigmoid(const HardSigmoidParams& p, const float* x, float* y) {
  for (int32_t i = 0; i < p.size; ++i) {
    y[i] = max_of(0.0f, min_of(1.0f, p.alpha * x[i] + p.beta));
  }
}

// Clip: y = min(max(x, *low), *high); a null bound is absent. With low > high every y is high.
template <typename T>
inline void clip(const T* x, const T* low, const T* high, T* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) {
    T value = x[i];
    if (low != nullptr && value < *low) value = *low;
    if (high != nullptr && value > *high) value = *high;
    y[i] = value;
  }
}

// ---- Binary arithmetic with broadcasting ------------------------------------------------------

// The output shape, with the element stride of each operand along each output axis (0 where the
// operand is broadcast). Codegen drops size-1 axes and merges axes both operands walk
// contiguously, so equal shapes become one axis and [3,4,5] + [5] becomes [12,5].
struct BroadcastParams {
  int32_t rank;  // 1..kMaxRank
  int32_t dims[kMaxRank];
  int32_t a_strides[kMaxRank];
  int32_t b_strides[kMaxRank];
};

// row(a_row, a_step, b_row, b_step, y_row, count) for every run of the last axis, in order: the
// operands' elements of the run are a_row[j * a_step] and b_row[j * b_step] (steps 1, or 0 where
// the operand is broadcast, e.g. a squeeze-excite scale of one value per channel row). The index
// steps once per row.
template <typename T, typename Row>
inline void broadcast_rows(const BroadcastParams& p, const T* a, const T* b, T* y, Row row) {
  int32_t size = 1;
  for (int32_t d = 0; d < p.rank; ++d) size *= p.dims[d];
  const int32_t last = p.rank - 1;
  const int32_t length = p.dims[last], a_step = p.a_strides[last], b_step = p.b_strides[last];
  int32_t index[kMaxRank] = {};
  int32_t a_at = 0;
  int32_t b_at = 0;
  for (int32_t i = 0; i < size; i += length) {
    row(a + a_at, a_step, b + b_at, b_step, y + i, length);
    for (int32_t d = last - 1; d >= 0; --d) {  // step to the next row
      a_at += p.a_strides[d];
      b_at += p.b_strides[d];
      if (++index[d] < p.dims[d]) break;
      index[d] = 0;
      a_at -= p.a_strides[d] * p.dims[d];
      b_at -= p.b_strides[d] * p.dims[d];
    }
  }
}

// y[i] = op(a[...], b[...]) for every output element in order, the last axis fastest: each row a
// plain inner loop, which the compiler vectorizes.
template <typename T, typename Op>
inline void broadcast_binary(const BroadcastParams& p, const T* a, const T* b, T* y, Op op) {
  broadcast_rows(p, a, b, y, [&op](const T* a_row, int32_t a_step, const T* b_row, int32_t b_step, T* y_row,
                                   int32_t count) {
    for (int32_t j = 0; j < count; ++j) y_row[j] = op(a_row[j * a_step], b_row[j * b_step]);
  });
}

// Integer results wrap around in the element type; uint16 * uint16 goes through uint32 because
// C++ would otherwise multiply in (signed, overflowing) int.
template <typename T>
inline T wrap_mul(T a, T b) { return static_cast<T>(a * b); }
template <>
inline uint16_t wrap_mul(uint16_t a, uint16_t b) {
  return static_cast<uint16_t>(static_cast<uint32_t>(a) * b);
}

template <typename T>
inline void add(const BroadcastParams& p, const T* a, const T* b, T* y) {
  broadcast_binary(p, a, b, y, [](T u, T v) { return static_cast<T>(u + v); });
}

template <typename T>
inline void subtract(const BroadcastParams& p, const T* a, const T* b, T* y) {
  broadcast_binary(p, a, b, y, [](T u, T v) { return static_cast<T>(u - v); });
}

template <typename T>
inline void multiply(const BroadcastParams& p, const T* a, const T* b, T* y) {
  broadcast_binary(p, a, b, y, [](T u, T v) { return wrap_mul(u, v); });
}

// Integer division truncates toward zero, as ONNX specifies.
template <typename T>
inline void divide(const BroadcastParams& p, const T* a, const T* b, T* y) {
  broadcast_binary(p, a, b, y, [](T u, T v) { return static_cast<T>(u / v); });
}

inline void power(const BroadcastParams& p, const float* a, const float* b, float* y) {
  broadcast_binary(p, a, b, y, [](float u, float v) { return powf(u, v); });
}

// n-ary Sum in ONNX's order, as onnxruntime adds: y = x0 + x1, then y += x2, ... Step k's
// BroadcastParams walk y (dense; x0 in step 0) and input k + 1 over the output shape.
template <int32_t N>
struct SumParams {
  BroadcastParams steps[N - 1];
};

template <typename T, int32_t N>
inline void sum(const SumParams<N>& p, const T* const (&x)[N], T* y) {
  add(p.steps[0], x[0], x[1], y);
  for (int32_t k = 2; k < N; ++k) add(p.steps[k - 1], static_cast<const T*>(y), x[k], y);
}

// ---- BatchNormalization (inference) -----------------------------------------------------------

struct BatchNormParams {
  int32_t batch, channels, inner;  // x is [batch, channels, inner...]
  float epsilon;
};

// y = (x - mean[c]) / sqrt(var[c] + epsilon) * scale[c] + bias[c]
inline void batch_norm(const BatchNormParams& p, const float* x, const float* scale,
                       const float* bias, const float* mean, const float* var, float* y) {
  for (int32_t n = 0; n < p.batch; ++n) {
    for (int32_t c = 0; c < p.channels; ++c) {
      const float multiplier = scale[c] / sqrtf(var[c] + p.epsilon);
      const int32_t base = (n * p.channels + c) * p.inner;
      for (int32_t i = 0; i < p.inner; ++i) {
        y[base + i] = (x[base + i] - mean[c]) * multiplier + bias[c];
      }
    }
  }
}

// ---- LRN (local response normalization across channels) ---------------------------------------

struct LrnParams {
  int32_t batch, channels, inner;  // x is [batch, channels, inner...]
  int32_t before, after;           // channels summed below and above c: (size-1)/2, size-1 - before
  float alpha_over_size, beta, bias;
};

// y = x / (bias + alpha/size * sum of x^2 over channels [c - before, c + after])^beta
inline void lrn(const LrnParams& p, const float* x, float* y) {
  for (int32_t n = 0; n < p.batch; ++n) {
    const float* xn = x + n * p.channels * p.inner;
    float* yn = y + n * p.channels * p.inner;
    for (int32_t c = 0; c < p.channels; ++c) {
      const int32_t first = c - p.before < 0 ? 0 : c - p.before;
      const int32_t last = c + p.after >= p.channels ? p.channels - 1 : c + p.after;
      for (int32_t i = 0; i < p.inner; ++i) {
        float square_sum = 0.0f;
        for (int32_t k = first; k <= last; ++k) square_sum += xn[k * p.inner + i] * xn[k * p.inner + i];
        yn[c * p.inner + i] = xn[c * p.inner + i] / powf(p.bias + p.alpha_over_size * square_sum, p.beta);
      }
    }
  }
}

}  // namespace ferry
