// ferry kernels: the x86-64 variants of the int8 convolution family (ferry_int8_conv.h includes
// this file last). Each defines ferry::q::conv and ferry::q::depthwise_conv in place of the plain
// loops, on the same NCHW tensors, packed weights and folded bias, and gives the same bits (int32
// sums are exact in any order). Two instruction sets, one conv blocking, two dot products:
//   FERRY_X86_VNNI  AVX-512 VNNI, VBMI, VBMI2, BW and VL (Intel Ice Lake and later, AMD Zen 4 and
//                   later; g++ -march=native on such a CPU: targets/host_native.yaml)
//   FERRY_X86_AVX2  AVX2 without them (Intel Haswell to Comet Lake, AMD Zen 1 to 3, most laptops
//                   and CI runners; -march=x86-64-v3: targets/host_avx2.yaml)
//
// Why they are faster than the plain loops (the techniques of onnxruntime's MLAS, written for NCHW):
// - conv: eight output pixels are the eight int32 lanes of a YMM register (AVX2: of two, four
//   pixels each). Their receptive fields are packed into a panel of 4-byte groups (the panel is
//   the im2col, built from NCHW rows with byte unpacks: for each 4 filter taps, the 8 pixels' 4
//   bytes side by side); each filter row's 4 weights are one broadcast dword, and eight channels
//   (AVX2: four) share each panel load. A pointwise conv (1x1, stride 1, no padding) runs over the
//   flattened plane: its panel is a plain 4-row interleave of the input, no im2col. The dot
//   product of a group of 4 taps:
//   VNNI: VPDPBUSD multiplies 4 unsigned by 4 signed bytes and adds the 4 products to an int32
//     lane: 32 MACs per instruction on a YMM register, 64 on a ZMM register. It needs one unsigned
//     operand: the activations are flipped to x + 128 (XOR 0x80), and the 128 * sum(w) this adds
//     is taken off the bias once per output channel (the weight sums are computed once per call).
//   AVX2: VPMOVSXBW widens int8 to int16 (the panel's 4 pixels x 4 taps, once for all the rows;
//     the broadcast weight dword, once per row), and VPMADDWD multiplies 16 int16 pairs and adds
//     them two by two into 8 int32 lanes: 16 MACs per instruction, exact. (VPMADDUBSW, 32 u8 x s8
//     products into int16 pairs, is not: 255 * 127 + 255 * 127 saturates int16; MLAS's s8s8 AVX2
//     kernels widen the same way.) No flip: both operands stay signed.
// - depthwise: VNNI: sixteen output pixels of one channel (a row segment, or several short rows)
//   are the 16 lanes of a ZMM register; one 64-byte load of a padded input row and one VPERMB put
//   each pixel's taps of that row side by side (up to 4 per dword), and one VPDPBUSD against the
//   broadcast filter row adds 3 (3x3) or 4 taps of 16 pixels at once. AVX2 (no byte permutes
//   across lanes): sixteen consecutive window origins of the padded plane (a row segment, or at
//   stride 1 the flattened plane) are 16 int16 lanes, one unaligned load and VPMOVSXBW per tap;
//   two taps' vectors interleaved (VPUNPCKLWD/HWD) meet the broadcast pair of their weights in
//   two VPMADDWD: 2 taps of 16 pixels.
// - requantization of 16 (AVX2: 8) outputs at once, in 64-bit lanes (VPMULDQ), narrowed by
//   VPMOVDB (AVX2: VPACKSSDW, VPACKSSWB) and written by one store.
#pragma once

#include <immintrin.h>

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_epi32() (`__m512i __Y = __Y;`), which
// -Wuninitialized and -Wmaybe-uninitialized report at every inlined use (GCC bug 105593): not a
// fault of this code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace ferry {
namespace q {

// The lowest `count` bits set (count <= 64).
inline uint64_t low_bits(int32_t count) { return count >= 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1; }

// ---- vector output stage ------------------------------------------------------------------------

#if defined(FERRY_X86_VNNI)
// output_value() of 16 int32 lanes, lane i with its own multiplier and right shift r = 31 - shift:
// the products are formed in 64 bits, the even lanes' and the odd lanes' apart (VPMULDQ multiplies
// the low int32 of each 64-bit lane), rounded and shifted right (VPSRAVQ). With every r >= 31
// (`at_most_one`: multipliers of at most 1, the usual case) |acc * m / 2^r| < 2^31 fits a 32-bit
// lane as it is; otherwise it is clamped to +-2^30 first, as requantize() does. Clamping to
// [output_min - zp, output_max - zp] and then adding zp gives output_value()'s integer (whose
// +-2^30 clamp is looser), in 32-bit lanes that cannot overflow. Returns the 16 int8 values.
inline __m128i output_values16(__m512i acc, __m512i multiplier, __m512i right, const OutputStage& stage,
                               bool at_most_one) {
  const __m512i one = _mm512_set1_epi64(1);
  const auto scaled = [&](__m512i a, __m512i m, __m512i r) {
    const __m512i product = _mm512_add_epi64(_mm512_mul_epi32(a, m), _mm512_sllv_epi64(one, _mm512_sub_epi64(r, one)));
    return _mm512_srav_epi64(product, r);
  };
  __m512i even = scaled(acc, multiplier, _mm512_and_si512(right, _mm512_set1_epi64(0xFFFFFFFF)));
  __m512i odd = scaled(_mm512_srli_epi64(acc, 32), _mm512_srli_epi64(multiplier, 32), _mm512_srli_epi64(right, 32));
  if (!at_most_one) {
    const __m512i limit = _mm512_set1_epi64(int64_t{1} << 30), negative_limit = _mm512_sub_epi64(_mm512_setzero_si512(), limit);
    even = _mm512_min_epi64(_mm512_max_epi64(even, negative_limit), limit);
    odd = _mm512_min_epi64(_mm512_max_epi64(odd, negative_limit), limit);
  }
  const __m512i y = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  const __m512i low = _mm512_set1_epi32(stage.output_min - stage.output_zero_point);
  const __m512i high = _mm512_set1_epi32(stage.output_max - stage.output_zero_point);
  return _mm512_cvtepi32_epi8(
      _mm512_add_epi32(_mm512_min_epi32(_mm512_max_epi32(y, low), high), _mm512_set1_epi32(stage.output_zero_point)));
}

#else
// output_value() of 8 int32 lanes of one channel. With a multiplier of at most 1 (shift <= 0, every
// usual layer) the products are formed in 64 bits, the even lanes' and the odd lanes' apart
// (VPMULDQ multiplies the low int32 of each 64-bit lane), rounded, and shifted right by
// r = 31 - shift >= 31, so that |acc * m / 2^r| < 2^31 fits an int32 lane. AVX2 has no 64-bit
// arithmetic shift: the sum is biased by 2^63 and shifted logically, which adds 2^(63 - r), taken
// off after narrowing to 32 bits. Clamped to [output_min - zp, output_max - zp], zp added (see
// output_values16). A multiplier above 1 takes output_value(), lane by lane.
inline __m256i output_values8(__m256i acc, int32_t multiplier, int32_t shift, const OutputStage& stage) {
  if (shift > 0) {
    alignas(32) int32_t lanes[8];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
    for (int32_t& lane : lanes) lane = output_value(lane, multiplier, shift, stage);
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(lanes));
  }
  const int32_t right = 31 - shift;
  const __m128i count = _mm_cvtsi32_si128(right);
  const __m256i factor = _mm256_set1_epi32(multiplier);
  // 2^(r - 1) to round, plus the bias 2^63 (mod 2^64): the biased sums are below 2^64 unsigned
  const __m256i rounding = _mm256_set1_epi64x(static_cast<int64_t>((uint64_t{1} << (right - 1)) + (uint64_t{1} << 63)));
  const auto scaled = [&](__m256i a) {
    return _mm256_srl_epi64(_mm256_add_epi64(_mm256_mul_epi32(a, factor), rounding), count);
  };
  const __m256i even = scaled(acc), odd = scaled(_mm256_srli_epi64(acc, 32));
  const __m256i biased = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  const __m256i y = _mm256_sub_epi32(biased, _mm256_set1_epi32(static_cast<int32_t>(static_cast<uint32_t>((uint64_t{1} << 63) >> right))));
  const __m256i low = _mm256_set1_epi32(stage.output_min - stage.output_zero_point);
  const __m256i high = _mm256_set1_epi32(stage.output_max - stage.output_zero_point);
  return _mm256_add_epi32(_mm256_min_epi32(_mm256_max_epi32(y, low), high), _mm256_set1_epi32(stage.output_zero_point));
}

