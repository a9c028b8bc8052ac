// ferry kernels: int16 activations, the precision fallback (the 16x8 scheme of TFLite): int16
// activations with zero point 0 and a symmetric scale, int8 weights symmetric per output channel,
// int32 bias in the accumulator's scale. An (int16 - zero point) x int8 product is below 2^23, an
// int32 (one SMLAL into the sum on Arm, not a 64-bit multiply); its sums run in int64 (K products
// can overflow int32 from K = 256 on); requantization keeps the one rounding mode of
// ferry_requantize.h, exact for any int64 sum below 2^62 (requantize_wide). Plain loops: these are
// the definition, as the golden model (stages/common/golden.py) computes them. Integers only.
// Ops without an int16 kernel (tables, Softmax, LayerNorm, pools that average) read an int8 tensor
// that `convert` writes at the precision border (docs/int16.md).
#pragma once

#include "ferry_common.h"
#include "ferry_conv.h"
#include "ferry_elementwise.h"
#include "ferry_int8.h"
#include "ferry_matmul.h"
#include "ferry_requantize.h"

namespace ferry {
namespace q16 {

// (acc * multiplier + 2^(r - 1)) >> r, r = 31 - shift, exactly, for |acc| < 2^62, saturated to
// +-2^30 as q::requantize. For r >= 31 the sum is split as acc = high * 2^31 + low (0 <= low <
// 2^31), so both partial products fit int64:
//   (acc * M + 2^(r-1)) >> r = (high * M + ((low * M + 2^(r-1)) >> 31)) >> (r - 31).
// For r < 31 the multiplier is at least 1, so any |acc| beyond 2^31 saturates: it is bounded first.
inline int32_t requantize_wide(int64_t acc, int32_t multiplier, int32_t shift) {
  constexpr int64_t kLimit = int64_t{1} << 30;
  const int32_t right = 31 - shift;
  if (right < 31) {
    const int64_t bound = int64_t{1} << 31;
    return q::requantize(min_of(max_of(acc, -bound), bound), multiplier, shift);
  }
  const int64_t high = acc >> 31;  // floor division: low is never negative
  const int64_t low = acc - high * (int64_t{1} << 31);
  const int64_t low_part = (low * multiplier + (int64_t{1} << (right - 1))) >> 31;
  const int64_t scaled = (high * multiplier + low_part) >> (right - 31);
  return static_cast<int32_t>(min_of(max_of(scaled, -kLimit), kLimit));
}

template <typename Out>
inline Out saturate(int32_t value, int32_t low, int32_t high) {
  return static_cast<Out>(min_of(max_of(value, low), high));
}

// The per-channel output stage of an int16 layer (q::OutputStage: zero points, fused clamp).
inline int16_t output_value(int64_t acc, int32_t multiplier, int32_t shift, const q::OutputStage& stage) {
  const int32_t y = requantize_wide(acc, multiplier, shift) + stage.output_zero_point;
  return saturate<int16_t>(y, stage.output_min, stage.output_max);
}

// Direct convolution of int16 activations with int8 filters (OIHW, any groups: dense, grouped and
// depthwise alike): acc = bias + sum((x - zx) * w) in int64, padding contributing 0. The channels
// of a window tap are the inner loop (a pointwise conv would otherwise pay the tap loops per MAC).
inline void conv(const q::ConvParams& p, const int16_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int16_t* output) {
  const ferry::ConvParams& s = p.shape;
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t plane = s.in_h * s.in_w;
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int32_t zero_point = p.stage.input_zero_point;
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t oc = 0; oc < s.out_channels; ++oc) {
      const int16_t* group_input = input + (n * s.in_channels + oc / out_per_group * in_per_group) * plane;
      const int8_t* filters = filter + oc * in_per_group * taps;
      for (int32_t oy = 0; oy < s.out_h; ++oy) {
        for (int32_t ox = 0; ox < s.out_w; ++ox) {
          int64_t acc = bias[oc];
          for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
            const int32_t iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
            if (iy < 0 || iy >= s.in_h) continue;
            for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
              const int32_t ix = ox * s.stride_w - s.pad_left + kx * s.dilation_w;
              if (ix < 0 || ix >= s.in_w) continue;
              const int16_t* x = group_input + iy * s.in_w + ix;
              const int8_t* w = filters + ky * s.kernel_w + kx;
              FERRY_COUNT_MACS(in_per_group);
              for (int32_t ic = 0; ic < in_per_group; ++ic) acc += (x[ic * plane] - zero_point) * w[ic * taps];
            }
          }
          output[((n * s.out_channels + oc) * s.out_h + oy) * s.out_w + ox] =
              output_value(acc, multiplier[oc], shift[oc], p.stage);
        }
      }
    }
  }
}

