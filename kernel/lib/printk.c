/*
 * kernel/lib/printk.c: kernel messages to the registered consoles
 * (printk.h).  One lock for all of them: a message is written whole
 * before anything else reaches the same device.
 */
#include "kernel/lib/printk.h"
#include "kernel/lib/spinlock.h"

static struct spinlock lock = SPINLOCK_INIT("console");
static struct console *consoles;
static bool panicking;

void console_register(struct console *c)
{
    uint64_t flags = console_lock();
    c->next = consoles;
    consoles = c;
    console_unlock(flags);
}

uint64_t console_lock(void) { return spin_lock_irqsave(&lock); }

void console_unlock(uint64_t flags) { spin_unlock_irqrestore(&lock, flags); }

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    size_t len = n < (int)sizeof buf ? (size_t)n : sizeof buf - 1;
    uint64_t flags = console_lock();
    for (struct console *c = consoles; c; c = c->next)
        c->write(c, buf, len);
    console_unlock(flags);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

bool printk_panicking(void) { return panicking; }

void printk_panic_begin(void)
{
    panicking = true;
    lock.locked = 0;
}
