// ferry kernels: shared definitions. No heap, no exceptions, no RTTI, no host-only headers.
#pragma once

#include <stddef.h>
#include <stdint.h>

// Counting builds (-DFERRY_COUNT, host only: stages/simulate/counting.py) report the
// multiply-accumulates each kernel executes; otherwise the hook compiles to nothing.
#ifdef FERRY_COUNT
extern "C" void ferry_count_macs(int64_t macs);
#define FERRY_COUNT_MACS(n) ferry_count_macs(n)
#else
#define FERRY_COUNT_MACS(n) ((void)0)
#endif

// x86-64 with AVX-512F, else with AVX2 and FMA: the fp32 conv (ferry_conv_x86.h) and gemm
// (ferry_matmul.h) variants, over the float vector of ferry_x86_vector.h
#if defined(__AVX512F__)
#define FERRY_X86_AVX512 1
#elif defined(__AVX2__) && defined(__FMA__)
#define FERRY_X86_AVX2_FMA 1
#endif

namespace ferry {

// Tensors up to this rank are supported by the shape-generic kernels (broadcast, transpose,
// slice, pad, concat); lowering refuses higher ranks.
constexpr int kMaxRank = 6;

// The second argument does not take part in deduction, so `max_of(count, 1)` compiles where
// int32_t is `long` (arm-none-eabi) as well as where it is `int` (x86-64, aarch64 Linux).
template <typename T>
struct same_type { using type = T; };

template <typename T>
constexpr T min_of(T a, typename same_type<T>::type b) { return b < a ? b : a; }

template <typename T>
constexpr T max_of(T a, typename same_type<T>::type b) { return a < b ? b : a; }

}  // namespace ferry
