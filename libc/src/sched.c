/* sched.c: scheduling policies, nice values and CPU affinity
   (sched.h, sys/resource.h, unistd.h's nice). */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

int sched_get_priority_max(int policy) { RET(__sys1(SYS_sched_get_priority_max, policy)); }
int sched_get_priority_min(int policy) { RET(__sys1(SYS_sched_get_priority_min, policy)); }
int sched_getparam(pid_t pid, struct sched_param *p) { RET(__sys2(SYS_sched_getparam, pid, p)); }
int sched_setparam(pid_t pid, const struct sched_param *p) { RET(__sys2(SYS_sched_setparam, pid, p)); }
int sched_getscheduler(pid_t pid) { RET(__sys1(SYS_sched_getscheduler, pid)); }
int sched_setscheduler(pid_t pid, int policy, const struct sched_param *p)
{
    RET(__sys3(SYS_sched_setscheduler, pid, policy, p));
}
int sched_rr_get_interval(pid_t pid, struct timespec *ts) { RET(__sys2(SYS_sched_rr_get_interval, pid, ts)); }

/* The kernel fills as many bytes as its mask has and says how many; the
   rest of the caller's set is cleared, as glibc and musl do. */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    long r = __sys3(SYS_sched_getaffinity, pid, size, set);
    if (r < 0)
        RET(r);
    if ((size_t)r < size)
        memset((char *)set + r, 0, size - (size_t)r);
    return 0;
}
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
    RET(__sys3(SYS_sched_setaffinity, pid, size, set));
}

int __sched_cpucount(size_t size, const cpu_set_t *set)
{
    int n = 0;
    for (size_t i = 0; i < size / sizeof(unsigned long); i++)
        n += __builtin_popcountl(set->__bits[i]);
    return n;
}

int sched_getcpu(void)
{
    unsigned cpu;
    long r = __sys3(SYS_getcpu, &cpu, 0, 0);
    if (r < 0)
        RET(r);
    return (int)cpu;
}

/* The raw getpriority returns 20 - nice, so that success is never
   negative; a nice value of -1 is a success here, errno untouched. */
int getpriority(int which, id_t who)
{
    long r = __sys2(SYS_getpriority, which, who);
    if (r < 0)
        RET(r);
    return 20 - (int)r;
}
int setpriority(int which, id_t who, int prio) { RET(__sys3(SYS_setpriority, which, who, prio)); }

/* nice(2): the new nice value; -1 with errno on failure (EPERM where
   Linux's EACCES means "may not raise the priority"). */
int nice(int inc)
{
    int now = getpriority(PRIO_PROCESS, 0);
    if (setpriority(PRIO_PROCESS, 0, now + inc) < 0) {
        if (errno == EACCES)
            errno = EPERM;
        return -1;
    }
    return getpriority(PRIO_PROCESS, 0);
}
