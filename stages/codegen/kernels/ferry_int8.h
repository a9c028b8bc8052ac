// ferry kernels: int8 (TFLite int8 scheme, docs/design.md, principle 6). No floating point anywhere:
// every real-valued factor was folded at codegen time into an int32 multiplier and shift, a
// 256-entry table, or an integer constant. Each kernel's Python twin in stages/common/golden.py
// computes the same integers; the evaluate stage checks them equal, layer by layer.
#pragma once

#include "ferry_common.h"
#include "ferry_conv.h"
#include "ferry_elementwise.h"
#include "ferry_int8_conv.h"
#include "ferry_matmul.h"
#include "ferry_requantize.h"

namespace ferry {
namespace q {

struct ConvTransposeParams {
  ferry::ConvTransposeParams shape;
  OutputStage stage;
};

// Per-channel quantized transposed convolution, written as a gather like the float
// ferry::conv_transpose: acc = bias + sum((x - zx) * w) over the input taps that scatter onto the
// output, then the per-channel output stage. Filter layout [in, out / groups, kd, kh, kw].
inline void conv_transpose(const ConvTransposeParams& p, const int8_t* input, const int8_t* filter,
                           const int32_t* bias, const int32_t* multiplier, const int32_t* shift,
                           int8_t* output) {
  const ferry::ConvTransposeParams& s = p.shape;
  const int32_t in_per_group = s.in_channels / s.groups;
  const int32_t out_per_group = s.out_channels / s.groups;
  const int32_t kernel_size = s.kernel_d * s.kernel_h * s.kernel_w;
  const int32_t in_plane = s.in_d * s.in_h * s.in_w;
  for (int32_t n = 0; n < s.batch; ++n) {
    for (int32_t oc = 0; oc < s.out_channels; ++oc) {
      const int32_t group = oc / out_per_group;
      const int32_t oc_in_group = oc % out_per_group;
      for (int32_t oz = 0; oz < s.out_d; ++oz) {
        for (int32_t oy = 0; oy < s.out_h; ++oy) {
          for (int32_t ox = 0; ox < s.out_w; ++ox) {
            int32_t acc = bias[oc];
            for (int32_t ic = 0; ic < in_per_group; ++ic) {
              const int32_t c = group * in_per_group + ic;
              const int8_t* x = input + (n * s.in_channels + c) * in_plane;
              const int8_t* w = filter + (c * out_per_group + oc_in_group) * kernel_size;
              for (int32_t kz = 0; kz < s.kernel_d; ++kz) {
                const int32_t iz =
                    transposed_source(oz, kz, s.stride_d, s.dilation_d, s.pad_front, s.in_d);
                if (iz < 0) continue;
                for (int32_t ky = 0; ky < s.kernel_h; ++ky) {
                  const int32_t iy =
                      transposed_source(oy, ky, s.stride_h, s.dilation_h, s.pad_top, s.in_h);
                  if (iy < 0) continue;
                  for (int32_t kx = 0; kx < s.kernel_w; ++kx) {
                    const int32_t ix =
                        transposed_source(ox, kx, s.stride_w, s.dilation_w, s.pad_left, s.in_w);
                    if (ix < 0) continue;
                    FERRY_COUNT_MACS(1);
                    acc += (x[(iz * s.in_h + iy) * s.in_w + ix] - p.stage.input_zero_point) *
                           w[(kz * s.kernel_h + ky) * s.kernel_w + kx];
                  }
                }
              }
            }
            const int32_t plane = n * s.out_channels + oc;
            output[((plane * s.out_d + oz) * s.out_h + oy) * s.out_w + ox] =
                output_value(acc, multiplier[oc], shift[oc], p.stage);
          }
        }
      }
    }
  }
}

struct MatMulParams {
  ferry::MatMulParams shape;  // batches of [m, k] x [k, n], broadcast as numpy
  int32_t a_zero_point, b_zero_point;
  int32_t multiplier, shift;  // a scale * b scale / output scale
  int32_t output_zero_point, output_min, output_max;
};

// MatMul of two activations (attention: Q K^T, then P V), each with its own zero point:
// acc = sum_k (a - za)(b - zb), requantized as gemm. int8 operands: |acc| < k * 2^16, in int32 for
// k < 2^15, `requantize`; int16 operands (q16::matmul): products up to 2^32, in int64,
// `requantize_wide`. B is read down its columns; the matrices of attention stay in cache.
template <typename T, typename Acc, int32_t (*Requantize)(int64_t, int32_t, int32_t)>
inline void matmul_of_activations(const MatMulParams& p, const T* a, const T* b, T* y) {
  const ferry::MatMulParams& s = p.shape;
  for (int32_t batch = 0; batch < s.batch; ++batch) {
    int32_t a_at, b_at;
    ferry::matmul_offsets(s, batch, &a_at, &b_at);
    const T* a_matrix = a + a_at;
    const T* b_matrix = b + b_at;
    T* y_matrix = y + batch * s.m * s.n;
    for (int32_t i = 0; i < s.m; ++i) {
      for (int32_t j = 0; j < s.n; ++j) {
        Acc acc = 0;
        FERRY_COUNT_MACS(s.k);
        for (int32_t kk = 0; kk < s.k; ++kk) {
          acc += static_cast<Acc>(a_matrix[i * s.k + kk] - p.a_zero_point) * (b_matrix[kk * s.n + j] - p.b_zero_point);
        }
        const int32_t value = Requantize(acc, p.multiplier, p.shift) + p.output_zero_point;
        y_matrix[i * s.n + j] = static_cast<T>(min_of(max_of(value, p.output_min), p.output_max));
      }
    }
  }
}

inline void matmul(const MatMulParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
  matmul_of_activations<int8_t, int32_t, requantize>(p, a, b, y);
}

struct AddParams {
  ferry::BroadcastParams shape;
  int32_t a_zero_point, b_zero_point;
  int32_t a_multiplier, b_multiplier, shift;  // both operands in one fixed point, 2^-shift
  int32_t output_zero_point, output_min, output_max;
};

// The elements of a broadcast whose operands both have the output's shape (no broadcasting),
// or 0 when one of them is broadcast.
inline int32_t same_shape_size(const ferry::BroadcastParams& s) {
  int32_t size = 1;
  for (int32_t d = s.rank - 1; d >= 0; --d) {
    if (s.a_strides[d] != size || s.b_strides[d] != size) return 0;
    size *= s.dims[d];
  }
  return size;
}

#if defined(FERRY_X86_VNNI)
// (GCC bug 105593: see ferry_int8_conv_x86.h, whose intrinsics and low_bits this uses.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
// add() of 16 elements at once (operands of the output's shape, ResNet's and MobileNet's residual
// adds): the bytes widened to int32 lanes, the two products summed in 64-bit lanes (VPMULDQ of
// the even and the odd lanes), rounded and shifted (VPSRAQ), the low 32 bits kept as
// static_cast<int32_t> keeps them, the zero point and the clamp in 32 bits: add()'s integers.
inline void add_same_shape(const AddParams& p, const int8_t* a, const int8_t* b, int8_t* y, int32_t size) {
  const __m512i za = _mm512_set1_epi32(p.a_zero_point), zb = _mm512_set1_epi32(p.b_zero_point);
  const __m512i ma = _mm512_set1_epi32(p.a_multiplier), mb = _mm512_set1_epi32(p.b_multiplier);
  const __m512i half = _mm512_set1_epi64(int64_t{1} << (p.shift - 1));
  const __m128i count = _mm_cvtsi32_si128(p.shift);
  const __m512i zy = _mm512_set1_epi32(p.output_zero_point);
  const __m512i low = _mm512_set1_epi32(p.output_min), high = _mm512_set1_epi32(p.output_max);
  const auto scaled = [&](__m512i da, __m512i db) {  // the even lanes of da * ma + db * mb, rounded
    return _mm512_sra_epi64(_mm512_add_epi64(_mm512_add_epi64(_mm512_mul_epi32(da, ma), _mm512_mul_epi32(db, mb)), half),
                            count);
  };
  for (int32_t i = 0; i < size; i += 16) {
    const __mmask16 lanes = static_cast<__mmask16>(low_bits(size - i));
    const __m512i da = _mm512_sub_epi32(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(lanes, a + i)), za);
    const __m512i db = _mm512_sub_epi32(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(lanes, b + i)), zb);
    const __m512i even = scaled(da, db);
    const __m512i odd = scaled(_mm512_srli_epi64(da, 32), _mm512_srli_epi64(db, 32));
    __m512i sum = _mm512_add_epi32(_mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32)), zy);
    sum = _mm512_min_epi32(_mm512_max_epi32(sum, low), high);
    _mm_mask_storeu_epi8(y + i, lanes, _mm512_cvtepi32_epi8(sum));
  }
}
#pragma GCC diagnostic pop
#endif

