// ferry kernels: int8 convolution, depthwise convolution and fully connected layers (the int8 op
// family that holds nearly all of a network's multiply-accumulates).
//
// What makes them fast, on every instruction set (the techniques of Arm's CMSIS-NN):
// - int8 operands in the inner loop. The input zero point zx leaves the loop: codegen folds it
//   into the bias, bias' = bias - zx * sum(w) per output channel, so that
//   bias' + sum(x * w) = bias + sum((x - zx) * w) exactly. Padding taps hold zx, i.e. contribute 0.
// - four outputs per pass: each weight loaded serves four output pixels (conv) and each of the
//   channel's multiplier and shift four requantizations.
// - a depthwise kernel of its own, on a padded copy of one channel plane (no test per tap);
//   Helium's on four channels at once, their planes interleaved (see depthwise_conv).
// The integers are those of TFLite's reference kernels and of the golden model
// (stages/common/golden.py), summed in another order: int32 sums are exact, so every variant
// below gives the same bits. The plain loops (the portable variant) are the definition; each
// other variant says what it does and why it is faster. The variant is chosen at compile time
// from the target's flags:
//   FERRY_HELIUM   Arm Helium (MVE, Cortex-M55/M85): 16 int8 MACs per VMLADAVA, vector requantization
//   FERRY_ARM_DSP  the Arm DSP extension (Cortex-M4/M7/M33): two 16-bit MACs per SMLAD
//   FERRY_X86_VNNI x86-64 with AVX-512 VNNI, VBMI, VBMI2, BW, VL: conv and depthwise_conv of their own,
//                  32 to 64 int8 MACs per VPDPBUSD (ferry_int8_conv_x86.h, included at the end)
//   FERRY_X86_AVX2 x86-64 with AVX2 but not those: the same conv blocking, 16 exact int8 MACs per
//                  VPMADDWD on VPMOVSXBW-widened operands (ferry_int8_conv_x86.h)
//   otherwise      plain loops; on x86/aarch64 hosts at -O3 GCC vectorizes them (pmaddwd, sdot...).
// No floating point in any variant (Helium's integer instructions only).
#pragma once

#include "ferry_common.h"
#include "ferry_conv.h"
#include "ferry_requantize.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>
#define FERRY_HELIUM 1
#elif defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#define FERRY_ARM_DSP 1
#elif defined(__AVX512VNNI__) && defined(__AVX512VBMI__) && defined(__AVX512VBMI2__) && defined(__AVX512BW__) && \
    defined(__AVX512VL__)
#define FERRY_X86_VNNI 1
#elif defined(__AVX2__)
#define FERRY_X86_AVX2 1
#endif

namespace ferry {
namespace q {

// ---- the dot products -------------------------------------------------------------------------

// Output pixels per pass (im2col blocks, as CMSIS-NN's arm_convolve_s8).
constexpr int32_t kConvPixels = 4;

#if defined(FERRY_HELIUM)
// Four sums, one per output pixel of a pass: one Helium vector.
using Sums4 = int32x4_t;
#else
struct Sums4 {
  int32_t lane[4];
};
#endif

#if defined(FERRY_HELIUM)
// VMLADAVA multiplies 16 int8 pairs and adds them all to a scalar: 16 MACs per instruction (the
// portable loop does one). The last depth % 16 elements go through one tail-predicated step
// (VCTP): the masked lanes read nothing and add nothing.
inline int32_t dot(const int8_t* x, const int8_t* w, int32_t depth) {
  int32_t acc = 0;
  int32_t k = 0;
  for (; k + 16 <= depth; k += 16) acc = vmladavaq_s8(acc, vld1q_s8(x + k), vld1q_s8(w + k));
  if (k < depth) {
    const mve_pred16_t lanes = vctp8q(depth - k);
    acc = vmladavaq_p_s8(acc, vldrbq_z_s8(x + k, lanes), vldrbq_z_s8(w + k, lanes), lanes);
  }
  return acc;
}

// dot() of one weight row with four patches `stride` bytes apart: each weight vector is loaded
// once for the four (5 loads per 64 MACs instead of 8). The last depth % 16 weights are loaded
// tail-predicated (VCTP), the other lanes zero: the patch bytes beyond the depth (inside the
// scratch buffer, see conv_scratch_size) multiply zeros, and only the weights' load needs a
// predicate.
inline Sums4 dot4(const int8_t* x, int32_t stride, const int8_t* w, int32_t depth) {
  const int8_t* x1 = x + stride;
  const int8_t* x2 = x1 + stride;
  const int8_t* x3 = x2 + stride;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t k = 0;
  for (; k + 16 <= depth; k += 16) {
    const int8x16_t weights = vld1q_s8(w + k);
    a0 = vmladavaq_s8(a0, vld1q_s8(x + k), weights);
    a1 = vmladavaq_s8(a1, vld1q_s8(x1 + k), weights);
    a2 = vmladavaq_s8(a2, vld1q_s8(x2 + k), weights);
    a3 = vmladavaq_s8(a3, vld1q_s8(x3 + k), weights);
  }
  if (k < depth) {
    const int8x16_t weights = vldrbq_z_s8(w + k, vctp8q(depth - k));
    a0 = vmladavaq_s8(a0, vld1q_s8(x + k), weights);
    a1 = vmladavaq_s8(a1, vld1q_s8(x1 + k), weights);
    a2 = vmladavaq_s8(a2, vld1q_s8(x2 + k), weights);
    a3 = vmladavaq_s8(a3, vld1q_s8(x3 + k), weights);
  }
  return vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
}

#elif defined(FERRY_ARM_DSP)
// Four int8 values as one 32-bit word (one LDR: the Cortex-M4/M7 load unaligned words).
inline int32_t word_of(const int8_t* bytes) {
  int32_t word;
  __builtin_memcpy(&word, bytes, 4);
  return word;
}

// Bytes 1 and 3 of a word as bytes 0 and 2: a rotation, which the compiler folds into the SXTB16
// that reads it (SXTB16 Rd, Rm, ROR #8).
inline int32_t odd_bytes(int32_t word) {
  const uint32_t bits = static_cast<uint32_t>(word);
  return static_cast<int32_t>((bits >> 8) | (bits << 24));
}

// SXTB16 widens bytes 0 and 2 of a word to two int16 lanes (and, after a shift by 8, bytes 1
// and 3); SMLAD multiplies both lane pairs and adds them: 4 MACs in 2 SMLAD + 4 SXTB16 + 2 LDR
// instead of 4 x (2 LDRSB + MLA).
inline int32_t dot_word(int32_t x, int32_t w_even, int32_t w_odd, int32_t acc) {
  return __smlad(__sxtb16(odd_bytes(x)), w_odd, __smlad(__sxtb16(x), w_even, acc));
}

inline int32_t dot(const int8_t* x, const int8_t* w, int32_t depth) {
  int32_t acc = 0;
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4) {
    const int32_t weights = word_of(w + k);
    acc = dot_word(word_of(x + k), __sxtb16(weights), __sxtb16(odd_bytes(weights)), acc);
  }
  for (; k < depth; ++k) acc += x[k] * w[k];
  return acc;
}

// conv's patches are multiplied as int16 pairs: each patch is widened once (for all the output
// channels that read it), and the four patches of a block are interleaved, four elements of each
// in turn, as (x0, x2, x1, x3): the order in which SXTB16 splits a weight word into (w0, w2) and
// (w1, w3). Per four elements of a filter row the inner loop then reads one weight word and 32
// contiguous bytes of patches (four LDRD) for 16 MACs in 8 SMLAD, where separate patches cost
// four pointers and eight loads, and int8 patches a shift and two SXTB16 more per patch word.
// copy_patch writes each int8 patch after the interleaved words (patch_words), place_patch
// interleaves it; the last depth % 4 elements follow the whole groups, widened, in plain order.
inline int32_t patch_words(int32_t depth) { return 8 * ((depth + 3) / 4); }
inline int8_t* patch_bytes(int8_t* scratch, int32_t, int32_t depth) { return scratch + 4 * patch_words(depth); }

inline void place_patch(int8_t* scratch, int32_t pixel, int32_t depth) {
  const int8_t* from = patch_bytes(scratch, pixel, depth);
  int32_t* to = reinterpret_cast<int32_t*>(scratch) + 2 * pixel;  // the arena is 16-byte aligned
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4, to += 8) {
    const int32_t word = word_of(from + k);
    to[0] = __sxtb16(word);
    to[1] = __sxtb16(odd_bytes(word));
  }
  int16_t* tail = reinterpret_cast<int16_t*>(to);
  for (; k < depth; ++k) *tail++ = from[k];
}

