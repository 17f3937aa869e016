/* kernel/entry/idt.h: the interrupt descriptor table. */
#ifndef PAGELAB_ENTRY_IDT_H
#define PAGELAB_ENTRY_IDT_H

/* Points all exception and legacy-IRQ vectors at trap_entry.S and loads
   the IDT; the double fault and NMI gates switch to their IST stacks. */
void idt_init(void);

#endif