#if defined(FERRY_HELIUM)
// add() of four elements at once (operands of the output's shape). add()'s sum
// (a - za)*Ma + (b - zb)*Mb needs 64 bits (|a - za| <= 255, |M| <= 2^30), which Helium's lanes do
// not have. With each multiplier split as M = Mh*2^16 + Ml (Mh = M >> 16, 0 <= Ml < 2^16) the sum
// is H*2^16 + L with H = da*Mah + db*Mbh (|H| < 2^23) and L = da*Mal + db*Mbl (|L| < 2^25), both
// int32, and for 17 <= shift <= 46
//   floor((H*2^16 + L + 2^(shift-1)) / 2^shift) = (H + (L >> 16) + 2^(shift-17)) >> (shift - 16)
// exactly: the bits of L below 2^16 cannot carry past a multiple of 2^16. About 16 instructions
// per four elements, where the 64-bit scalar loop takes about 33 per element.
constexpr bool add_splits(const AddParams& p) { return p.shift >= 17 && p.shift <= 46; }

// add_same_shape's arithmetic on four lanes, with its constants.
struct SplitAdd {
  int32_t a_high, a_low, b_high, b_low;  // the multipliers' halves
  int32_t low_offset, high_offset;       // the zero points' share of L and of H, and the rounding
  int32x4_t right, output_min, output_max;
  int32_t output_zero_point;

