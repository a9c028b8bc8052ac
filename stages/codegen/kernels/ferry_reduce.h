// ferry kernels: reductions. Softmax along one axis; ReduceMean over any set of axes;
// LayerNormalization over the trailing axes.
#pragma once

#include <math.h>

#include "ferry_common.h"

namespace ferry {

// x viewed as [outer, axis_size, inner]; softmax along the middle axis.
struct SoftmaxParams {
  int32_t outer, axis_size, inner;
};

// y = exp(x - max) / sum(exp(x - max)) along the axis (subtracting the max avoids overflow).
inline void softmax(const SoftmaxParams& p, const float* x, float* y) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t i = 0; i < p.inner; ++i) {
      const int32_t base = o * p.axis_size * p.inner + i;
      float largest = x[base];
      for (int32_t a = 1; a < p.axis_size; ++a) largest = max_of(largest, x[base + a * p.inner]);
      float sum = 0.0f;
      for (int32_t a = 0; a < p.axis_size; ++a) {
        const float e = expf(x[base + a * p.inner] - largest);
        y[base + a * p.inner] = e;
        sum += e;
      }
      for (int32_t a = 0; a < p.axis_size; ++a) y[base + a * p.inner] /= sum;
    }
  }
}

// x viewed as [outer, inner]; each row of `inner` elements is normalized on its own.
struct LayerNormParams {
  int32_t outer, inner;
  float epsilon;
};

// y = (x - mean) / sqrt(variance + epsilon) * scale + bias per row (bias may be null). The row's
// mean and 1 / sqrt(variance + epsilon) are also written to `mean` and `inv_std_dev` when not null.
inline void layer_norm(const LayerNormParams& p, const float* x, const float* scale,
                       const float* bias, float* y, float* mean, float* inv_std_dev) {
  for (int32_t o = 0; o < p.outer; ++o) {
    const float* row = x + o * p.inner;
    float sum = 0.0f;
    for (int32_t i = 0; i < p.inner; ++i) sum += row[i];
    const float row_mean = sum / static_cast<float>(p.inner);
    float squares = 0.0f;
    for (int32_t i = 0; i < p.inner; ++i) squares += (row[i] - row_mean) * (row[i] - row_mean);
    const float inv = 1.0f / sqrtf(squares / static_cast<float>(p.inner) + p.epsilon);
    for (int32_t i = 0; i < p.inner; ++i) {
      const float value = (row[i] - row_mean) * inv * scale[i];
      y[o * p.inner + i] = bias != nullptr ? value + bias[i] : value;
    }
    if (mean != nullptr) mean[o] = row_mean;
    if (inv_std_dev != nullptr) inv_std_dev[o] = inv;
  }
}

// The input shape, with the output element stride along each input axis (0 along reduced axes).
// Codegen drops size-1 axes and merges neighbouring axes that are both reduced or both kept.
struct ReduceParams {
  int32_t rank;  // 1..kMaxRank
  int32_t dims[kMaxRank];
  int32_t out_strides[kMaxRank];
  int32_t out_size;
  int32_t count;  // input elements per output element
};

// Walks the input in order, adding each element into its output.
template <typename T>
inline void reduce_sum(const ReduceParams& p, const T* x, T* y) {
  for (int32_t o = 0; o < p.out_size; ++o) y[o] = T(0);
  int32_t in_size = 1;
  for (int32_t d = 0; d < p.rank; ++d) in_size *= p.dims[d];
  int32_t index[kMaxRank] = {};
  int32_t out_at = 0;
  for (int32_t i = 0; i < in_size; ++i) {
    y[out_at] += x[i];
    for (int32_t d = p.rank - 1; d >= 0; --d) {  // step to the next input index
      out_at += p.out_strides[d];
      if (++index[d] < p.dims[d]) break;
      index[d] = 0;
      out_at -= p.out_strides[d] * p.dims[d];
    }
  }
}

// The sum, then one division by the count per output.
template <typename T>
inline void reduce_mean(const ReduceParams& p, const T* x, T* y) {
  reduce_sum(p, x, y);
  for (int32_t o = 0; o < p.out_size; ++o) y[o] = static_cast<T>(y[o] / static_cast<T>(p.count));
}

}  // namespace ferry
