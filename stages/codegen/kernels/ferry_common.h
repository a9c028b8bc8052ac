// ferry kernels: shared definitions. No heap, no exceptions, no RTTI, no host-only headers.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace ferry {

// Tensors up to this rank are supported by the shape-generic kernels (broadcast, transpose,
// slice, pad, concat); lowering refuses higher ranks.
constexpr int kMaxRank = 6;

// The second argument does not take part in deduction, so `max_of(count, 1)` compiles where
// int32_t is `long` (arm-none-eabi) as well as where it is `int` (x86-64, aarch64 Linux).
template <typename T>
struct same_type { using type = T; };

template <typename T>
inline T min_of(T a, typename same_type<T>::type b) { return b < a ? b : a; }

template <typename T>
inline T max_of(T a, typename same_type<T>::type b) { return a < b ? b : a; }

}  // namespace ferry