// One weight row with the four interleaved patches of a block (see place_patch): the weights are
// loaded and widened once for the four.
inline Sums4 dot4(const int8_t* scratch, int32_t, const int8_t* w, int32_t depth) {
  const int32_t* x = reinterpret_cast<const int32_t*>(scratch);
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t k = 0;
  for (; k + 4 <= depth; k += 4, x += 8) {
    const int32_t weights = word_of(w + k);
    const int32_t even = __sxtb16(weights), odd = __sxtb16(odd_bytes(weights));
    a0 = __smlad(x[1], odd, __smlad(x[0], even, a0));
    a1 = __smlad(x[3], odd, __smlad(x[2], even, a1));
    a2 = __smlad(x[5], odd, __smlad(x[4], even, a2));
    a3 = __smlad(x[7], odd, __smlad(x[6], even, a3));
  }
  const int16_t* tail = reinterpret_cast<const int16_t*>(x);
  for (int32_t i = 0; k < depth; ++k, ++i) {
    const int32_t weight = w[k];
    a0 += tail[i] * weight;
    a1 += tail[4 + i] * weight;
    a2 += tail[8 + i] * weight;
    a3 += tail[12 + i] * weight;
  }
  return Sums4{{a0, a1, a2, a3}};
}

#else
// sum over k of x[k] * w[k], int8 operands.
inline int32_t dot(const int8_t* x, const int8_t* w, int32_t depth) {
  int32_t acc = 0;
  for (int32_t k = 0; k < depth; ++k) acc += x[k] * w[k];
  return acc;
}

// dot() of one weight row with four patches `stride` bytes apart, in one pass over the row: four
// independent sums that the compiler keeps in four vector accumulators.
inline Sums4 dot4(const int8_t* x, int32_t stride, const int8_t* w, int32_t depth) {
  const int8_t* x1 = x + stride;
  const int8_t* x2 = x1 + stride;
  const int8_t* x3 = x2 + stride;
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (int32_t k = 0; k < depth; ++k) {
    a0 += x[k] * w[k];
    a1 += x1[k] * w[k];
    a2 += x2[k] * w[k];
    a3 += x3[k] * w[k];
  }
  return Sums4{{a0, a1, a2, a3}};
}
#endif

#if !defined(FERRY_ARM_DSP)
// conv's patches stay int8, one slot of 2 * depth bytes each.
inline int8_t* patch_bytes(int8_t* scratch, int32_t pixel, int32_t depth) { return scratch + pixel * 2 * depth; }
inline void place_patch(int8_t*, int32_t, int32_t) {}
#endif

// ---- the output stage of four outputs of one channel -----------------------------------------

#if defined(FERRY_HELIUM)
// requantize() of four lanes at once. With r = 31 - shift > 31 (shift < 0: a multiplier below 1/2,
// every usual layer) the 64-bit product is not needed: VQDMULH by the scalar multiplier gives
// floor(a*m / 2^31) (2*a*m >> 32; it saturates only for a = m = -2^31, and m > 0), and VRSHL by
// `shift` then rounds it right by r - 31, adding 2^(r-32) first: the same integer, since
// floor((P + 2^(r-1)) / 2^r) = floor((floor(P / 2^31) + 2^(r-32)) / 2^(r-31)) for r >= 32.
// r = 31 is VQRDMULH's (a*m + 2^30) >> 31. |a*m / 2^31| <= |a| / 2 < 2^30 for r >= 32, so the
// saturation at +-2^30 is left to the saturating zero-point add and the clamp after it.
// A multiplier of 1 or more takes the scalar path, lane by lane.
inline int32x4_t requantize4(int32x4_t acc, int32_t multiplier, int32_t shift) {
  if (shift < 0) return vrshlq_n_s32(vqdmulhq_n_s32(acc, multiplier), shift);  // the usual case first
  if (shift == 0) return vqrdmulhq_n_s32(acc, multiplier);
  int32_t lanes[4];
  vst1q_s32(lanes, acc);
  for (int32_t& lane : lanes) lane = requantize(lane, multiplier, shift);
  return vld1q_s32(lanes);
}

// The first `count` of four outputs of one channel, `step` bytes apart: bias, requantization,
// zero point and clamp as four-lane vectors, stored narrowed to int8 by one predicated VSTRB
// (a scatter store when the outputs are not adjacent).
inline void store4(Sums4 sums, int32_t bias, int32_t multiplier, int32_t shift, const OutputStage& stage,
                   int8_t* out, int32_t step, int32_t count) {
  int32x4_t y = requantize4(vaddq_n_s32(sums, bias), multiplier, shift);
  y = vqaddq_n_s32(y, stage.output_zero_point);
  y = vminq_s32(vmaxq_s32(y, vdupq_n_s32(stage.output_min)), vdupq_n_s32(stage.output_max));
  const mve_pred16_t active = vctp32q(count);
  if (step == 1 && count == 4) {  // conv's blocks: no predicate to set up
    vstrbq_s32(out, y);
  } else if (step == 1) {
    vstrbq_p_s32(out, y, active);
  } else {
    vstrbq_scatter_offset_p_s32(out, vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(step)), y, active);
  }
}
#elif defined(FERRY_ARM_DSP)
// The first `count` of four outputs of one channel, `step` bytes apart. With r = 31 - shift > 32
// (a multiplier below 1/2, every usual layer) requantize() needs no 64-bit sum: floor(a*m / 2^32)
// is the high word of one SMULL, and a rounding shift by r - 32 gives the same integer (see
// requantize4 of the Helium variant); the zero point is added with saturation (QADD), which
// stands in for the +-2^30 limit. The test is made once per call, outside the loop, so that the
// compiler does not compute both ways for every output; a full block is written out lane by lane,
// so that its sums stay in registers. Otherwise output_value().
inline void store4(const Sums4& sums, int32_t bias, int32_t multiplier, int32_t shift,
                   const OutputStage& stage, int8_t* out, int32_t step, int32_t count) {
  const int32_t extra = 31 - shift - 32;
  if (extra < 1) {
    for (int32_t i = 0; i < count; ++i) out[i * step] = output_value(bias + sums.lane[i], multiplier, shift, stage);
    return;
  }
  const int32_t half = int32_t{1} << (extra - 1);  // |high| < 2^30: adding it cannot overflow
  const auto value = [&](int32_t sum) {
    const int32_t high = static_cast<int32_t>((static_cast<int64_t>(bias + sum) * multiplier) >> 32);
    const int32_t scaled = (high + half) >> extra;
    return saturate(__qadd(scaled, stage.output_zero_point), stage.output_min, stage.output_max);
  };
  if (count == 4) {
    out[0] = value(sums.lane[0]);
    out[step] = value(sums.lane[1]);
    out[2 * step] = value(sums.lane[2]);
    out[3 * step] = value(sums.lane[3]);
    return;
  }
  for (int32_t i = 0; i < count; ++i) out[i * step] = value(sums.lane[i]);
}
#else
// The first `count` of four outputs of one channel, `step` bytes apart (output_value each).
inline void store4(const Sums4& sums, int32_t bias, int32_t multiplier, int32_t shift,
                   const OutputStage& stage, int8_t* out, int32_t step, int32_t count) {
  for (int32_t i = 0; i < count; ++i) out[i * step] = output_value(bias + sums.lane[i], multiplier, shift, stage);
}
#endif

// ---- convolution ------------------------------------------------------------------------------

struct ConvParams {
  ferry::ConvParams shape;
  OutputStage stage;
};


// Elements of one patch: a filter row (input channels of a group x kernel height x width).
constexpr int32_t conv_depth(const ferry::ConvParams& s) {
  return s.in_channels / s.groups * s.kernel_h * s.kernel_w;
}

// Rows and columns of one channel plane with its padding, as the windows read it.
constexpr int32_t padded_h(const ferry::ConvParams& s) {
  return (s.out_h - 1) * s.stride_h + (s.kernel_h - 1) * s.dilation_h + 1;
}
constexpr int32_t padded_w(const ferry::ConvParams& s) {
  return (s.out_w - 1) * s.stride_w + (s.kernel_w - 1) * s.dilation_w + 1;
}

// conv reads its input channels-last. Each input row that windows read is transposed once into a
// band of rows in the scratch buffer, [column][channel] (NHWC), the padding columns and the rows
// outside the input holding the zero point: a patch is then kernel_h runs of kernel_w x channels
// contiguous bytes (one per window row) instead of kernel_h x kernel_w strided gathers from the
// NCHW planes, and no tap needs a test for the padding. The band is a ring of band_rows(s) rows,
// enough for the windows of one block (kConvPixels pixels, which may span several output rows):
// padded row r (input row r - pad_top) lives in slot r % band_rows(s); a row is padded_w(s)
// columns.
constexpr int32_t band_rows(const ferry::ConvParams& s) {
  const int32_t block_rows = min_of(kConvPixels, (kConvPixels + s.out_w - 2) / s.out_w + 1);  // at most
  return (block_rows - 1) * s.stride_h + (s.kernel_h - 1) * s.dilation_h + 1;
}
constexpr int32_t band_row_bytes(const ferry::ConvParams& s) { return padded_w(s) * (s.in_channels / s.groups); }

