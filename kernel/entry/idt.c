/*
 * kernel/entry/idt.c: the interrupt descriptor table.
 *
 * Every gate is an interrupt gate (interrupts off on entry, so a handler
 * never races an IRQ on this one CPU); handlers that may run long turn them
 * back on themselves.  The breakpoint and overflow vectors have DPL 3 so
 * that `int3` and `into` from user mode arrive as #BP / #OF rather than #GP.
 */
#include "kernel/entry/idt.h"
#include "kernel/entry/gdt.h"
#include "kernel/entry/trap.h"

#define IDT_VECTORS    256
#define IDT_STUBS      48 /* 32 exceptions + 16 legacy IRQs: trap_entry.S */
/* Gate type and attributes (SDM vol. 3A, 6.14.1 figure 6-8). */
#define GATE_INTERRUPT 0xe
#define GATE_DPL3      (3 << 5)
#define GATE_PRESENT   (1 << 7)

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist; /* bits 0..2: IST slot, 0 = none */
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
extern const uint64_t trap_vectors[IDT_STUBS];

static void set_gate(int vector, uint64_t handler, int ist, int dpl3)
{
    struct idt_gate *g = &idt[vector];
    g->offset_low = handler & 0xffff;
    g->offset_mid = (handler >> 16) & 0xffff;
    g->offset_high = handler >> 32;
    g->selector = KERNEL_CS;
    g->ist = ist;
    g->type_attr = GATE_PRESENT | GATE_INTERRUPT | (dpl3 ? GATE_DPL3 : 0);
    g->reserved = 0;
}

void idt_init(void)
{
    for (int v = 0; v < IDT_STUBS; v++) {
        int ist = v == T_DOUBLE ? IST_DOUBLE_FAULT : v == T_NMI ? IST_NMI : 0;
        set_gate(v, trap_vectors[v], ist, v == T_BREAKPOINT || v == T_OVERFLOW);
    }
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) p = { sizeof idt - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" ::"m"(p) : "memory");
}
