/* kernel/lib/printk.h: formatted output to the console, and panic(). */
#ifndef PAGELAB_LIB_PRINTK_H
#define PAGELAB_LIB_PRINTK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Conversions: %d %i %u %x %X %o %p %s %c %%, with flags '-' '0' ' ' '+',
 * a width and a precision (either may be '*'), and length modifiers
 * hh h l ll z t j.  Returns the length the full output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

/* Sends kernel messages to COM2 instead of the console (command line "quiet"). */
void printk_set_quiet(bool quiet);

/* Writes n raw bytes to the console (no formatting). */
void console_write(const char *s, size_t n);

/* Used by panic() only: the console lock may be held by the code that failed. */
void console_force_unlock(void);

/* Stops the kernel after printing the message and a backtrace. For broken
   kernel invariants only: say which function and which values. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