// Eight int32 lanes of int8 values as 8 bytes (the low half), in order.
inline __m128i bytes_of(__m256i y) {
  const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(y), _mm256_extracti128_si256(y, 1));
  return _mm_packs_epi16(words, words);
}
#endif

// The first `count` (at most 16) bytes of `bytes` to `to`: a plain store of 8 or 16 bytes where it
// can, else a masked one (AVX2, which has no byte mask: through a stack copy).
inline void store_bytes(int8_t* to, __m128i bytes, int32_t count) {
  if (count == 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to), bytes);
  } else if (count == 8) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(to), bytes);
  } else {
#if defined(FERRY_X86_VNNI)
    _mm_mask_storeu_epi8(to, static_cast<__mmask16>(low_bits(count)), bytes);
#else
    alignas(16) int8_t values[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(values), bytes);
    copy_bytes(to, values, count);
#endif
  }
}

// ---- convolution --------------------------------------------------------------------------------

// Output pixels per panel: the eight int32 lanes of a YMM register (AVX2: of two, see
// panel_product).
constexpr int32_t kPanelPixels = 8;

// The rows a conv's blocks of pixels walk: the layer's own, or for a pointwise conv (1x1, stride
// 1, no padding) one row of the whole flattened plane, so that blocks run across rows.
struct ConvRows {
  int32_t in_h, in_w, out_h, out_w;
};

inline ConvRows conv_rows(const ferry::ConvParams& s) {
  const bool flat = s.kernel_h == 1 && s.kernel_w == 1 && s.stride_h == 1 && s.stride_w == 1 &&
                    s.pad_top == 0 && s.pad_left == 0 && s.out_h == s.in_h && s.out_w == s.in_w;
  if (flat) return ConvRows{1, s.in_h * s.in_w, 1, s.out_h * s.out_w};
  return ConvRows{s.in_h, s.in_w, s.out_h, s.out_w};
}

// Where 8 output pixels read one tap of one input channel: pixel p reads `row[first + p * step]`
// of each channel's row (`plane` bytes apart); `lanes` are the bytes of an 8-byte (step 1) or
// 16-byte (step 2) load from row + first that lie inside the row, `inside` is false for a row in
// the padding.
struct TapRows {
  const int8_t* row;
  int32_t first, step, width, plane;
  uint32_t lanes;
  bool inside;
};

inline TapRows tap_rows(const ferry::ConvParams& s, const ConvRows& rows, const int8_t* input, int32_t oy,
                        int32_t ox0, int32_t ky, int32_t kx) {
  const int32_t iy = oy * s.stride_h - s.pad_top + ky * s.dilation_h;
  const int32_t first = ox0 * s.stride_w - s.pad_left + kx * s.dilation_w;
  const int32_t reach = s.stride_w == 1 ? kPanelPixels : 2 * kPanelPixels;
  const int32_t from = max_of(-first, 0), to = min_of(rows.in_w - first, reach);
  const uint64_t lanes = to > from ? low_bits(to) & ~low_bits(from) : 0;
  const bool inside = iy >= 0 && iy < rows.in_h;
  return TapRows{input + (inside ? iy : 0) * rows.in_w, first, s.stride_w, rows.in_w, rows.in_h * rows.in_w,
                 static_cast<uint32_t>(lanes), inside};
}

// The load of row_bytes: 8 bytes (step 1) or 16 (step 2) from `at`. VNNI: one masked load, the
// bytes outside the row the zero point (the masked-off lanes are neither read nor faulted).
// AVX2, which has no byte mask: a plain load when every byte lies inside the row, else false.
#if defined(FERRY_X86_VNNI)
inline bool row_bytes(const TapRows& tap, const int8_t* at, __m128i zero_point, __m128i* bytes) {
  *bytes = _mm_mask_loadu_epi8(zero_point, static_cast<__mmask16>(tap.lanes), at);
  return true;
}
#else
inline bool row_bytes(const TapRows& tap, const int8_t* at, __m128i, __m128i* bytes) {
  if (tap.lanes != low_bits(kPanelPixels * tap.step)) return false;
  *bytes = tap.step == 1 ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(at))
                         : _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  return true;
}
#endif

// The 8 bytes of input channel `channel` that the pixels read at this tap, in the low half of a
// vector; taps in the padding read the zero point. Stride 1: one row_bytes load; stride 2: 16
// bytes, then the even ones (PSHUFB); other strides, and AVX2's taps that overlap the padding, byte
// by byte.
inline __m128i tap_bytes(const TapRows& tap, int32_t channel, __m128i zero_point) {
  if (!tap.inside) return zero_point;
  const int8_t* at = tap.row + channel * tap.plane + tap.first;
  __m128i bytes;
  if (tap.step == 1 && row_bytes(tap, at, zero_point, &bytes)) return bytes;
  if (tap.step == 2 && row_bytes(tap, at, zero_point, &bytes)) {
    const __m128i even = _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
    return _mm_shuffle_epi8(bytes, even);
  }
  alignas(16) int8_t values[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(values), zero_point);
  for (int32_t p = 0; p < kPanelPixels; ++p) {
    const int32_t column = tap.first + p * tap.step;
    if (column >= 0 && column < tap.width) values[p] = at[p * tap.step];
  }
  return _mm_load_si128(reinterpret_cast<const __m128i*>(values));
}