// Fully connected (Gemm, MatMul by a constant): input [rows, depth] int16, filter [cols, depth]
// int8, the node's own bias (no folding: the zero point is 0).
inline void gemm(const q::GemmParams& p, const int16_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int16_t* output) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const int16_t* row = input + r * p.depth;
    for (int32_t c = 0; c < p.cols; ++c) {
      const int8_t* w = filter + c * p.depth;
      int64_t acc = bias[c];
      FERRY_COUNT_MACS(p.depth);
      for (int32_t k = 0; k < p.depth; ++k) {
        acc += (row[k] - p.stage.input_zero_point) * w[k];  // an int32 product
      }
      output[r * p.cols + c] = output_value(acc, multiplier[c], shift[c], p.stage);
    }
  }
}

// MatMul of two int16 activations (attention): q::matmul's loop, products up to 2^32, summed in int64.
inline void matmul(const q::MatMulParams& p, const int16_t* a, const int16_t* b, int16_t* y) {
  q::matmul_of_activations<int16_t, int64_t, requantize_wide>(p, a, b, y);
}

// y = ((a - za) * Ma + (b - zb) * Mb) * 2^-shift + zy, one rounding, as q::add (|Ma|, |Mb| <= 2^30,
// so each term stays below 2^47).
inline void add(const q::AddParams& p, const int16_t* a, const int16_t* b, int16_t* y) {
  const int64_t half = int64_t{1} << (p.shift - 1);
  broadcast_binary(p.shape, a, b, y, [&p, half](int16_t x1, int16_t x2) {
    const int64_t acc = static_cast<int64_t>(x1 - p.a_zero_point) * p.a_multiplier +
                        static_cast<int64_t>(x2 - p.b_zero_point) * p.b_multiplier;
    const int32_t sum = static_cast<int32_t>((acc + half) >> p.shift) + p.output_zero_point;
    return saturate<int16_t>(sum, p.output_min, p.output_max);
  });
}

inline void mul(const q::MulParams& p, const int16_t* a, const int16_t* b, int16_t* y) {
  broadcast_binary(p.shape, a, b, y, [&p](int16_t x1, int16_t x2) {
    const int64_t product = static_cast<int64_t>(x1 - p.a_zero_point) * (x2 - p.b_zero_point);
    const int32_t scaled = requantize_wide(product, p.multiplier, p.shift) + p.output_zero_point;
    return saturate<int16_t>(scaled, p.output_min, p.output_max);
  });
}

struct ConvertParams {
  int32_t size;
  int32_t input_zero_point, multiplier, shift;  // input scale / output scale
  int32_t output_zero_point, output_min, output_max;
};

// One tensor into another precision or scale: int8 -> int16 and int16 -> int8 at the borders of
// int16 layers, int16 -> int16 where data movement or a standalone ReLU/Clip changes the scale.
template <typename In, typename Out>
inline void convert(const ConvertParams& p, const In* input, Out* output) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t y = requantize_wide(input[i] - p.input_zero_point, p.multiplier, p.shift) + p.output_zero_point;
    output[i] = saturate<Out>(y, p.output_min, p.output_max);
  }
}

}  // namespace q16
}  // namespace ferry
