/*
 * kernel/entry/trap.h: interrupts and exceptions.
 *
 * Every vector enters through a stub of trap_entry.S that pushes the
 * registers into a struct trap_frame (kernel/hw/trap.h) and calls
 * trap_dispatch(), which sorts the vector: an IRQ goes to the handlers
 * drivers registered (kernel/drivers/pic.h), then, for the timer, to the
 * scheduler's tick; a page fault to handle_page_fault() (kernel/mm/fault.h);
 * an exception in user mode becomes a signal (kernel/proc/signal.h); any
 * other exception in kernel mode is a kernel bug, reported before a panic.
 */
#ifndef PAGELAB_ENTRY_TRAP_H
#define PAGELAB_ENTRY_TRAP_H

#include <stdint.h>
#include "kernel/hw/trap.h"

/* Sets up the GDT, TSS (with IST stacks for double faults and NMIs), the IDT
   and the interrupt controllers. */
void trap_init(void);

/* Prints the registers, the decoded exception and a symbolized backtrace. */
void trap_print(const struct trap_frame *tf);

/* Called by every stub in trap_entry.S with the frame it built. */
void trap_dispatch(struct trap_frame *tf);

/* The exception's name, e.g. "page fault" ("?" for an unknown vector). */
const char *trap_name(uint64_t vector);

#endif
