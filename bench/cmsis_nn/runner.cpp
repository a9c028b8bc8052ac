// CMSIS-NN yardstick firmware (bench/cmsis_nn): runs Arm's CMSIS-NN s8 kernels on the layers of a
// ferry program, one after the other, in QEMU. Not part of ferry's generated code.
//
// layers.bin (written by bench/cmsis_nn/layers.py) starts with two int32 words, the number of
// layers and the profiling slot of the harness's own work, then holds per layer a header of
// kHeaderWords int32 words and its arrays, each padded to 4 bytes: the NHWC input, the filter
// (OHWI, 1HW(C*M) or [N, K]), and per output channel the int32 bias, multiplier and shift. Each
// layer's arrays are read into `arena`, its output is computed there by the CMSIS-NN wrapper of its
// kind, and written to outputs.bin. profile.cpp's SysTick marks enclose the wrapper call alone: the
// per-layer instruction counts in profile.bin are those of the call, counted as ferry's profiling
// firmware counts a node. Only the Helium fully connected kernel needs a prepared buffer (the
// per-row kernel sums, input offset times the weights' sum plus the bias), made before the count
// starts, as TensorFlow Lite Micro prepares it once at init.
#include <stdint.h>
#include <string.h>

#include "arm_nnfunctions.h"
#include "semihosting.h"

extern "C" void ferry_profile_calibrate(void);
extern "C" void ferry_profile_layer(int32_t index);
extern "C" bool ferry_profile_write(const ferry::semihosting::File& file);

namespace {

enum Kind : int32_t { kConv = 0, kDepthwise = 1, kFullyConnected = 2 };

// The header of a layer, as layers.py writes it. The fully connected layer's dimensions have h = w = 1
// (its filter: n = K, c = N), so that n·h·w·c counts the elements of every array.
struct Header {
  int32_t kind;
  int32_t index;  // the node's index in the program: its profile slot
  cmsis_nn_dims input, filter, output;
  int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
  int32_t ch_mult;  // depthwise: output channels per input channel
  int32_t input_offset, output_offset, activation_min, activation_max;
  int32_t per_channel;  // fully connected: one multiplier per output channel (else one in all)
};
constexpr uint32_t kHeaderWords = sizeof(Header) / sizeof(int32_t);
static_assert(kHeaderWords == 26, "layers.py writes 26 header words");

alignas(16) uint8_t arena[FERRY_CMSIS_ARENA_BYTES];

int fail(const char* message) {
  ferry::semihosting::write0("cmsis-nn runner: ");
  ferry::semihosting::write0(message);
  ferry::semihosting::write0("\n");
  return 1;
}

uint32_t padded(uint32_t bytes) { return (bytes + 15u) & ~15u; }

// Bump allocation in `arena`; nullptr when it is full.
struct Arena {
  uint32_t used = 0;
  void* take(uint32_t bytes) {
    if (bytes > sizeof arena - used) return nullptr;
    void* block = arena + used;
    used += padded(bytes);
    return block;
  }
};

uint32_t count(const cmsis_nn_dims& d) { return static_cast<uint32_t>(d.n * d.h * d.w * d.c); }

// The scratch buffer the layer's wrapper asks for.
int32_t scratch_bytes(const Header& h, const cmsis_nn_conv_params& conv, const cmsis_nn_dw_conv_params& dw) {
  switch (h.kind) {
    case kConv: return arm_convolve_wrapper_s8_get_buffer_size(&conv, &h.input, &h.filter, &h.output);
    case kDepthwise: return arm_depthwise_conv_wrapper_s8_get_buffer_size(&dw, &h.input, &h.filter, &h.output);
    default: return arm_fully_connected_s8_get_buffer_size(&h.filter);
  }
}

}  // namespace