// A pointwise conv without padding reads each output pixel's patch as one strided run of the
// input's channels (gather_bytes, no band), which start at the pixel itself when the strides are 1.
constexpr bool reads_in_place(const ferry::ConvParams& s) {
  return s.kernel_h == 1 && s.kernel_w == 1 && s.pad_top == 0 && s.pad_left == 0 &&
         (s.out_h - 1) * s.stride_h < s.in_h && (s.out_w - 1) * s.stride_w < s.in_w;
}

// Bytes of the patch area of conv's scratch buffer: room for the kConvPixels patches of a block,
// the DSP variant's widened to int16 and interleaved in groups of four elements (32 bytes a
// group), the others' in slots of 2 * depth bytes, Helium's read 16 bytes at a time up to 15
// bytes past the last patch (the x86 variant's panel of 8 pixels in 4-byte groups fits there
// too); and after them one int8 patch as the DSP variant copies it, or the x86 variant's one
// int32 per output channel (Helium: a short block's four int8 outputs per channel), whichever is
// larger; rounded up to 16 bytes, and 16 more: Helium's copy_run writes up to 15 bytes past the
// last patch.
constexpr int32_t conv_patch_area(const ConvParams& p) {
  return (max_of(32 * ((conv_depth(p.shape) + 3) / 4), 64 * ((conv_depth(p.shape) + 15) / 16)) +
          max_of(conv_depth(p.shape), 4 * p.shape.out_channels) + 15) / 16 * 16 + 16;
}
// Bytes of the scratch buffer that conv needs: the patch area, then (unless it reads in place) the
// band and 16 bytes that copy_run may read past its last row. Codegen sizes the buffer with the
// same formula and checks it against this function at compile time.
constexpr int32_t conv_scratch_size(const ConvParams& p) {
  return conv_patch_area(p) + (reads_in_place(p.shape) ? 0 : band_rows(p.shape) * band_row_bytes(p.shape) + 16);
}

#if defined(FERRY_HELIUM)
// memset and memcpy of a few bytes, 16 per predicated vector store (the C library's byte loops
// cost several instructions per byte).
// Whole vectors unpredicated, the last count % 16 bytes predicated (a VPST saved per step).
inline void fill_bytes(int8_t* to, int8_t value, int32_t count) {
  const int8x16_t values = vdupq_n_s8(value);
  int32_t k = 0;
  for (; k + 16 <= count; k += 16) vst1q_s8(to + k, values);
  if (k < count) vstrbq_p_s8(to + k, values, vctp8q(count - k));
}
inline void copy_bytes(int8_t* to, const int8_t* from, int32_t count) {
  int32_t k = 0;
  for (; k + 16 <= count; k += 16) vst1q_s8(to + k, vld1q_s8(from + k));
  if (k < count) {
    const mve_pred16_t lanes = vctp8q(count - k);
    vstrbq_p_s8(to + k, vldrbq_z_s8(from + k, lanes), lanes);
  }
}

// The sum of `count` int8 values: VADDVA adds 16 of them to a scalar per instruction.
inline int32_t sum_bytes(const int8_t* from, int32_t count) {
  int32_t sum = 0;
  for (int32_t k = 0; k < count; k += 16) {
    const mve_pred16_t lanes = vctp8q(count - k);
    sum = vaddvaq_p_s8(sum, vldrbq_z_s8(from + k, lanes), lanes);
  }
  return sum;
}
#else
inline int32_t sum_bytes(const int8_t* from, int32_t count) {
  int32_t sum = 0;
  for (int32_t k = 0; k < count; ++k) sum += from[k];
  return sum;
}
inline void fill_bytes(int8_t* to, int8_t value, int32_t count) {
  for (int32_t k = 0; k < count; ++k) to[k] = value;
}
inline void copy_bytes(int8_t* to, const int8_t* from, int32_t count) {
  for (int32_t k = 0; k < count; ++k) to[k] = from[k];
}
inline void copy_rows(int8_t* to, int32_t to_stride, const int8_t* from, int32_t from_stride, int32_t rows,
                      int32_t columns) {
  for (int32_t r = 0; r < rows; ++r) copy_bytes(to + r * to_stride, from + r * from_stride, columns);
}
#endif

#if defined(FERRY_HELIUM)
// to[k] = from[k * step]: four bytes per gather load (VLDRB, offsets in a vector) and narrowing
// store, instead of a load and a store per byte.
inline void gather_bytes(const int8_t* from, int32_t step, int32_t count, int8_t* to) {
  const uint32x4_t offsets = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(step));
  int32_t k = 0;
  for (; k + 4 <= count; k += 4) vstrbq_s32(to + k, vldrbq_gather_offset_s32(from + k * step, offsets));
  if (k < count) {  // the last count % 4 bytes, predicated (unpredicated steps save a VPST each)
    const mve_pred16_t lanes = vctp32q(count - k);
    vstrbq_p_s32(to + k, vldrbq_gather_offset_z_s32(from + k * step, offsets, lanes), lanes);
  }
}
#else
inline void gather_bytes(const int8_t* from, int32_t step, int32_t count, int8_t* to) {
  for (int32_t k = 0; k < count; ++k) to[k] = from[k * step];
}
#endif

// to[x * channels + c] = from[c * plane + x] for `columns` columns: one row of NCHW planes made
// channels-last.
inline void transpose_plain(const int8_t* from, int32_t plane, int32_t channels, int32_t columns, int8_t* to) {
  for (int32_t x = 0; x < columns; ++x) {
    for (int32_t c = 0; c < channels; ++c) to[x * channels + c] = from[c * plane + x];
  }
}

#if defined(FERRY_HELIUM)
// transpose_plain with, per channel, eight bytes per load (widened to int16 lanes) and per
// scatter store (offsets x * channels): a quarter of an instruction per byte, against a load and
// a store per byte. The offsets are 16-bit: up to 9362 channels.
inline void transpose_bytes(const int8_t* from, int32_t plane, int32_t channels, int32_t columns, int8_t* to) {
  if (7 * channels > 0xFFFF) return transpose_plain(from, plane, channels, columns, to);
  const uint16x8_t offsets = vmulq_n_u16(vidupq_n_u16(0, 1), static_cast<uint16_t>(channels));
  const int32_t whole = columns / 8 * 8;
  for (int32_t c = 0; c < channels; ++c, from += plane) {
    int8_t* column = to + c;
    for (int32_t x = 0; x < whole; x += 8, column += 8 * channels) {
      vstrbq_scatter_offset_s16(column, offsets, vldrbq_s16(from + x));
    }
    if (whole < columns) {  // the last columns % 8, predicated (unpredicated steps save two VPST each)
      const mve_pred16_t lanes = vctp16q(columns - whole);
      vstrbq_scatter_offset_p_s16(column, offsets, vldrbq_z_s16(from + whole, lanes), lanes);
    }
  }
}
#else
inline void transpose_bytes(const int8_t* from, int32_t plane, int32_t channels, int32_t columns, int8_t* to) {
  transpose_plain(from, plane, channels, columns, to);
}
#endif

// Band row `row` (padded coordinates: input row row - pad_top) of the group's channels, whose
// planes start at `input`: the input row channels-last, the padding columns and a row outside the
// input the zero point.
inline void stage_row(const ferry::ConvParams& s, const int8_t* input, int32_t channels, int32_t row,
                      int8_t zero_point, int8_t* to) {
  const int32_t width = padded_w(s);
  const int32_t iy = row - s.pad_top;
  const int32_t left = min_of(s.pad_left, width);
  const int32_t columns = iy >= 0 && iy < s.in_h ? max_of(min_of(s.in_w, width - left), 0) : 0;
  fill_bytes(to, zero_point, left * channels);
  transpose_bytes(input + iy * s.in_w, s.in_h * s.in_w, channels, columns, to + left * channels);
  fill_bytes(to + (left + columns) * channels, zero_point, (width - left - columns) * channels);
}

