/*
 * kernel/drivers/pic_test.c: IRQ routing from vector to line to handlers.
 * A software `int` on an IRQ vector goes through the same stub and dispatch
 * as a device interrupt, without a device; no PIC has the line in service
 * then, which is exactly what a spurious IRQ 7 or 15 looks like.
 */
#include "kernel/drivers/pic.h"
#include "kernel/hw/trap.h"
#include "kernel/lib/ktest.h"

#define UNUSED_LINE 5 /* nothing sits on IRQ 5 in QEMU's "pc" machine */

static int calls_a, calls_b;
static void *last_arg;

static void handler_a(void *arg)
{
    calls_a++;
    last_arg = arg;
}
static void handler_b(void *arg) { calls_b++; }

KTEST(irq_vector_runs_every_handler_of_its_line)
{
    static int token;
    calls_a = calls_b = 0;
    unsigned long before = irq_count(UNUSED_LINE);
    irq_register(UNUSED_LINE, handler_a, &token);
    irq_register(UNUSED_LINE, handler_b, 0);
    __asm__ volatile("int %0" ::"i"(IRQ_BASE + UNUSED_LINE));
    irq_unregister(UNUSED_LINE, handler_a, &token);
    __asm__ volatile("int %0" ::"i"(IRQ_BASE + UNUSED_LINE));
    irq_unregister(UNUSED_LINE, handler_b, 0);
    KEXPECT(calls_a == 1 && last_arg == &token);
    KEXPECT(calls_b == 2);
    KEXPECT(irq_count(UNUSED_LINE) - before == 2);
}

KTEST(spurious_irq_7_and_15_run_no_handler)
{
    calls_a = 0;
    unsigned long spurious = irq_spurious_count();
    irq_register(7, handler_a, 0);
    irq_register(15, handler_a, 0);
    __asm__ volatile("int %0" ::"i"(IRQ_BASE + 7));
    __asm__ volatile("int %0" ::"i"(IRQ_BASE + 15));
    irq_unregister(7, handler_a, 0);
    irq_unregister(15, handler_a, 0);
    KEXPECT(calls_a == 0);
    KEXPECT(irq_spurious_count() - spurious == 2);
}
