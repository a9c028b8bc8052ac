// ferry kernels: convolution. NCHW activations, OIHW filters (I = input channels per group).
// A 1-D convolution is lowered as 2-D with height 1.
#pragma once

#include "ferry_common.h"

namespace ferry {

struct ConvParams {
  int32_t batch, in_channels, in_h, in_w;
  int32_t out_channels, out_h, out_w;
  int32_t kernel_h, kernel_w;
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_top, pad_left;  // bottom and right padding only show in out_h, out_w
  int32_t groups;
};

// Direct convolution, the reference loop nest (as TFLite's reference_ops::Conv); bias may be null.
inline void conv(const ConvParams& p, const float* input, const float* filter, const float* bias,
                 float* output) {
  const int32_t in_per_group = p.in_channels / p.groups;
  const int32_t out_per_group = p.out_channels / p.groups;
  for (int32_t n = 0; n < p.batch; ++n) {
    for (int32_t oc = 0; oc < p.out_channels; ++oc) {
      const int32_t group = oc / out_per_group;
      for (int32_t oy = 0; oy < p.out_h; ++oy) {
        for (int32_t ox = 0; ox < p.out_w; ++ox) {
          float acc = bias != nullptr ? bias[oc] : 0.0f;
          for (int32_t ic = 0; ic < in_per_group; ++ic) {
            const int32_t c = group * in_per_group + ic;
            for (int32_t ky = 0; ky < p.kernel_h; ++ky) {
              const int32_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              if (iy < 0 || iy >= p.in_h) continue;
              for (int32_t kx = 0; kx < p.kernel_w; ++kx) {
                const int32_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
                if (ix < 0 || ix >= p.in_w) continue;
                acc += input[((n * p.in_channels + c) * p.in_h + iy) * p.in_w + ix] *
                       filter[((oc * in_per_group + ic) * p.kernel_h + ky) * p.kernel_w + kx];
              }
            }
          }
          output[((n * p.out_channels + oc) * p.out_h + oy) * p.out_w + ox] = acc;
        }
      }
    }
  }
}

}  // namespace ferry
