// ferry kernels: the x86-64 variants of the fp32 convolution (ferry_conv.h includes it last when
// ferry_common.h picks one): AVX-512F (FERRY_X86_AVX512, e.g. g++ -march=native on such a CPU:
// targets/host_native.yaml) or AVX2 with FMA (FERRY_X86_AVX2_FMA, -march=x86-64-v3:
// targets/host_avx2.yaml), one code over the float vector of ferry_x86_vector.h. It defines
// ferry::conv in place of the reference loop nest, on the same NCHW tensors and OIHW filters. Sums
// are taken in another order and with fused multiply-adds, so outputs differ from the reference
// loop by float rounding only (the fp32 build is checked against onnxruntime within a tolerance,
// not bit for bit).
//
// Why it is faster (a direct convolution, as onnxruntime's MLAS computes NCHW convolutions):
// L output pixels of one row are the L lanes of a vector register (16 in a ZMM, 8 in a YMM) and
// eight output channels are eight such accumulators; per filter tap one (masked) load of L input
// values serves the eight channels, each a VFMADD231PS with the broadcast weight: 8 L MACs per 9
// instructions (AVX2 adds a VBROADCASTSS per weight: no broadcast memory operand), no branch per
// tap (padding columns are masked-off lanes, padding rows are skipped), no im2col copy. A stride-1
// convolution that keeps the row width (pointwise, `same` padding) runs over the flattened plane,
// so that small maps fill whole vectors.
#pragma once

#include "ferry_x86_vector.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*() (`__m512 __Y = __Y;`), which
// -Wuninitialized and -Wmaybe-uninitialized report at every inlined use (GCC bug 105593).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace ferry {

// Output pixels per pass (the lanes of a vector register) and output channels per pass.
constexpr int32_t kConvLanes = kFloatLanes;
constexpr int32_t kConvChannels = 8;

// How kConvLanes output pixels read one tap of every input channel: pixel p reads
// row[first + p * step] of the channel's row, 0 outside [0, width) (the padding): the lanes to
// load, worked out once per tap for all the channels.
struct TapLoad {
  int32_t step;
  LaneMask low, high;  // stride 1: `low`; stride 2: 2 kConvLanes values in two loads; else a gather's
  IntVec offsets;      // a gather's offsets, p * step in lane p
};

inline TapLoad tap_load(int32_t first, int32_t step, int32_t width) {
  if (step <= 2) {
    const int32_t from = max_of(-first, 0), to = min_of(width - first, kConvLanes * step);
    return TapLoad{step, lanes_between(from, to), lanes_between(from - kConvLanes, to - kConvLanes), IntVec{}};
  }
  return TapLoad{step, lanes_inside(lane_steps(first, step), width), LaneMask{}, lane_steps(0, step)};
}

// The kConvLanes values at `at` (the row + first of one channel), all 0 unless `keep` (a row in
// the padding). Stride 1: one masked load; stride 2: two, and even_lanes keeps the even ones;
// other strides: a masked gather.
inline FloatVec tap_values(const TapLoad& tap, const float* at, LaneMask keep) {
  if (tap.step == 1) return load_lanes(tap.low & keep, at);
  if (tap.step == 2) return even_lanes(load_lanes(tap.low & keep, at), load_lanes(tap.high & keep, at + kConvLanes));
  return gather_lanes(tap.low & keep, tap.offsets, at);
}

// The tap loads of the first kTapLoads columns of a window are worked out once per pass of pixels,
// for every output row and channel.
constexpr int32_t kTapLoads = 16;

// Every accumulator of channel oc + c starts from its bias (0 without one).
template <int32_t Channels, int32_t Lanes>
inline void start_sums(const float* bias, int32_t oc, FloatVec (&acc)[Channels][Lanes]) {
#pragma GCC unroll 8
  for (int32_t c = 0; c < Channels; ++c) {
#pragma GCC unroll 4
    for (int32_t i = 0; i < Lanes; ++i) acc[c][i] = splat(bias != nullptr ? bias[oc + c] : 0.0f);
  }
}

