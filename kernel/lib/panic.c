/* kernel/lib/panic.c: stopping the kernel on a broken invariant. */
#include "kernel/lib/printk.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/backtrace.h"
#include "kernel/hw/power.h"

int spinlocks_held;

void spin_lock_failed(struct spinlock *l)
{
    panic("spin_lock: lock '%s' is already held (recursive acquisition)", l->name);
}

void panic(const char *fmt, ...)
{
    irq_disable();
    if (printk_panicking()) { /* a panic while panicking: say nothing more */
        qemu_debug_exit(QEMU_EXIT_PANIC);
        halt_forever();
    }
    printk_panic_begin();
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pr_emerg("kernel panic: %s\n", msg);
    backtrace_print((uint64_t)__builtin_frame_address(0));
    qemu_debug_exit(QEMU_EXIT_PANIC);
    halt_forever();
}
