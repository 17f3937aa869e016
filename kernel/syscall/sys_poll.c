/*
 * kernel/syscall/sys_poll.c: waiting on many descriptors: poll ppoll select
 * pselect6 epoll_create epoll_create1 epoll_ctl epoll_wait epoll_pwait
 * epoll_pwait2.  Linux's structs, limits, errors and timeout rules
 * (poll(2), select(2), epoll_wait(2)):
 *
 *   - a timeout of zero asks once; none (NULL, or a negative poll/epoll
 *     timeout) waits for ever; otherwise the wait ends at the deadline;
 *   - a signal ends the wait with EINTR unless something was ready (never
 *     restarted, as Linux does not restart these after a handler);
 *   - ppoll, select and pselect6 write the time left back into their
 *     timeout argument (Linux does; a read-only timeout is not an error);
 *   - ppoll, pselect6 and epoll_pwait block the given signal set for the
 *     duration of the call (kernel/proc/signal.h, signal_mask_swap_in).
 *
 * The waiting itself is kernel/fs/poll.c's (one task on many queues) and
 * kernel/fs/eventpoll.c's (epoll instances).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/eventpoll.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/poll.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

#define POLL_NFDS_MAX 1024 /* Linux: RLIMIT_NOFILE, whose default soft limit is 1024 */
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event_linux))
#define NSEC_PER_USEC 1000ull
#define NSEC_PER_MSEC 1000000ull
#define BITS_PER_WORD 64
/* What select counts as readable, writable, exceptional (Linux fs/select.c). */
#define POLLIN_SET    (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET   (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET    (POLLPRI)