#if defined(FERRY_HELIUM)
// copy_bytes of a run of a patch, 16 bytes per vector load and store, the last ones whole: it
// writes up to 15 bytes past `to + count`, which the next run overwrites (the runs of a patch,
// and the patches of a block, are copied in order; the slack after the last patch is in
// conv_patch_area), and reads up to 15 bytes past `from + count` (within the band's slack).
// No predicate for the last count % 16 bytes: a 3-channel 3x3 window row is one load and store.
inline void copy_run(int8_t* to, const int8_t* from, int32_t count) {
  vst1q_s8(to, vld1q_s8(from));  // the first vector without a test (count > 0), no loop setup for a short run
  for (int32_t k = 16; k < count; k += 16) vst1q_s8(to + k, vld1q_s8(from + k));
}
#elif defined(FERRY_X86_VNNI) || defined(FERRY_X86_AVX2)
// copy_bytes in vector moves, the last one overlapping the ones before (16 bytes at a time, else
// two of 8 or 4 bytes), so that no load or store leaves the range (the x86 depthwise's padded_plane).
inline void copy_run(int8_t* to, const int8_t* from, int32_t count) {
  struct Chunk16 {
    int64_t half[2];
  };
  const auto move = [&](int32_t at, auto chunk) { __builtin_memcpy(to + at, from + at, sizeof(chunk)); };
  if (count >= 16) {
    for (int32_t k = 0; k + 16 < count; k += 16) move(k, Chunk16{});
    move(count - 16, Chunk16{});
  } else if (count >= 8) {
    move(0, int64_t{});
    move(count - 8, int64_t{});
  } else if (count >= 4) {
    move(0, int32_t{});
    move(count - 4, int32_t{});
  } else {
    copy_bytes(to, from, count);
  }
}
#else
inline void copy_run(int8_t* to, const int8_t* from, int32_t count) { copy_bytes(to, from, count); }
#endif

// Copies the receptive field of output pixel (oy, ox) from the band into `patch` in (ky, kx,
// channel) order, the order of the filter rows codegen packs: one run of kernel_w x channels
// bytes per window row (one per tap when the window is dilated across).
inline void copy_patch(const ferry::ConvParams& s, const int8_t* band, int32_t channels, int32_t oy, int32_t ox,
                       int8_t* patch) {
  const int32_t rows = band_rows(s), row_bytes = band_row_bytes(s);
  const int8_t* column = band + ox * s.stride_w * channels;
  int32_t slot = oy * s.stride_h % rows;  // of window row ky, below
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
    const int8_t* from = column + slot * row_bytes;
    if (s.dilation_w == 1) {
      copy_run(patch, from, s.kernel_w * channels);
      patch += s.kernel_w * channels;
    } else {
      for (int32_t kx = 0; kx < s.kernel_w; ++kx, patch += channels) {
        copy_run(patch, from + kx * s.dilation_w * channels, channels);
      }
    }
    slot += s.dilation_h;  // a window spans fewer rows than the band: one wrap at most
    if (slot >= rows) slot -= rows;
  }
}

#if defined(FERRY_HELIUM)
// conv_block of a depth of at most 32 (MobileNet's 8- to 24-channel pointwise convs, a 3-channel
// 3x3 first conv): the first 16 bytes of each patch are one vector, loaded once for all the
// filters; a filter row costs one load and four VMLADAV, and beyond 16 one load more, four of the
// patches' next 16 bytes and four VMLADAV. No loop over the depth, whose setup and predicated
// last step cost conv_block as much as the multiplications at these depths. A function of its
// own, so that it does not change the registers of conv_block's loop.
__attribute__((noinline)) inline void conv_block_short(const int8_t* scratch, int32_t depth, const int8_t* filter,
                                                       const int32_t* bias, const int32_t* multiplier,
                                                       const int32_t* shift, int32_t filters,
                                                       const OutputStage& stage, int8_t* out, int32_t plane) {
  const OutputStage local = stage;
  const int32_t stride = 2 * depth;
  const int8x16_t x0 = vld1q_s8(scratch), x1 = vld1q_s8(scratch + stride);
  const int8x16_t x2 = vld1q_s8(scratch + 2 * stride), x3 = vld1q_s8(scratch + 3 * stride);
  const mve_pred16_t lanes = vctp8q(depth), more = vctp8q(depth - 16);  // the weights' other lanes zero: see dot4
  for (int32_t oc = 0; oc < filters; ++oc, filter += depth, out += plane) {
    const int8x16_t w = vldrbq_z_s8(filter, lanes);
    int32_t a0 = vmladavq_s8(x0, w), a1 = vmladavq_s8(x1, w), a2 = vmladavq_s8(x2, w), a3 = vmladavq_s8(x3, w);
    if (depth > 16) {
      const int8x16_t v = vldrbq_z_s8(filter + 16, more);
      a0 = vmladavaq_s8(a0, vld1q_s8(scratch + 16), v);
      a1 = vmladavaq_s8(a1, vld1q_s8(scratch + stride + 16), v);
      a2 = vmladavaq_s8(a2, vld1q_s8(scratch + 2 * stride + 16), v);
      a3 = vmladavaq_s8(a3, vld1q_s8(scratch + 3 * stride + 16), v);
    }
    const Sums4 sums = vsetq_lane_s32(a3, vsetq_lane_s32(a2, vsetq_lane_s32(a1, vdupq_n_s32(a0), 1), 2), 3);
    store4(sums, bias[oc], multiplier[oc], shift[oc], local, out, 1, kConvPixels);
  }
}
#endif

// The `filters` output channels of one block of `count` <= kConvPixels pixels whose patches are
// in `scratch`, channel planes `plane` bytes apart: each filter row multiplied into the four
// patches at once (dot4), the four outputs requantized together (store4). A function of its
// own, not inlined into conv: the loop then has the registers to itself (inlined, the compiler
// kept the patch pointers and the channel pointers on the stack and reloaded them per filter).
__attribute__((noinline)) inline void conv_block(const int8_t* scratch, int32_t depth, const int8_t* filter,
                                                 const int32_t* bias, const int32_t* multiplier,
                                                 const int32_t* shift, int32_t filters, const OutputStage& stage,
                                                 int8_t* out, int32_t plane, int32_t count) {
  const OutputStage local = stage;  // a copy, as in depthwise_conv
#if defined(FERRY_HELIUM)
  count = kConvPixels;  // Helium's conv gives whole blocks only (see conv): stores without a predicate
#endif
  for (int32_t oc = 0; oc < filters; ++oc, filter += depth, out += plane) {
    store4(dot4(scratch, 2 * depth, filter, depth), bias[oc], multiplier[oc], shift[oc], local, out, 1, count);
  }
}

#if defined(FERRY_HELIUM)
// The `filters` output channels of one pixel whose patch is at `patch`, channel planes `plane`
// bytes apart: a last block of one or two pixels deeper than 32 (a 3x3 map's ninth, a
// squeeze-excite reduction's only one), each filter row against the patch alone (dot: three instructions per 16 MACs, where
// dot4 takes nine, the idle patches' included), each output requantized alone (output_value).
__attribute__((noinline)) inline void conv_pixel(const int8_t* patch, int32_t depth, const int8_t* filter,
                                                 const int32_t* bias, const int32_t* multiplier,
                                                 const int32_t* shift, int32_t filters, const OutputStage& stage,
                                                 int8_t* out, int32_t plane) {
  const OutputStage local = stage;  // a copy, as in depthwise_conv
  for (int32_t oc = 0; oc < filters; ++oc, filter += depth, out += plane) {
    *out = output_value(bias[oc] + dot(patch, filter, depth), multiplier[oc], shift[oc], local);
  }
}
#endif

