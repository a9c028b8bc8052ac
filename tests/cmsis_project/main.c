/* A CMSIS-Core firmware for the Arm Cortex-M55 (device ARMCM55) that runs ferry's digits_cnn once.
   The device's startup_ARMCM55.c and system_ARMCM55.c (SystemInit: FPU and Helium on) run before
   main; newlib's semihosting system calls (librdimon) send printf to the debugger's console, here
   QEMU's standard output, and exit with main's return value (QEMU: 0, or 1 on any failure). */
#include <stdio.h>

#include "ARMCM55.h"
#include "digits_cnn_model.h"
#include "sample.h"

_Static_assert(sizeof sample == digits_cnn_input0_size, "sample.h does not hold one input of digits_cnn");

static int8_t logits[digits_cnn_output0_size];

void initialise_monitor_handles(void); /* librdimon: opens stdin, stdout and stderr on the host */

int main(void) {
  initialise_monitor_handles();
  /* The core the program runs on, read through CMSIS-Core's SCB: 0xD22 is the Cortex-M55. */
  printf("cpu: part 0x%03lX\n", (unsigned long)((SCB->CPUID & SCB_CPUID_PARTNO_Msk) >> SCB_CPUID_PARTNO_Pos));
  if (digits_cnn_run(sample, logits) != 0) {
    printf("digits_cnn_run failed\n");
    return 1;
  }
  int best = 0;
  printf("logits:");
  for (int i = 0; i < digits_cnn_output0_size; ++i) {
    printf(" %d", logits[i]);
    if (logits[i] > logits[best]) best = i;
  }
  printf("\nclass: %d (label %d)\n", best, SAMPLE_LABEL);
  return 0;
}