  explicit SplitAdd(const AddParams& p)
      : a_high(p.a_multiplier >> 16), a_low(p.a_multiplier & 0xFFFF), b_high(p.b_multiplier >> 16),
        b_low(p.b_multiplier & 0xFFFF), low_offset(-(p.a_zero_point * a_low + p.b_zero_point * b_low)),
        high_offset((int32_t{1} << (p.shift - 17)) - (p.a_zero_point * a_high + p.b_zero_point * b_high)),
        right(vdupq_n_s32(16 - p.shift)), output_min(vdupq_n_s32(p.output_min)),
        output_max(vdupq_n_s32(p.output_max)), output_zero_point(p.output_zero_point) {}

  // The zero points enter as constants (L = a*Mal + b*Mbl - za*Mal - zb*Mbl is the same integer),
  // and VSHL by a negative count is an arithmetic shift right.
  int32x4_t operator()(int32x4_t a, int32x4_t b) const {
    const int32x4_t lower = vaddq_n_s32(vmlaq_n_s32(vmulq_n_s32(a, a_low), b, b_low), low_offset);
    const int32x4_t upper = vmlaq_n_s32(vmulq_n_s32(a, a_high), b, b_high);
    const int32x4_t sum = vaddq_n_s32(vaddq_s32(upper, vshrq_n_s32(lower, 16)), high_offset);
    const int32x4_t value = vaddq_n_s32(vshlq_s32(sum, right), output_zero_point);
    return vminq_s32(vmaxq_s32(value, output_min), output_max);
  }
};

inline void add_same_shape(const AddParams& p, const int8_t* a, const int8_t* b, int8_t* y, int32_t size) {
  const SplitAdd add4(p);  // locals: the int8 stores cannot alias them (p's fields were reloaded per store)
  int32_t i = 0;
  for (; i + 4 <= size; i += 4) vstrbq_s32(y + i, add4(vldrbq_s32(a + i), vldrbq_s32(b + i)));
  if (i < size) {
    const mve_pred16_t lanes = vctp32q(size - i);
    vstrbq_p_s32(y + i, add4(vldrbq_z_s32(a + i, lanes), vldrbq_z_s32(b + i, lanes)), lanes);
  }
}
#endif