// Per-channel quantized convolution (the arithmetic of TFLite reference_integer_ops::
// ConvPerChannel): acc = bias + sum((x - zx) * w), padding taps contributing 0. `bias` is the
// folded bias' = bias - zx * sum(w) of the header comment; `filter` is [out_channels][kernel_h]
// [kernel_w][in_channels / groups], packed so by codegen from ONNX's OIHW (copy_patch's order).
// Blocks of kConvPixels output pixels: the input rows their windows read are staged channels-last
// in the band (stage_row, each row once), their patches copied from it into the scratch buffer
// (conv_scratch_size(p) bytes, in the arena), then each filter row is multiplied into the four at
// once (dot4). A last, short block computes its unused patches from what the scratch held
// before, and stores (Helium: copies) only its `count` outputs; Helium's of one or two pixels
// deeper than 32 goes a pixel at a time (conv_pixel).
#if !defined(FERRY_X86_VNNI) && !defined(FERRY_X86_AVX2)
inline void conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  const ferry::ConvParams s = p.shape;  // copies, as in depthwise_conv
  const OutputStage stage = p.stage;
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t depth = conv_depth(s);
  const int32_t pixels = s.out_h * s.out_w;
  const int32_t rows = band_rows(s), row_bytes = band_row_bytes(s);
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  int8_t* const band = scratch + conv_patch_area(p);
  const bool pointwise = reads_in_place(s);
  const bool dense = s.stride_h == 1 && s.stride_w == 1 && s.out_w == s.in_w;
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t group = 0; group < s.groups; ++group) {
      const int8_t* in = input + (n * s.in_channels + group * in_per_group) * s.in_h * s.in_w;
      int32_t staged = 0;  // the band rows below this one (padded coordinates) were staged
      for (int32_t first = 0; first < pixels; first += kConvPixels) {
        const int32_t count = min_of(kConvPixels, pixels - first);
        if (!pointwise) {  // the last band row the block's windows read, and those before it not yet staged
          const int32_t last = (first + count - 1) / s.out_w * s.stride_h + (s.kernel_h - 1) * s.dilation_h;
          for (int32_t row = max_of(staged, last - rows + 1); row <= last; ++row) {
            stage_row(s, in, in_per_group, row, zero_point, band + row % rows * row_bytes);
          }
          staged = last + 1;
        }
        for (int32_t i = 0; i < count; ++i) {
          const int32_t oy = (first + i) / s.out_w, ox = (first + i) % s.out_w;
          if (pointwise) {
            const int32_t at = dense ? first + i : oy * s.stride_h * s.in_w + ox * s.stride_w;
            gather_bytes(in + at, s.in_h * s.in_w, in_per_group, patch_bytes(scratch, i, depth));
          } else {
            copy_patch(s, band, in_per_group, oy, ox, patch_bytes(scratch, i, depth));
          }
          place_patch(scratch, i, depth);
          FERRY_COUNT_MACS(out_per_group * conv_taps_inside(s, oy, ox));
        }
        const int32_t oc = group * out_per_group;
        int8_t* const out = output + (n * s.out_channels + oc) * pixels + first;
#if defined(FERRY_HELIUM)
        if (count <= 2 && depth > 32) {  // conv_block_short's pass of four costs less at depths up to 32
          for (int32_t i = 0; i < count; ++i) {
            conv_pixel(patch_bytes(scratch, i, depth), depth, filter + oc * depth, bias + oc, multiplier + oc,
                       shift + oc, out_per_group, stage, out + i, pixels);
          }
          continue;
        }
        // Helium's blocks store four outputs without a predicate: a short block (the last) writes
        // all four of each channel into the scratch, after the patches, then copies its `count`
        int8_t* const block_out = count == kConvPixels ? out : scratch + conv_patch_area(p) - 16 - 4 * out_per_group;
        const int32_t plane = count == kConvPixels ? pixels : kConvPixels;
        if (depth <= 32) {
          conv_block_short(scratch, depth, filter + oc * depth, bias + oc, multiplier + oc, shift + oc,
                           out_per_group, stage, block_out, plane);
        } else {
          conv_block(scratch, depth, filter + oc * depth, bias + oc, multiplier + oc, shift + oc, out_per_group,
                     stage, block_out, plane, kConvPixels);
        }
        for (int32_t c = 0; c < out_per_group && count < kConvPixels; ++c) {
          copy_bytes(out + c * pixels, block_out + c * kConvPixels, count);
        }
#else
        conv_block(scratch, depth, filter + oc * depth, bias + oc, multiplier + oc, shift + oc, out_per_group,
                   stage, out, pixels, count);
#endif
      }
    }
  }
}
#endif

// ---- depthwise convolution ----------------------------------------------------------------------

// One padded channel plane (the portable and DSP variants' depthwise_conv) and, after it, room for
// the windows of the idle lanes of a line's last pass of four (up to three windows one step
// further on, a step being at most a padded row down plus a column across), rounded up to 16.
constexpr int32_t padded_plane_bytes(const ferry::ConvParams& s) {
  return (padded_h(s) * padded_w(s) + 3 * (s.stride_h * padded_w(s) + s.stride_w) + 15) / 16 * 16;
}
// Helium's depthwise_conv works on four channels at once (see there): their padded planes
// interleaved into one tile, a pixel's four channels in four adjacent bytes, and room after it
// for the idle pixels of a line's last pass (up to three windows a stride further on).
constexpr int32_t depthwise_tile_bytes(const ferry::ConvParams& s) {
  return (4 * (padded_h(s) * padded_w(s) + 3 * max_of(s.stride_h, s.stride_w)) + 15) / 16 * 16;
}
// Bytes of depthwise_conv's scratch: one padded plane (the portable and DSP variants) or Helium's
// tile, whichever is larger, then Helium's weights of the four channels (four bytes per tap) and
// the taps' offsets in the tile (an int32 each), both in blocks of four taps, the weight
// gathers' offsets (16 bytes per two taps) and the sums of one line (an int32 vector per output,
// in passes of four).
constexpr int32_t depthwise_scratch_size(const ConvParams& p) {
  const int32_t taps = p.shape.kernel_h * p.shape.kernel_w;
  const int32_t lines = max_of(p.shape.out_h, p.shape.out_w);
  return max_of(padded_plane_bytes(p.shape), depthwise_tile_bytes(p.shape)) + 32 * ((taps + 3) / 4) +
         16 * ((taps + 1) / 2) + 64 * ((lines + 3) / 4) + 28 * lines;
}

#if defined(FERRY_HELIUM)
// Helium's depthwise convolution runs on four channels at once, one per lane, so that no lane
// idles on small feature maps (6x6, 3x3, with hundreds of channels) and the set-up of a channel
// (padding its plane, loading its weights and output stage) is shared by four: their planes are
// interleaved into a padded tile (pad_tile), where a pixel's four channels are one word that a
// widening VLDRB loads, and each tap's four weights are one int32 vector (VMUL and VADD: MVE
// has no vector-by-vector multiply-accumulate). Four outputs of a line per pass: each weight
// vector loaded serves four outputs. 1.5 to 2.2 instructions per MAC on MobileNet and DS-CNN
// layers (3x3 maps 3.5 to 4: the set-up of four channels weighs on 324 MACs), where one channel
// at a time with four outputs per vector took 1.6 to 6.5 (a 3x3 map idles a lane per pass, and
// each of its channels paid for a padded plane and a set-up).

// The lines of outputs that depthwise_quad computes in passes along them: the output rows, or
// the columns when their passes idle fewer lanes (DS-CNN's 25x5 maps: a column of 25 is six
// passes of four and one of two, a row of 5 one of four and one of two). Lines run along the
// tile's rows: with columns, the tile is the planes transposed. Steps in bytes.
struct Lines {
  int32_t count, along;           // the lines, the outputs of a line
  int32_t stride;                 // the windows' stride along a line
  int32_t tile_line, tile_pixel;  // between the windows of consecutive lines, of consecutive outputs
  int32_t out_line, out_pixel;    // the same in an output plane
  bool down;                      // the lines are columns, the tile transposed
  // across the lines (down the rows, or across the columns): the windows' stride and dilation,
  // the padding before the input, the input's extent, the kernel's extent; then the kernel's
  // extent along the lines (the taps of one tap row)
  int32_t across_stride, across_dilation, across_pad, across_extent, across_kernel, along_kernel;
  int32_t inner_first, inner_last;  // the lines that read no padding across: [inner_first, inner_last)
};

// Lanes that passes of four (and a last one of two) compute for `n` outputs.
constexpr int32_t pass_lanes(int32_t n) { return n / 4 * 4 + (n % 4 == 0 ? 0 : n % 4 == 3 ? 4 : 2); }

// The tap rows of a line (across the lines: the layer's taps are ordered by them, then along the
// lines) that read the input: [first, last). The outputs of a line share their input rows
// (columns, for column lines), so a tap row in the padding reads only the zero point for every
// output of the line: the passes skip it, and the line's sums start from the bias plus its
// weights times the zero point (depthwise_quad). A 5x5 window on a 3x3 map reads 3 of its 5 tap
// rows per line; on a 6x6 map, 24 of 30.
struct TapRows {
  int32_t first, last;
};
inline TapRows inside_rows(const Lines& l, int32_t line) {
  const int32_t start = line * l.across_stride - l.across_pad;  // the input row of tap row 0
  const int32_t dilation = l.across_dilation;
  int32_t first = 0, last = l.across_kernel;
  if (start < 0) first = min_of(last, (dilation - 1 - start) / dilation);
  const int32_t beyond = start + (last - 1) * dilation - l.across_extent;  // >= 0: the last tap row is past the input
  if (beyond >= 0) last = max_of(first, last - 1 - beyond / dilation);
  return TapRows{first, last};
}

// A line at the edges, some of whose tap rows read the padding: the taps of the others, [first,
// first + count) in the layer's order.
struct EdgeLine {
  int32_t line, first, count;
};

// The lines of a layer (see Lines), with the range of those inside that read no padding across.
// A line's first tap row is in the padding for the first lines only, its last for the last
// ones: the others are one range.
inline Lines line_plan(const ferry::ConvParams& s) {
  Lines l = s.out_w * pass_lanes(s.out_h) < s.out_h * pass_lanes(s.out_w)
                ? Lines{s.out_w,      s.out_h,      s.stride_h, 4 * s.stride_w * padded_h(s),
                        4 * s.stride_h, 1,          s.out_w,    true,
                        s.stride_w,   s.dilation_w, s.pad_left, s.in_w,
                        s.kernel_w,   s.kernel_h,   0,          0}
                : Lines{s.out_h,      s.out_w,      s.stride_w, 4 * s.stride_h * padded_w(s),
                        4 * s.stride_w, s.out_w,    1,          false,
                        s.stride_h,   s.dilation_h, s.pad_top,  s.in_h,
                        s.kernel_h,   s.kernel_w,   0,          0};
  const auto inner = [&](int32_t line) {
    const TapRows rows = inside_rows(l, line);
    return rows.first == 0 && rows.last == l.across_kernel;
  };
  while (l.inner_first < l.count && !inner(l.inner_first)) ++l.inner_first;
  l.inner_last = l.count;
  while (l.inner_last > l.inner_first && !inner(l.inner_last - 1)) --l.inner_last;
  return l;
}