// The panel's form of an activation byte: VNNI's unsigned operand x + 128 (XOR 0x80); AVX2
// multiplies signed bytes, x itself.
#if defined(FERRY_X86_VNNI)
inline __m128i panel_form(__m128i x) { return _mm_xor_si128(x, _mm_set1_epi8(static_cast<char>(0x80))); }
#else
inline __m128i panel_form(__m128i x) { return x; }
#endif

// Four elements' bytes of the 8 pixels (low halves of a..d) as the panel's 8 dwords, panel_form.
inline void store_group(__m128i a, __m128i b, __m128i c, __m128i d, uint8_t* group) {
  const __m128i ab = _mm_unpacklo_epi8(a, b), cd = _mm_unpacklo_epi8(c, d);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(group), panel_form(_mm_unpacklo_epi16(ab, cd)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(group + 16), panel_form(_mm_unpackhi_epi16(ab, cd)));
}

// The panel of output pixels (oy, ox0 .. ox0 + 7) of one group: for each 4 consecutive elements
// k of a filter row ((ky, kx, channel) order, conv_patch's), the 8 pixels' input bytes as 8
// dwords, in panel_form. Elements past `depth` are panel_form(0) (their weights are read as 0).
// Each tap's bounds are worked out once for all its channels. With a multiple of 4 input
// channels, four channels' bytes are interleaved in registers; otherwise (a first layer on 1 or 3
// channels) each element's 8 bytes are first written where their group goes, then each group is
// interleaved in place.
inline void conv_panel(const ferry::ConvParams& s, const ConvRows& rows, const int8_t* input, int32_t oy,
                       int32_t ox0, int8_t zero_point, uint8_t* panel) {
  const int32_t channels = s.in_channels / s.groups;
  const __m128i zero = _mm_set1_epi8(zero_point);
  uint8_t* at = panel;
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
      const TapRows tap = tap_rows(s, rows, input, oy, ox0, ky, kx);
      if (channels % 4 == 0) {
        for (int32_t c = 0; c < channels; c += 4, at += 32) {
          store_group(tap_bytes(tap, c, zero), tap_bytes(tap, c + 1, zero), tap_bytes(tap, c + 2, zero),
                      tap_bytes(tap, c + 3, zero), at);
        }
      } else {
        for (int32_t c = 0; c < channels; ++c, at += 8) {
          _mm_storel_epi64(reinterpret_cast<__m128i*>(at), tap_bytes(tap, c, zero));
        }
      }
    }
  }
  if (channels % 4 == 0) return;
  const int32_t depth = channels * s.kernel_h * s.kernel_w;
  for (int32_t k = depth; k % 4 != 0; ++k, at += 8) _mm_storel_epi64(reinterpret_cast<__m128i*>(at), _mm_setzero_si128());
  for (int32_t k0 = 0; k0 < depth; k0 += 4) {
    const auto element = [&](int32_t i) { return _mm_loadl_epi64(reinterpret_cast<const __m128i*>(panel + 8 * (k0 + i))); };
    store_group(element(0), element(1), element(2), element(3), panel + 8 * k0);
  }
}

// The 4 weights w[k .. k + 3] as one dword; those at or past `depth` read as 0.
inline int32_t weight_dword(const int8_t* w, int32_t k, int32_t depth) {
  int32_t word = 0;
  __builtin_memcpy(&word, w + k, k + 4 <= depth ? 4 : depth - k);
  return word;
}

#if defined(FERRY_X86_VNNI)
// Filter rows per panel pass: eight sums of 8 pixels in YMM registers.
constexpr int32_t kPanelRows = 8;

// sum(w[0..count)), 64 bytes per VPDPBUSD against a vector of ones.
inline int32_t weight_sum(const int8_t* w, int32_t count) {
  const __m512i ones = _mm512_set1_epi8(1);
  __m512i acc = _mm512_setzero_si512();
  for (int32_t k = 0; k < count; k += 64) {
    acc = _mm512_dpbusd_epi32(acc, ones, _mm512_maskz_loadu_epi8(low_bits(count - k), w + k));
  }
  return _mm512_reduce_add_epi32(acc);
}

// The sum a filter row starts from: bias' less the 128 * sum(w) that the flipped panel adds.
inline int32_t channel_offset(int32_t bias, const int8_t* w, int32_t depth) { return bias - 128 * weight_sum(w, depth); }

// Rows filter rows (`depth` apart) times the panel: sums[r] holds the 8 pixels of filter row r.
// Per 4 elements: one panel load, Rows broadcasts, Rows VPDPBUSD.
template <int32_t Rows>
inline void panel_product(const uint8_t* panel, const int8_t* w, int32_t depth, __m256i* sums) {
  for (int32_t r = 0; r < Rows; ++r) sums[r] = _mm256_setzero_si256();
  const int32_t whole = depth / 4 * 4;
  // Unrolled by 4: without it GCC 12 rotates the Rows sums through extra register moves every
  // step (DS-CNN's convs took about a fifth longer).
#pragma GCC unroll 4
  for (int32_t k = 0; k < whole; k += 4) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(panel + 8 * k));
    for (int32_t r = 0; r < Rows; ++r) {
      int32_t word;
      __builtin_memcpy(&word, w + r * depth + k, 4);
      sums[r] = _mm256_dpbusd_epi32(sums[r], x, _mm256_set1_epi32(word));
    }
  }
  if (whole < depth) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(panel + 8 * whole));
    for (int32_t r = 0; r < Rows; ++r) {
      sums[r] = _mm256_dpbusd_epi32(sums[r], x, _mm256_set1_epi32(weight_dword(w + r * depth, whole, depth)));
    }
  }
}

// Two 8-lane halves as one 16-lane vector: channel a in lanes 0-7, channel b in lanes 8-15.
inline __m512i halves(__m256i a, __m256i b) { return _mm512_inserti64x4(_mm512_castsi256_si512(a), b, 1); }
inline __m512i halves(int32_t a, int32_t b) { return halves(_mm256_set1_epi32(a), _mm256_set1_epi32(b)); }