// y = ((a - za) * Ma + (b - zb) * Mb) * 2^-shift + zy, one rounding; Sub has Mb < 0.
inline void add(const AddParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
#if defined(FERRY_X86_VNNI)
  if (const int32_t size = same_shape_size(p.shape)) {
    add_same_shape(p, a, b, y, size);
    return;
  }
#elif defined(FERRY_HELIUM)
  if (const int32_t size = same_shape_size(p.shape); size && add_splits(p)) {
    add_same_shape(p, a, b, y, size);
    return;
  }
#endif
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

#if defined(FERRY_HELIUM)
// mul() of one broadcast row, four lanes at once: the products (a - za)(b - zb) (|.| <= 255^2, int32),
// requantize4, the zero point added with saturation (requantize4 leaves the +-2^30 limit to it),
// the clamp, a narrowing store. An operand broadcast along the row (step 0: a squeeze-excite scale)
// is one vector for the whole row.
inline void mul_row(const MulParams& p, const int8_t* a, int32_t a_step, const int8_t* b, int32_t b_step,
                    int8_t* y, int32_t count) {
  const int32_t multiplier = p.multiplier, shift = p.shift, zero_point = p.output_zero_point;
  const int32x4_t low = vdupq_n_s32(p.output_min), high = vdupq_n_s32(p.output_max);
  const int32x4_t a_fixed = vdupq_n_s32(a[0] - p.a_zero_point), b_fixed = vdupq_n_s32(b[0] - p.b_zero_point);
  const int32_t a_zero_point = p.a_zero_point, b_zero_point = p.b_zero_point;
  for (int32_t i = 0; i < count; i += 4) {
    const mve_pred16_t lanes = vctp32q(count - i);
    const int32x4_t da = a_step ? vsubq_n_s32(vldrbq_z_s32(a + i, lanes), a_zero_point) : a_fixed;
    const int32x4_t db = b_step ? vsubq_n_s32(vldrbq_z_s32(b + i, lanes), b_zero_point) : b_fixed;
    const int32x4_t value = vqaddq_n_s32(requantize4(vmulq_s32(da, db), multiplier, shift), zero_point);
    vstrbq_p_s32(y + i, vminq_s32(vmaxq_s32(value, low), high), lanes);
  }
}
#endif

inline void mul(const MulParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
#if defined(FERRY_HELIUM)
  broadcast_rows(p.shape, a, b, y, [&p](const int8_t* a_row, int32_t a_step, const int8_t* b_row, int32_t b_step,
                                        int8_t* y_row, int32_t count) {
    mul_row(p, a_row, a_step, b_row, b_step, y_row, count);
  });
#else
  broadcast_binary(p.shape, a, b, y, [&p](int8_t x1, int8_t x2) {
    const int32_t product = (x1 - p.a_zero_point) * (x2 - p.b_zero_point);
    const int32_t scaled = requantize(product, p.multiplier, p.shift) + p.output_zero_point;
    return saturate(scaled, p.output_min, p.output_max);
  });
#endif
}

struct DivParams {
  ferry::BroadcastParams shape;
  int32_t a_zero_point, b_zero_point;
  int32_t multiplier, shift;  // a scale / (b scale * output scale)
  int32_t output_zero_point;
};

// |(a - za) * multiplier| < 2^39: shifted right by more than 40 it is below 1/4 and rounds to 0.
constexpr int32_t kDivMaxRight = 40;

// Division of two int8 operands (Div of two activations, or by a constant tensor): with
// n = (a - za) * multiplier and d = b - zb, y = zy + round(n / (d * 2^(31 - shift))), one
// division rounding half away from zero, in 64-bit integers. d = 0 saturates towards the sign of
// n (x / 0 is +-infinity, which QuantizeLinear saturates), 0 / 0 gives zy.
inline void divide(const DivParams& p, const int8_t* a, const int8_t* b, int8_t* y) {
  const int32_t right = 31 - p.shift;
  broadcast_binary(p.shape, a, b, y, [&p, right](int8_t x1, int8_t x2) {
    const int64_t numerator = static_cast<int64_t>(x1 - p.a_zero_point) * p.multiplier;
    const int32_t divisor = x2 - p.b_zero_point;
    int64_t quotient = 0;
    if (divisor == 0) {
      quotient = numerator > 0 ? (int64_t{1} << 30) : numerator < 0 ? -(int64_t{1} << 30) : 0;
    } else if (right <= kDivMaxRight) {
      const int64_t magnitude = round_divide<int64_t>(numerator, int64_t{divisor < 0 ? -divisor : divisor} << right);
      quotient = divisor < 0 ? -magnitude : magnitude;
    }
    return saturate(static_cast<int32_t>(min_of<int64_t>(max_of<int64_t>(quotient, -128 - p.output_zero_point),
                                                         127 - p.output_zero_point)) + p.output_zero_point,
                    -128, 127);
  });
}

struct ReduceParams {
  int32_t outer, reduced, inner;  // x viewed as [outer, reduced, inner], y as [outer, inner]
  int32_t input_zero_point, multiplier, shift, output_zero_point;
};

// ReduceSum and ReduceMean over one run of axes: an int32 sum of x - zx (reduced * 255 < 2^31,
// checked by codegen), then one requantization, the mean's 1 / count folded into the multiplier.
inline void reduce_sum(const ReduceParams& p, const int8_t* x, int8_t* y) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t i = 0; i < p.inner; ++i) {
      int32_t acc = 0;
      for (int32_t r = 0; r < p.reduced; ++r) acc += x[(o * p.reduced + r) * p.inner + i] - p.input_zero_point;
      y[o * p.inner + i] = saturate(requantize(acc, p.multiplier, p.shift) + p.output_zero_point, -128, 127);
    }
  }
}