// How pad_tile gathers four channels' pixels (see there): the byte offsets of the four input
// planes (32-bit, one pixel; 16-bit, two pixels) and of two pixels' words in the tile, which
// depend on the layer only, but for the absent channels of its last four (they read the first
// channel again: their sums are never stored).
struct TileGather {
  uint32x4_t planes;     // j * plane
  uint16x8_t from_pair;  // j * plane, then j * plane + 1
  uint16x8_t into_pair;  // 0, 1, 2, 3, then a column step further on
  int32_t row_step, column_step;
  bool pairs;  // the 16-bit offsets hold them
};

inline TileGather tile_gather(const ferry::ConvParams& s, bool down) {
  const int32_t plane = s.in_h * s.in_w;
  const int32_t row_step = down ? 4 : 4 * padded_w(s), column_step = down ? 4 * padded_h(s) : 4;
  const uint16x8_t channel = vandq_u16(vidupq_n_u16(0, 1), vdupq_n_u16(3));  // 0, 1, 2, 3, 0, 1, 2, 3
  const uint16x8_t second = vshrq_n_u16(vidupq_n_u16(0, 1), 2);             // 0, 0, 0, 0, 1, 1, 1, 1
  return TileGather{vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(plane)),
                    vaddq_u16(vmulq_n_u16(channel, static_cast<uint16_t>(plane)), second),
                    vaddq_u16(channel, vmulq_n_u16(second, static_cast<uint16_t>(column_step))), row_step,
                    column_step, 3 * plane + 1 <= 65535 && column_step + 3 <= 65535};
}

// Copies channels [0, 4) of `input` (planes in_h x in_w) into `tile`, interleaved: byte
// 4 * (py * padded_w + px) + j is channel j at padded row py and column px (transposed: byte
// 4 * (px * padded_h + py) + j); the padding and the room after the plane hold the zero point
// (the whole tile is filled first, as in pad_plane). Two pixels' four channels are one gather
// (VLDRB of eight bytes at 16-bit offsets) and one scatter VSTRB into the tile: two
// instructions per two pixels, where copying each channel's rows into its lane costs a scatter
// per 8 bytes and a loop per row and channel. A last odd pixel, or all of them when the offsets
// exceed 16 bits, one at a time (32-bit offsets). `count`: the channels present.
inline void pad_tile(const ferry::ConvParams& s, const TileGather& gather, int32_t count, const int8_t* input,
                     int8_t zero_point, int8_t* tile) {
  const int32_t columns = min_of(s.in_w, padded_w(s) - s.pad_left);
  const int32_t rows = min_of(s.in_h, padded_h(s) - s.pad_top);
  fill_bytes(tile, zero_point, depthwise_tile_bytes(s));
  const int32_t row_step = gather.row_step, column_step = gather.column_step;
  const uint32x4_t planes = vpselq_u32(gather.planes, vdupq_n_u32(0), vctp32q(count));
  const mve_pred16_t first = vctp16q(count);  // 16-bit lanes j < count, then 4 + j: two predicate bits a lane
  const uint16x8_t from_pair = vpselq_u16(gather.from_pair, vshrq_n_u16(vidupq_n_u16(0, 1), 2),
                                          static_cast<mve_pred16_t>(first | first << 8));
  const uint16x8_t into_pair = gather.into_pair;
  int8_t* to = tile + s.pad_top * row_step + s.pad_left * column_step;
  for (int32_t r = 0; r < rows; ++r, input += s.in_w, to += row_step) {
    int8_t* pixel = to;
    int32_t k = 0;
    if (gather.pairs) {
      for (; k + 2 <= columns; k += 2, pixel += 2 * column_step) {
        vstrbq_scatter_offset_s16(pixel, into_pair, vldrbq_gather_offset_s16(input + k, from_pair));
      }
    }
    for (; k < columns; ++k, pixel += column_step) vstrbq_s32(pixel, vldrbq_gather_offset_s32(input + k, planes));
  }
}

// The four channels' constants: their folded biases, the output stage as vectors (a lane per
// channel), the byte offsets of their output planes, the predicate of the channels present.
struct Quad {
  int32x4_t bias, multiplier, exponent;  // exponent: 32 - right, a rounding right shift after VMULH
  uint32x4_t planes;
  mve_pred16_t lanes;
  bool fast;  // every lane's right = 31 - shift > 32 (see requantize4)
  int32_t count;
  const int32_t* multipliers;
  const int32_t* shifts;
};

// Requantizes the four channels' sums of `count` outputs of a line (a vector per output) and
// stores them in their output planes, `step` bytes apart, a scatter VSTRB per output, the
// constants in registers for the line and the rounding mode decided once; lanes whose
// multiplier is 1/2 or more take output_value().
inline void store_quads(const Quad& q, const OutputStage& stage, const int32x4_t* sums, int32_t count, int8_t* out,
                        int32_t step) {
  if (!q.fast) {
    uint32_t offsets[4];
    vst1q_u32(offsets, q.planes);
    for (int32_t x = 0; x < count; ++x) {
      int32_t lanes[4];
      vst1q_s32(lanes, sums[x]);
      for (int32_t j = 0; j < q.count; ++j) {
        out[offsets[j] + x * step] = output_value(lanes[j], q.multipliers[j], q.shifts[j], stage);
      }
    }
    return;
  }
  const int32x4_t multiplier = q.multiplier, exponent = q.exponent;
  const uint32x4_t planes = q.planes;
  const int32x4_t low = vdupq_n_s32(stage.output_min), high = vdupq_n_s32(stage.output_max);
  const int32_t zero_point = stage.output_zero_point;
  const auto value = [&](int32x4_t acc) {
    const int32x4_t y = vrshlq_s32(vmulhq_s32(acc, multiplier), exponent);
    return vminq_s32(vmaxq_s32(vqaddq_n_s32(y, zero_point), low), high);
  };
  if (q.count == 4) {  // unpredicated stores (a VPST saved per pixel)
    for (int32_t x = 0; x < count; ++x) vstrbq_scatter_offset_s32(out + x * step, planes, value(sums[x]));
    return;
  }
  for (int32_t x = 0; x < count; ++x) vstrbq_scatter_offset_p_s32(out + x * step, planes, value(sums[x]), q.lanes);
}

// The sums of N outputs of a line (N = 4, or 2 for a line's last one or two) of the four channels:
// per tap the tap's offset in the tile and its weight vector, loaded once for the N outputs, then
// per output a VLDRB, a VMUL and a VADD (MVE has no vector-by-vector multiply-accumulate).
template <int32_t N>
inline void depthwise_pass(const int8_t* windows, int32_t pixel, int32_t taps, int32x4_t bias, const int8_t* weights,
                           const int32_t* offsets, int32x4_t* sums) {
  int32x4_t acc[N];
#pragma GCC unroll 4
  for (int32_t k = 0; k < N; ++k) acc[k] = bias;
  for (int32_t t = 0; t < taps; ++t, weights += 4) {
    const int32x4_t weight = vldrbq_s32(weights);
    const int8_t* const tap = windows + offsets[t];
#pragma GCC unroll 4
    for (int32_t k = 0; k < N; ++k) acc[k] = vaddq_s32(acc[k], vmulq_s32(vldrbq_s32(tap + k * pixel), weight));
  }
#pragma GCC unroll 4
  for (int32_t k = 0; k < N; ++k) sums[k] = acc[k];
}