// The outputs of filter rows oc .. oc + Rows - 1 for the block's `count` pixels at `out` (of
// channel oc; channels `plane` bytes apart): two channels per requantization.
template <int32_t Rows>
inline void panel_outputs(const uint8_t* panel, const int8_t* filter, int32_t depth, int32_t oc,
                          const int32_t* offset, const int32_t* multiplier, const int32_t* shift,
                          const OutputStage& stage, int8_t* out, int32_t plane, int32_t count) {
  __m256i sums[Rows];
  panel_product<Rows>(panel, filter + oc * depth, depth, sums);
  for (int32_t r = 0; r < Rows; r += 2) {
    const int32_t b = r + 1 < Rows ? r + 1 : r;  // an odd last row is requantized twice
    const __m512i acc = _mm512_add_epi32(halves(sums[r], sums[b]), halves(offset[oc + r], offset[oc + b]));
    const __m128i y = output_values16(acc, halves(multiplier[oc + r], multiplier[oc + b]),
                                      halves(31 - shift[oc + r], 31 - shift[oc + b]), stage,
                                      shift[oc + r] <= 0 && shift[oc + b] <= 0);
    store_bytes(out + r * plane, y, count);
    if (b != r) store_bytes(out + b * plane, _mm_srli_si128(y, 8), count);
  }
}

#else
// Filter rows per panel pass: each row's 8 pixels take two YMM sums (VPMADDWD's int16 operands
// hold 4 pixels' groups per register); three rows keep them, the widened panel and the weights in
// the 16 registers (four rows: GCC 12 spills sums to the stack, DS-CNN about 10% slower).
constexpr int32_t kPanelRows = 3;

// The sum a filter row starts from: bias' itself (the panel holds x, nothing to take off).
inline int32_t channel_offset(int32_t bias, const int8_t*, int32_t) { return bias; }

// Rows filter rows (`depth` apart) times the panel: sums[2r] holds pixels 0-3 of filter row r,
// sums[2r + 1] pixels 4-7, each pixel's sum split over two adjacent lanes. Per 4 elements: the
// panel's 32 bytes widened once (two VPMOVSXBW: pixels 0-3 and 4-7, each pixel's 4 elements in 4
// int16 lanes); per row one broadcast weight dword (VPBROADCASTD from memory) widened by one
// VPMOVSXBW to (w0, w1, w2, w3) in every 4 int16 lanes, and two VPMADDWD, whose lanes add
// x0 * w0 + x1 * w1 and x2 * w2 + x3 * w3, and their two VPADDD: 32 MACs in 6 instructions
// where VNNI takes one. The loop is unrolled by 4, as VNNI's.
template <int32_t Rows>
inline void panel_product(const uint8_t* panel, const int8_t* w, int32_t depth, __m256i* sums) {
  __m256i acc[2 * Rows];
  for (int32_t r = 0; r < 2 * Rows; ++r) acc[r] = _mm256_setzero_si256();
  const auto add_group = [&](int32_t k, const __m128i* words) {
    const __m256i low = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(panel + 8 * k)));
    const __m256i high = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(panel + 8 * k + 16)));
    for (int32_t r = 0; r < Rows; ++r) {
      const __m256i weights = _mm256_cvtepi8_epi16(words[r]);
      acc[2 * r] = _mm256_add_epi32(acc[2 * r], _mm256_madd_epi16(low, weights));
      acc[2 * r + 1] = _mm256_add_epi32(acc[2 * r + 1], _mm256_madd_epi16(high, weights));
    }
  };
  const int32_t whole = depth / 4 * 4;
  __m128i words[Rows];
#pragma GCC unroll 4
  for (int32_t k = 0; k < whole; k += 4) {
    for (int32_t r = 0; r < Rows; ++r) words[r] = _mm_broadcastd_epi32(_mm_loadu_si32(w + r * depth + k));
    add_group(k, words);
  }
  if (whole < depth) {
    for (int32_t r = 0; r < Rows; ++r) words[r] = _mm_set1_epi32(weight_dword(w + r * depth, whole, depth));
    add_group(whole, words);
  }
  for (int32_t r = 0; r < 2 * Rows; ++r) sums[r] = acc[r];
}

// The outputs of filter rows oc .. oc + Rows - 1 for the block's `count` pixels at `out` (of
// channel oc; channels `plane` bytes apart): each pixel's two lanes added (VPHADDD gives pixels
// 0, 1, 4, 5 | 2, 3, 6, 7; VPERMQ puts them in order), one channel per requantization.
template <int32_t Rows>
inline void panel_outputs(const uint8_t* panel, const int8_t* filter, int32_t depth, int32_t oc,
                          const int32_t* offset, const int32_t* multiplier, const int32_t* shift,
                          const OutputStage& stage, int8_t* out, int32_t plane, int32_t count) {
  __m256i sums[2 * Rows];
  panel_product<Rows>(panel, filter + oc * depth, depth, sums);
  for (int32_t r = 0; r < Rows; ++r) {
    const __m256i pixels = _mm256_permute4x64_epi64(_mm256_hadd_epi32(sums[2 * r], sums[2 * r + 1]), _MM_SHUFFLE(3, 1, 2, 0));
    const __m256i acc = _mm256_add_epi32(pixels, _mm256_set1_epi32(offset[oc + r]));
    store_bytes(out + r * plane, bytes_of(output_values8(acc, multiplier[oc + r], shift[oc + r], stage)), count);
  }
}
#endif

// Per-channel quantized convolution, the x86 variant of the plain conv (same arguments). Scratch:
// one int32 per output channel (channel_offset), then the panel of kPanelPixels x depth rounded up
// to 4 bytes: within conv_scratch_size(p). Per panel of 8 pixels, blocks of kPanelRows filter
// rows, then pairs, then a single row.
inline void conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  const ferry::ConvParams s = p.shape;  // copies, as in depthwise_conv
  const OutputStage stage = p.stage;
  const ConvRows rows = conv_rows(s);
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t depth = conv_depth(s);
  const int32_t pixels = s.out_h * s.out_w;
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  int32_t* const offset = reinterpret_cast<int32_t*>(scratch);
  uint8_t* const panel = reinterpret_cast<uint8_t*>(scratch) + 4 * s.out_channels;
  for (int32_t oc = 0; oc < s.out_channels; ++oc) offset[oc] = channel_offset(bias[oc], filter + oc * depth, depth);
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t group = 0; group < s.groups; ++group) {
      const int8_t* in = input + (n * s.in_channels + group * in_per_group) * s.in_h * s.in_w;
      for (int32_t oy = 0; oy < rows.out_h; ++oy) {
        for (int32_t ox = 0; ox < rows.out_w; ox += kPanelPixels) {
          const int32_t count = min_of(kPanelPixels, rows.out_w - ox);
          const int32_t first = oy * rows.out_w + ox;  // pixel index in the output plane
          // The panels' outputs follow one another in each channel's plane: a short panel stores
          // all 8 bytes (a plain store, not a masked one) when they lie in the plane, the next
          // panel overwriting those past its outputs.
          const int32_t stored = first + kPanelPixels <= pixels ? kPanelPixels : count;
          for (int32_t i = 0; i < count; ++i) {
            FERRY_COUNT_MACS(out_per_group * conv_taps_inside(s, (first + i) / s.out_w, (first + i) % s.out_w));
          }
          conv_panel(s, rows, in, oy, ox, zero_point, panel);
          int8_t* out = output + (n * s.out_channels + group * out_per_group) * pixels + first;
          int32_t oc = group * out_per_group;
          const int32_t end = oc + out_per_group;
          for (; oc + kPanelRows <= end; oc += kPanelRows, out += kPanelRows * pixels) {
            panel_outputs<kPanelRows>(panel, filter, depth, oc, offset, multiplier, shift, stage, out, pixels, stored);
          }
          for (; oc + 2 <= end; oc += 2, out += 2 * pixels) {
            panel_outputs<2>(panel, filter, depth, oc, offset, multiplier, shift, stage, out, pixels, stored);
          }
          if (oc < end) panel_outputs<1>(panel, filter, depth, oc, offset, multiplier, shift, stage, out, pixels, stored);
        }
      }
    }
  }
}