// LRN: sums of squares below 2^kLrnIndexBits index the table directly; above, each octave has
// 2^(kLrnIndexBits - 1) entries, interpolated linearly (golden.LRN_INDEX_BITS).
constexpr int32_t kLrnIndexBits = 7;

// The table at sum of squares s: table[s] below 2^K; above, with e = bit length(s) - K and
// m = s >> e, the entries of m * 2^e and (m + 1) * 2^e interpolated by the low e bits of s,
// rounding half up (golden.lrn_factor).
inline int32_t lrn_factor(const int32_t* table, int32_t s) {
  if (s < (1 << kLrnIndexBits)) return table[s];
  int32_t octave = 0;
  while ((s >> octave) >= (1 << kLrnIndexBits)) ++octave;
  const int32_t mantissa = s >> octave;
  const int32_t index = (1 << kLrnIndexBits) + (octave - 1) * (1 << (kLrnIndexBits - 1)) + mantissa -
                        (1 << (kLrnIndexBits - 1));
  const int64_t fraction = s - (mantissa << octave);
  const int64_t step = int64_t{table[index + 1]} - table[index];
  return table[index] + static_cast<int32_t>((step * fraction + ((int64_t{1} << octave) >> 1)) >> octave);
}

struct LrnParams {
  int32_t batch, channels, inner;  // x is [batch, channels, inner...]
  int32_t before, after;           // channels summed below and above c
  int32_t input_zero_point, multiplier, shift, output_zero_point;
};

