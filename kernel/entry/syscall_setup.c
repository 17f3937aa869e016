/*
 * kernel/entry/syscall_setup.c: pointing the SYSCALL instruction at
 * kernel/entry/syscall_entry.S (SDM vol. 3A, 5.8.8 "Fast System Calls in
 * 64-Bit Mode"; MSRs in vol. 4, table 2-2).
 */
#include "kernel/entry/syscall_setup.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/msr.h"
#include "kernel/hw/segments.h"

void syscall_entry(void); /* syscall_entry.S */

void syscall_setup(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_STAR, ((uint64_t)STAR_SYSRET_BASE << 48) | ((uint64_t)STAR_SYSCALL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* The kernel runs with interrupts off until it has switched stacks, and
       with the flags C code expects. */
    wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_AC | RFLAGS_TF);
}
