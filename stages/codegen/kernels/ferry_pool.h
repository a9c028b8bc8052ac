// ferry kernels: pooling. NCDHW activations; 1-D and 2-D pools are lowered as 3-D with depth
// (and height) 1. Every (batch, channel) plane is pooled independently.
#pragma once

#include "ferry_common.h"

namespace ferry {

struct PoolParams {
  int32_t planes;  // batch * channels
  int32_t in_d, in_h, in_w;
  int32_t out_d, out_h, out_w;
  int32_t kernel_d, kernel_h, kernel_w;
  int32_t stride_d, stride_h, stride_w;
  int32_t dilation_d, dilation_h, dilation_w;
  int32_t pad_front, pad_top, pad_left;  // end padding only shows in the output size...
  int32_t padded_d, padded_h, padded_w;  // ...and here: in + begin + end pads
  int32_t count_include_pad;             // average: divide by taps inside the padded box
  int32_t column_major_indices;          // max indices: storage_order 1 (2-D: h + w * in_h)
};

// Max over each window, skipping padding; `indices` (may be null) receives the flat input index
// of the first maximum, as MaxPool's optional second output.
template <typename T>
inline void max_pool(const PoolParams& p, const T* input, T* output, int64_t* indices) {
  const int32_t plane_size = p.in_d * p.in_h * p.in_w;
  for (int32_t c = 0; c < p.planes; ++c) {
    const T* plane = input + c * plane_size;
    for (int32_t od = 0; od < p.out_d; ++od) {
      for (int32_t oy = 0; oy < p.out_h; ++oy) {
        for (int32_t ox = 0; ox < p.out_w; ++ox) {
          T best = T();
          int32_t best_z = 0, best_y = 0, best_x = 0;
          bool found = false;
          for (int32_t kz = 0; kz < p.kernel_d; ++kz) {
            const int32_t iz = od * p.stride_d - p.pad_front + kz * p.dilation_d;
            if (iz < 0 || iz >= p.in_d) continue;
            for (int32_t ky = 0; ky < p.kernel_h; ++ky) {
              const int32_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              if (iy < 0 || iy >= p.in_h) continue;
              for (int32_t kx = 0; kx < p.kernel_w; ++kx) {
                const int32_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
                if (ix < 0 || ix >= p.in_w) continue;
                const T value = plane[(iz * p.in_h + iy) * p.in_w + ix];
                if (!found || value > best) {
                  best = value;
                  best_z = iz;
                  best_y = iy;
                  best_x = ix;
                  found = true;
                }
              }
            }
          }
          const int32_t o = (od * p.out_h + oy) * p.out_w + ox;
          output[c * p.out_d * p.out_h * p.out_w + o] = best;
          if (indices != nullptr) {
            const int32_t within = p.column_major_indices
                                       ? best_y + best_x * p.in_h
                                       : (best_z * p.in_h + best_y) * p.in_w + best_x;
            indices[c * p.out_d * p.out_h * p.out_w + o] =
                static_cast<int64_t>(c) * plane_size + (found ? within : 0);
          }
        }
      }
    }
  }
}

// Mean over each window (floating-point T). Taps in the padding count toward the divisor only with
// count_include_pad, and taps past the end padding (ceil_mode) never do.
template <typename T>
inline void average_pool(const PoolParams& p, const T* input, T* output) {
  const int32_t plane_size = p.in_d * p.in_h * p.in_w;
  for (int32_t c = 0; c < p.planes; ++c) {
    const T* plane = input + c * plane_size;
    for (int32_t od = 0; od < p.out_d; ++od) {
      for (int32_t oy = 0; oy < p.out_h; ++oy) {
        for (int32_t ox = 0; ox < p.out_w; ++ox) {
          T sum = T(0);
          int32_t valid = 0, in_padded_box = 0;
          for (int32_t kz = 0; kz < p.kernel_d; ++kz) {
            const int32_t pz = od * p.stride_d + kz * p.dilation_d;  // in padded coordinates
            if (pz >= p.padded_d) continue;
            for (int32_t ky = 0; ky < p.kernel_h; ++ky) {
              const int32_t py = oy * p.stride_h + ky * p.dilation_h;
              if (py >= p.padded_h) continue;
              for (int32_t kx = 0; kx < p.kernel_w; ++kx) {
                const int32_t px = ox * p.stride_w + kx * p.dilation_w;
                if (px >= p.padded_w) continue;
                ++in_padded_box;
                const int32_t iz = pz - p.pad_front, iy = py - p.pad_top, ix = px - p.pad_left;
                if (iz < 0 || iz >= p.in_d || iy < 0 || iy >= p.in_h || ix < 0 || ix >= p.in_w) {
                  continue;
                }
                sum += plane[(iz * p.in_h + iy) * p.in_w + ix];
                ++valid;
              }
            }
          }
          const int32_t count = p.count_include_pad ? in_padded_box : valid;
          output[((c * p.out_d + od) * p.out_h + oy) * p.out_w + ox] =
              count > 0 ? sum / static_cast<T>(count) : T(0);
        }
      }
    }
  }
}

// Mean of every (batch, channel) plane of plane_size elements (floating-point T).
template <typename T>
inline void global_average_pool(int32_t planes, int32_t plane_size, const T* input, T* output) {
  for (int32_t c = 0; c < planes; ++c) {
    T sum = T(0);
    for (int32_t i = 0; i < plane_size; ++i) sum += input[c * plane_size + i];
    output[c] = sum / static_cast<T>(plane_size);
  }
}

}  // namespace ferry
