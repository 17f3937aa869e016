/* poll.c: poll, ppoll, select, pselect and epoll (poll.h, sys/select.h,
   sys/epoll.h) over Linux's system calls.  The signal-mask variants pass
   the kernel's 8-byte sigset. */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include "libc_internal.h"

#define RET(x)       return __syscall_ret(x)
#define KSIGSET_SIZE 8

int poll(struct pollfd *fds, nfds_t n, int timeout_ms) { RET(__sys3(SYS_poll, fds, n, timeout_ms)); }

/* The kernel writes the time left back; POSIX's timeout is const. */
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask)
{
    struct timespec ts, *tp = 0;
    if (timeout) {
        ts = *timeout;
        tp = &ts;
    }
    RET(__sys6(SYS_ppoll, (long)fds, (long)n, (long)tp, (long)mask, KSIGSET_SIZE, 0));
}

int select(int n, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
           struct timeval *restrict timeout)
{
    RET(__sys6(SYS_select, n, (long)rd, (long)wr, (long)ex, (long)timeout, 0));
}

int pselect(int n, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
            const struct timespec *restrict timeout, const sigset_t *restrict mask)
{
    struct timespec ts, *tp = 0;
    if (timeout) {
        ts = *timeout;
        tp = &ts;
    }
    unsigned long sig[2] = { (unsigned long)mask, KSIGSET_SIZE };
    RET(__sys6(SYS_pselect6, n, (long)rd, (long)wr, (long)ex, (long)tp, (long)sig));
}

int epoll_create(int size) { RET(__sys1(SYS_epoll_create, size)); }
int epoll_create1(int flags) { RET(__sys1(SYS_epoll_create1, flags)); }

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)
{
    RET(__sys4(SYS_epoll_ctl, epfd, op, fd, event));
}

int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout_ms)
{
    RET(__sys4(SYS_epoll_wait, epfd, events, max, timeout_ms));
}

int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout_ms,
                const sigset_t *mask)
{
    RET(__sys6(SYS_epoll_pwait, epfd, (long)events, max, timeout_ms, (long)mask, KSIGSET_SIZE));
}

int epoll_pwait2(int epfd, struct epoll_event *events, int max, const struct timespec *timeout,
                 const sigset_t *mask)
{
    RET(__sys6(SYS_epoll_pwait2, epfd, (long)events, max, (long)timeout, (long)mask,
               KSIGSET_SIZE));
}