// The output lines of the four channels from their tile: per line, the sums into `sums` (a vector
// per output), then their requantization (store_quads). The sums come in passes of four outputs
// (depthwise_pass: 16 instructions per tap for 16 MACs). The last along % 4 outputs in a pass of
// two when they are one or two (10 instructions per tap), else of four; idle outputs read the
// tile's room. The lines inside take every tap from the bias; each line at the edges (`edges`)
// only its taps that read the input, from its start in `starts` (see inside_rows). Two loops of
// the same body (line_sums): in the first its taps and start stay in registers, as if there
// were no edges. S is the stride along the lines when it is 1 or 2 (the four outputs' words at
// constant offsets from the tap's), else 0. Rolled tap loops on purpose: unrolled, GCC shares
// the loads of overlapping taps, schedules loads and products early, more of them than the eight
// vector registers hold, and spills. A function of its own, not inlined into depthwise_conv: the
// passes then have the registers to themselves.
template <int32_t S>
__attribute__((noinline)) void depthwise_quad(const Lines& lines, int32_t taps, const EdgeLine* edges,
                                              int32_t edge_count, const int32x4_t* starts, const Quad& q,
                                              const OutputStage& stage, const int8_t* tile, const int8_t* weights,
                                              const int32_t* offsets, int32x4_t* sums, int8_t* out) {
  const Lines l = lines;  // a copy: the int8 stores may alias any memory
  const int32_t pixel = S ? 4 * S : l.tile_pixel;
  const int32_t passes = l.along % 4 < 3 ? l.along / 4 : l.along / 4 + 1;
  const bool pair = l.along % 4 == 1 || l.along % 4 == 2;
  const auto line_sums = [&](int32_t line, int32x4_t start, const int8_t* line_weights, const int32_t* line_offsets,
                             int32_t line_taps) {
    const int8_t* windows = tile + line * l.tile_line;
    int32x4_t* sum = sums;
    for (int32_t i = 0; i < passes; ++i, windows += 4 * pixel, sum += 4) {
      depthwise_pass<4>(windows, pixel, line_taps, start, line_weights, line_offsets, sum);
    }
    if (pair) depthwise_pass<2>(windows, pixel, line_taps, start, line_weights, line_offsets, sum);
    store_quads(q, stage, sums, l.along, out + line * l.out_line, l.out_pixel);
  };
  for (int32_t line = l.inner_first; line < l.inner_last; ++line) line_sums(line, q.bias, weights, offsets, taps);
  for (int32_t e = 0; e < edge_count; ++e) {
    const EdgeLine edge = edges[e];
    line_sums(edge.line, starts[e], weights + 4 * edge.first, offsets + edge.first, edge.count);
  }
}

// Depthwise convolution (groups == in_channels == out_channels), Helium's: the arithmetic of
// conv, four channels at a time (see pad_tile): their tile, their weights (four bytes per tap, a
// 16-bit gather of two taps' eight bytes a filter apart), their output stage, then the output
// lines (depthwise_quad). The taps' offsets in the tile and the gathers' offsets in the filters
// are computed once for the layer, in the taps' order (tap rows across the lines: inside_rows).
#if !defined(FERRY_X86_VNNI)
inline void depthwise_conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  const ferry::ConvParams s = p.shape;  // copies: the int8 stores may alias any memory
  const OutputStage stage = p.stage;
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int32_t in_plane = s.in_h * s.in_w, out_plane = s.out_h * s.out_w;
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  const int32_t pairs = (taps + 1) / 2;
  int8_t* const weights = scratch + depthwise_tile_bytes(s);
  int32_t* const offsets = reinterpret_cast<int32_t*>(weights + 16 * ((taps + 3) / 4));
  uint16_t* const gathers = reinterpret_cast<uint16_t*>(offsets + 4 * ((taps + 3) / 4));
  const Lines lines = line_plan(s);
  int32x4_t* const sums = reinterpret_cast<int32x4_t*>(gathers + 8 * pairs);
  int32x4_t* const starts = sums + 4 * ((lines.along + 3) / 4);
  const int32_t edge_count = lines.count - (lines.inner_last - lines.inner_first);
  EdgeLine* const edges = reinterpret_cast<EdgeLine*>(starts + edge_count);
  for (int32_t line = 0, e = 0; line < lines.count; ++line) {
    if (line == lines.inner_first) line = lines.inner_last;
    if (line == lines.count) break;
    const TapRows rows = inside_rows(lines, line);
    edges[e++] = EdgeLine{line, rows.first * lines.along_kernel, (rows.last - rows.first) * lines.along_kernel};
  }
  const TileGather gather = tile_gather(s, lines.down);
  for (int32_t ky = 0; ky < s.kernel_h; ++ky) {  // tap rows across the lines (see inside_rows)
    for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
      const int32_t row = ky * s.dilation_h, column = kx * s.dilation_w;  // in the padded plane
      const int32_t t = lines.down ? kx * s.kernel_h + ky : ky * s.kernel_w + kx;
      offsets[t] = 4 * (lines.down ? column * padded_h(s) + row : row * padded_w(s) + column);
      for (int32_t j = 0; j < 4; ++j) gathers[4 * t + j] = static_cast<uint16_t>(j * taps + ky * s.kernel_w + kx);
    }
  }
  for (int32_t j = 0; j < 4 * (2 * pairs - taps); ++j) gathers[4 * taps + j] = 0;  // an odd last pair's second
  const uint32x4_t planes = vmulq_n_u32(vidupq_n_u32(0, 1), static_cast<uint32_t>(out_plane));
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t c = 0; c < s.in_channels; c += 4) {
      const int32_t count = min_of(4, s.in_channels - c);
      const mve_pred16_t lanes = vctp32q(count);
      pad_tile(s, gather, count, input + (n * s.in_channels + c) * in_plane, zero_point, scratch);
      // absent channels' weights are zeros (predicated off: their filters may lie past the end)
      const auto present = static_cast<mve_pred16_t>(((1u << (2 * count)) - 1) * 0x0101u);
      for (int32_t i = 0; i < pairs; ++i) {
        vstrbq_s16(weights + 8 * i, vldrbq_gather_offset_z_s16(filter + c * taps, vld1q_u16(gathers + 8 * i), present));
      }
      // absent lanes: shift -31, i.e. the fast path's right shift, whatever their sums
      const int32x4_t exponent = vaddq_n_s32(vpselq_s32(vldrwq_z_s32(shift + c, lanes), vdupq_n_s32(-31), lanes), 1);
      const Quad q{vldrwq_z_s32(bias + c, lanes), vldrwq_z_s32(multiplier + c, lanes), exponent, planes, lanes,
                   vmaxvq_s32(INT32_MIN, exponent) < 0, count, multiplier + c, shift + c};
      for (int32_t e = 0; e < edge_count; ++e) {  // the bias and the skipped taps' products
        const EdgeLine edge = edges[e];
        int32x4_t start = q.bias;
        for (int32_t t = 0; t < edge.first; ++t) start = vmlaq_n_s32(start, vldrbq_s32(weights + 4 * t), zero_point);
        for (int32_t t = edge.first + edge.count; t < taps; ++t) {
          start = vmlaq_n_s32(start, vldrbq_s32(weights + 4 * t), zero_point);
        }
        starts[e] = start;
      }
      int8_t* const out = output + (n * s.in_channels + c) * out_plane;
      for (int32_t y = 0; y < s.out_h; ++y) {
        for (int32_t x = 0; x < s.out_w; ++x) FERRY_COUNT_MACS(count * conv_taps_inside(s, y, x));
      }
      if (lines.stride == 1) {
        depthwise_quad<1>(lines, taps, edges, edge_count, starts, q, stage, scratch, weights, offsets, sums, out);
      } else if (lines.stride == 2) {
        depthwise_quad<2>(lines, taps, edges, edge_count, starts, q, stage, scratch, weights, offsets, sums, out);
      } else {
        depthwise_quad<0>(lines, taps, edges, edge_count, starts, q, stage, scratch, weights, offsets, sums, out);
      }
    }
  }
}
#endif
#else
// Copies one input channel plane into `padded` (padded_h x padded_w), the padding and the room
// after it holding the zero point: the windows then need no test per tap. The whole buffer is
// filled first, then the input rows are copied in: two long runs instead of three short ones per
// row.
inline void pad_plane(const ferry::ConvParams& s, const int8_t* plane, int8_t zero_point, int8_t* padded) {
  const int32_t height = padded_h(s), width = padded_w(s);
  const int32_t columns = min_of(s.in_w, width - s.pad_left);
  const int32_t rows = min_of(s.in_h, height - s.pad_top);
  fill_bytes(padded, zero_point, padded_plane_bytes(s));
  copy_rows(padded + s.pad_top * width + s.pad_left, width, plane, s.in_w, rows, columns);
}

// The depthwise window: KH x KW when given at compile time (3x3 and 5x5 without dilation, the
// common ones, whose tap loops the compiler then unrolls into loads at constant offsets), else
// the layer's (0). The taps' weights are copied into
// `local` when their number is known: a local array that the int8 stores of the outputs cannot
// alias, so the compiler keeps the weights in registers for the whole channel instead of
// reloading them for every pass.
template <int32_t KH, int32_t KW>
struct Window {
  static constexpr int32_t kTaps = KH * KW;
  const int32_t height, width, row_step, column_step;  // the dilations: 1 for a fixed window
  const int8_t* const filter;
  int8_t local[kTaps > 0 ? kTaps : 1];
  Window(const ferry::ConvParams& s, const int8_t* weights)
      : height(KH ? KH : s.kernel_h), width(KW ? KW : s.kernel_w), row_step(KH ? 1 : s.dilation_h),
        column_step(KW ? 1 : s.dilation_w), filter(weights), local{} {
#pragma GCC unroll 25
    for (int32_t t = 0; t < kTaps; ++t) local[t] = weights[t];
  }
  int32_t weight(int32_t ky, int32_t kx) const { return kTaps > 0 ? local[ky * KW + kx] : filter[ky * width + kx]; }
};

