/*
 * kernel/proc/loadavg.c: the load average (uptime, top, sysinfo(2) and
 * /proc/loadavg), computed as Linux does (kernel/sched/loadavg.c): every
 * 5 seconds the number of runnable tasks is folded into three exponentially
 * decaying averages of 1, 5 and 15 minutes, in 11-bit fixed point.
 *
 * Linux also counts tasks in uninterruptible sleep (disk waits); pagelab's
 * sleeps do not say which kind they are, so only runnable tasks count.
 */
#include "kernel/lib/procfile.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/loadavg.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

#define FSHIFT    11
#define FIXED_1   (1ul << FSHIFT)
#define LOAD_FREQ 5000000000ull /* ns between samples */
#define EXP_1     1884ul        /* FIXED_1 / exp(5 s / 1 min) */
#define EXP_5     2014ul        /* FIXED_1 / exp(5 s / 5 min) */
#define EXP_15    2037ul        /* FIXED_1 / exp(5 s / 15 min) */

static unsigned long avenrun[3];
static uint64_t next_sample_ns;

static unsigned long fold(unsigned long load, unsigned long exp, unsigned long active)
{
    unsigned long v = load * exp + active * (FIXED_1 - exp);
    if (active >= load)
        v += FIXED_1 - 1; /* Linux rounds up while the load grows */
    return v / FIXED_1;
}

static unsigned long runnable_tasks(void)
{
    unsigned long n = 0;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        const struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid != 0 && p->state == PROC_RUNNABLE)
            n++;
    }
    return n;
}

void loadavg_tick(uint64_t now_ns)
{
    if (now_ns < next_sample_ns)
        return;
    next_sample_ns = now_ns + LOAD_FREQ;
    unsigned long active = runnable_tasks() * FIXED_1;
    avenrun[0] = fold(avenrun[0], EXP_1, active);
    avenrun[1] = fold(avenrun[1], EXP_5, active);
    avenrun[2] = fold(avenrun[2], EXP_15, active);
}

void loadavg_get(unsigned long out[3], int shift)
{
    for (int i = 0; i < 3; i++)
        out[i] = shift >= FSHIFT ? avenrun[i] << (shift - FSHIFT) : avenrun[i] >> (FSHIFT - shift);
}

unsigned long loadavg_tasks(void)
{
    unsigned long n = 0;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        if (list_entry(l, struct proc, all_link)->pid != 0)
            n++;
    }
    return n;
}

/* /proc/loadavg: "0.12 0.05 0.01 1/42 57" (the last two: runnable/all
   tasks, and the last pid given out, as Linux). */
static long show_loadavg(void *arg, char *buf, size_t size)
{
    unsigned long a[3];
    loadavg_get(a, FSHIFT);
    char part[3][16];
    for (int i = 0; i < 3; i++) {
        unsigned long frac = ((a[i] & (FIXED_1 - 1)) * 100 + FIXED_1 / 2) >> FSHIFT;
        unsigned long whole = a[i] >> FSHIFT;
        if (frac >= 100) { /* rounding carried into the whole part */
            whole++;
            frac -= 100;
        }
        snprintf(part[i], sizeof part[i], "%lu.%02lu", whole, frac);
    }
    return snprintf(buf, size, "%s %s %s %lu/%lu %d\n", part[0], part[1], part[2], runnable_tasks(),
                    loadavg_tasks(), proc_last_pid());
}
PROC_FILE(loadavg, "loadavg", show_loadavg, NULL);
