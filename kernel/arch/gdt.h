/*
 * kernel/arch/gdt.h: segments and the task-state segment.
 *
 * In 64-bit mode segmentation is mostly off, but the CPU still needs code
 * and data descriptors for the privilege level, and a TSS for the stack it
 * switches to on an interrupt from ring 3 (rsp0) or through an IST slot.
 *
 * The order is fixed by SYSCALL/SYSRET (SDM vol. 2B, SYSRET): with
 * STAR[63:48] = 0x10, SYSRET loads SS = 0x10 + 8 = USER_DS and
 * CS = 0x10 + 16 = USER_CS (both with RPL 3), so user data must come
 * right before user code.
 */
#ifndef PAGELAB_ARCH_GDT_H
#define PAGELAB_ARCH_GDT_H

#define KERNEL_CS  0x08   /* 64-bit code, DPL 0 */
#define KERNEL_DS  0x10   /* data, DPL 0 */
#define USER_DS    0x1b   /* data, DPL 3 (entry 0x18 | RPL 3) */
#define USER_CS    0x23   /* 64-bit code, DPL 3 (entry 0x20 | RPL 3) */
#define TSS_SEL    0x28   /* 16-byte system descriptor */

/* Interrupt stack table slots (SDM vol. 3A, 6.14.5), numbered from 1 as
   the IDT's IST field counts them. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Loads the GDT, reloads the segment registers and loads the TSS. */
void gdt_init(void);

/* The stack the CPU switches to on an interrupt or exception from ring 3
   (TSS.rsp0).  The scheduler sets it to the top of the next thread's
   kernel stack on every switch. */
void tss_set_kernel_stack(uint64_t rsp0);

/* The bounds of an IST stack, for reports and tests. */
void ist_stack_bounds(int ist, uint64_t *bottom, uint64_t *top);
/* Unmaps the guard page below each IST stack from the kernel page tables
   (call after paging_init(): the boot page tables map the image with
   2 MiB pages). */
void ist_guard_pages_unmap(void);
/* Non-zero if the canary at the bottom of IST stack ist was overwritten. */
int ist_stack_overflowed(int ist);
#endif

#endif