// ---- depthwise convolution ----------------------------------------------------------------------

#if defined(FERRY_X86_VNNI)
// The largest window the vector depthwise kernel takes: 4 dwords of taps per window row, 16 rows.
constexpr int32_t kDepthwiseTapWords = 4;
constexpr int32_t kDepthwiseRows = 16;

// The most passes of a small plane taken as runs of 16 consecutive outputs (planes of up to 256).
constexpr int32_t kDepthwiseRuns = 16;

// The 16 lanes of a depthwise pass: tile_h rows of tile_w output pixels (several rows only when a
// row is whole, so that the outputs are contiguous), and the byte of a 64-byte window each lane's
// tap (4 * word + j) of a window row reads (index[word]).
// A small plane whose rows are short (DS-CNN's 25x5) is instead taken as `runs` passes of 16
// consecutive outputs each, across row ends: pass i reads its window rows from byte run_at[i] of
// the padded plane (plus ky rows), each lane's taps at run_index[i][word]. Whole rows per pass
// leave lanes idle (3 rows of 5 pixels: 15 lanes of 16, 9 passes for 125 outputs); runs use
// every lane (8 passes), and each pass costs the same (its taps, its requantization).
struct DepthwiseTile {
  int32_t tile_h, tile_w;
  __m512i index[kDepthwiseTapWords];
  int32_t runs;  // 0: tiles
  int32_t run_at[kDepthwiseRuns];
  __m512i run_index[kDepthwiseRuns][kDepthwiseTapWords];
};

// The lanes' tap bytes of the 16 outputs from `first` (fewer at the plane's end) against the
// window rows from the first output's row, or false when they do not lie in one 64-byte load.
inline bool run_index(const ferry::ConvParams& s, int32_t width, int32_t first, int32_t words, int32_t* at,
                      __m512i* index) {
  // (worked out at every call, for every channel of the layer: lanes walked without divisions)
  const int32_t row = first / s.out_w;
  *at = row * s.stride_h * width;
  const int32_t count = min_of(16, s.out_h * s.out_w - first);
  for (int32_t word = 0; word < words; ++word) {
    alignas(64) int8_t bytes[64] = {};
    const int32_t taps = min_of(s.kernel_w - 4 * word, 4);
    for (int32_t lane = 0, dy = 0, dx = first % s.out_w; lane < count; ++lane) {
      for (int32_t j = 0; j < taps; ++j) {
        const int32_t byte = dy * s.stride_h * width + dx * s.stride_w + (4 * word + j) * s.dilation_w;
        if (byte > 63) return false;
        bytes[4 * lane + j] = static_cast<int8_t>(byte);
      }
      if (++dx == s.out_w) {
        dx = 0;
        ++dy;
      }
    }
    index[word] = _mm512_load_si512(bytes);
  }
  return true;
}

// Bytes of the padded plane a pass reads from one window row: all must lie in one 64-byte load.
inline int32_t tile_span(const ferry::ConvParams& s, int32_t width, int32_t tile_h, int32_t tile_w) {
  return (tile_h - 1) * s.stride_h * width + (tile_w - 1) * s.stride_w + (s.kernel_w - 1) * s.dilation_w + 1;
}

// The tile for the layer, or false when its strides and window do not fit a 64-byte load.
inline bool depthwise_tile(const ferry::ConvParams& s, DepthwiseTile* tile) {
  const int32_t width = padded_w(s);
  const int32_t words = (s.kernel_w + 3) / 4;
  if (words > kDepthwiseTapWords || s.kernel_h > kDepthwiseRows) return false;
  int32_t tile_w = min_of(s.out_w, 16);
  while (tile_w > 1 && tile_span(s, width, 1, tile_w) > 64) --tile_w;
  int32_t tile_h = tile_w == s.out_w ? min_of(16 / tile_w, s.out_h) : 1;
  while (tile_h > 1 && tile_span(s, width, tile_h, tile_w) > 64) --tile_h;
  if (tile_span(s, width, tile_h, tile_w) > 64) return false;
  tile->tile_h = tile_h;
  tile->tile_w = tile_w;
  // Runs of 16 outputs where whole-row tiles leave lanes idle and the runs' windows fit.
  tile->runs = 0;
  const int32_t outputs = s.out_h * s.out_w, runs = (outputs + 15) / 16;
  const int32_t tiles = (s.out_h + tile_h - 1) / tile_h;
  if (tile_h > 1 && runs < tiles && runs <= kDepthwiseRuns) {
    bool fits = true;
    for (int32_t i = 0; i < runs && fits; ++i) fits = run_index(s, width, 16 * i, words, &tile->run_at[i], tile->run_index[i]);
    if (fits) tile->runs = runs;
  }
  for (int32_t word = 0; word < words; ++word) {
    alignas(64) int8_t bytes[64] = {};
    for (int32_t lane = 0; lane < tile_h * tile_w; ++lane) {
      const int32_t dy = lane / tile_w, dx = lane % tile_w;
      for (int32_t j = 0; j < 4; ++j) {
        const int32_t kx = 4 * word + j;
        if (kx < s.kernel_w) {
          bytes[4 * lane + j] = static_cast<int8_t>(dy * s.stride_h * width + dx * s.stride_w + kx * s.dilation_w);
        }
      }
    }
    tile->index[word] = _mm512_load_si512(bytes);
  }
  return true;
}

