// ferry kernels: matrix products. Row-major matrices; batches of them for MatMul.
#pragma once

#include "ferry_common.h"

#if defined(FERRY_X86_AVX512) || defined(FERRY_X86_AVX2_FMA)
#include "ferry_x86_vector.h"
#endif

namespace ferry {

struct GemmParams {
  int32_t m, n, k;
  int32_t a_stride_m, a_stride_k;  // A is [m, k], or [k, m] when transA
  int32_t b_stride_k, b_stride_n;  // B is [k, n], or [n, k] when transB
  int32_t c_stride_m, c_stride_n;  // 0 along the axes where C is broadcast
  float alpha, beta;
};

#if defined(FERRY_X86_AVX512) || defined(FERRY_X86_AVX2_FMA)
// (GCC bug 105593: see ferry_conv_x86.h.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// sum_k a[k] * b[k] of two contiguous rows, the x86 variant of gemm's inner loop (AVX-512 or
// AVX2, ferry_x86_vector.h): 2 L products per step in two vector accumulators of L lanes (the
// plain loop adds one product at a time, in order, each add waiting for the last). Another order
// of the sums: float rounding differs.
inline float contiguous_dot(const float* a, const float* b, int32_t k) {
  FloatVec even = splat(0.0f), odd = splat(0.0f);
  int32_t i = 0;
  for (; i + 2 * kFloatLanes <= k; i += 2 * kFloatLanes) {
    even = fmadd(load_floats(a + i), load_floats(b + i), even);
    odd = fmadd(load_floats(a + i + kFloatLanes), load_floats(b + i + kFloatLanes), odd);
  }
  for (; i < k; i += kFloatLanes) {
    const LaneMask lanes = lanes_between(0, k - i);
    even = fmadd(load_lanes(lanes, a + i), load_lanes(lanes, b + i), even);
  }
  return sum_lanes(add(even, odd));
}
#pragma GCC diagnostic pop
#endif

// Y[m, n] = alpha * sum_k A[m, k] * B[k, n] + beta * C[m, n]; c may be null (no bias).
inline void gemm(const GemmParams& p, const float* a, const float* b, const float* c, float* y) {
  for (int32_t i = 0; i < p.m; ++i) {
    for (int32_t j = 0; j < p.n; ++j) {
      float acc = 0.0f;
      FERRY_COUNT_MACS(p.k);
#if defined(FERRY_X86_AVX512) || defined(FERRY_X86_AVX2_FMA)
      if (p.a_stride_k == 1 && p.b_stride_k == 1) {  // rows along k (Gemm with transB: a Linear layer)
        acc = contiguous_dot(a + i * p.a_stride_m, b + j * p.b_stride_n, p.k);
      } else
#endif
      for (int32_t kk = 0; kk < p.k; ++kk) {
        acc += a[i * p.a_stride_m + kk * p.a_stride_k] * b[kk * p.b_stride_k + j * p.b_stride_n];
      }
      float value = p.alpha * acc;
      if (c != nullptr) value += p.beta * c[i * p.c_stride_m + j * p.c_stride_n];
      y[i * p.n + j] = value;
    }
  }
}

// MatMul as numpy: a batch of [m, k] x [k, n] products. A 1-D A is [1, k], a 1-D B is [k, 1].
struct MatMulParams {
  int32_t batch;        // number of products: the product of batch_dims
  int32_t batch_rank;   // 0..kMaxRank
  int32_t batch_dims[kMaxRank];
  int32_t a_batch_strides[kMaxRank];  // element strides per batch axis, 0 where broadcast
  int32_t b_batch_strides[kMaxRank];
  int32_t m, k, n;
};

// The element offsets of product `batch`'s A and B matrices (0 along broadcast axes).
inline void matmul_offsets(const MatMulParams& p, int32_t batch, int32_t* a_at, int32_t* b_at) {
  *a_at = 0;
  *b_at = 0;
  for (int32_t d = p.batch_rank - 1; d >= 0; --d) {
    const int32_t index = batch % p.batch_dims[d];
    batch /= p.batch_dims[d];
    *a_at += index * p.a_batch_strides[d];
    *b_at += index * p.b_batch_strides[d];
  }
}

template <typename T>
inline void matmul(const MatMulParams& p, const T* a, const T* b, T* y) {
  for (int32_t batch = 0; batch < p.batch; ++batch) {
    int32_t a_at, b_at;
    matmul_offsets(p, batch, &a_at, &b_at);
    const T* a_matrix = a + a_at;
    const T* b_matrix = b + b_at;
    T* y_matrix = y + batch * p.m * p.n;
    for (int32_t i = 0; i < p.m; ++i) {
      for (int32_t j = 0; j < p.n; ++j) {
        T acc = T(0);
        FERRY_COUNT_MACS(p.k);
        for (int32_t kk = 0; kk < p.k; ++kk) acc += a_matrix[i * p.k + kk] * b_matrix[kk * p.n + j];
        y_matrix[i * p.n + j] = acc;
      }
    }
  }
}

}  // namespace ferry
