// ferry kernels: shared definitions. No heap, no exceptions, no RTTI, no host-only headers.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace ferry {

// Tensors up to this rank are supported by the shape-generic kernels (broadcast, transpose,
// slice, pad, concat); lowering refuses higher ranks.
constexpr int kMaxRank = 6;

template <typename T>
inline T min_of(T a, T b) { return b < a ? b : a; }

template <typename T>
inline T max_of(T a, T b) { return a < b ? b : a; }

}  // namespace ferry
