/*
 * cond.c: condition variables over a sequence number.  A waiter reads the
 * number, unlocks the mutex and sleeps while the number is unchanged;
 * signal and broadcast bump it and wake one or all.  A wake-up may be
 * spurious (POSIX allows it: callers loop on their predicate).  The mutex
 * is retaken as contended, so that its unlock wakes whoever a broadcast
 * left sleeping on it.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>
#include "pthread_impl.h"

void __mutex_lock_contended(pthread_mutex_t *m);

int pthread_condattr_init(pthread_condattr_t *a)
{
    a->__clock = CLOCK_REALTIME;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *a) { return 0; }

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clock)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
        return EINVAL;
    a->__clock = clock;
    return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
    c->__seq = 0;
    c->__clock = a ? a->__clock : CLOCK_REALTIME;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) { return 0; }

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
    if (abstime && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L))
        return EINVAL;
    int seq = c->__seq;
    int depth = m->__count;
    pthread_mutex_unlock(m);
    long r = __futex_wait(&c->__seq, seq, abstime, c->__clock == CLOCK_REALTIME);
    __mutex_lock_contended(m);
    m->__count = depth;
    return r == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    return pthread_cond_timedwait(c, m, 0);
}

int pthread_cond_signal(pthread_cond_t *c)
{
    __atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
    __futex_wake(&c->__seq, 1);
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    __atomic_add_fetch(&c->__seq, 1, __ATOMIC_SEQ_CST);
    __futex_wake(&c->__seq, INT_MAX);
    return 0;
}
