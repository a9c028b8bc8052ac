// ferry kernels: the float vector of the x86-64 fp32 variants (ferry_conv_x86.h, ferry_matmul.h),
// so that each kernel is written once for both instruction sets (ferry_common.h picks one):
//   FERRY_X86_AVX512    AVX-512F: 16 lanes in a ZMM register, lane masks in k registers (__mmask16).
//   FERRY_X86_AVX2_FMA  AVX2 with FMA, no AVX-512F (x86-64-v3: targets/host_avx2.yaml): 8 lanes in
//                       a YMM register, lane masks as vectors of all-ones (on) or zero (off) lanes.
// Masked loads read nothing in the masked-off lanes (they give 0 and cannot fault): the kernels
// point them at padding columns and past the ends of rows.
#pragma once

#include <immintrin.h>

#include "ferry_common.h"

// (GCC bug 105593: see ferry_conv_x86.h.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace ferry {

#if defined(FERRY_X86_AVX512)
using FloatVec = __m512;
using IntVec = __m512i;
using LaneMask = __mmask16;
constexpr int32_t kFloatLanes = 16;

inline FloatVec splat(float value) { return _mm512_set1_ps(value); }
inline FloatVec load_floats(const float* at) { return _mm512_loadu_ps(at); }
inline FloatVec add(FloatVec a, FloatVec b) { return _mm512_add_ps(a, b); }
// a * b + c, one rounding (VFMADD231PS)
inline FloatVec fmadd(FloatVec a, FloatVec b, FloatVec c) { return _mm512_fmadd_ps(a, b, c); }
inline float sum_lanes(FloatVec v) { return _mm512_reduce_add_ps(v); }

// The lanes of `mask` from `at`, 0 in the others; their stores.
inline FloatVec load_lanes(LaneMask mask, const float* at) { return _mm512_maskz_loadu_ps(mask, at); }
inline void store_lanes(float* at, LaneMask mask, FloatVec v) { _mm512_mask_storeu_ps(at, mask, v); }
// Lane i reads at[offsets[i]] where `mask` has it, else 0 (VGATHERDPS).
inline FloatVec gather_lanes(LaneMask mask, IntVec offsets, const float* at) {
  return _mm512_mask_i32gather_ps(_mm512_setzero_ps(), mask, offsets, at, 4);
}
// Lanes 0, 2, 4, .. of the 32 values low:high (VPERMT2PS).
inline FloatVec even_lanes(FloatVec low, FloatVec high) {
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  return _mm512_permutex2var_ps(low, even, high);
}

inline IntVec load_ints(const int32_t* at) { return _mm512_loadu_si512(at); }
inline IntVec add(IntVec v, int32_t value) { return _mm512_add_epi32(v, _mm512_set1_epi32(value)); }
// first + i * step in lane i
inline IntVec lane_steps(int32_t first, int32_t step) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  return add(_mm512_mullo_epi32(lane, _mm512_set1_epi32(step)), first);
}
// The lanes where 0 <= v < end.
inline LaneMask lanes_inside(IntVec v, int32_t end) {
  return _mm512_cmpge_epi32_mask(v, _mm512_setzero_si512()) & _mm512_cmplt_epi32_mask(v, _mm512_set1_epi32(end));
}
inline LaneMask all_lanes() { return 0xFFFF; }
// The lanes [from, to) (none where to <= from), by bit arithmetic (vector compares here cost a ZMM
// register, and GCC 12 then spilled a conv accumulator).
inline LaneMask lanes_between(int32_t from, int32_t to) {
  from = max_of(from, 0);
  to = min_of(to, kFloatLanes);
  return to <= from ? 0 : static_cast<LaneMask>(((1u << to) - 1) & ~((1u << from) - 1));
}

#elif defined(FERRY_X86_AVX2_FMA)
using FloatVec = __m256;
using IntVec = __m256i;
using LaneMask = __m256i;
constexpr int32_t kFloatLanes = 8;

inline FloatVec splat(float value) { return _mm256_set1_ps(value); }
inline FloatVec load_floats(const float* at) { return _mm256_loadu_ps(at); }
inline FloatVec add(FloatVec a, FloatVec b) { return _mm256_add_ps(a, b); }
// a * b + c, one rounding (VFMADD231PS)
inline FloatVec fmadd(FloatVec a, FloatVec b, FloatVec c) { return _mm256_fmadd_ps(a, b, c); }
// the two halves added, then pairs within the half, then the last two
inline float sum_lanes(FloatVec v) {
  __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
  return _mm_cvtss_f32(_mm_add_ss(sum, _mm_movehdup_ps(sum)));
}

// The lanes of `mask` from `at`, 0 in the others; their stores (VMASKMOVPS).
inline FloatVec load_lanes(LaneMask mask, const float* at) { return _mm256_maskload_ps(at, mask); }
inline void store_lanes(float* at, LaneMask mask, FloatVec v) { _mm256_maskstore_ps(at, mask, v); }
// Lane i reads at[offsets[i]] where `mask` has it, else 0 (VGATHERDPS).
inline FloatVec gather_lanes(LaneMask mask, IntVec offsets, const float* at) {
  return _mm256_mask_i32gather_ps(_mm256_setzero_ps(), at, offsets, _mm256_castsi256_ps(mask), 4);
}
// Lanes 0, 2, 4, .. of the 16 values low:high: VSHUFPS takes the even ones of each 128-bit half
// (low 0 2, high 0 2 | low 4 6, high 4 6), VPERMPD puts the 64-bit pairs in order.
inline FloatVec even_lanes(FloatVec low, FloatVec high) {
  const __m256 halves = _mm256_shuffle_ps(low, high, _MM_SHUFFLE(2, 0, 2, 0));
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(halves), _MM_SHUFFLE(3, 1, 2, 0)));
}

inline IntVec load_ints(const int32_t* at) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at)); }
inline IntVec add(IntVec v, int32_t value) { return _mm256_add_epi32(v, _mm256_set1_epi32(value)); }
// first + i * step in lane i
inline IntVec lane_steps(int32_t first, int32_t step) {
  return add(_mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32(step)), first);
}
// The lanes where 0 <= v < end.
inline LaneMask lanes_inside(IntVec v, int32_t end) {
  return _mm256_andnot_si256(_mm256_cmpgt_epi32(_mm256_setzero_si256(), v), _mm256_cmpgt_epi32(_mm256_set1_epi32(end), v));
}
inline LaneMask all_lanes() { return _mm256_set1_epi32(-1); }
// The lanes [from, to) (none where to <= from).
inline LaneMask lanes_between(int32_t from, int32_t to) { return lanes_inside(lane_steps(-from, 1), to - from); }
#endif

}  // namespace ferry

#pragma GCC diagnostic pop
