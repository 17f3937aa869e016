/* sigwait.c: signals with a value and waiting for signals: sigqueue over
 * rt_sigqueueinfo, sigtimedwait/sigwaitinfo/sigwait over rt_sigtimedwait. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "libc_internal.h"

int sigqueue(pid_t pid, int sig, const union sigval value)
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    si.si_signo = sig;
    si.si_code = SI_QUEUE;
    si.__u.__rt.pid = getpid();
    si.__u.__rt.uid = getuid();
    si.si_value = value;
    return (int)__syscall_ret(__sys3(SYS_rt_sigqueueinfo, pid, sig, &si));
}

int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
                 const struct timespec *restrict timeout)
{
    return (int)__syscall_ret(
        __sys4(SYS_rt_sigtimedwait, set, info, timeout, sizeof(unsigned long)));
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info)
{
    return sigtimedwait(set, info, NULL);
}

/* sigwait returns the error instead of setting errno, and never EINTR. */
int sigwait(const sigset_t *restrict set, int *restrict sig)
{
    long r;
    do
        r = __sys4(SYS_rt_sigtimedwait, set, NULL, NULL, sizeof(unsigned long));
    while (r == -EINTR);
    if (r < 0)
        return (int)-r;
    *sig = (int)r;
    return 0;
}
