/*
 * kernel/proc/arch_glue.h: what proc/ uses from the arch layer's timer, GDT
 * and trap code, as agreed with it (kernel/arch/gdt.h, clock.h, trap.h).
 * Declared here until those headers land on main; then this file only
 * includes them.
 */
#ifndef PAGELAB_PROC_ARCH_GLUE_H
#define PAGELAB_PROC_ARCH_GLUE_H

#include <stdint.h>
#include "kernel/arch/trap.h"

/* GDT selectors (kernel/arch/gdt.h). */
#define SEL_KERNEL_CODE 0x08
#define SEL_KERNEL_DATA 0x10
#define SEL_USER_DATA   0x1b
#define SEL_USER_CODE   0x23
void tss_set_kernel_stack(uint64_t rsp0);

/* The timer (kernel/arch/clock.h). */
extern void (*timer_tick_hook)(struct trap_frame *tf);
uint64_t clock_monotonic_ns(void);

/* User faults (kernel/arch/trap.h): the trap layer asks proc/ to deliver a
   fault signal to the current process. */
extern void (*trap_user_fault_hook)(struct trap_frame *tf, int signo, uint64_t addr,
                                    const char *what);

#endif