// The padded plane as 64-byte chunks, for planes of at most kPlaneChunks chunks whose padding
// keeps every input column: the input bytes each chunk takes (in order: the input rows lie end
// to end, and so do their places in the padded plane) and the lanes they go to.
constexpr int32_t kPlaneChunks = 64;
struct PlaneChunks {
  int32_t count;  // 0: the plane is filled row by row
  uint64_t lanes[kPlaneChunks];
  int32_t taken[kPlaneChunks];
};

inline void plane_chunks(const ferry::ConvParams& s, PlaneChunks* chunks) {
  const int32_t width = padded_w(s);
  const int32_t bytes = padded_h(s) * width;
  chunks->count = 0;
  if (bytes > 64 * kPlaneChunks || width - s.pad_left < s.in_w) return;
  chunks->count = (bytes + 63) / 64;
  for (int32_t i = 0; i < chunks->count; ++i) {
    chunks->lanes[i] = 0;
    chunks->taken[i] = 0;
  }
  const int32_t rows = min_of(s.in_h, padded_h(s) - s.pad_top);
  for (int32_t iy = 0; iy < rows; ++iy) {
    for (int32_t at = (iy + s.pad_top) * width + s.pad_left, end = at + s.in_w; at < end;) {
      const int32_t chunk = at / 64, lane = at % 64, count = min_of(end - at, 64 - lane);
      chunks->lanes[chunk] |= low_bits(count) << lane;
      chunks->taken[chunk] += count;
      at += count;
    }
  }
}

// pad_plane() and the flip to x + 128 in one pass. Small planes: into `values`, per 64-byte chunk
// one expand load (VPEXPANDB: the next input bytes into the chunk's interior lanes, the zero point
// in the others) and an XOR; one chunk of zeros follows. Others: into `padded`, per row and 64
// bytes, one masked load and store.
inline void flipped_plane(const ferry::ConvParams& s, const PlaneChunks& chunks, const int8_t* plane,
                          int8_t zero_point, uint8_t* padded, __m512i* values) {
  const int32_t height = padded_h(s), width = padded_w(s);
  const __m512i fill = _mm512_set1_epi8(zero_point);
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  if (chunks.count > 0) {
    for (int32_t i = 0; i < chunks.count; ++i) {
      values[i] = _mm512_xor_si512(_mm512_mask_expandloadu_epi8(fill, chunks.lanes[i], plane), flip);
      plane += chunks.taken[i];
    }
    values[chunks.count] = _mm512_setzero_si512();
    return;
  }
  for (int32_t y = 0; y < height; ++y, padded += width) {
    const int32_t iy = y - s.pad_top;
    const bool inside = iy >= 0 && iy < s.in_h;
    const int8_t* row = plane + (inside ? iy : 0) * s.in_w;
    for (int32_t x = 0; x < width; x += 64) {
      const int32_t first = x - s.pad_left;  // the input column of padded column x
      const int32_t from = max_of(-first, 0), to = min_of(s.in_w - first, 64);
      const __mmask64 lanes = inside && to > from ? low_bits(to) & ~low_bits(from) : 0;
      const __m512i bytes = _mm512_mask_loadu_epi8(fill, lanes, row + first);
      _mm512_mask_storeu_epi8(padded + x, low_bits(width - x), _mm512_xor_si512(bytes, flip));
    }
  }
}

// The bytes that tap dword `index` of each lane reads from the window at byte `at` of the flipped
// plane. A small plane is held as 64-byte chunks (`chunks`): one VPERMT2B picks the lanes' taps
// from the two chunks the window spans (reading back whole chunks as they were stored, where an
// unaligned load across two just-written stores would wait for them to reach the cache). A larger
// plane is read from `padded`: one masked 64-byte load and a VPERMB.
inline __m512i window_taps(const uint8_t* padded, const __m512i* chunks, int32_t plane_bytes, int32_t at,
                           __m512i index) {
  if (chunks != nullptr) {
    const __m512i from = _mm512_add_epi8(index, _mm512_set1_epi8(static_cast<char>(at & 63)));  // at >= 0
    return _mm512_permutex2var_epi8(chunks[at >> 6], from, chunks[(at >> 6) + 1]);
  }
  return _mm512_permutexvar_epi8(index, _mm512_maskz_loadu_epi8(low_bits(plane_bytes - at), padded + at));
}

// The outputs of one channel from its flipped padded plane: per pass, the 16 outputs of a tile,
// per window row and 4 taps one window_taps (each lane's taps side by side) and one VPDPBUSD with
// the broadcast weights. KH x WORDS (window rows x dwords of taps per
// row) given at compile time for 3x3 and 5x5, so that the tap loops unroll; else 0 (the layer's).
template <int32_t KH, int32_t WORDS>
inline void depthwise_channel(const ferry::ConvParams& s, const DepthwiseTile& tile, const uint8_t* padded,
                              const __m512i* chunks, const int8_t* w, int32_t bias, int32_t multiplier, int32_t shift,
                              const OutputStage& stage, int8_t* out) {
  const int32_t kernel_h = KH ? KH : s.kernel_h, words = WORDS ? WORDS : (s.kernel_w + 3) / 4;
  const int32_t width = padded_w(s);
  const int32_t plane_bytes = padded_h(s) * width;
  __m512i weights[kDepthwiseRows * kDepthwiseTapWords];  // each window row's taps, 4 per dword, 0 past its end
  for (int32_t ky = 0; ky < kernel_h; ++ky) {
    for (int32_t word = 0; word < words; ++word) {
      const __mmask16 taps = static_cast<__mmask16>(low_bits(min_of(s.kernel_w - 4 * word, 4)));
      weights[ky * words + word] =
          _mm512_set1_epi32(_mm_cvtsi128_si32(_mm_maskz_loadu_epi8(taps, w + ky * s.kernel_w + 4 * word)));
    }
  }
  // sum(w) in scalar adds: a handful of taps, where a vector sum would end in a long reduction
  int32_t sum = 0;
  for (int32_t k = 0; k < kernel_h * s.kernel_w; ++k) sum += w[k];
  const __m512i offset = _mm512_set1_epi32(bias - 128 * sum);
  const int32_t plane_out = s.out_h * s.out_w;
  const __m512i factor = _mm512_set1_epi32(multiplier), right = _mm512_set1_epi32(31 - shift);
  if (tile.runs > 0) {
    for (int32_t i = 0; i < tile.runs; ++i) {
      const int32_t first = 16 * i, count = min_of(16, plane_out - first);
      for (int32_t k = 0; k < count; ++k) {
        FERRY_COUNT_MACS(conv_taps_inside(s, (first + k) / s.out_w, (first + k) % s.out_w));
      }
      __m512i acc = offset;
#pragma GCC unroll 5
      for (int32_t ky = 0; ky < kernel_h; ++ky) {
        const int32_t at = tile.run_at[i] + ky * s.dilation_h * width;
#pragma GCC unroll 4
        for (int32_t word = 0; word < words; ++word) {
          acc = _mm512_dpbusd_epi32(acc, window_taps(padded, chunks, plane_bytes, at, tile.run_index[i][word]),
                                    weights[ky * words + word]);
        }
      }
      store_bytes(out + first, output_values16(acc, factor, right, stage, shift <= 0), count);
    }
    return;
  }
  for (int32_t oy = 0; oy < s.out_h; oy += tile.tile_h) {
    for (int32_t ox = 0; ox < s.out_w; ox += tile.tile_w) {
      const int32_t count = tile.tile_h > 1 ? min_of(tile.tile_h, s.out_h - oy) * s.out_w
                                            : min_of(tile.tile_w, s.out_w - ox);
      for (int32_t i = 0; i < count; ++i) {
        FERRY_COUNT_MACS(conv_taps_inside(s, oy + (ox + i) / s.out_w, (ox + i) % s.out_w));
      }
      __m512i acc = offset;
#pragma GCC unroll 5
      for (int32_t ky = 0; ky < kernel_h; ++ky) {
        const int32_t at = (oy * s.stride_h + ky * s.dilation_h) * width + ox * s.stride_w;
#pragma GCC unroll 4
        for (int32_t word = 0; word < words; ++word) {
          acc = _mm512_dpbusd_epi32(acc, window_taps(padded, chunks, plane_bytes, at, tile.index[word]),
                                    weights[ky * words + word]);
        }
      }
      // A pass of fewer than 16 outputs stores all 16 bytes when they lie in the channel's plane:
      // the passes' outputs follow one another in the plane, so the bytes past this pass's are
      // the next pass's, which overwrites them; a plain store costs less than a masked one.
      const int32_t first = oy * s.out_w + ox;
      store_bytes(out + first, output_values16(acc, factor, right, stage, shift <= 0),
                  first + 16 <= plane_out ? 16 : count);
    }
  }
}

