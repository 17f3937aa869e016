/*
 * kernel/drivers/pic.h: the two cascaded 8259A interrupt controllers of the PC.
 *
 * IRQ lines 0..7 (master) and 8..15 (slave, on master line 2) arrive on
 * vectors IRQ_BASE + line.  PCI INTx lines are routed by the firmware to
 * PIC lines (QEMU "pc": 10 and 11, level-triggered via the ELCR, which the
 * firmware sets up and we leave alone).
 */
#ifndef PAGELAB_DRIVERS_PIC_H
#define PAGELAB_DRIVERS_PIC_H

#include <stdbool.h>
#include "kernel/hw/trap.h" /* IRQ_BASE */

#define PIC_IRQ_COUNT   16
#define PIC_CASCADE_IRQ 2

typedef void (*irq_handler_t)(void *arg);

/* Routes interrupt line irq (0..15) to fn and unmasks it.  A PCI line may
   be shared: every handler of a line runs on each of its interrupts. */
void irq_register(unsigned irq, irq_handler_t fn, void *arg);
/* Removes a handler added by irq_register(); the line is masked when its
   last handler goes. */
void irq_unregister(unsigned irq, irq_handler_t fn, void *arg);

/* Remaps the PICs to IRQ_BASE..IRQ_BASE+15 with every line masked. */
void pic_init(void);
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);

/* Runs the handlers of line irq and acknowledges it (EOI).  Returns false
   for a spurious IRQ 7 or 15 (no handler ran, no EOI owed to that PIC). */
bool pic_handle_irq(unsigned irq);

/* How many interrupts line irq has delivered, and how many spurious ones
   were ignored (for tests and a future /proc/interrupts). */
unsigned long irq_count(unsigned irq);
unsigned long irq_spurious_count(void);

#endif
