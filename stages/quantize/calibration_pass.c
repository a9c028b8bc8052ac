/* One pass of calibration over a chunk of float32 values (stages/quantize/calibration_pass.py):
   the range, a histogram's bin counts and one float64 sum per run, reading each value once.
   numpy_pass in calibration_pass.py defines the same results; tests check that they are equal.

   Built without -ffast-math and with -ffp-contract=off: (x - base) * inverse must round as
   numpy's float32 subtract and multiply do, and the sums must add in the order written here. */

#include <stdint.h>
#include <string.h>

#define LANES 8 /* partial sums per run: independent additions, in a fixed order */

static int32_t bin_of(float value, float base, float inverse, float last) {
    float position = (value - base) * inverse;
    position = position >= 0.0f ? position : 0.0f; /* below the window, or NaN */
    position = position <= last ? position : last;
    return (int32_t)position; /* truncation: floor for position >= 0 */
}

/* values: `runs` runs of `length` contiguous values. counts (NULL: no histogram): last + 1 int64
   the pass adds to, the bin min(max(trunc((x - base) * inverse), 0), last) of each value; scratch:
   copies x (last + 1) uint32 (copies 1, 2, 4 or 8: fewer to zero and add up for few values),
   where value i of a run is counted into copy i % copies first.
   sums (NULL: none): per run, lane j (from +0.0) adds the values j, j + LANES, ... in order, and
   the sum is ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)). range: the min and max.
   Returns 1 when a value is NaN (the range and counts then mean nothing).
   The caller keeps runs * length below 2^32, so that no uint32 count overflows. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
/* an AVX2 clone chosen at load time where the CPU has it: the vector part twice as wide, the
   same results (no FMA: -ffp-contract=off) */
__attribute__((target_clones("avx2", "default")))
#endif
int ferry_calibration_pass(const float *values, int64_t runs, int64_t length, float base, float inverse,
                           int64_t last, int64_t *counts, uint32_t *scratch, int64_t copies_used,
                           double *sums, float *range) {
    float low[LANES], high[LANES];
    int nan = 0;
    const float top = (float)last;
    const int64_t stride = last + 1;
    for (int j = 0; j < LANES; j++) {
        low[j] = high[j] = values[0];
    }
    uint32_t *copies = counts != 0 ? scratch : 0;
    /* interleaved count arrays, a power of two of them: increments of one bin do not wait on each other */
    const int mask = (int)copies_used - 1;
    if (copies != 0) {
        memset(copies, 0, sizeof(uint32_t) * (size_t)copies_used * (size_t)stride);
    }
    for (int64_t run = 0; run < runs; run++) {
        const float *x = values + run * length;
        double lane[LANES] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        int64_t i = 0;
        for (; i + LANES <= length; i += LANES) {
            int32_t bin[LANES];
            for (int j = 0; j < LANES; j++) { /* vectorized by the compiler: LANES independent chains */
                float v = x[i + j];
                low[j] = v < low[j] ? v : low[j];
                high[j] = v > high[j] ? v : high[j];
                nan |= v != v;
                lane[j] += (double)v;
                bin[j] = bin_of(v, base, inverse, top);
            }
            if (copies != 0) {
                for (int j = 0; j < LANES; j++) {
                    copies[(j & mask) * stride + bin[j]] += 1;
                }
            }
        }
        for (int j = 0; i < length; i++, j++) { /* the tail: lane j, as if padded with zeros */
            float v = x[i];
            low[j] = v < low[j] ? v : low[j];
            high[j] = v > high[j] ? v : high[j];
            nan |= v != v;
            lane[j] += (double)v;
            if (copies != 0) {
                copies[(j & mask) * stride + bin_of(v, base, inverse, top)] += 1;
            }
        }
        if (sums != 0) {
            sums[run] = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
        }
    }
    for (int j = 1; j < LANES; j++) {
        low[0] = low[j] < low[0] ? low[j] : low[0];
        high[0] = high[j] > high[0] ? high[j] : high[0];
    }
    range[0] = low[0];
    range[1] = high[0];
    for (int64_t k = 0; copies != 0 && k < stride; k++) {
        for (int c = 0; c < copies_used; c++) {
            counts[k] += copies[c * stride + k];
        }
    }
    return nan;
}
