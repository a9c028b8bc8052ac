// ferry kernels: int8 convolution and fully connected layers whose weights are stored sparse
// (stages/common/sparse.py writes the formats). The arithmetic is ferry::q::conv's and
// ferry::q::gemm's; only the zero weights are skipped, so the integers are the same (the golden
// model computes them from the dense weights). Each format is visited row by row: `visit(format,
// row, start, f)` calls f(k, w) for every stored weight w of the row at reduction index k, in
// increasing k; `start` is the index of the row's first stored value, the result the next row's.
#pragma once

#include "ferry_common.h"  // FERRY_COUNT_MACS: counting builds report the MACs executed
#include "ferry_int8.h"

namespace ferry {
namespace sparse {

// Output columns computed together: the innermost loop runs along them (vectorizable).
constexpr int32_t kTile = 32;

// The output columns [first, end) whose tap o * stride + offset falls inside [0, size).
inline int32_t first_inside(int32_t offset, int32_t stride) {
  return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
}
inline int32_t end_inside(int32_t offset, int32_t stride, int32_t size) {
  return size - offset <= 0 ? 0 : (size - offset + stride - 1) / stride;
}

// Bit k % 8 of byte k / 8 of a row's mask says whether weight k is stored; the stored weights
// follow one another in `values`, row after row.
struct Bitmask {
  const uint8_t* mask;  // [rows][(depth + 7) / 8]
  const int8_t* values;
  int32_t depth;
};

template <typename F>
inline int32_t visit(const Bitmask& w, int32_t row, int32_t start, F f) {
  const int32_t bytes = (w.depth + 7) / 8;
  const uint8_t* mask = w.mask + row * bytes;
  int32_t next = start;
  for (int32_t b = 0; b < bytes; ++b) {
    for (uint32_t bits = mask[b]; bits != 0; bits &= bits - 1) {  // lowest set bit first
      f(b * 8 + __builtin_ctz(bits), static_cast<int32_t>(w.values[next++]));
    }
  }
  return next;
}

// Compressed rows: the stored weights, their reduction index, and where each row starts.
template <typename Index, typename Start>
struct Csr {
  const int8_t* values;
  const Index* index;
  const Start* row_start;  // [rows + 1]
};

template <typename Index, typename Start, typename F>
inline int32_t visit(const Csr<Index, Start>& w, int32_t row, int32_t, F f) {
  const int32_t end = static_cast<int32_t>(w.row_start[row + 1]);
  for (int32_t j = static_cast<int32_t>(w.row_start[row]); j < end; ++j) {
    f(static_cast<int32_t>(w.index[j]), static_cast<int32_t>(w.values[j]));
  }
  return end;
}

// N:M: n values in every group of m consecutive weights (zero-padded), each with its position in
// the group, `bits` bits per position packed little-endian.
struct NM {
  const int8_t* values;     // [rows][depth / m][n]
  const uint8_t* positions;
  int32_t depth, n, m, bits;
};

template <typename F>
inline int32_t visit(const NM& w, int32_t row, int32_t, F f) {
  const int32_t per_byte = 8 / w.bits;
  const int32_t field = (1 << w.bits) - 1;
  int32_t j = row * (w.depth / w.m) * w.n;  // every row stores the same number of values
  for (int32_t group = 0; group < w.depth / w.m; ++group) {
    for (int32_t slot = 0; slot < w.n; ++slot, ++j) {
      const int32_t position = (w.positions[j / per_byte] >> ((j % per_byte) * w.bits)) & field;
      f(group * w.m + position, static_cast<int32_t>(w.values[j]));
    }
  }
  return j;
}

// The convolution of ferry::q::conv (padding taps contribute the input's zero point, i.e. 0),
// visiting the stored weights of each output channel only.
template <typename Weights>
inline void conv(const q::ConvParams& p, const int8_t* input, const Weights& filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  const ferry::ConvParams& s = p.shape;
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int32_t zero_point = p.stage.input_zero_point;
  int32_t acc[kTile];
  int32_t start = 0, next = 0;
  for (int32_t oc = 0; oc < s.out_channels; ++oc) {
    const int32_t group = oc / out_per_group;
    for (int32_t n = 0; n < s.batch; ++n) {
      for (int32_t oy = 0; oy < s.out_h; ++oy) {
        for (int32_t tile = 0; tile < s.out_w; tile += kTile) {
          const int32_t width = min_of(kTile, s.out_w - tile);
          for (int32_t i = 0; i < width; ++i) acc[i] = bias[oc];
          next = visit(filter, oc, start, [&](int32_t k, int32_t weight) {
            const int32_t c = group * in_per_group + k / taps;
            const int32_t ky = k % taps / s.kernel_w, kx = k % s.kernel_w;
            const int32_t iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
            if (iy < 0 || iy >= s.in_h) return;
            const int8_t* row = input + ((n * s.in_channels + c) * s.in_h + iy) * s.in_w;
            const int32_t offset = kx * s.dilation_w - s.pad_left;
            const int32_t first = max_of(tile, first_inside(offset, s.stride_w));
            const int32_t end = min_of(tile + width, end_inside(offset, s.stride_w, s.in_w));
            FERRY_COUNT_MACS(max_of(end - first, 0));
            for (int32_t ox = first; ox < end; ++ox) {
              acc[ox - tile] += weight * (row[ox * s.stride_w + offset] - zero_point);
            }
          });
          int8_t* out = output + ((n * s.out_channels + oc) * s.out_h + oy) * s.out_w + tile;
          for (int32_t i = 0; i < width; ++i) {
            const int32_t y = q::requantize(acc[i], multiplier[oc], shift[oc]) + p.stage.output_zero_point;
            out[i] = q::saturate(y, p.stage.output_min, p.stage.output_max);
          }
        }
      }
    }
    start = next;
  }
}

// The fully connected layer of ferry::q::gemm: filter row c holds output column c's weights.
template <typename Weights>
inline void gemm(const q::GemmParams& p, const int8_t* input, const Weights& filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  int32_t start = 0, next = 0;
  for (int32_t c = 0; c < p.cols; ++c) {
    for (int32_t r = 0; r < p.rows; ++r) {
      const int8_t* x = input + r * p.depth;
      int32_t acc = bias[c];
      next = visit(filter, c, start, [&](int32_t k, int32_t weight) {
        FERRY_COUNT_MACS(1);
        acc += (x[k] - p.stage.input_zero_point) * weight;
      });
      const int32_t y = q::requantize(acc, multiplier[c], shift[c]) + p.stage.output_zero_point;
      output[r * p.cols + c] = q::saturate(y, p.stage.output_min, p.stage.output_max);
    }
    start = next;
  }
}

}  // namespace sparse
}  // namespace ferry
