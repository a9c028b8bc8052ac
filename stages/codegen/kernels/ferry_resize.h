// ferry kernels: resize. The tensor is seen as 4-D (lowering merges axes that are not resized
// and pads with leading size-1 axes). Every output coordinate o of axis a reads taps[a] source
// rows: offsets[row_start[a] + o * taps[a] + t] (input offset, already times the axis stride)
// with weight weights[...same index...], all computed at codegen time. An offset of -1 in the
// first tap marks a coordinate outside the crop box (tf_crop_and_resize): the output there is
// extrapolation_value.
#pragma once

#include "ferry_common.h"

namespace ferry {

constexpr int kResizeRank = 4;

struct ResizeParams {
  int32_t out_shape[kResizeRank];
  int32_t taps[kResizeRank];       // source taps per output coordinate on each axis
  int32_t row_start[kResizeRank];  // where each axis' rows start in the offset/weight tables
  float extrapolation_value;
};

// Nearest-neighbour resize: a gather, one tap per axis (exact for every element type).
template <typename T>
inline void resize_nearest(const ResizeParams& p, const int32_t* offsets, const T* input,
                           T* output) {
  const int32_t* off0 = offsets + p.row_start[0];
  const int32_t* off1 = offsets + p.row_start[1];
  const int32_t* off2 = offsets + p.row_start[2];
  const int32_t* off3 = offsets + p.row_start[3];
  for (int32_t o0 = 0; o0 < p.out_shape[0]; ++o0) {
    for (int32_t o1 = 0; o1 < p.out_shape[1]; ++o1) {
      for (int32_t o2 = 0; o2 < p.out_shape[2]; ++o2) {
        for (int32_t o3 = 0; o3 < p.out_shape[3]; ++o3) {
          const bool outside = off0[o0] < 0 || off1[o1] < 0 || off2[o2] < 0 || off3[o3] < 0;
          *output++ = outside ? static_cast<T>(p.extrapolation_value)
                              : input[off0[o0] + off1[o1] + off2[o2] + off3[o3]];
        }
      }
    }
  }
}

// Linear / cubic (optionally antialiased) resize: every output is the weighted sum of its
// taps[0] x taps[1] x taps[2] x taps[3] source elements, the weight being the product of the
// per-axis weights (the separable filter applied in one pass).
template <typename T>
inline void resize(const ResizeParams& p, const int32_t* offsets, const float* weights,
                   const T* input, T* output) {
  for (int32_t o0 = 0; o0 < p.out_shape[0]; ++o0) {
    const int32_t r0 = p.row_start[0] + o0 * p.taps[0];
    for (int32_t o1 = 0; o1 < p.out_shape[1]; ++o1) {
      const int32_t r1 = p.row_start[1] + o1 * p.taps[1];
      for (int32_t o2 = 0; o2 < p.out_shape[2]; ++o2) {
        const int32_t r2 = p.row_start[2] + o2 * p.taps[2];
        for (int32_t o3 = 0; o3 < p.out_shape[3]; ++o3) {
          const int32_t r3 = p.row_start[3] + o3 * p.taps[3];
          if (offsets[r0] < 0 || offsets[r1] < 0 || offsets[r2] < 0 || offsets[r3] < 0) {
            *output++ = static_cast<T>(p.extrapolation_value);
            continue;
          }
          float acc = 0.0f;
          for (int32_t t0 = r0; t0 < r0 + p.taps[0]; ++t0) {
            for (int32_t t1 = r1; t1 < r1 + p.taps[1]; ++t1) {
              const float w01 = weights[t0] * weights[t1];
              for (int32_t t2 = r2; t2 < r2 + p.taps[2]; ++t2) {
                const float w012 = w01 * weights[t2];
                for (int32_t t3 = r3; t3 < r3 + p.taps[3]; ++t3) {
                  const int32_t at = offsets[t0] + offsets[t1] + offsets[t2] + offsets[t3];
                  acc += w012 * weights[t3] * static_cast<float>(input[at]);
                }
              }
            }
          }
          *output++ = static_cast<T>(acc);
        }
      }
    }
  }
}

namespace q {

// int8 linear resize (ai.ferry QResize): the tables of ferry::resize, with integer weights in
// fixed point that sum to 2^(shift / resized axes) per output coordinate of each resized axis
// (1 on the others). The weighted sum is exact in int64 and rounds once, half up; the weights
// are non-negative, so the result stays within the input's codes and keeps its scale and zero
// point. No floating point.
struct ResizeParams {
  int32_t out_shape[kResizeRank];
  int32_t taps[kResizeRank];
  int32_t row_start[kResizeRank];
  int32_t shift;  // fraction bits of the product of the weights
};

inline void resize(const ResizeParams& p, const int32_t* offsets, const int32_t* weights,
                   const int8_t* input, int8_t* output) {
  const int64_t half = int64_t{1} << (p.shift - 1);
  for (int32_t o0 = 0; o0 < p.out_shape[0]; ++o0) {
    const int32_t r0 = p.row_start[0] + o0 * p.taps[0];
    for (int32_t o1 = 0; o1 < p.out_shape[1]; ++o1) {
      const int32_t r1 = p.row_start[1] + o1 * p.taps[1];
      for (int32_t o2 = 0; o2 < p.out_shape[2]; ++o2) {
        const int32_t r2 = p.row_start[2] + o2 * p.taps[2];
        for (int32_t o3 = 0; o3 < p.out_shape[3]; ++o3) {
          const int32_t r3 = p.row_start[3] + o3 * p.taps[3];
          int64_t acc = 0;
          for (int32_t t0 = r0; t0 < r0 + p.taps[0]; ++t0) {
            for (int32_t t1 = r1; t1 < r1 + p.taps[1]; ++t1) {
              const int64_t w01 = int64_t{weights[t0]} * weights[t1];
              for (int32_t t2 = r2; t2 < r2 + p.taps[2]; ++t2) {
                const int64_t w012 = w01 * weights[t2];
                for (int32_t t3 = r3; t3 < r3 + p.taps[3]; ++t3) {
                  const int32_t at = offsets[t0] + offsets[t1] + offsets[t2] + offsets[t3];
                  acc += w012 * weights[t3] * input[at];
                }
              }
            }
          }
          *output++ = static_cast<int8_t>((acc + half) >> p.shift);
        }
      }
    }
  }
}

}  // namespace q
}  // namespace ferry