// Row passes: channels oc .. oc + Channels - 1 at `count` pixels from (oy, ox), and at the same
// pixels of the Rows - 1 output rows below it (rows past the plane are neither read nor written):
// Channels x Rows accumulators of kConvLanes lanes; per tap and input channel, one load per row
// serves every channel. A depthwise convolution has one channel per group: its passes take 4 rows,
// so that 4 independent sums hide the latency of the multiply-adds.
template <int32_t Channels, int32_t Rows>
inline void conv_pass(const ConvParams& s, const TapLoad* taps_of_row, const float* input, const float* filter,
                      const float* bias, int32_t oc, int32_t oy, int32_t ox, int32_t count, float* output) {
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int32_t depth = in_per_group * taps;
  const int32_t channel_size = s.in_h * s.in_w;
  const int32_t rows = min_of(Rows, s.out_h - oy);
  const float* group_input = input + oc / (s.out_channels / s.groups) * in_per_group * channel_size;
  FloatVec acc[Channels][Rows];
  start_sums(bias, oc, acc);
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    // each output row's input row at this ky; rows in the padding (or past the plane) read nothing
    const float* row[Rows];
    LaneMask keep[Rows];
    bool any = false;
#pragma GCC unroll 4
    for (int32_t r = 0; r < Rows; ++r) {
      const int32_t iy = (oy + r) * s.stride_h - s.pad_top + ky * s.dilation_h;
      const bool inside = r < rows && iy >= 0 && iy < s.in_h;
      row[r] = group_input + (inside ? iy : 0) * s.in_w;
      keep[r] = inside ? all_lanes() : LaneMask{};
      any = any || inside;
    }
    if (!any) continue;
    for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
      const int32_t first = ox * s.stride_w - s.pad_left + kx * s.dilation_w;
      const TapLoad tap = kx < kTapLoads ? taps_of_row[kx] : tap_load(first, s.stride_w, s.in_w);
      const float* w = filter + oc * depth + ky * s.kernel_w + kx;
      for (int32_t ic = 0, at = first; ic < in_per_group; ++ic, w += taps, at += channel_size) {
#pragma GCC unroll 4
        for (int32_t r = 0; r < Rows; ++r) {
          const FloatVec values = tap_values(tap, row[r] + at, keep[r]);
#pragma GCC unroll 8
          for (int32_t c = 0; c < Channels; ++c) {
            acc[c][r] = fmadd(splat(w[c * depth]), values, acc[c][r]);
          }
        }
      }
    }
  }
  const LaneMask lanes = lanes_between(0, count);
  const int32_t pixels = s.out_h * s.out_w;
#pragma GCC unroll 8
  for (int32_t c = 0; c < Channels; ++c) {
#pragma GCC unroll 4
    for (int32_t r = 0; r < Rows; ++r) {  // not r < rows: a runtime index would keep acc in memory
      if (r < rows) store_lanes(output + (oc + c) * pixels + (oy + r) * s.out_w + ox, lanes, acc[c][r]);
    }
  }
}

// A stride-1 convolution whose rows keep their width (`same` padding, pointwise) runs over the
// flattened plane: kConvLanes consecutive pixels, across row ends, read kConvLanes consecutive
// input values at each tap, the lanes whose tap falls in the padding masked off. Small maps
// (DS-CNN's 25x5) then fill whole vectors.
inline bool runs_flat(const ConvParams& s) {
  return s.stride_h == 1 && s.stride_w == 1 && s.in_w == s.out_w && s.kernel_h <= kTapLoads &&
         s.kernel_w <= kTapLoads;
}

// The lanes of kConvLanes consecutive pixels of the flattened plane (from `first`, `count` of
// them) whose tap at window row ky (column kx) lies inside the input rows (columns).
struct FlatBlock {
  LaneMask row[kTapLoads], column[kTapLoads];
};

inline FlatBlock flat_block(const ConvParams& s, int32_t first, int32_t count) {
  alignas(64) int32_t ys[kConvLanes], xs[kConvLanes];
  for (int32_t p = 0; p < kConvLanes; ++p) {
    ys[p] = (first + p) / s.out_w;
    xs[p] = (first + p) % s.out_w;
  }
  const IntVec oy = load_ints(ys), ox = load_ints(xs);
  const LaneMask live = lanes_between(0, count);
  FlatBlock block;
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    block.row[ky] = live & lanes_inside(add(oy, ky * s.dilation_h - s.pad_top), s.in_h);
  }
  for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
    block.column[kx] = lanes_inside(add(ox, kx * s.dilation_w - s.pad_left), s.in_w);
  }
  return block;
}

// Flat passes: channels oc .. oc + Channels - 1 at Blocks blocks of kConvLanes pixels from `first`
// of the flattened plane (see runs_flat). As conv_pass: one load per block, tap and input channel serves
// every channel; a depthwise convolution takes 4 blocks.
template <int32_t Channels, int32_t Blocks>
inline void conv_pass_flat(const ConvParams& s, const FlatBlock* blocks, const float* input, const float* filter,
                           const float* bias, int32_t oc, int32_t first, float* output) {
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int32_t depth = in_per_group * taps;
  const int32_t in_pixels = s.in_h * s.in_w, pixels = s.out_h * s.out_w;  // out_h may differ from in_h
  const float* group_input = input + oc / (s.out_channels / s.groups) * in_per_group * in_pixels;
  FloatVec acc[Channels][Blocks];
  start_sums(bias, oc, acc);
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
      LaneMask lanes[Blocks];
#pragma GCC unroll 4
      for (int32_t b = 0; b < Blocks; ++b) lanes[b] = blocks[b].row[ky] & blocks[b].column[kx];
      const int32_t offset = first + (ky * s.dilation_h - s.pad_top) * s.in_w + kx * s.dilation_w - s.pad_left;
      const float* w = filter + oc * depth + ky * s.kernel_w + kx;
      for (int32_t ic = 0, at = offset; ic < in_per_group; ++ic, w += taps, at += in_pixels) {
#pragma GCC unroll 4
        for (int32_t b = 0; b < Blocks; ++b) {
          const FloatVec values = load_lanes(lanes[b], group_input + at + kConvLanes * b);
#pragma GCC unroll 8
          for (int32_t c = 0; c < Channels; ++c) {
            acc[c][b] = fmadd(splat(w[c * depth]), values, acc[c][b]);
          }
        }
      }
    }
  }
