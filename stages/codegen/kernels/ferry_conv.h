// ferry kernels: convolution. NCHW activations, OIHW filters (I = input channels per group).
// A 1-D convolution is lowered as 2-D with height 1. Transposed convolution is NCDHW with
// IODHW filters (O = output channels per group); 1-D and 2-D are lowered as 3-D.
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

// Taps of output pixel (oy, ox)'s window that fall inside the input: the MACs per output channel
// that read an input value (padding taps multiply zeros). Counting builds report these, the
// arithmetic the model asks for, whatever blocking this kernel uses.
inline int32_t conv_taps_inside(const ConvParams& s, int32_t oy, int32_t ox) {
  int32_t rows = 0, cols = 0;
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    const int32_t iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
    rows += iy >= 0 && iy < s.in_h;
  }
  for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
    const int32_t ix = ox * s.stride_w - s.pad_left + kx * s.dilation_w;
    cols += ix >= 0 && ix < s.in_w;
  }
  return s.in_channels / s.groups * rows * cols;
}

// Direct convolution, the reference loop nest (as TFLite's reference_ops::Conv); bias may be null.
#if !defined(FERRY_X86_AVX512) && !defined(FERRY_X86_AVX2_FMA)
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
                FERRY_COUNT_MACS(1);
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
#endif

struct ConvTransposeParams {
  int32_t batch, in_channels, in_d, in_h, in_w;
  int32_t out_channels, out_d, out_h, out_w;
  int32_t kernel_d, kernel_h, kernel_w;
  int32_t stride_d, stride_h, stride_w;
  int32_t dilation_d, dilation_h, dilation_w;
  int32_t pad_front, pad_top, pad_left;  // end padding and output_padding only show in out_*
  int32_t groups;
};

// The input position whose kernel tap k lands on output position o in a transposed convolution
// (o = i * stride - pad + k * dilation), or -1 when no input position does.
inline int32_t transposed_source(int32_t o, int32_t k, int32_t stride, int32_t dilation,
                                 int32_t pad, int32_t in_size) {
  const int32_t t = o + pad - k * dilation;
  if (t < 0 || t % stride != 0 || t / stride >= in_size) return -1;
  return t / stride;
}

// Transposed convolution (ConvTranspose) written as a gather: every output sums the input taps
// that scatter onto it; bias may be null.
inline void conv_transpose(const ConvTransposeParams& p, const float* input, const float* filter,
                           const float* bias, float* output) {
  const int32_t in_per_group = p.in_channels / p.groups;
  const int32_t out_per_group = p.out_channels / p.groups;
  const int32_t kernel_size = p.kernel_d * p.kernel_h * p.kernel_w;
  for (int32_t n = 0; n < p.batch; ++n) {
    for (int32_t oc = 0; oc < p.out_channels; ++oc) {
      const int32_t group = oc / out_per_group;
      const int32_t oc_in_group = oc % out_per_group;
      for (int32_t oz = 0; oz < p.out_d; ++oz) {
        for (int32_t oy = 0; oy < p.out_h; ++oy) {
          for (int32_t ox = 0; ox < p.out_w; ++ox) {
            float acc = bias != nullptr ? bias[oc] : 0.0f;
            for (int32_t ic = 0; ic < in_per_group; ++ic) {
              const int32_t c = group * in_per_group + ic;
              const float* x = input + (n * p.in_channels + c) * p.in_d * p.in_h * p.in_w;
              const float* w = filter + (c * out_per_group + oc_in_group) * kernel_size;
              for (int32_t kz = 0; kz < p.kernel_d; ++kz) {
                const int32_t iz =
                    transposed_source(oz, kz, p.stride_d, p.dilation_d, p.pad_front, p.in_d);
                if (iz < 0) continue;
                for (int32_t ky = 0; ky < p.kernel_h; ++ky) {
                  const int32_t iy =
                      transposed_source(oy, ky, p.stride_h, p.dilation_h, p.pad_top, p.in_h);
                  if (iy < 0) continue;
                  for (int32_t kx = 0; kx < p.kernel_w; ++kx) {
                    const int32_t ix =
                        transposed_source(ox, kx, p.stride_w, p.dilation_w, p.pad_left, p.in_w);
                    if (ix < 0) continue;
                    FERRY_COUNT_MACS(1);
                    acc += x[(iz * p.in_h + iy) * p.in_w + ix] *
                           w[(kz * p.kernel_h + ky) * p.kernel_w + kx];
                  }
                }
              }
            }
            const int32_t plane = n * p.out_channels + oc;
            output[((plane * p.out_d + oz) * p.out_h + oy) * p.out_w + ox] = acc;
          }
        }
      }
    }
  }
}

}  // namespace ferry

#if defined(FERRY_X86_AVX512) || defined(FERRY_X86_AVX2_FMA)
#include "ferry_conv_x86.h"
#endif
