/*
 * kernel/lib/printk.h: formatted output, kernel messages and panic().
 *
 * Every kernel message has a level, Linux's (include/linux/kern_levels.h):
 * it starts with KERN_SOH and a digit, so printk(KERN_INFO "...") or
 * pr_info("...").  A message without one gets the default message level
 * (4, warning, as on Linux).  Each complete line is kept in the kernel log
 * (klog.h: dmesg reads it through syslog(2) or /dev/kmsg) and written to
 * the registered consoles: a terminal console shows only the lines more
 * urgent than the console level (console_loglevel: "loglevel=N" on the
 * command line, the first number of /proc/sys/kernel/printk), so that
 * program output is not broken by kernel chatter; a log console (the
 * serial port tools/run-in-vm records) gets every line.
 *
 * The consoles belong to drivers (the serial driver registers them), so
 * this file knows no hardware; a message printed before any console
 * exists still reaches the log.
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

#define KERN_SOH     "\001"
#define KERN_EMERG   KERN_SOH "0" /* the system is unusable: a panic */
#define KERN_ALERT   KERN_SOH "1"
#define KERN_CRIT    KERN_SOH "2"
#define KERN_ERR     KERN_SOH "3" /* a user must see it: a process killed, a disk error */
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE  KERN_SOH "5"
#define KERN_INFO    KERN_SOH "6" /* what the kernel found and did: boot lines */
#define KERN_DEBUG   KERN_SOH "7"
#define KERN_CONT    KERN_SOH "c" /* continues the line the last printk left open */

enum {
    LOGLEVEL_EMERG,
    LOGLEVEL_ALERT,
    LOGLEVEL_CRIT,
    LOGLEVEL_ERR,
    LOGLEVEL_WARNING,
    LOGLEVEL_NOTICE,
    LOGLEVEL_INFO,
    LOGLEVEL_DEBUG,
};

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);

#define pr_emerg(...)  printk(KERN_EMERG __VA_ARGS__)
#define pr_crit(...)   printk(KERN_CRIT __VA_ARGS__)
#define pr_err(...)    printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...)   printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...)   printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...)  printk(KERN_DEBUG __VA_ARGS__)

/* The four numbers of /proc/sys/kernel/printk, as Linux names them: lines
   with a level below console_loglevel reach terminal consoles; a message
   without a level gets default_message_loglevel; console_loglevel can not
   be set below minimum_console_loglevel; default_console_loglevel is what
   syslog(2)'s "console on" restores. */
struct printk_levels {
    int console_loglevel;
    int default_message_loglevel;
    int minimum_console_loglevel;
    int default_console_loglevel;
};
void printk_get_levels(struct printk_levels *out);
/* Returns 0, or -EINVAL for a level outside 1..8 (0 for the message level). */
int printk_set_levels(const struct printk_levels *in);
/* Reads "loglevel=N" and "ignore_loglevel" (every line on every console)
   from the command line. */
void printk_init(const char *cmdline);
/* Every later line reaches every console, whatever its level (a panic, a
   kernel oops, an in-kernel test run: the console is then the report). */
void console_verbose(void);

/* A place kernel messages go.  write() is called with the console lock
   held and interrupts off. */
struct console {
    const char *name;
    void (*write)(struct console *c, const char *s, size_t n);
    bool all_levels; /* a log, not a terminal: every line, whatever its level */
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