// Depthwise convolution, the x86 variant (same arguments as the plain one): each channel's plane
// is copied with its padding into the scratch buffer, flipped to x + 128, then depthwise_channel.
// Layers whose windows do not fit a 64-byte load (large strides or windows) take the plain loops.
inline void depthwise_conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  const ferry::ConvParams s = p.shape;
  const OutputStage stage = p.stage;
  DepthwiseTile tile;
  if (!depthwise_tile(s, &tile)) {
    depthwise_planes<0, 0>(p, input, filter, bias, multiplier, shift, output, scratch);
    return;
  }
  PlaneChunks chunks;
  plane_chunks(s, &chunks);
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  uint8_t* const padded = reinterpret_cast<uint8_t*>(scratch);
  __m512i chunk_values[kPlaneChunks + 1];
  const __m512i* const values = chunks.count > 0 ? chunk_values : nullptr;
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t c = 0; c < s.in_channels; ++c) {
      const int32_t plane = n * s.in_channels + c;
      flipped_plane(s, chunks, input + plane * s.in_h * s.in_w, zero_point, padded, chunk_values);
      int8_t* out = output + plane * s.out_h * s.out_w;
      if (s.kernel_h == 3 && s.kernel_w == 3) {
        depthwise_channel<3, 1>(s, tile, padded, values, filter + c * taps, bias[c], multiplier[c], shift[c], stage, out);
      } else if (s.kernel_h == 5 && s.kernel_w == 5) {
        depthwise_channel<5, 2>(s, tile, padded, values, filter + c * taps, bias[c], multiplier[c], shift[c], stage, out);
      } else {
        depthwise_channel<0, 0>(s, tile, padded, values, filter + c * taps, bias[c], multiplier[c], shift[c], stage, out);
      }
    }
  }
}

#else
// The most taps the AVX2 depthwise kernel takes (a 7x7 window); larger windows take the plain loops.
constexpr int32_t kDepthwiseTaps = 49;

// Where a layer's passes read: `lines` lines of `along` window origins in the padded plane,
// `step` bytes apart (the stride across, 1 or 2), lines `line_bytes` apart; origin j of line l is
// output (l + j / pitch, j % pitch), a junk origin (not stored) when j % pitch >= out_w. Stride 1
// x 1: one line, the flattened plane (pitch: the padded width), so that small planes of short
// rows (DS-CNN's 25x5) fill the lanes at the cost of a few junk origins between rows (125
// outputs in 11 passes, not 25). Otherwise a line per output row (pitch out_w). `offset`: each
// tap's bytes from the window's origin, in the filter's (ky, kx) order.
struct DepthwiseLines {
  int32_t lines, along, step, line_bytes, pitch, taps;
  int32_t offset[kDepthwiseTaps];
};

// The lines of the layer, or false when its stride across is above 2, its window above
// kDepthwiseTaps, or its last pass would read past the scratch buffer (a pass reads 16 * step
// bytes per tap, up to 15 origins beyond the last).
inline bool depthwise_lines(const ConvParams& p, DepthwiseLines* d) {
  const ferry::ConvParams& s = p.shape;
  const int32_t width = padded_w(s);
  d->taps = s.kernel_h * s.kernel_w;
  if (s.stride_w > 2 || d->taps > kDepthwiseTaps) return false;
  const bool flat = s.stride_h == 1 && s.stride_w == 1;
  d->lines = flat ? 1 : s.out_h;
  d->along = flat ? (s.out_h - 1) * width + s.out_w : s.out_w;
  d->step = s.stride_w;
  d->line_bytes = s.stride_h * width;
  d->pitch = flat ? width : s.out_w;
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    for (int32_t kx = 0; kx < s.kernel_w; ++kx) d->offset[ky * s.kernel_w + kx] = ky * s.dilation_h * width + kx * s.dilation_w;
  }
  const int32_t last = (d->lines - 1) * d->line_bytes + (d->along - 1) / 16 * 16 * d->step;
  return last + d->offset[d->taps - 1] + 16 * d->step <= depthwise_scratch_size(p);
}

// pad_plane() in vector stores: the whole buffer filled with the zero point 16 bytes at a time
// (padded_plane_bytes is a multiple of 16), then the input rows copied in by copy_run (the plain
// byte loops cost a store per byte: a fifth of DS-CNN's depthwise time).
inline void padded_plane(const ferry::ConvParams& s, const int8_t* plane, int8_t zero_point, int8_t* padded) {
  const int32_t width = padded_w(s);
  const int32_t columns = min_of(s.in_w, width - s.pad_left);
  const int32_t rows = min_of(s.in_h, padded_h(s) - s.pad_top);
  const __m128i fill = _mm_set1_epi8(zero_point);
  for (int32_t k = 0; k < padded_plane_bytes(s); k += 16) _mm_storeu_si128(reinterpret_cast<__m128i*>(padded + k), fill);
  for (int32_t y = 0; y < rows; ++y) copy_run(padded + (s.pad_top + y) * width + s.pad_left, plane + y * s.in_w, columns);
}

