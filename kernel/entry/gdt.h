/*
 * kernel/entry/gdt.h: loading the segments and the task-state segment, and
 * the interrupt stack table's stacks (selectors and layouts in
 * kernel/hw/segments.h).  The TSS itself belongs to the scheduler, which
 * moves its rsp0 to each thread's kernel stack (kernel/proc/sched.h).
 */
#ifndef PAGELAB_ENTRY_GDT_H
#define PAGELAB_ENTRY_GDT_H

#include "kernel/hw/segments.h"

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Loads the GDT, reloads the segment registers and loads the TSS. */
void gdt_init(void);

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
