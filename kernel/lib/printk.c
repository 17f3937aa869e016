/*
 * kernel/lib/printk.c: kernel messages with levels, to the kernel log
 * (klog.h) and to the registered consoles (printk.h).  One lock for all of
 * them: a message is written whole before anything else reaches the same
 * device.
 *
 * A message may end without a newline; the next one continues that line
 * if it has no level of its own (or KERN_CONT), as panic() does.  The line
 * reaches the log once it is complete; the consoles get each piece at once.
 */
#include "kernel/lib/printk.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/klog.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"

#define LOGLEVEL_MOTORMOUTH 15 /* console_verbose(): every line (Linux's name) */
#define LOGLEVEL_MAX        8  /* console_loglevel 8 shows level 7, the last */

static struct spinlock lock = SPINLOCK_INIT("console");
static struct console *consoles;
static bool panicking;
static bool ignore_loglevel;
/* The default console level is Linux's "quiet" one: errors and worse
   (a process killed, a panic); the boot lines are in dmesg. */
static struct printk_levels levels = { LOGLEVEL_WARNING, LOGLEVEL_WARNING, LOGLEVEL_ALERT,
                                       LOGLEVEL_WARNING };

/* The line being built: printed pieces not yet ended by a newline. */
static struct {
    char text[KLOG_LINE_MAX];
    size_t len;
    int level;
    uint64_t ts_ns;
    bool open;
} line;

void console_register(struct console *c)
{
    uint64_t flags = console_lock();
    c->next = consoles;
    consoles = c;
    console_unlock(flags);
}

uint64_t console_lock(void) { return spin_lock_irqsave(&lock); }

void console_unlock(uint64_t flags) { spin_unlock_irqrestore(&lock, flags); }

static bool console_shows(const struct console *c, int level)
{
    return c->all_levels || ignore_loglevel || level < levels.console_loglevel;
}

static void to_consoles(int level, const char *s, size_t n)
{
    for (struct console *c = consoles; c; c = c->next)
        if (console_shows(c, level))
            c->write(c, s, n);
}

static void line_end(void)
{
    klog_store(line.level, line.ts_ns, line.text, line.len);
    line.len = 0;
    line.open = false;
}

/* Appends text (no newline in it) to the line, opening it if needed. */
static void line_add(int level, const char *s, size_t n)
{
    if (!line.open) {
        line.open = true;
        line.level = level;
        line.ts_ns = clock_monotonic_ns();
    }
    size_t room = sizeof line.text - line.len;
    size_t k = n < room ? n : room;
    memcpy(line.text + line.len, s, k);
    line.len += k;
}

/* The level a message asks for, with its prefix skipped; -1 for none. */
static int message_level(const char **s)
{
    const char *p = *s;
    if (p[0] != KERN_SOH[0] || !p[1])
        return -1;
    *s = p + 2;
    if (p[1] >= '0' && p[1] <= '7')
        return p[1] - '0';
    return -1; /* KERN_CONT, or a level we do not know */
}

void vprintk(const char *fmt, va_list ap)
{
    char buf[512];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    const char *s = buf;
    const char *end = buf + (n < (int)sizeof buf ? n : (int)sizeof buf - 1);
    int level = message_level(&s);
    uint64_t flags = console_lock();
    if (line.open && level >= 0) {
        /* A new message while a line was open: the line ends here. */
        to_consoles(line.level, "\n", 1);
        line_end();
    }
    if (level < 0)
        level = line.open ? line.level : levels.default_message_loglevel;
    while (s < end) {
        const char *nl = s;
        while (nl < end && *nl != '\n')
            nl++;
        if (nl == end)
            nl = NULL;
        size_t k = nl ? (size_t)(nl - s) : (size_t)(end - s);
        line_add(level, s, k);
        to_consoles(level, s, k + (nl != NULL));
        if (nl)
            line_end();
        s += k + (nl != NULL);
    }
    console_unlock(flags);
    /* Readers waiting for the log (syslog(2)'s read) are woken outside
       the console lock: waking must never print under it. */
    if (!panicking && !list_empty(&klog_waiters.entries))
        wake_up(&klog_waiters);
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
    levels.console_loglevel = LOGLEVEL_MOTORMOUTH;
    lock.locked = 0;
}

void console_verbose(void) { levels.console_loglevel = LOGLEVEL_MOTORMOUTH; }

void printk_get_levels(struct printk_levels *out) { *out = levels; }

static bool valid_console_level(int v) { return v >= 1 && v <= LOGLEVEL_MAX; }

int printk_set_levels(const struct printk_levels *in)
{
    if (!valid_console_level(in->console_loglevel) || in->default_message_loglevel < 0 ||
        in->default_message_loglevel > LOGLEVEL_DEBUG ||
        !valid_console_level(in->minimum_console_loglevel) ||
        !valid_console_level(in->default_console_loglevel))
        return -EINVAL;
    uint64_t flags = console_lock();
    levels = *in;
    if (levels.console_loglevel < levels.minimum_console_loglevel)
        levels.console_loglevel = levels.minimum_console_loglevel;
    console_unlock(flags);
    return 0;
}

void printk_init(const char *cmdline)
{
    char v[8];
    if (cmdline_get(cmdline, "loglevel", v, sizeof v) && v[0] >= '0' && v[0] <= '8' && !v[1])
        levels.console_loglevel = v[0] - '0';
    ignore_loglevel = cmdline_has(cmdline, "ignore_loglevel");
}

/* /proc/sys/kernel/printk: the four levels, tab-separated as on Linux;
   writing one to four numbers sets the first ones. */
static long show_printk(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\t%d\t%d\t%d\n", levels.console_loglevel,
                    levels.default_message_loglevel, levels.minimum_console_loglevel,
                    levels.default_console_loglevel);
}

static int store_printk(void *arg, const char *data, size_t len)
{
    struct printk_levels l = levels;
    int *field[] = { &l.console_loglevel, &l.default_message_loglevel, &l.minimum_console_loglevel,
                     &l.default_console_loglevel };
    size_t i = 0, nfields = 0;
    while (i < len && nfields < 4) {
        while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n'))
            i++;
        if (i == len)
            break;
        int v = 0, digits = 0;
        for (; i < len && data[i] >= '0' && data[i] <= '9' && digits < 3; i++, digits++)
            v = v * 10 + (data[i] - '0');
        if (!digits || (i < len && data[i] != ' ' && data[i] != '\t' && data[i] != '\n'))
            return -EINVAL;
        *field[nfields++] = v;
    }
    if (!nfields)
        return -EINVAL;
    return printk_set_levels(&l);
}

PROC_FILE(printk_levels, "sys/kernel/printk", show_printk, store_printk);
