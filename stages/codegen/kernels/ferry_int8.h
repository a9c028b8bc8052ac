// ferry kernels: int8 (TFLite int8 scheme, DESIGN.md principle 6). No floating point anywhere:
// every real-valued factor was folded at codegen time into an int32 multiplier and shift, a
// 256-entry table, or an integer constant. Each kernel's Python twin in stages/common/golden.py
// computes the same integers; the evaluate stage checks them equal, layer by layer.
#pragma once

#include "ferry_common.h"
#include "ferry_conv.h"
#include "ferry_elementwise.h"

namespace ferry {
namespace q {

// The one rounding mode: a real multiplier m = multiplier * 2^(shift - 31) is applied as
//   (acc * multiplier + 2^(r - 1)) >> r,  r = 31 - shift  (1 <= r <= 62, in 64-bit integers),
// rounding half towards +infinity: the "single rounding" of CMSIS-NN and TFLite.
inline int32_t requantize(int64_t acc, int32_t multiplier, int32_t shift) {
  const int32_t right = 31 - shift;
  return static_cast<int32_t>((acc * multiplier + (int64_t{1} << (right - 1))) >> right);
}

inline int8_t saturate(int32_t value, int32_t low, int32_t high) {
  return static_cast<int8_t>(value < low ? low : (value > high ? high : value));
}

// Division rounding half away from zero (denominator > 0).
inline int32_t round_divide(int32_t numerator, int32_t denominator) {
  const int32_t magnitude = ((numerator < 0 ? -numerator : numerator) + denominator / 2) / denominator;
  return numerator < 0 ? -magnitude : magnitude;
}

// The output stage shared by Conv, Gemm and Mul: zero points and the fused activation's clamp.
struct OutputStage {
  int32_t input_zero_point, output_zero_point;
  int32_t output_min, output_max;  // ReLU / ReLU6 / Clip fused as a clamp
};

struct ConvParams {
  ferry::ConvParams shape;
  OutputStage stage;
};

// First output index o >= 0 whose tap o * stride + offset is >= 0, and the first one whose tap
// is >= size: taps in [first, end) are inside the input.
inline int32_t first_inside(int32_t offset, int32_t stride) {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}
inline int32_t end_inside(int32_t offset, int32_t stride, int32_t size) {
  return size - offset <= 0 ? 0 : (size - offset + stride - 1) / stride;
}

// Per-channel quantized convolution (the arithmetic of TFLite reference_integer_ops::
// ConvPerChannel): padding taps contribute 0, i.e. the input's zero point. The loops run over
// an output row in tiles of kTile columns, innermost along the columns, so that the compiler can
// vectorize the multiply-accumulate; the sums are the same integers in any order.
constexpr int32_t kTile = 32;

inline void conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  const ferry::ConvParams& s = p.shape;
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t zero_point = p.stage.input_zero_point;
  int32_t acc[kTile];
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t oc = 0; oc < s.out_channels; ++oc) {
      const int32_t group = oc / out_per_group;
      for (int32_t oy = 0; oy < s.out_h; ++oy) {
        for (int32_t tile = 0; tile < s.out_w; tile += kTile) {
          const int32_t width = min_of(kTile, s.out_w - tile);
          for (int32_t i = 0; i < width; ++i) acc[i] = bias[oc];
          for (int32_t ic = 0; ic < in_per_group; ++ic) {
            const int32_t c = group * in_per_group + ic;
            for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
              const int32_t iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
              if (iy < 0 || iy >= s.in_h) continue;
              const int8_t* row = input + ((n * s.in_channels + c) * s.in_h + iy) * s.in_w;
              for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
                const int32_t weight = filter[((oc * in_per_group + ic) * s.kernel_h + ky) * s.kernel_w + kx];
                const int32_t offset = kx * s.dilation_w - s.pad_left;
                const int32_t first = max_of(tile, first_inside(offset, s.stride_w));
                const int32_t end = min_of(tile + width, end_inside(offset, s.stride_w, s.in_w));
                FERRY_COUNT_MACS(max_of(end - first, 0));
                for (int32_t ox = first; ox < end; ++ox) {
                  acc[ox - tile] += weight * (row[ox * s.stride_w + offset] - zero_point);
                }
              }
            }
          }
          int8_t* out = output + ((n * s.out_channels + oc) * s.out_h + oy) * s.out_w + tile;
          for (int32_t i = 0; i < width; ++i) {
            const int32_t y = requantize(acc[i], multiplier[oc], shift[oc]) + p.stage.output_zero_point;
            out[i] = saturate(y, p.stage.output_min, p.stage.output_max);
          }
        }
      }
    }
  }
}

struct GemmParams {
  int32_t rows, cols, depth;  // input [rows, depth], filter [cols, depth], output [rows, cols]
  OutputStage stage;
};

// Fully connected with per-output-channel requantization (Gemm, MatMul by a constant).
inline void gemm(const GemmParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  for (int32_t r = 0; r < p.rows; ++r) {
    for (int32_t c = 0; c < p.cols; ++c) {
      int32_t acc = bias[c];
      FERRY_COUNT_MACS(p.depth);
      for (int32_t k = 0; k < p.depth; ++k) {
        acc += (input[r * p.depth + k] - p.stage.input_zero_point) * filter[c * p.depth + k];
      }
      const int32_t y = requantize(acc, multiplier[c], shift[c]) + p.stage.output_zero_point;
      output[r * p.cols + c] = saturate(y, p.stage.output_min, p.stage.output_max);
    }
  }
}

