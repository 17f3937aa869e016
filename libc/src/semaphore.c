/*
 * semaphore.c: POSIX semaphores (sem_overview(7)) over futex(2).
 *
 * A sem_t holds three words that user code changes with atomic
 * instructions: the value, the number of sleepers, and the futex flag
 * (FUTEX_PRIVATE_FLAG for pshared 0, 0 for a semaphore shared between
 * processes, whose futex the kernel keys by the physical page).  The layout
 * and the meaning of the words are musl's, so one semaphore in shared
 * memory (sem_init with pshared 1, or sem_open) serves a program built with
 * our libc and one built with musl at once.
 *
 * The value is >= 0, or -1 when it is 0 and a sleeper may be waiting: a
 * post that finds -1 (or any sleeper) must wake one.  The uncontended
 * sem_post and sem_wait are one compare-and-swap each, no system call.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdint.h>
#include <pagelab/futex_values.h>
#include "libc_internal.h"

#define VAL     0
#define WAITERS 1
#define PRIV    2

static long futex(volatile int *word, int op, int val, const struct timespec *ts)
{
    return __sys6(SYS_futex, (long)word, op, val, (long)ts, 0, (long)FUTEX_BITSET_MATCH_ANY);
}

static int cas(volatile int *p, int expected, int desired)
{
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected; /* the value found */
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    if (value > SEM_VALUE_MAX) {
        errno = EINVAL;
        return -1;
    }
    sem->__val[VAL] = (int)value;
    sem->__val[WAITERS] = 0;
    sem->__val[PRIV] = pshared ? 0 : FUTEX_PRIVATE_FLAG;
    return 0;
}

int sem_destroy(sem_t *sem)
{
    (void)sem;
    return 0;
}

int sem_getvalue(sem_t *restrict sem, int *restrict value)
{
    int v = sem->__val[VAL];
    *value = v < 0 ? 0 : v;
    return 0;
}

int sem_trywait(sem_t *sem)
{
    int v;
    while ((v = sem->__val[VAL]) > 0) {
        /* Taking the last unit while others sleep leaves -1 behind, so the
           next post knows to wake one. */
        int next = v - 1 - (v == 1 && sem->__val[WAITERS]);
        if (cas(&sem->__val[VAL], v, next) == v)
            return 0;
    }
    errno = EAGAIN;
    return -1;
}

int sem_post(sem_t *sem)
{
    int v, waiters;
    do {
        v = sem->__val[VAL];
        waiters = sem->__val[WAITERS];
        if (v == SEM_VALUE_MAX) {
            errno = EOVERFLOW;
            return -1;
        }
    } while (cas(&sem->__val[VAL], v, v + 1 + (v < 0)) != v);
    if (v < 0 || waiters)
        futex(&sem->__val[VAL], FUTEX_WAKE | sem->__val[PRIV], 1, 0);
    return 0;
}

/* Sleeps while the value is -1, until abstime (CLOCK_REALTIME) if given:
   0 (woken, or the value changed: try again), or an errno value. */
static int sleep_on(sem_t *sem, const struct timespec *abstime)
{
    int op = (abstime ? FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME : FUTEX_WAIT) | sem->__val[PRIV];
    long r = futex(&sem->__val[VAL], op, -1, abstime);
    return r == -ETIMEDOUT || r == -EINTR || r == -EINVAL || r == -EFAULT ? (int)-r : 0;
}

int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime)
{
    if (sem_trywait(sem) == 0)
        return 0;
    /* POSIX: a bad abstime is an error only when the call would block. */
    if (abstime && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)) {
        errno = EINVAL;
        return -1;
    }
    while (sem_trywait(sem) != 0) {
        __atomic_add_fetch(&sem->__val[WAITERS], 1, __ATOMIC_SEQ_CST);
        cas(&sem->__val[VAL], 0, -1);
        int err = sleep_on(sem, abstime);
        __atomic_sub_fetch(&sem->__val[WAITERS], 1, __ATOMIC_SEQ_CST);
        if (err) {
            errno = err;
            return -1;
        }
    }
    return 0;
}

int sem_wait(sem_t *sem) { return sem_timedwait(sem, 0); }
