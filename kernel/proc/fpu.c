/*
 * kernel/proc/fpu.c: the user FPU/SSE state.  The kernel itself never
 * touches x87/SSE registers (-mgeneral-regs-only), so a process's state only
 * has to be saved and restored when the CPU switches to another process.
 */
#include "kernel/hw/cpu.h"
#include "kernel/lib/string.h"
#include "kernel/proc/sched.h"

#define MXCSR_DEFAULT       0x1f80 /* all SIMD exceptions masked (SDM vol. 1, 10.2.3.1) */
#define FXSAVE_MXCSR_OFFSET 24

static uint8_t clean_state[FPU_STATE_SIZE] __attribute__((aligned(16)));

void fpu_save(uint8_t *area) { __asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory"); }

void fpu_restore(const uint8_t *area) { __asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory"); }

void fpu_init_state(uint8_t *area) { memcpy(area, clean_state, FPU_STATE_SIZE); }

void fpu_init(void)
{
    write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    uint32_t mxcsr = MXCSR_DEFAULT;
    __asm__ volatile("fninit; ldmxcsr %0" ::"m"(mxcsr));
    fpu_save(clean_state);
}
