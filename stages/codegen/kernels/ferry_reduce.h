// ferry kernels: reductions. Softmax along one axis; ReduceMean over any set of axes.
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

// The input shape, with the output element stride along each input axis (0 along reduced axes).
// Codegen drops size-1 axes and merges neighbouring axes that are both reduced or both kept.
struct ReduceParams {
  int32_t rank;  // 1..kMaxRank
  int32_t dims[kMaxRank];
  int32_t out_strides[kMaxRank];
  int32_t out_size;
  int32_t count;  // input elements per output element
};

// Walks the input in order, adding each element into its output, then divides by the count.
template <typename T>
inline void reduce_mean(const ReduceParams& p, const T* x, T* y) {
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
  for (int32_t o = 0; o < p.out_size; ++o) y[o] = static_cast<T>(y[o] / static_cast<T>(p.count));
}

}  // namespace ferry
