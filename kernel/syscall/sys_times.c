/*
 * kernel/syscall/sys_times.c: times(2): the process's and its reaped
 * children's user and system time in clock ticks (sysconf(_SC_CLK_TCK),
 * 100 as on Linux x86-64), and the ticks elapsed since a fixed point
 * (boot, here).  The reaped children's times are the timer tick's samples
 * (getrusage's RUSAGE_CHILDREN); the process's own add up to its exact
 * time on the CPU.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/proc/cpuclock.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"

#define USER_HZ 100

struct tms_linux {
    int64_t tms_utime, tms_stime, tms_cutime, tms_cstime;
};

static int64_t ticks(int64_t sec, int64_t usec)
{
    return sec * USER_HZ + usec / (1000000 / USER_HZ);
}

/* As Linux's cputime_adjust: the time on the CPU is exact, the timer
   tick's samples only say how it splits between user and system mode
   (ticks can be missed, under emulation most of all). */
static void split_exact(const struct rusage_linux *ru, int64_t *user, int64_t *sys)
{
    uint64_t ns = 0;
    cpuclock_read(CPUCLOCK_PROCESS_SELF, &ns);
    uint64_t u = (uint64_t)(ru->utime_sec * 1000000 + ru->utime_usec);
    uint64_t s = (uint64_t)(ru->stime_sec * 1000000 + ru->stime_usec);
    while (s && ns > UINT64_MAX / s) { /* keep ns * s in 64 bits: the ratio is what counts */
        s >>= 1;
        u >>= 1;
    }
    uint64_t s_ns = u + s ? ns * s / (u + s) : 0;
    *sys = (int64_t)(s_ns / (1000000000ull / USER_HZ));
    *user = (int64_t)((ns - s_ns) / (1000000000ull / USER_HZ));
}

long sys_times(uint64_t ubuf)
{
    if (ubuf) {
        struct rusage_linux self, children;
        rusage_of(current, RUSAGE_SELF, &self);
        rusage_of(current, RUSAGE_CHILDREN, &children);
        struct tms_linux t = {
            0,
            0,
            ticks(children.utime_sec, children.utime_usec),
            ticks(children.stime_sec, children.stime_usec),
        };
        split_exact(&self, &t.tms_utime, &t.tms_stime);
        if (copy_to_user((void *)ubuf, &t, sizeof t, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    return (long)(clock_monotonic_ns() / (1000000000ull / USER_HZ));
}
