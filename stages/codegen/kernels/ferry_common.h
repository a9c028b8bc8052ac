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

namespace ferry {

// Tensors up to this rank are supported by the shape-generic kernels (broadcast, transpose,
// slice, pad, concat); lowering refuses higher ranks.
constexpr int kMaxRank = 6;

template <typename T>
inline T min_of(T a, T b) { return b < a ? b : a; }

template <typename T>
inline T max_of(T a, T b) { return a < b ? b : a; }

}  // namespace ferry