#pragma GCC unroll 8
  for (int32_t c = 0; c < Channels; ++c) {
#pragma GCC unroll 4
    for (int32_t b = 0; b < Blocks; ++b) {
      const int32_t at = first + kConvLanes * b;
      store_lanes(output + (oc + c) * pixels + at, lanes_between(0, pixels - at), acc[c][b]);
    }
  }
}

// A count known at compile time, passed as a value (conv_channels' pass sizes).
template <int32_t N>
struct Count {
  static constexpr int32_t value = N;
};

// The passes of one group of pixels (flat: `first` of the flattened plane, `blocks` its blocks;
// else the row pass at (oy, ox)) over every output channel: eight channels per pass, a depthwise
// convolution one.
template <bool Flat>
inline void conv_channels(const ConvParams& s, const FlatBlock* blocks, const TapLoad* taps, const float* input,
                          const float* filter, const float* bias, int32_t first, int32_t oy, int32_t ox,
                          int32_t count, float* output) {
  const int32_t out_per_group = s.out_channels / s.groups;
  const auto pass = [&](auto channels, auto rows, int32_t oc) {
    constexpr int32_t kChannels = decltype(channels)::value, kRows = decltype(rows)::value;
    if constexpr (Flat) {
      conv_pass_flat<kChannels, kRows>(s, blocks, input, filter, bias, oc, first, output);
    } else {
      conv_pass<kChannels, kRows>(s, taps, input, filter, bias, oc, oy, ox, count, output);
    }
  };
  if (out_per_group == 1) {
    for (int32_t oc = 0; oc < s.out_channels; ++oc) pass(Count<1>{}, Count<4>{}, oc);
    return;
  }
  for (int32_t group = 0; group < s.groups; ++group) {
    const int32_t end = (group + 1) * out_per_group;
    int32_t oc = group * out_per_group;
    for (; oc + kConvChannels <= end; oc += kConvChannels) pass(Count<kConvChannels>{}, Count<1>{}, oc);
    for (; oc + 2 <= end; oc += 2) pass(Count<2>{}, Count<1>{}, oc);
    if (oc < end) pass(Count<1>{}, Count<1>{}, oc);
  }
}

// Direct convolution, the x86 variant of the reference loop nest (same arguments).
inline void conv(const ConvParams& p, const float* input, const float* filter, const float* bias, float* output) {
  const ConvParams s = p;  // a copy: the float stores below may alias the parameters
  const int32_t passes = s.out_channels == s.groups ? 4 : 1;  // rows or blocks per pass (see conv_pass)
  const int32_t pixels = s.out_h * s.out_w;
  for (int32_t n = 0; n < s.batch; ++n) {
    const float* in = input + n * s.in_channels * s.in_h * s.in_w;
    float* out = output + n * s.out_channels * pixels;
    if (runs_flat(s)) {
      for (int32_t first = 0; first < pixels; first += kConvLanes * passes) {
        for (int32_t pixel = first; pixel < min_of(first + kConvLanes * passes, pixels); ++pixel) {
          FERRY_COUNT_MACS(s.out_channels * conv_taps_inside(s, pixel / s.out_w, pixel % s.out_w));
        }
        FlatBlock blocks[4];
        for (int32_t b = 0; b < passes; ++b) blocks[b] = flat_block(s, first + kConvLanes * b, pixels - first - kConvLanes * b);
        conv_channels<true>(s, blocks, nullptr, in, filter, bias, first, 0, 0, 0, out);
      }
      continue;
    }
    for (int32_t oy = 0; oy < s.out_h; oy += passes) {
      for (int32_t ox = 0; ox < s.out_w; ox += kConvLanes) {
        const int32_t count = min_of(kConvLanes, s.out_w - ox);
        for (int32_t y = oy; y < min_of(oy + passes, s.out_h); ++y) {
          for (int32_t pixel = y * s.out_w + ox; pixel < y * s.out_w + ox + count; ++pixel) {
            FERRY_COUNT_MACS(s.out_channels * conv_taps_inside(s, pixel / s.out_w, pixel % s.out_w));
          }
        }
        TapLoad taps[kTapLoads];
        for (int32_t kx = 0; kx < min_of(s.kernel_w, kTapLoads); ++kx) {
          taps[kx] = tap_load(ox * s.stride_w - s.pad_left + kx * s.dilation_w, s.stride_w, s.in_w);
        }
        conv_channels<false>(s, nullptr, taps, in, filter, bias, 0, oy, ox, count, out);
      }
    }
  }
}

}  // namespace ferry

#pragma GCC diagnostic pop