struct AddParams {
  ferry::BroadcastParams shape;
  int32_t a_zero_point, b_zero_point;
  int32_t a_multiplier, b_multiplier, shift;  // both operands in one fixed point, 2^-shift
  int32_t output_zero_point, output_min, output_max;
};

// y = ((a - za) * Ma + (b - zb) * Mb) * 2^-shift + zy, one rounding; Sub has Mb < 0.
inline void add(const AddParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
  const int64_t half = int64_t{1} << (p.shift - 1);
  broadcast_binary(p.shape, a, b, y, [&p, half](int8_t x1, int8_t x2) {
    const int64_t acc = static_cast<int64_t>(x1 - p.a_zero_point) * p.a_multiplier +
                        static_cast<int64_t>(x2 - p.b_zero_point) * p.b_multiplier;
    const int32_t sum = static_cast<int32_t>((acc + half) >> p.shift) + p.output_zero_point;
    return saturate(sum, p.output_min, p.output_max);
  });
}

struct MulParams {
  ferry::BroadcastParams shape;
  int32_t a_zero_point, b_zero_point;
  int32_t multiplier, shift;
  int32_t output_zero_point, output_min, output_max;
};

inline void mul(const MulParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
  broadcast_binary(p.shape, a, b, y, [&p](int8_t x1, int8_t x2) {
    const int32_t product = (x1 - p.a_zero_point) * (x2 - p.b_zero_point);
    const int32_t scaled = requantize(product, p.multiplier, p.shift) + p.output_zero_point;
    return saturate(scaled, p.output_min, p.output_max);
  });
}

// Any int8 -> int8 function: activations and requantization. table has 256 entries, for -128..127.
inline void lookup(const int8_t* table, const int8_t* x, int8_t* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = table[x[i] + 128];
}

struct AveragePoolParams {
  int32_t planes, in_h, in_w, out_h, out_w;
  int32_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left;
  int32_t count_include_pad;
  int32_t input_zero_point, multiplier, shift, output_zero_point;
};

// Window mean rounded half away from zero, then requantized to the output's scale.
inline void average_pool(const AveragePoolParams& p, const int8_t* input, int8_t* output) {
  for (int32_t c = 0; c < p.planes; ++c) {
    const int8_t* plane = input + c * p.in_h * p.in_w;
    for (int32_t oy = 0; oy < p.out_h; ++oy) {
      for (int32_t ox = 0; ox < p.out_w; ++ox) {
        int32_t sum = 0, valid = 0;
        for (int32_t ky = 0; ky < p.kernel_h; ++ky) {
          const int32_t iy = oy * p.stride_h - p.pad_top + ky;
          if (iy < 0 || iy >= p.in_h) continue;
          for (int32_t kx = 0; kx < p.kernel_w; ++kx) {
            const int32_t ix = ox * p.stride_w - p.pad_left + kx;
            if (ix < 0 || ix >= p.in_w) continue;
            sum += plane[iy * p.in_w + ix] - p.input_zero_point;
            ++valid;
          }
        }
        const int32_t count = p.count_include_pad ? p.kernel_h * p.kernel_w : max_of(valid, 1);
        const int32_t y = requantize(round_divide(sum, count), p.multiplier, p.shift) + p.output_zero_point;
        output[(c * p.out_h + oy) * p.out_w + ox] = saturate(y, -128, 127);
      }
    }
  }
}

struct SoftmaxParams {
  int32_t outer, axis_size, inner;  // x viewed as [outer, axis_size, inner]
  int32_t inv_scale;                // round(2^16 / output scale)
  int32_t output_zero_point;
};

// exp_table[d + 255] = exp(input scale * d) in Q23 for d = x - max(x) in [-255, 0];
// y = round(e / sum(e) / output scale) + zy, the division rounding half up.
inline void softmax(const SoftmaxParams& p, const int32_t* exp_table, const int8_t* x, int8_t* y) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t i = 0; i < p.inner; ++i) {
      const int32_t base = o * p.axis_size * p.inner + i;
      int32_t largest = x[base];
      for (int32_t a = 1; a < p.axis_size; ++a) largest = max_of<int32_t>(largest, x[base + a * p.inner]);
      int64_t total = 0;
      for (int32_t a = 0; a < p.axis_size; ++a) total += exp_table[x[base + a * p.inner] - largest + 255];
      const int64_t denominator = 2 * total * 65536;
      for (int32_t a = 0; a < p.axis_size; ++a) {
        const int64_t e = exp_table[x[base + a * p.inner] - largest + 255];
        const int64_t q = (2 * e * p.inv_scale + total * 65536) / denominator;
        y[base + a * p.inner] = saturate(static_cast<int32_t>(q) + p.output_zero_point, -128, 127);
      }
    }
  }
}

}  // namespace q
}  // namespace ferry
