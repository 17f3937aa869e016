/*
 * kernel/lib/printk.c: the kernel console.  Output goes to COM1.
 *
 * The console turns "\n" into "\r\n" for terminals (make run) unless the
 * kernel command line says console=raw, which tools/run-in-vm uses so that
 * a program's output reaches the host byte for byte.
 */
#include "kernel/lib/printk.h"
#include "kernel/drivers/serial.h"
#include "kernel/arch/io.h"
#include "kernel/lib/spinlock.h"

bool console_raw;
static struct spinlock console_lock = SPINLOCK_INIT("console");

void console_write(const char *s, size_t n)
{
    uint64_t flags = spin_lock_irqsave(&console_lock);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' && !console_raw)
            serial_putc(COM1_PORT, '\r');
        serial_putc(COM1_PORT, s[i]);
    }
    spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
    console_lock.locked = 0;
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    console_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
