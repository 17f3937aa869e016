/*
 * kernel/mm/kstack.h: kernel stacks with a guard page.
 *
 * A task's kernel stack lives in the kernel-stack area (kernel/hw/
 * layout.h), one slot per stack: an unmapped guard page, then the stack's
 * own frames mapped above it.  A stack that overflows runs into the guard
 * page and faults at once (a double fault, as the CPU cannot push the page
 * fault's frame either), instead of quietly overwriting whatever the
 * memory below held; the trap report then says "kernel stack overflow".
 * The frames need not be contiguous, so a new task never waits for a
 * free run of them.
 */
#ifndef PAGELAB_MM_KSTACK_H
#define PAGELAB_MM_KSTACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes the page tables of the first `slots` stacks now, so that a stack
   taken later costs only its own frames (a fork bomb's stacks do not leave
   page tables behind: MemFree comes back exactly).  Stacks are taken
   lowest slot first, so up to that many tasks stay within them. */
void kstack_reserve(unsigned slots);
/* A stack of size bytes (a multiple of the page size): its lowest
   address, or NULL when frames or slots run out. */
void *kstack_alloc(size_t size);
/* Gives back a stack kstack_alloc gave (not the one running). */
void kstack_free(void *stack, size_t size);
/* Is addr in one of the guard pages (the report of an overflow)? */
bool kstack_guard_page(uint64_t addr);

#endif