// Four outputs of one channel whose windows lie `step` bytes apart in the padded plane: each
// weight is loaded once for the four sums, which stay in four registers.
template <int32_t KH, int32_t KW>
inline Sums4 depthwise4(const Window<KH, KW>& k, const int8_t* window, int32_t width,
                        int32_t step) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
#pragma GCC unroll 5
  for (int32_t ky = 0; ky < (KH ? KH : k.height); ++ky) {
    const int8_t* row = window + ky * (KH ? 1 : k.row_step) * width;
#pragma GCC unroll 5
    for (int32_t kx = 0; kx < (KW ? KW : k.width); ++kx) {
      const int32_t weight = k.weight(ky, kx);
      const int8_t* tap = row + kx * (KW ? 1 : k.column_step);
      a0 += tap[0] * weight;
      a1 += tap[step] * weight;
      a2 += tap[2 * step] * weight;
      a3 += tap[3 * step] * weight;
    }
  }
  return Sums4{{a0, a1, a2, a3}};
}

// The planes of a depthwise convolution for one window size (see depthwise_conv): per channel,
// lines of outputs in passes of four, along the rows or down the columns (whichever wastes fewer
// lanes), each pass requantized at once (store4).
template <int32_t KH, int32_t KW>
inline void depthwise_planes(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                             const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  // Copies: the int8 stores below may alias any memory, and the compiler would reload every
  // parameter after each of them.
  const ferry::ConvParams s = p.shape;
  const OutputStage stage = p.stage;
  const int32_t width = padded_w(s);
  const int32_t taps = s.kernel_h * s.kernel_w;
  const int8_t zero_point = static_cast<int8_t>(stage.input_zero_point);
  const bool down = s.out_w * ((s.out_h + 3) / 4) < s.out_h * ((s.out_w + 3) / 4);
  const int32_t along = down ? s.out_h : s.out_w, lines = down ? s.out_w : s.out_h;
  const int32_t in_step = down ? s.stride_h * width : s.stride_w;  // between the four windows
  const int32_t in_line = down ? s.stride_w : s.stride_h * width;
  const int32_t out_step = down ? s.out_w : 1, out_line = down ? 1 : s.out_w;
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t c = 0; c < s.in_channels; ++c) {
      const int32_t plane = n * s.in_channels + c;
      const int32_t channel_bias = bias[c], channel_multiplier = multiplier[c], channel_shift = shift[c];
      const Window<KH, KW> k(s, filter + c * taps);
      pad_plane(s, input + plane * s.in_h * s.in_w, zero_point, scratch);
      int8_t* const out = output + plane * s.out_h * s.out_w;
      for (int32_t line = 0; line < lines; ++line) {
        const int8_t* windows = scratch + line * in_line;
        for (int32_t first = 0; first < along; first += 4) {
          const int32_t count = min_of(4, along - first);
          for (int32_t i = 0; i < count; ++i) {
            FERRY_COUNT_MACS(down ? conv_taps_inside(s, first + i, line) : conv_taps_inside(s, line, first + i));
          }
          const Sums4 sums = depthwise4<KH, KW>(k, windows + first * in_step, width, in_step);
          store4(sums, channel_bias, channel_multiplier, channel_shift, stage,
                 out + line * out_line + first * out_step, out_step, count);
        }
      }
    }
  }
}
#endif

// Depthwise convolution (groups == in_channels == out_channels), the portable and DSP variants:
// the arithmetic of conv, one channel at a time. Each input plane is first copied with its
// padding into the scratch buffer (depthwise_scratch_size(p) bytes, in the arena); then the
// outputs are computed four per pass,
// along the rows, or down the columns when that wastes fewer lanes (DS-CNN's 25x5 maps: rows of
// 5 are passes of 4 + 1, columns of 25 six passes of 4 + 1), and requantized four at a time. A
// line's last pass computes all four lanes, its idle ones on windows in the room after the plane
// (no slower path for a short pass), and stores only its outputs. conv would copy every 3x3
// window, 9 bytes for 9 MACs, and run a dot product only 9 long.
#if !defined(FERRY_X86_VNNI) && !defined(FERRY_X86_AVX2) && !defined(FERRY_HELIUM)
inline void depthwise_conv(const ConvParams& p, const int8_t* input, const int8_t* filter, const int32_t* bias,
                           const int32_t* multiplier, const int32_t* shift, int8_t* output, int8_t* scratch) {
  const int32_t kh = p.shape.kernel_h, kw = p.shape.kernel_w;
  const bool dilated = p.shape.dilation_h != 1 || p.shape.dilation_w != 1;
  if (kh == 3 && kw == 3 && !dilated) {
    depthwise_planes<3, 3>(p, input, filter, bias, multiplier, shift, output, scratch);
  } else if (kh == 5 && kw == 5 && !dilated) {
    depthwise_planes<5, 5>(p, input, filter, bias, multiplier, shift, output, scratch);
  } else {
    depthwise_planes<0, 0>(p, input, filter, bias, multiplier, shift, output, scratch);
  }
}
#endif

// ---- fully connected ------------------------------------------------------------------------

struct GemmParams {
  int32_t rows, cols, depth;  // input [rows, depth], filter [cols, depth], output [rows, cols]
  OutputStage stage;
};

// Fully connected with per-output-channel requantization (Gemm, MatMul by a constant): the int8
// input row is read in place (no copy), `bias` is the folded bias' of the header comment.
#if defined(FERRY_HELIUM)
// Helium's: four output columns per pass. dot4 with its operands' roles swapped, the input row
// loaded once per 16 elements for four filter rows `depth` bytes apart; then the four channels'
// sums requantized as one vector, requantize4's arithmetic with a multiplier and a shift per lane
// (VQDMULH, VRSHL by a vector of shifts) when every lane's shift is negative, else output_value()
// lane by lane. dot4 reads its first operand up to 15 bytes past the depth, into the next filter
// row: the last four columns take a pass only when the depth is a multiple of 16, the columns
// left one dot() each.
inline void gemm(const GemmParams& params, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  const GemmParams p = params;  // a copy, as in depthwise_conv
  const int32x4_t low = vdupq_n_s32(p.stage.output_min), high = vdupq_n_s32(p.stage.output_max);
  for (int32_t r = 0; r < p.rows; ++r) {
    const int8_t* x = input + r * p.depth;
    int8_t* y = output + r * p.cols;
    FERRY_COUNT_MACS(p.cols * p.depth);
    int32_t c = 0;
    for (; c + 4 <= p.cols && (p.depth % 16 == 0 || c + 4 < p.cols); c += 4) {
      const int32x4_t acc = vaddq_s32(dot4(filter + c * p.depth, p.depth, x, p.depth), vld1q_s32(bias + c));
      const int32x4_t shifts = vld1q_s32(shift + c);
      if (vmaxvq_s32(INT32_MIN, shifts) < 0) {
        const int32x4_t value = vrshlq_s32(vqdmulhq_s32(acc, vld1q_s32(multiplier + c)), shifts);
        vstrbq_s32(y + c, vminq_s32(vmaxq_s32(vqaddq_n_s32(value, p.stage.output_zero_point), low), high));
        continue;
      }
      int32_t sums[4];
      vst1q_s32(sums, acc);
      for (int32_t j = 0; j < 4; ++j) y[c + j] = output_value(sums[j], multiplier[c + j], shift[c + j], p.stage);
    }
    for (; c < p.cols; ++c) {
      y[c] = output_value(bias[c] + dot(x, filter + c * p.depth, p.depth), multiplier[c], shift[c], p.stage);
    }
  }
}
#else
inline void gemm(const GemmParams& params, const int8_t* input, const int8_t* filter, const int32_t* bias,
                 const int32_t* multiplier, const int32_t* shift, int8_t* output) {
  const GemmParams p = params;  // a copy, as in depthwise_conv
  for (int32_t r = 0; r < p.rows; ++r) {
    const int8_t* x = input + r * p.depth;
    FERRY_COUNT_MACS(p.cols * p.depth);
    for (int32_t c = 0; c < p.cols; ++c) {
      const int32_t acc = bias[c] + dot(x, filter + c * p.depth, p.depth);
      output[r * p.cols + c] = output_value(acc, multiplier[c], shift[c], p.stage);
    }
  }
}
#endif

}  // namespace q
}  // namespace ferry

#if defined(FERRY_X86_VNNI) || defined(FERRY_X86_AVX2)
#include "ferry_int8_conv_x86.h"
#endif
