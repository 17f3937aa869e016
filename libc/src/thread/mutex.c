/*
 * mutex.c: mutexes over a futex word: 0 free, 1 locked, 2 locked and
 * someone may sleep (so unlock must wake one).  The uncontended lock and
 * unlock are one atomic instruction each, no system call (Drepper, "Futexes
 * Are Tricky", mutex 2).  Recursive and error-checking mutexes also keep
 * the owner's thread id.
 */
#include <errno.h>
#include "../libc_internal.h"
#include "pthread_impl.h"

static int cas(volatile int *p, int expected, int desired)
{
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

int pthread_mutexattr_init(pthread_mutexattr_t *a)
{
    a->__type = PTHREAD_MUTEX_NORMAL;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { return 0; }

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
    if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
        return EINVAL;
    a->__type = type;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
    *m = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    m->__type = a ? a->__type : PTHREAD_MUTEX_NORMAL;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) { return m->__lock ? EBUSY : 0; }

/* The futex word alone: the fast path, then sleeping while it is taken
   (also libc's internal lock: libc_internal.h). */
void __lock(volatile int *w)
{
    int c = cas(w, 0, 1);
    if (c == 0)
        return;
    if (c != 2)
        c = __atomic_exchange_n(w, 2, __ATOMIC_SEQ_CST);
    while (c != 0) {
        __futex_wait(w, 2, 0, 0);
        c = __atomic_exchange_n(w, 2, __ATOMIC_SEQ_CST);
    }
}

void __unlock(volatile int *w)
{
    if (__atomic_exchange_n(w, 0, __ATOMIC_SEQ_CST) == 2)
        __futex_wake(w, 1);
}

/* Recursive and error-checking mutexes: the caller's own lock? */
static int owned_again(pthread_mutex_t *m, int *result)
{
    if (m->__type == PTHREAD_MUTEX_NORMAL || m->__owner != __self()->tid)
        return 0;
    if (m->__type == PTHREAD_MUTEX_ERRORCHECK) {
        *result = EDEADLK;
    } else {
        m->__count++;
        *result = 0;
    }
    return 1;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    int r;
    if (owned_again(m, &r))
        return r;
    __lock(&m->__lock);
    m->__owner = __self()->tid;
    m->__count = 1;
    return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    int r;
    if (owned_again(m, &r))
        return r == EDEADLK ? EBUSY : r;
    if (cas(&m->__lock, 0, 1) != 0)
        return EBUSY;
    m->__owner = __self()->tid;
    m->__count = 1;
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (m->__type != PTHREAD_MUTEX_NORMAL) {
        if (m->__owner != __self()->tid)
            return EPERM;
        if (--m->__count > 0)
            return 0;
    }
    m->__owner = 0;
    __unlock(&m->__lock);
    return 0;
}

/* cond.c relocks with the contended value so a later unlock wakes others. */
void __mutex_lock_contended(pthread_mutex_t *m)
{
    volatile int *w = &m->__lock;
    int c;
    while ((c = __atomic_exchange_n(w, 2, __ATOMIC_SEQ_CST)) != 0)
        __futex_wait(w, 2, 0, 0);
    m->__owner = __self()->tid;
    m->__count = 1;
}
