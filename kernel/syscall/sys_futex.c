/*
 * kernel/syscall/sys_futex.c: futex(2), decoded as Linux's
 * kernel/futex/syscalls.c does: the operation and its flags, the timeout
 * (relative for FUTEX_WAIT, absolute for FUTEX_WAIT_BITSET on the
 * monotonic clock, or the real-time clock with FUTEX_CLOCK_REALTIME), and
 * the arguments that share the timeout's register (the requeue and wake_op
 * counts).  The sleeping and waking is kernel/ipc/futex.c's.
 *
 * Not here: the priority-inheritance operations (FUTEX_LOCK_PI and
 * friends), which return -ENOSYS.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/futex.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/proc/proc.h"

#include "libc/include/pagelab/futex_values.h"

struct futex_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

static bool has_timeout(int cmd)
{
    return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
           cmd == FUTEX_WAIT_REQUEUE_PI || cmd == FUTEX_LOCK_PI2;
}

/* a + b, or UINT64_MAX when it would not fit (a wait "forever"). */
static uint64_t add_saturating(uint64_t a, uint64_t b) { return a + b < a ? UINT64_MAX : a + b; }

/* The deadline on the monotonic clock for the user's timespec: 0 or
   -EFAULT / -EINVAL.  A real-time deadline is moved to the monotonic clock
   now (pagelab's wall clock is never set after boot, so the two keep their
   distance). */
static long deadline_of(uint64_t utime, int cmd, int op, uint64_t *deadline)
{
    struct futex_timespec ts;
    if (copy_from_user(&ts, (const void *)utime, sizeof ts, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    uint64_t sec = (uint64_t)ts.tv_sec;
    uint64_t ns = sec > UINT64_MAX / NSEC_PER_SEC
                      ? UINT64_MAX
                      : add_saturating(sec * NSEC_PER_SEC, (uint64_t)ts.tv_nsec);
    uint64_t now = clock_monotonic_ns();
    if (cmd == FUTEX_WAIT) {
        *deadline = add_saturating(now, ns);
    } else if (op & FUTEX_CLOCK_REALTIME) {
        uint64_t real = clock_realtime_ns();
        *deadline = ns <= real ? now : add_saturating(now, ns - real);
    } else {
        *deadline = ns;
    }
    /* 0 means "no deadline" to the wait: an absolute 0 is long past. */
    if (*deadline == 0)
        *deadline = 1;
    if (*deadline == UINT64_MAX)
        *deadline = 0;
    return 0;
}

long sys_futex(uint64_t uaddr, int op, unsigned val, uint64_t utime, uint64_t uaddr2, unsigned val3)
{
    int cmd = op & FUTEX_CMD_MASK;
    bool shared = !(op & FUTEX_PRIVATE_FLAG);
    uint64_t deadline = 0;
    if (utime && has_timeout(cmd)) {
        long err = deadline_of(utime, cmd, op, &deadline);
        if (err)
            return err;
    }
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
        cmd != FUTEX_LOCK_PI2)
        return -ENOSYS;
    /* The requeue and wake_op counts travel in the timeout's register. */
    int val2 = (int)(uint32_t)utime;
    switch (cmd) {
    case FUTEX_WAIT:
        return futex_wait(uaddr, shared, val, deadline, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAIT_BITSET:
        return futex_wait(uaddr, shared, val, deadline, val3);
    case FUTEX_WAKE:
        return futex_wake(uaddr, shared, (int)val, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
        return futex_wake(uaddr, shared, (int)val, val3);
    case FUTEX_REQUEUE:
        return futex_requeue(uaddr, shared, (int)val, val2, uaddr2, NULL);
    case FUTEX_CMP_REQUEUE:
        return futex_requeue(uaddr, shared, (int)val, val2, uaddr2, &val3);
    case FUTEX_WAKE_OP:
        return futex_wake_op(uaddr, shared, (int)val, val2, uaddr2, val3);
    default:
        return -ENOSYS;
    }
}

/* set_robust_list(2): where the caller's list of held robust futexes is
   (kernel/ipc/futex_robust.c walks it when the thread ends).  The length
   must be the head's, 24 bytes, as Linux requires. */
#define ROBUST_LIST_HEAD_SIZE 24

long sys_set_robust_list(uint64_t head, uint64_t len)
{
    if (len != ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    current->robust_list = head;
    return 0;
}

long sys_get_robust_list(int pid, uint64_t head_ptr, uint64_t len_ptr)
{
    struct proc *p = pid ? proc_find(pid) : current;
    if (!p || p->state == PROC_ZOMBIE || p->is_kthread)
        return -ESRCH;
    uint64_t head = p->robust_list, len = ROBUST_LIST_HEAD_SIZE;
    if (copy_to_user((void *)len_ptr, &len, sizeof len, MECH_SYSCALL_ARGS) ||
        copy_to_user((void *)head_ptr, &head, sizeof head, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}
