// ferry kernels: data movement (Reshape, Flatten, Squeeze, Unsqueeze, Transpose, Slice, Concat,
// Split, Gather, Pad). The same loops serve every element type. Shapes are padded to kMaxRank
// with leading 1-sized axes by the code generator, which also computes every stride and offset.
#pragma once

#include "ferry_common.h"

namespace ferry {

// Reshape, Flatten, Squeeze, Unsqueeze: the bytes stay in the same order, only the shape changes.
template <typename T>
inline void copy(const T* input, T* output, int32_t size) {
  for (int32_t i = 0; i < size; ++i) output[i] = input[i];
}

// Transpose and Slice: output element at index (i0..i5) reads
// input[in_offset + i0 * in_strides[0] + ... + i5 * in_strides[5]].
struct StridedCopyParams {
  int32_t out_dims[kMaxRank];
  int32_t in_strides[kMaxRank];  // input step per output axis (Transpose: permuted, Slice: x step)
  int32_t in_offset;             // input index of the first output element (Slice starts)
};

// Advances a row-major index over `dims` by one element (last axis fastest).
inline void next_index(int32_t (&index)[kMaxRank], const int32_t (&dims)[kMaxRank]) {
  for (int d = kMaxRank - 1; d >= 0; --d) {
    if (++index[d] < dims[d]) return;
    index[d] = 0;
  }
}

// Walks the output in row-major order, reading the input through the strides.
template <typename T>
inline void strided_copy(const StridedCopyParams& p, const T* input, T* output) {
  int32_t count = 1;
  for (int d = 0; d < kMaxRank; ++d) count *= p.out_dims[d];
  int32_t index[kMaxRank] = {};
  for (int32_t i = 0; i < count; ++i) {
    int32_t source = p.in_offset;
    for (int d = 0; d < kMaxRank; ++d) source += index[d] * p.in_strides[d];
    output[i] = input[source];
    next_index(index, p.out_dims);
  }
}

template <typename T>
inline void transpose(const StridedCopyParams& p, const T* input, T* output) {
  strided_copy(p, input, output);
}

template <typename T>
inline void slice(const StridedCopyParams& p, const T* input, T* output) {
  strided_copy(p, input, output);
}

struct ConcatParams {
  int32_t outer;  // product of the dimensions before the axis
};

// Concat: each of the `outer` output rows is row o of input 0, then of input 1, ...;
// chunks[i] is the row length of input i (its axis dimension times the inner dimensions).
template <typename T, size_t N>
inline void concat(const ConcatParams& p, const T* const (&inputs)[N],
                   const int32_t (&chunks)[N], T* output) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < N; ++i) {
      const T* row = inputs[i] + o * chunks[i];
      for (int32_t j = 0; j < chunks[i]; ++j) *output++ = row[j];
    }
  }
}

struct SplitParams {
  int32_t outer;  // product of the dimensions before the axis
};

// Split, Concat's inverse: each of the `outer` input rows gives chunks[i] elements to output i.
template <typename T, size_t N>
inline void split(const SplitParams& p, const T* input, const int32_t (&chunks)[N],
                  T* const (&outputs)[N]) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (size_t i = 0; i < N; ++i) {
      T* row = outputs[i] + o * chunks[i];
      for (int32_t j = 0; j < chunks[i]; ++j) row[j] = *input++;
    }
  }
}

// Gather with constant indices: input viewed as [outer, axis_size, inner], output as
// [outer, count, inner]; output row (o, j) is input row (o, indices[j]) (already non-negative).
struct GatherParams {
  int32_t outer, axis_size, inner, count;
};

template <typename T>
inline void gather(const GatherParams& p, const T* input, const int32_t* indices, T* output) {
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t j = 0; j < p.count; ++j) {
      const T* row = input + (o * p.axis_size + indices[j]) * p.inner;
      for (int32_t i = 0; i < p.inner; ++i) *output++ = row[i];
    }
  }
}

enum PadMode : int32_t { kPadConstant = 0, kPadReflect = 1, kPadEdge = 2, kPadWrap = 3 };

struct PadParams {
  int32_t mode;  // PadMode
  int32_t in_dims[kMaxRank];
  int32_t out_dims[kMaxRank];
  int32_t pad_begin[kMaxRank];  // may be negative (crop)
  int32_t in_strides[kMaxRank];
};

// The input coordinate that output coordinate x - pad_begin maps to along an axis of size n,
// or -1 for the constant border.
inline int32_t pad_source(int32_t mode, int32_t x, int32_t n) {
  if (x >= 0 && x < n) return x;
  if (mode == kPadEdge) return x < 0 ? 0 : n - 1;
  if (mode == kPadWrap) return ((x % n) + n) % n;
  if (mode == kPadReflect) {  // mirror without repeating the border: period 2 * (n - 1)
    if (n == 1) return 0;
    const int32_t period = 2 * (n - 1);
    int32_t r = (x < 0 ? -x : x) % period;
    return r < n ? r : period - r;
  }
  return -1;
}

// Pad: output element at index (i0..i5) copies input element (pad_source(i0 - pad_begin[0]), ...),
// or `value` when one of those falls outside the input (constant mode).
template <typename T>
inline void pad(const PadParams& p, const T* input, T* output, T value) {
  int32_t count = 1;
  for (int d = 0; d < kMaxRank; ++d) count *= p.out_dims[d];
  int32_t index[kMaxRank] = {};
  for (int32_t i = 0; i < count; ++i) {
    bool inside = true;
    int32_t source = 0;
    for (int d = 0; d < kMaxRank; ++d) {
      const int32_t x = pad_source(p.mode, index[d] - p.pad_begin[d], p.in_dims[d]);
      if (x < 0) {
        inside = false;
        break;
      }
      source += x * p.in_strides[d];
    }
    output[i] = inside ? input[source] : value;
    next_index(index, p.out_dims);
  }
}

}  // namespace ferry
