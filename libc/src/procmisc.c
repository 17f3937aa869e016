/* procmisc.c: times, statfs/fstatfs, flock, and the CPU-time clocks of
 * other processes and threads (Linux's clock id encoding: ~pid << 3, then
 * 2 for "time on the CPU", bit 2 for a thread). */
#include <errno.h>
#include <pthread.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/times.h>
#include <time.h>
#include "libc_internal.h"
#include "thread/pthread_impl.h"

#define CPUCLOCK_SCHED     2
#define CPUCLOCK_PERTHREAD 4

clock_t times(struct tms *buf)
{
    return (clock_t)__syscall_ret(__sys1(SYS_times, buf));
}

int statfs(const char *path, struct statfs *buf)
{
    return (int)__syscall_ret(__sys2(SYS_statfs, path, buf));
}

int fstatfs(int fd, struct statfs *buf)
{
    return (int)__syscall_ret(__sys2(SYS_fstatfs, fd, buf));
}

int flock(int fd, int operation)
{
    return (int)__syscall_ret(__sys2(SYS_flock, fd, operation));
}

/* Returns the error (ESRCH for a process that does not exist), as POSIX
   says, without setting errno. */
int clock_getcpuclockid(pid_t pid, clockid_t *clk)
{
    clockid_t id = (clockid_t)((~(unsigned)pid << 3) | CPUCLOCK_SCHED);
    struct timespec ts;
    long r = __sys2(SYS_clock_getres, id, &ts);
    if (r == -EINVAL)
        return ESRCH;
    if (r < 0)
        return (int)-r;
    *clk = id;
    return 0;
}

int pthread_getcpuclockid(pthread_t t, clockid_t *clk)
{
    *clk = (clockid_t)((~(unsigned)t->tid << 3) | CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD);
    return 0;
}
