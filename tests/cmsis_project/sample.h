/* The input of the firmware: one 8x8 handwritten digit (a 7), sample 0 of ferry's
   models/digits_val.npz, pixels 0..1 quantized as digits_cnn_model.h says
   (q = round(x / DIGITS_CNN_INPUT0_SCALE) + DIGITS_CNN_INPUT0_ZERO_POINT, scale 1/255, zero point
   -128). In a product the camera driver fills this buffer. */
#ifndef SAMPLE_H
#define SAMPLE_H

#include <stdint.h>

#define SAMPLE_LABEL 7

static const int8_t sample[1 * 1 * 8 * 8] = {
    -128, -128,  -96,   79,  127,   15, -128, -128,
    -128, -128,   63,   63,  -16,  127,  -80, -128,
    -128, -112,   95,  -80, -128,  127,  -64, -128,
    -128, -128, -128,  -64,   31,  127,  -32, -128,
    -128, -128, -128,   79,  127,  127,   15, -128,
    -128, -128, -128,  -48,   79, -112, -128, -128,
    -128, -128, -128,   47,   15, -128, -128, -128,
    -128, -128, -112,  127,  -64, -128, -128, -128
};

#endif /* SAMPLE_H */
