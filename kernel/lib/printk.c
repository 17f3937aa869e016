/*
 * kernel/lib/printk.c: the kernel console.  Output goes to COM1, or to COM2
 * when the kernel command line says "quiet" (tools/run-in-vm keeps COM1 for
 * the program's own output and collects the kernel log from COM2).
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
static unsigned log_port = COM1_PORT;

void printk_set_quiet(bool quiet)
{
    log_port = quiet ? COM2_PORT : COM1_PORT;
}

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

/* COM2 is a log file on the host: written as is, no CR. */
static void log_write(const char *s, size_t n)
{
    if (log_port == COM1_PORT) {
        console_write(s, n);
        return;
    }
    uint64_t flags = spin_lock_irqsave(&console_lock);
    serial_write(log_port, s, n);
    spin_unlock_irqrestore(&console_lock, flags);
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    log_write(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}