int main() {
  ferry_profile_calibrate();
  ferry::semihosting::File in = ferry::semihosting::open("layers.bin", 10, ferry::semihosting::kReadBinary);
  if (in.handle < 0) return fail("cannot open layers.bin");
  const ferry::semihosting::File out = ferry::semihosting::open("outputs.bin", 11, ferry::semihosting::kWriteBinary);
  if (out.handle < 0) return fail("cannot open outputs.bin");
  int32_t start[2];  // layer count, the harness's profile slot
  if (!ferry::semihosting::read(in, start, sizeof start)) return fail("layers.bin: no header");
  for (int32_t layer = 0; layer < start[0]; ++layer) {
    Header h;
    if (!ferry::semihosting::read(in, &h, sizeof h)) return fail("layers.bin: truncated header");
    const uint32_t channels = static_cast<uint32_t>(h.output.c);
    const uint32_t requantizers = h.per_channel ? channels : 1u;
    const uint32_t sizes[5] = {count(h.input), count(h.filter), 4 * channels, 4 * requantizers, 4 * requantizers};
    Arena heap;
    void* arrays[5];
    for (int i = 0; i < 5; ++i) {
      arrays[i] = heap.take(sizes[i]);
      if (arrays[i] == nullptr) return fail("a layer's arrays exceed the arena");
      if (!ferry::semihosting::read(in, arrays[i], (sizes[i] + 3u) & ~3u)) return fail("layers.bin: truncated arrays");
    }
    const int8_t* input = static_cast<const int8_t*>(arrays[0]);
    const int8_t* filter = static_cast<const int8_t*>(arrays[1]);
    const int32_t* bias = static_cast<const int32_t*>(arrays[2]);
    int32_t* multiplier = static_cast<int32_t*>(arrays[3]);
    int32_t* shift = static_cast<int32_t*>(arrays[4]);
    const uint32_t output_bytes = count(h.output);
    int8_t* output = static_cast<int8_t*>(heap.take(output_bytes));

    const cmsis_nn_activation activation = {h.activation_min, h.activation_max};
    const cmsis_nn_tile stride = {h.stride_w, h.stride_h}, padding = {h.pad_w, h.pad_h};
    const cmsis_nn_tile dilation = {h.dilation_w, h.dilation_h};
    const cmsis_nn_conv_params conv = {h.input_offset, h.output_offset, stride, padding, dilation, activation};
    const cmsis_nn_dw_conv_params dw = {h.input_offset, h.output_offset, h.ch_mult, stride, padding, dilation,
                                        activation};
    const cmsis_nn_fc_params fc = {h.input_offset, 0, h.output_offset, activation};
    const int32_t buffer_bytes = scratch_bytes(h, conv, dw);
    cmsis_nn_context context = {nullptr, buffer_bytes};
    if (buffer_bytes > 0) {
      context.buf = heap.take(static_cast<uint32_t>(buffer_bytes));
      if (context.buf == nullptr) return fail("a layer's scratch buffer exceeds the arena");
      memset(context.buf, 0, static_cast<uint32_t>(buffer_bytes));
    }
    if (output == nullptr) return fail("a layer's output exceeds the arena");
    const cmsis_nn_dims bias_dims = {1, 1, 1, h.output.c};
    const cmsis_nn_per_channel_quant_params per_channel = {multiplier, shift};
    const cmsis_nn_quant_params quant = {multiplier, shift, h.per_channel};
    if (h.kind == kFullyConnected && buffer_bytes > 0) {  // Helium: the kernel sums, prepared once
      arm_vector_sum_s8(static_cast<int32_t*>(context.buf), h.filter.n, h.output.c, filter, h.input_offset, 0,
                        bias);
    }

    ferry_profile_layer(h.index);
    arm_cmsis_nn_status status;
    switch (h.kind) {
      case kConv:
        status = arm_convolve_wrapper_s8(&context, &conv, &per_channel, &h.input, input, &h.filter, filter,
                                         &bias_dims, bias, &h.output, output);
        break;
      case kDepthwise:
        status = arm_depthwise_conv_wrapper_s8(&context, &dw, &per_channel, &h.input, input, &h.filter, filter,
                                               &bias_dims, bias, &h.output, output);
        break;
      default:
        status = arm_fully_connected_wrapper_s8(&context, &fc, &quant, &h.input, input, &h.filter, filter,
                                                &bias_dims, bias, &h.output, output);
    }
    ferry_profile_layer(start[1]);

    if (status != ARM_CMSIS_NN_SUCCESS) return fail("a CMSIS-NN wrapper returned an error");
    if (!ferry::semihosting::write(out, output, output_bytes)) return fail("cannot write outputs.bin");
  }
  ferry_profile_layer(-1);
  if (!ferry::semihosting::close(out)) return fail("cannot write outputs.bin");
  const ferry::semihosting::File profile = ferry::semihosting::open("profile.bin", 11, ferry::semihosting::kWriteBinary);
  if (profile.handle < 0 || !ferry_profile_write(profile) || !ferry::semihosting::close(profile)) {
    return fail("cannot write profile.bin");
  }
  return 0;
}