struct pollfd_linux {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

struct timespec_linux {
    int64_t tv_sec, tv_nsec;
};

struct timeval_linux {
    int64_t tv_sec, tv_usec;
};

/* pselect6's sixth argument: the signal set and its size. */
struct pselect_sigmask {
    uint64_t set;
    uint64_t size;
};

/* When a wait ends: never (forever), now (nowait) or at deadline_ns. */
struct poll_deadline {
    bool forever;
    bool nowait;
    uint64_t deadline_ns;
};

static struct poll_deadline deadline_in(uint64_t ns)
{
    struct poll_deadline d = { false, ns == 0, 0 };
    uint64_t now = clock_monotonic_ns();
    d.deadline_ns = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
    return d;
}

static struct poll_deadline deadline_forever(void) { return (struct poll_deadline){ true, 0, 0 }; }

/* A struct timespec argument: 0, -EFAULT or -EINVAL. */
static long timespec_in(uint64_t uts, struct poll_deadline *d)
{
    struct timespec_linux ts;
    if (copy_from_user(&ts, (void *)uts, sizeof ts, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    uint64_t sec = (uint64_t)ts.tv_sec;
    uint64_t ns = sec > UINT64_MAX / NSEC_PER_SEC - 1 ? UINT64_MAX
                                                      : sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
    *d = deadline_in(ns);
    return 0;
}

static uint64_t time_left(const struct poll_deadline *d)
{
    uint64_t now = clock_monotonic_ns();
    return d->nowait || d->deadline_ns <= now ? 0 : d->deadline_ns - now;
}

/* Linux writes the time left back; a timeout it cannot write is ignored. */
static void timespec_out(uint64_t uts, const struct poll_deadline *d)
{
    uint64_t left = time_left(d);
    struct timespec_linux ts = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
    copy_to_user((void *)uts, &ts, sizeof ts, MECH_SYSCALL_ARGS);
}

static void timeval_out(uint64_t utv, const struct poll_deadline *d)
{
    uint64_t left = time_left(d);
    struct timeval_linux tv = { (int64_t)(left / NSEC_PER_SEC),
                                (int64_t)(left % NSEC_PER_SEC / NSEC_PER_USEC) };
    copy_to_user((void *)utv, &tv, sizeof tv, MECH_SYSCALL_ARGS);
}

/* A user signal set for the call (ppoll, pselect6, epoll_pwait): swapped
   in when uset is not NULL.  0, -EINVAL (size) or -EFAULT. */
static long sigmask_in(uint64_t uset, uint64_t size, bool *swapped)
{
    *swapped = false;
    if (!uset)
        return 0;
    if (size != sizeof(uint64_t))
        return -EINVAL;
    uint64_t set;
    if (copy_from_user(&set, (void *)uset, sizeof set, MECH_SYSCALL_ARGS))
        return -EFAULT;
    signal_mask_swap_in(set);
    *swapped = true;
    return 0;
}

static void sigmask_out(bool swapped, long result)
{
    if (swapped)
        signal_mask_swap_out(result == -EINTR);
}

/*
 * The common loop: scan asks every descriptor (registering on the first
 * pass) and returns how many are ready or a negative error; then either
 * return, or sleep until a queue is woken, a signal or the deadline, and
 * scan again.  Linux's order: ready descriptors win over a signal, and a
 * timed-out wait scans one last time.
 */
typedef long (*poll_scan_fn)(void *arg, struct poll_waiter *pw);

static long wait_for_ready(poll_scan_fn scan, void *arg, const struct poll_deadline *d)
{
    struct poll_waiter pw;
    poll_waiter_init(&pw);
    if (d->nowait)
        pw.table.queue = NULL;
    bool timed_out = d->nowait;
    long count;
    for (;;) {
        count = scan(arg, &pw);
        pw.table.queue = NULL;
        if (count == 0) {
            count = pw.error;
            if (signal_pending_current())
                count = -EINTR;
        }
        if (count || timed_out)
            break;
        if (poll_waiter_sleep(&pw, d->forever ? 0 : d->deadline_ns) == -ETIMEDOUT)
            timed_out = true;
    }
    poll_waiter_done(&pw);
    return count;
}

/* --- poll, ppoll --- */

struct poll_scan {
    struct pollfd_linux *fds;
    unsigned nfds;
};

static long poll_scan(void *arg, struct poll_waiter *pw)
{
    struct poll_scan *ps = arg;
    long count = 0;
    for (unsigned i = 0; i < ps->nfds; i++) {
        struct pollfd_linux *p = &ps->fds[i];
        p->revents = 0;
        if (p->fd < 0)
            continue;
        struct file *f = fd_file(current->files, p->fd);
        uint32_t mask = POLLNVAL;
        if (f)
            mask = poll_waiter_poll(pw, f) & ((uint16_t)p->events | POLLERR | POLLHUP);
        p->revents = (int16_t)mask;
        if (mask)
            count++;
    }
    return count;
}

static long do_poll(uint64_t ufds, unsigned nfds, const struct poll_deadline *d)
{
    if (nfds > POLL_NFDS_MAX)
        return -EINVAL;
    size_t bytes = (size_t)nfds * sizeof(struct pollfd_linux);
    struct poll_scan ps = { kmalloc(bytes ? bytes : 1), nfds };
    if (!ps.fds)
        return -ENOMEM;
    long r = -EFAULT;
    if (!copy_from_user(ps.fds, (void *)ufds, bytes, MECH_SYSCALL_ARGS)) {
        r = wait_for_ready(poll_scan, &ps, d);
        if (copy_to_user((void *)ufds, ps.fds, bytes, MECH_SYSCALL_ARGS))
            r = -EFAULT;
    }
    kfree(ps.fds);
    return r;
}

long sys_poll(uint64_t ufds, unsigned nfds, int timeout_ms)
{
    struct poll_deadline d =
        timeout_ms < 0 ? deadline_forever() : deadline_in((uint64_t)timeout_ms * NSEC_PER_MSEC);
    return do_poll(ufds, nfds, &d);
}

long sys_ppoll(uint64_t ufds, unsigned nfds, uint64_t uts, uint64_t usigmask, uint64_t sigsetsize)
{
    struct poll_deadline d = deadline_forever();
    long r;
    if (uts && (r = timespec_in(uts, &d)))
        return r;
    bool swapped;
    if ((r = sigmask_in(usigmask, sigsetsize, &swapped)))
        return r;
    r = do_poll(ufds, nfds, &d);
    if (uts)
        timespec_out(uts, &d);
    sigmask_out(swapped, r);
    return r;
}

/* --- select, pselect6 --- */

#define SELECT_WORDS (FD_MAX / BITS_PER_WORD)

struct select_scan {
    int n;
    uint64_t in[SELECT_WORDS], out[SELECT_WORDS], ex[SELECT_WORDS];
    uint64_t res_in[SELECT_WORDS], res_out[SELECT_WORDS], res_ex[SELECT_WORDS];
};

static bool bit(const uint64_t *set, int fd) { return set[fd / BITS_PER_WORD] >> (fd % 64) & 1; }
static void set_bit(uint64_t *set, int fd) { set[fd / BITS_PER_WORD] |= 1ull << (fd % 64); }

static long select_scan(void *arg, struct poll_waiter *pw)
{
    struct select_scan *s = arg;
    long count = 0;
    for (int w = 0; w < SELECT_WORDS; w++)
        s->res_in[w] = s->res_out[w] = s->res_ex[w] = 0;
    for (int fd = 0; fd < s->n; fd++) {
        bool r = bit(s->in, fd), wr = bit(s->out, fd), x = bit(s->ex, fd);
        if (!r && !wr && !x)
            continue;
        struct file *f = fd_file(current->files, fd);
        if (!f)
            return -EBADF;
        uint32_t mask = poll_waiter_poll(pw, f);
        if (r && (mask & POLLIN_SET)) {
            set_bit(s->res_in, fd);
            count++;
        }
        if (wr && (mask & POLLOUT_SET)) {
            set_bit(s->res_out, fd);
            count++;
        }
        if (x && (mask & POLLEX_SET)) {
            set_bit(s->res_ex, fd);
            count++;
        }
    }
    return count;
}

static long set_in(uint64_t uset, uint64_t *set, size_t bytes)
{
    for (int w = 0; w < SELECT_WORDS; w++)
        set[w] = 0;
    return uset && copy_from_user(set, (void *)uset, bytes, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long set_out(uint64_t uset, const uint64_t *set, size_t bytes)
{
    return uset && copy_to_user((void *)uset, set, bytes, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long do_select(int n, uint64_t uin, uint64_t uout, uint64_t uex,
                      const struct poll_deadline *d)
{
    if (n < 0)
        return -EINVAL;
    if (n > FD_MAX)
        n = FD_MAX; /* Linux: at most the descriptor table's size */
    size_t bytes = (size_t)(n + BITS_PER_WORD - 1) / BITS_PER_WORD * sizeof(uint64_t);
    struct select_scan *s = kmalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    s->n = n;
    long r = set_in(uin, s->in, bytes);
    if (!r)
        r = set_in(uout, s->out, bytes);
    if (!r)
        r = set_in(uex, s->ex, bytes);
    if (!r)
        r = wait_for_ready(select_scan, s, d);
    if (r >= 0 && (set_out(uin, s->res_in, bytes) || set_out(uout, s->res_out, bytes) ||
                   set_out(uex, s->res_ex, bytes)))
        r = -EFAULT;
    kfree(s);
    return r;
}

long sys_select(int n, uint64_t uin, uint64_t uout, uint64_t uex, uint64_t utv)
{
    struct poll_deadline d = deadline_forever();
    if (utv) {
        struct timeval_linux tv;
        if (copy_from_user(&tv, (void *)utv, sizeof tv, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL; /* Linux takes tv_usec >= 1000000 as more seconds */
        uint64_t sec = (uint64_t)tv.tv_sec + (uint64_t)tv.tv_usec / 1000000;
        uint64_t usec = (uint64_t)tv.tv_usec % 1000000;
        d = deadline_in(sec > UINT64_MAX / NSEC_PER_SEC - 1
                            ? UINT64_MAX
                            : sec * NSEC_PER_SEC + usec * NSEC_PER_USEC);
    }
    long r = do_select(n, uin, uout, uex, &d);
    if (utv)
        timeval_out(utv, &d);
    return r;
}

long sys_pselect6(int n, uint64_t uin, uint64_t uout, uint64_t uex, uint64_t uts, uint64_t usig)
{
    struct poll_deadline d = deadline_forever();
    long r;
    if (uts && (r = timespec_in(uts, &d)))
        return r;
    struct pselect_sigmask sm = { 0, 0 };
    if (usig && copy_from_user(&sm, (void *)usig, sizeof sm, MECH_SYSCALL_ARGS))
        return -EFAULT;
    bool swapped;
    if ((r = sigmask_in(sm.set, sm.size, &swapped)))
        return r;
    r = do_select(n, uin, uout, uex, &d);
    if (uts)
        timespec_out(uts, &d);
    sigmask_out(swapped, r);
    return r;
}

/* --- epoll --- */

long sys_epoll_create1(int flags)
{
    if (flags & ~EPOLL_CLOEXEC)
        return -EINVAL;
    struct file *f;
    int err = eventpoll_create(&f);
    if (err)
        return err;
    return syscall_fd_install(f, 0, flags & EPOLL_CLOEXEC);
}

long sys_epoll_create(int size) { return size <= 0 ? -EINVAL : sys_epoll_create1(0); }

long sys_epoll_ctl(int epfd, int op, int fd, uint64_t uevent)
{
    struct epoll_event_linux ev = { 0, 0 };
    if (op != EPOLL_CTL_DEL && copy_from_user(&ev, (void *)uevent, sizeof ev, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct file *ep = fd_file(current->files, epfd);
    struct file *f = fd_file(current->files, fd);
    if (!ep || !f)
        return -EBADF;
    if (!vfs_can_poll(f))
        return -EPERM;
    if (!file_is_eventpoll(ep))
        return -EINVAL;
    return eventpoll_ctl(ep, op, fd, f, &ev);
}

static long do_epoll_wait(int epfd, uint64_t uevents, int maxevents, const struct poll_deadline *d)
{
    if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
        return -EINVAL;
    if (!user_range_ok(uevents, (size_t)maxevents * sizeof(struct epoll_event_linux)))
        return -EFAULT;
    struct file *ep = fd_file(current->files, epfd);
    if (!ep)
        return -EBADF;
    if (!file_is_eventpoll(ep))
        return -EINVAL;
    /* The epoll file stays open while we sleep, even if epfd is closed. */
    file_get(ep);
    long r = eventpoll_wait(ep, uevents, maxevents, d->forever ? 0 : d->deadline_ns, d->nowait);
    file_put(ep);
    return r;
}

static struct poll_deadline deadline_ms(int timeout_ms)
{
    return timeout_ms < 0 ? deadline_forever() : deadline_in((uint64_t)timeout_ms * NSEC_PER_MSEC);
}

long sys_epoll_wait(int epfd, uint64_t uevents, int maxevents, int timeout_ms)
{
    struct poll_deadline d = deadline_ms(timeout_ms);
    return do_epoll_wait(epfd, uevents, maxevents, &d);
}

long sys_epoll_pwait(int epfd, uint64_t uevents, int maxevents, int timeout_ms, uint64_t usigmask,
                     uint64_t sigsetsize)
{
    bool swapped;
    long r = sigmask_in(usigmask, sigsetsize, &swapped);
    if (r)
        return r;
    struct poll_deadline d = deadline_ms(timeout_ms);
    r = do_epoll_wait(epfd, uevents, maxevents, &d);
    sigmask_out(swapped, r);
    return r;
}

long sys_epoll_pwait2(int epfd, uint64_t uevents, int maxevents, uint64_t uts, uint64_t usigmask,
                      uint64_t sigsetsize)
{
    struct poll_deadline d = deadline_forever();
    long r;
    if (uts && (r = timespec_in(uts, &d)))
        return r;
    bool swapped;
    if ((r = sigmask_in(usigmask, sigsetsize, &swapped)))
        return r;
    r = do_epoll_wait(epfd, uevents, maxevents, &d);
    sigmask_out(swapped, r);
    return r;
}