// Local response normalization across channels: s = sum of (x - zx)^2 over the channel window
// (int32: window * 255^2 < 2^31, checked by codegen), g = lrn_factor(table, s), the Q-format value
// of (bias + alpha / size * sx^2 * s)^-beta, y = zy + requantize((x - zx) * g).
inline void lrn(const LrnParams& p, const int32_t* table, const int8_t* x, int8_t* y) {
  for (int32_t n = 0; n < p.batch; ++n) {
    const int8_t* xn = x + n * p.channels * p.inner;
    int8_t* yn = y + n * p.channels * p.inner;
    for (int32_t c = 0; c < p.channels; ++c) {
      const int32_t first = c - p.before < 0 ? 0 : c - p.before;
      const int32_t last = c + p.after >= p.channels ? p.channels - 1 : c + p.after;
      for (int32_t i = 0; i < p.inner; ++i) {
        int32_t squares = 0;
        for (int32_t k = first; k <= last; ++k) {
          const int32_t d = xn[k * p.inner + i] - p.input_zero_point;
          squares += d * d;
        }
        const int32_t d = xn[c * p.inner + i] - p.input_zero_point;
        yn[c * p.inner + i] = saturate(
            requantize(int64_t{d} * lrn_factor(table, squares), p.multiplier, p.shift) + p.output_zero_point,
            -128, 127);
      }
    }
  }
}

// Any int8 -> int8 function: activations and requantization. table has 256 entries, for -128..127.
#if defined(FERRY_HELIUM)
// Sixteen lookups per gather load (VLDRB.U8 with a vector of byte offsets): the offsets are the
// inputs' bits with the top one flipped, x + 128 as uint8. Four instructions per 16 elements.
inline void lookup(const int8_t* table, const int8_t* x, int8_t* y, int32_t size) {
  const uint8x16_t flip = vdupq_n_u8(0x80);
  for (int32_t i = 0; i < size; i += 16) {
    const mve_pred16_t lanes = vctp8q(size - i);
    const uint8x16_t offsets = veorq_u8(vldrbq_z_u8(reinterpret_cast<const uint8_t*>(x + i), lanes), flip);
    vstrbq_p_s8(y + i, vldrbq_gather_offset_z_s8(table, offsets, lanes), lanes);
  }
}
#else
inline void lookup(const int8_t* table, const int8_t* x, int8_t* y, int32_t size) {
  for (int32_t i = 0; i < size; ++i) y[i] = table[x[i] + 128];
}
#endif

struct AveragePoolParams {
  int32_t planes, in_h, in_w, out_h, out_w;
  int32_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left;
  int32_t count_include_pad;
  int32_t input_zero_point, fraction_bits, multiplier, shift, output_zero_point;
};

// The window mean kept with fraction_bits more bits (rounded half away from zero), then one
// requantization by s_x / (s_y * 2^fraction_bits): rounding the mean to whole input steps first
// would round twice (up to s_x / (2 s_y) output steps off what the QDQ model means).
// The taps of a window that fall inside the input are a rectangle: its rows are summed as runs of
// bytes (sum_bytes), the whole rectangle as one run when it spans full input rows (a global
// pool), instead of a test per tap.
inline void average_pool(const AveragePoolParams& params, const int8_t* input, int8_t* output) {
  const AveragePoolParams p = params;  // a copy: the int8 stores below may alias it
  for (int32_t c = 0; c < p.planes; ++c) {
    const int8_t* plane = input + c * p.in_h * p.in_w;
    for (int32_t oy = 0; oy < p.out_h; ++oy) {
      const int32_t top = oy * p.stride_h - p.pad_top;
      const int32_t y0 = max_of(top, 0), y1 = min_of(top + p.kernel_h, p.in_h);
      for (int32_t ox = 0; ox < p.out_w; ++ox) {
        const int32_t left = ox * p.stride_w - p.pad_left;
        const int32_t x0 = max_of(left, 0), x1 = min_of(left + p.kernel_w, p.in_w);
        const int32_t rows = max_of(y1 - y0, 0), columns = max_of(x1 - x0, 0);
        int32_t sum = 0;
        if (columns == p.in_w) {
          sum = sum_bytes(plane + y0 * p.in_w, rows * columns);
        } else {
          for (int32_t iy = y0; iy < y1; ++iy) sum += sum_bytes(plane + iy * p.in_w + x0, columns);
        }
        const int32_t valid = rows * columns;
        sum -= valid * p.input_zero_point;
        const int32_t count = p.count_include_pad ? p.kernel_h * p.kernel_w : max_of(valid, 1);
        // |sum| * 2^fraction_bits < 2^31 (codegen's choice of fraction_bits): a 32-bit division,
        // one UDIV where the 64-bit one is a library call of about a hundred instructions
        const int32_t mean = round_divide<int32_t>(sum * (int32_t{1} << p.fraction_bits), count);
        const int32_t y = requantize(mean, p.multiplier, p.shift) + p.output_zero_point;
        output[(c * p.out_h + oy) * p.out_w + ox] = saturate(y, -128, 127);
      }
    }
  }
}