// The tap values of 16 origins `Step` bytes apart from `at` as 16 int16 lanes: 16 bytes widened
// by VPMOVSXBW (step 1), or the even bytes of 32, shifted to the top of each int16 lane and back
// (step 2; VPSRAW extends the sign).
template <int32_t Step>
inline __m256i tap_values(const int8_t* at) {
  if (Step == 1) return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)));
  const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
  return _mm256_srai_epi16(_mm256_slli_epi16(bytes, 8), 8);
}

// Stores the outputs of one pass, `values` for `count` origins from output (oy, ox) on (ox at or
// past out_w: junk origins between the rows of the flattened plane, skipped): a run per output
// row, its bytes moved to the front of the vector (PSHUFB) and written by one 16-byte store where
// the plane has room (the bytes past the run belong to later outputs, which the next runs and
// passes overwrite), else through a stack copy.
inline void store_pass(const ferry::ConvParams& s, const DepthwiseLines& d, int32_t oy, int32_t ox, int32_t count,
                       __m128i values, int8_t* out) {
  const int32_t plane_out = s.out_h * s.out_w;
  const __m128i lanes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (int32_t i = 0; i < count; ++oy, i += d.pitch - ox, ox = 0) {
    if (ox >= s.out_w) continue;
    const int32_t run = min_of(s.out_w - ox, count - i);
    const int32_t at = oy * s.out_w + ox;
    for (int32_t k = 0; k < run; ++k) FERRY_COUNT_MACS(conv_taps_inside(s, oy, ox + k));
    const __m128i bytes = _mm_shuffle_epi8(values, _mm_add_epi8(lanes, _mm_set1_epi8(static_cast<char>(i))));
    store_bytes(out + at, bytes, at + 16 <= plane_out ? 16 : run);
  }
}

// The outputs of one channel from its padded plane: per pass, 16 origins' sums as two vectors of
// 8 int32 lanes (VPUNPCKLWD takes origins 0-3 and 8-11, VPUNPCKHWD 4-7 and 12-15), per pair of
// taps two tap_values interleaved and two VPMADDWD with the broadcast pair of weights; VPACKSSDW
// of the two requantized vectors puts the origins back in order. Taps given at compile time for
// 3x3 and 5x5 windows (9 and 25), so that the tap loop unrolls; else 0 (the layer's).
template <int32_t Taps, int32_t Step>
inline void depthwise_channel(const ferry::ConvParams& s, const DepthwiseLines& d, const int8_t* padded,
                              const int8_t* w, int32_t bias, int32_t multiplier, int32_t shift,
                              const OutputStage& stage, int8_t* out) {
  const int32_t taps = Taps ? Taps : d.taps;
  __m256i pairs[(kDepthwiseTaps + 1) / 2];  // (w[t], w[t + 1]) as int16 in every int32 lane, 0 past the last tap
  for (int32_t t = 0; t < taps; t += 2) {
    const int32_t next = t + 1 < taps ? w[t + 1] : 0;
    pairs[t / 2] = _mm256_set1_epi32(static_cast<int32_t>((static_cast<uint32_t>(next) << 16) | static_cast<uint16_t>(w[t])));
  }
  const __m256i start = _mm256_set1_epi32(bias);
  for (int32_t line = 0; line < d.lines; ++line) {
    for (int32_t first = 0, oy = line, ox = 0; first < d.along; first += 16) {
      const int8_t* at = padded + line * d.line_bytes + first * Step;
      __m256i low = start, high = start;
#pragma GCC unroll 13
      for (int32_t t = 0; t < taps; t += 2) {
        const __m256i a = tap_values<Step>(at + d.offset[t]);
        const __m256i b = t + 1 < taps ? tap_values<Step>(at + d.offset[t + 1]) : _mm256_setzero_si256();
        low = _mm256_add_epi32(low, _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), pairs[t / 2]));
        high = _mm256_add_epi32(high, _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), pairs[t / 2]));
      }
      const __m256i words = _mm256_packs_epi32(output_values8(low, multiplier, shift, stage),
                                               output_values8(high, multiplier, shift, stage));
      const __m128i values = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256(words, 1));
      store_pass(s, d, oy, ox, min_of(16, d.along - first), values, out);
      for (ox += 16; ox >= d.pitch; ox -= d.pitch) ++oy;  // the next pass's first output
    }
  }
}

// depthwise_channel over every channel, for one step across.
template <int32_t Step>
inline void depthwise_channels(const ConvParams& p, const DepthwiseLines& d, const int8_t* input,
                               const int8_t* filter, const int32_t* bias, const int32_t* multiplier,
                               const int32_t* shift, int8_t* output, int8_t* scratch) {
  const ferry::ConvParams s = p.shape;
  const OutputStage stage = p.stage;
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t c = 0; c < s.in_channels; ++c) {
      const int32_t plane = n * s.in_channels + c;
      padded_plane(s, input + plane * s.in_h * s.in_w, zero_point, scratch);
      const int8_t* w = filter + c * d.taps;
      int8_t* out = output + plane * s.out_h * s.out_w;
      if (d.taps == 9) {
        depthwise_channel<9, Step>(s, d, scratch, w, bias[c], multiplier[c], shift[c], stage, out);
      } else if (d.taps == 25) {
        depthwise_channel<25, Step>(s, d, scratch, w, bias[c], multiplier[c], shift[c], stage, out);
      } else {
        depthwise_channel<0, Step>(s, d, scratch, w, bias[c], multiplier[c], shift[c], stage, out);
      }
    }
  }
}

// Depthwise convolution, the AVX2 variant (same arguments as the plain one): each channel's plane
// is copied with its padding into the scratch buffer (padded_plane), then depthwise_channel. Layers
// that depthwise_lines refuses take the plain loops.
inline void depthwise_conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  DepthwiseLines d;
  if (!depthwise_lines(p, &d)) {
    depthwise_planes<0, 0>(p, input, filter, bias, multiplier, shift, output, scratch);
  } else if (d.step == 1) {
    depthwise_channels<1>(p, d, input, filter, bias, multiplier, shift, output, scratch);
  } else {
    depthwise_channels<2>(p, d, input, filter, bias, multiplier, shift, output, scratch);
  }
}
#endif

}  // namespace q
}  // namespace ferry

#pragma GCC diagnostic pop
