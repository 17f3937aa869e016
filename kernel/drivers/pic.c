/*
 * kernel/drivers/pic.c: programming the 8259A pair and routing its lines to
 * handlers (Intel 8259A datasheet: ICW1..4, OCW2 for EOI, OCW3 to read ISR).
 *
 * A PCI line may be shared by several devices, so each line keeps a short
 * list of handlers; every one runs on each interrupt and must check whether
 * its device raised it.  Level-triggered lines re-raise as long as a device
 * holds them, so the EOI comes after the handlers have quieted the devices.
 */
#include "kernel/drivers/pic.h"
#include "kernel/hw/io.h"
#include "kernel/hw/trap.h"
#include "kernel/lib/printk.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xa0
#define PIC2_DATA 0xa1

#define ICW1_INIT     0x10
#define ICW1_ICW4     0x01 /* ICW4 follows */
#define ICW4_8086     0x01
#define OCW2_EOI      0x20 /* non-specific end of interrupt */
#define OCW3_READ_ISR 0x0b

#define HANDLERS_PER_LINE 4

struct irq_line {
    irq_handler_t fn[HANDLERS_PER_LINE];
    void *arg[HANDLERS_PER_LINE];
    int count;
    unsigned long delivered;
};

static struct irq_line lines[PIC_IRQ_COUNT];
static unsigned long spurious;
static uint16_t mask = 0xffff; /* bit set = line masked */

static void write_mask(void)
{
    outb(PIC1_DATA, mask & 0xff);
    outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
    /* ICW1: start initialisation, ICW4 follows (edge/level is the ELCR's). */
    outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
    outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
    /* ICW2: vector offsets. */
    outb(PIC1_DATA, IRQ_BASE);
    outb(PIC2_DATA, IRQ_BASE + 8);
    /* ICW3: the slave hangs on master line 2; the slave's cascade identity is 2. */
    outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);
    outb(PIC2_DATA, PIC_CASCADE_IRQ);
    outb(PIC1_DATA, ICW4_8086);
    outb(PIC2_DATA, ICW4_8086);
    mask = 0xffff & ~(1u << PIC_CASCADE_IRQ);
    write_mask();
}

void pic_mask(unsigned irq)
{
    uint64_t flags = irq_save();
    mask |= 1u << irq;
    write_mask();
    irq_restore(flags);
}

void pic_unmask(unsigned irq)
{
    uint64_t flags = irq_save();
    mask &= ~(1u << irq);
    write_mask();
    irq_restore(flags);
}

void irq_register(unsigned irq, irq_handler_t fn, void *arg)
{
    if (irq >= PIC_IRQ_COUNT || irq == PIC_CASCADE_IRQ)
        panic("irq_register: line %u cannot be routed through the 8259 PICs", irq);
    uint64_t flags = irq_save();
    struct irq_line *l = &lines[irq];
    if (l->count == HANDLERS_PER_LINE)
        panic("irq_register: line %u already has %d handlers", irq, l->count);
    l->fn[l->count] = fn;
    l->arg[l->count] = arg;
    l->count++;
    irq_restore(flags);
    pic_unmask(irq);
}

void irq_unregister(unsigned irq, irq_handler_t fn, void *arg)
{
    if (irq >= PIC_IRQ_COUNT)
        return;
    uint64_t flags = irq_save();
    struct irq_line *l = &lines[irq];
    for (int i = 0; i < l->count; i++) {
        if (l->fn[i] == fn && l->arg[i] == arg) {
            for (int j = i + 1; j < l->count; j++) {
                l->fn[j - 1] = l->fn[j];
                l->arg[j - 1] = l->arg[j];
            }
            l->count--;
            break;
        }
    }
    if (l->count == 0)
        pic_mask(irq);
    irq_restore(flags);
}

static uint8_t read_isr(uint16_t cmd_port)
{
    outb(cmd_port, OCW3_READ_ISR);
    return inb(cmd_port);
}

/* A PIC raises line 7 (of itself) when a request vanished before the CPU
   acknowledged it; then its in-service bit is clear and no EOI is owed. */
static bool spurious_irq(unsigned irq)
{
    if (irq == 7 && !(read_isr(PIC1_CMD) & 0x80))
        return true;
    if (irq == 15 && !(read_isr(PIC2_CMD) & 0x80)) {
        outb(PIC1_CMD, OCW2_EOI); /* the master did see the cascade line */
        return true;
    }
    return false;
}

bool pic_handle_irq(unsigned irq)
{
    if (spurious_irq(irq)) {
        spurious++;
        return false;
    }
    struct irq_line *l = &lines[irq];
    l->delivered++;
    for (int i = 0; i < l->count; i++)
        l->fn[i](l->arg[i]);
    if (irq >= 8)
        outb(PIC2_CMD, OCW2_EOI);
    outb(PIC1_CMD, OCW2_EOI);
    return true;
}

unsigned long irq_count(unsigned irq) { return irq < PIC_IRQ_COUNT ? lines[irq].delivered : 0; }

unsigned long irq_spurious_count(void) { return spurious; }
