/*
 * kernel/lib/printk.h: formatted output, kernel messages and panic().
 *
 * Kernel messages go to every registered console.  The consoles belong to
 * drivers (the serial driver registers the port the log goes to, COM1 or,
 * with "quiet" on the command line, COM2), so this file knows no hardware;
 * a message printed before any console exists is lost.
 */
#ifndef PAGELAB_LIB_PRINTK_H
#define PAGELAB_LIB_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with flags '-' '0' ' ' '+',
 * a width and a precision (either may be '*'), and length modifiers
 * hh h l ll z t j.  Returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* A place kernel messages go.  write() is called with the console lock
   held and interrupts off. */
struct console {
    const char *name;
    void (*write)(struct console *c, const char *s, size_t n);
    struct console *next;
};
void console_register(struct console *c);

/* The console lock serialises kernel messages with other output that
   shares their device (a terminal's program output), so lines never mix. */
uint64_t console_lock(void);
void console_unlock(uint64_t flags);

/* True once panic() has begun: consoles drop their fancier modes. */
bool printk_panicking(void);
/* Called by panic(): the lock may be held by the code that failed, so it
   is dropped, and consoles are written whatever state they were in. */
void printk_panic_begin(void);

/* Stops the kernel after printing the message and a backtrace. For broken
   kernel invariants only: say which function and which values. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
