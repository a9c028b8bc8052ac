// ferry counting runtime, host only: what a counting build of the model measures, per layer.
// Built with -DFERRY_COUNT beside model.cpp compiled with
//   -DFERRY_COUNT -fsanitize=kernel-address --param=asan-instrumentation-with-call-threshold=0
// so that the compiler calls __asan_{load,store}N_noabort before every load and store of the
// model's code; nothing in the kernels changes but for FERRY_COUNT_MACS. Each access is marked in
// the region it falls in: activations (the arena and the runner's buffers) count their distinct
// bytes read and written; a const array (weights, tables) counts whole when any byte of it is
// read. Accesses elsewhere (the stack, parameter structs) are not counted.
#ifdef FERRY_COUNT
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

enum RegionKind : int32_t { kActivations = 0, kConstants = 1 };

struct Region {
  uintptr_t begin, end;
  int32_t kind;
  std::vector<uint8_t> read, written;  // one mark per byte, cleared at each layer's end
};

struct LayerCounts {
  int64_t macs = 0, weight_bytes = 0, read_bytes = 0, write_bytes = 0;
  bool ran = false;
};

std::vector<Region> regions;  // sorted by begin
std::vector<LayerCounts> layers;
int32_t current = -1;  // the layer running, -1 between runs
int64_t pending_macs = 0;

Region* find(uintptr_t address) {
  auto after = std::upper_bound(regions.begin(), regions.end(), address,
                                [](uintptr_t a, const Region& r) { return a < r.begin; });
  if (after == regions.begin()) return nullptr;
  Region* region = &*(after - 1);
  return address < region->end ? region : nullptr;
}

// The running layer's kernel scratch (im2col patches): the kernel's own working memory, not
// the layer's data traffic, so it is not counted.
uintptr_t scratch_begin = 0, scratch_end = 0;

void mark(uintptr_t address, size_t size, bool store) {
  if (current < 0) return;
  if (address >= scratch_begin && address < scratch_end) return;
  for (size_t i = 0; i < size; ++i) {
    Region* region = find(address + i);
    if (region != nullptr) (store ? region->written : region->read)[address + i - region->begin] = 1;
  }
}

int64_t take(std::vector<uint8_t>& marks) {
  const int64_t count = std::count(marks.begin(), marks.end(), uint8_t{1});
  std::fill(marks.begin(), marks.end(), uint8_t{0});
  return count;
}

void close_layer() {
  if (current < 0) return;
  if (layers.size() <= static_cast<size_t>(current)) layers.resize(current + 1);
  LayerCounts& layer = layers[current];
  layer.ran = true;
  layer.macs += pending_macs;
  pending_macs = 0;
  for (Region& region : regions) {
    const int64_t read = take(region.read), written = take(region.written);
    if (region.kind == kConstants) {
      if (read > 0) layer.weight_bytes += static_cast<int64_t>(region.end - region.begin);
    } else {
      layer.read_bytes += read;
      layer.write_bytes += written;
    }
  }
}

}  // namespace

extern "C" {

void ferry_count_region(const void* data, int64_t bytes, int32_t kind) {
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  Region region{begin, begin + static_cast<uintptr_t>(bytes), kind,
                std::vector<uint8_t>(static_cast<size_t>(bytes)), std::vector<uint8_t>(static_cast<size_t>(bytes))};
  regions.insert(std::upper_bound(regions.begin(), regions.end(), begin,
                                  [](uintptr_t a, const Region& r) { return a < r.begin; }),
                 std::move(region));
}

// Called before each node (its index) and after the last one (-1).
void ferry_count_layer(int32_t index) {
  close_layer();
  current = index;
  scratch_begin = scratch_end = 0;
}

// Called after ferry_count_layer when the layer's kernel has a scratch buffer.
void ferry_count_scratch(const void* data, int64_t bytes) {
  scratch_begin = reinterpret_cast<uintptr_t>(data);
  scratch_end = scratch_begin + static_cast<uintptr_t>(bytes);
}

void ferry_count_macs(int64_t macs) { pending_macs += macs; }

// One line per layer: index, MACs, const bytes, activation bytes read, activation bytes written.
int ferry_count_write(const char* path) {
  std::FILE* file = std::fopen(path, "w");
  if (file == nullptr) return 1;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerCounts& l = layers[i];
    if (l.ran) {
      std::fprintf(file, "%zu %lld %lld %lld %lld\n", i, static_cast<long long>(l.macs),
                   static_cast<long long>(l.weight_bytes), static_cast<long long>(l.read_bytes),
                   static_cast<long long>(l.write_bytes));
    }
  }
  return std::fclose(file) != 0;
}

// The calls the instrumented model.cpp makes before each load and store of 1..16 bytes.
void __asan_load1_noabort(uintptr_t address) { mark(address, 1, false); }
void __asan_load2_noabort(uintptr_t address) { mark(address, 2, false); }
void __asan_load4_noabort(uintptr_t address) { mark(address, 4, false); }
void __asan_load8_noabort(uintptr_t address) { mark(address, 8, false); }
void __asan_load16_noabort(uintptr_t address) { mark(address, 16, false); }
void __asan_store1_noabort(uintptr_t address) { mark(address, 1, true); }
void __asan_store2_noabort(uintptr_t address) { mark(address, 2, true); }
void __asan_store4_noabort(uintptr_t address) { mark(address, 4, true); }
void __asan_store8_noabort(uintptr_t address) { mark(address, 8, true); }
void __asan_store16_noabort(uintptr_t address) { mark(address, 16, true); }
void __asan_loadN_noabort(uintptr_t address, size_t size) { mark(address, size, false); }
void __asan_storeN_noabort(uintptr_t address, size_t size) { mark(address, size, true); }
void __asan_handle_no_return(void) {}

}  // extern "C"
#endif /* FERRY_COUNT */