// floor(sqrt(value)), bit by bit (no floating point).
inline int64_t isqrt(uint64_t value) {
  uint64_t root = 0;
  uint64_t bit = uint64_t{1} << 62;
  while (bit > value) bit >>= 2;
  while (bit != 0) {
    if (value >= root + bit) {
      value -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return static_cast<int64_t>(root);
}

// Fraction bits of the normalized value t (golden.NORM_BITS).
constexpr int32_t kNormBits = 20;
// At most this many fraction bits of the root r: |d| * 2^(kNormBits + bits) < 2^62 for |d| < 2^23.
constexpr int32_t kMaxRootBits = 62 - 23 - kNormBits;

struct LayerNormParams {
  int32_t rows, channels;  // x viewed as [rows, channels], normalized along channels
  int64_t epsilon;         // round(eps * C^3 / s_x^2): eps in the units of sum(d^2)
  int32_t shift;           // fraction bits of gamma and beta
  int32_t input_zero_point, output_zero_point;
};

// Integer-only LayerNorm (the scheme of I-BERT, Kim et al. 2021, with an exact integer mean):
// in input steps, d = C * (x - zx) - sum(x - zx) is C * (x - mean) exactly, with no rounding of
// the mean; sum(d^2) = C^3 var / s_x^2, so (x - mean) / sqrt(var + eps) = sqrt(C) * d / r with
// r = isqrt(sum(d^2) + epsilon), taken with `bits` fraction bits (the sum times 4^bits, as many as
// stay below 2^62: a whole-number root is up to 1/r off, which moved outputs by one step against
// the QDQ model's float LayerNorm). t = d * 2^20 / r (rounded) keeps 20 fraction bits in int64;
// sqrt(C), gamma, beta and the output scale are folded into the integers gamma[c], beta[c] with
// `shift` fraction bits, so y = ((t * gamma + beta) >> shift) + zy, one rounding, half up.
// int32/int64 intermediates replace TFLite's int16 path: d needs log2(C * 255) bits, sum(d^2)
// 2 log2(C * 255) + log2(C) bits (int64 for C <= 2^15, which codegen checks); |t| <= 2^20,
// since r >= |d| for every element of the row.
inline void layer_norm(const LayerNormParams& p, const int32_t* gamma, const int32_t* beta,
                       const int8_t* x, int8_t* y) {
  const int64_t half = int64_t{1} << (p.shift - 1);
  for (int32_t r = 0; r < p.rows; ++r) {
    const int8_t* row = x + r * p.channels;
    int32_t sum = 0;
    for (int32_t c = 0; c < p.channels; ++c) sum += row[c] - p.input_zero_point;
    int64_t squares = p.epsilon;
    for (int32_t c = 0; c < p.channels; ++c) {
      const int64_t d = int64_t{p.channels} * (row[c] - p.input_zero_point) - sum;
      squares += d * d;
    }
    int32_t bits = 0;
    while (bits < kMaxRootBits && squares < (int64_t{1} << (60 - 2 * bits))) ++bits;
    const int64_t root = max_of<int64_t>(isqrt(static_cast<uint64_t>(squares) << (2 * bits)), 1);
    for (int32_t c = 0; c < p.channels; ++c) {
      const int64_t d = int64_t{p.channels} * (row[c] - p.input_zero_point) - sum;
      const int64_t t = round_divide<int64_t>(d * (int64_t{1} << (kNormBits + bits)), root);
      const int64_t acc = t * gamma[c] + beta[c];
      const int64_t value = ((acc + half) >> p.shift) + p.output_zero_point;
      y[r * p.channels + c] = static_cast<int8_t>(min_of<int64_t>(max_of<int64_t>(value, -128), 127));
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
