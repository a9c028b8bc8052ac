// ferry: minimal Cortex-M startup for running the model on an emulated board: the vector table,
// a reset handler (enable the FPU and Helium, copy .data, zero .bss, call main, report its status
// through semihosting) and one handler that reports any fault the same way. Her firmware has its
// own startup; this one only has to run the runner.
#include <stdint.h>

#include "semihosting.h"

// Defined by firmware.ld.
extern uint32_t ferry_data_load[], ferry_data_start[], ferry_data_end[];
extern uint32_t ferry_bss_start[], ferry_bss_end[], ferry_stack_top[];

int main();

extern "C" [[noreturn]] void ferry_reset_handler() {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  // CPACR: full access to coprocessors 10 and 11 (FPU, MVE) before any instruction uses them.
  volatile uint32_t* const cpacr = reinterpret_cast<volatile uint32_t*>(0xE000ED88u);
  *cpacr |= 0xFu << 20;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  const uint32_t* source = ferry_data_load;
  for (uint32_t* word = ferry_data_start; word < ferry_data_end; ++word) *word = *source++;
  for (uint32_t* word = ferry_bss_start; word < ferry_bss_end; ++word) *word = 0;
  ferry::semihosting::exit(main() == 0);
}

extern "C" [[noreturn]] void ferry_fault_handler() {
  ferry::semihosting::write0("firmware: fault (HardFault, MemManage, BusFault or UsageFault)\n");
  ferry::semihosting::exit(false);
}

namespace {

using Handler = void (*)();

// Exceptions 0..15 of the Cortex-M; no external interrupt is ever enabled.
__attribute__((section(".ferry_vectors"), used)) const Handler vectors[16] = {
    reinterpret_cast<Handler>(ferry_stack_top),  // initial stack pointer
    ferry_reset_handler,
    ferry_fault_handler,  // NMI
    ferry_fault_handler,  // HardFault
    ferry_fault_handler,  // MemManage
    ferry_fault_handler,  // BusFault
    ferry_fault_handler,  // UsageFault
    ferry_fault_handler,  // SecureFault (Armv8-M)
    nullptr, nullptr, nullptr,
    ferry_fault_handler,  // SVCall
    ferry_fault_handler,  // DebugMonitor
    nullptr,
    ferry_fault_handler,  // PendSV
    ferry_fault_handler,  // SysTick
};

}  // namespace
