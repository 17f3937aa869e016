/*
 * once_key.c: pthread_once and thread-specific data (keys).
 *
 * once: 0 not run, 1 running (others sleep on the word), 2 done.
 * keys: a table of destructors shared by all threads (a slot is in use
 * while its destructor is not FREE_SLOT); each thread's values are in its
 * control block, and its non-NULL ones are handed to their destructors as
 * it exits (up to PTHREAD_DESTRUCTOR_ITERATIONS rounds, as POSIX allows).
 */
#include <errno.h>
#include <limits.h>
#include "pthread_impl.h"

static int cas(volatile int *p, int expected, int desired)
{
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

int pthread_once(pthread_once_t *once, void (*init)(void))
{
    for (;;) {
        int s = cas(once, 0, 1);
        if (s == 2)
            return 0;
        if (s == 0) {
            init();
            __atomic_store_n(once, 2, __ATOMIC_SEQ_CST);
            __futex_wake(once, INT_MAX);
            return 0;
        }
        __futex_wait(once, 1, 0, 0);
    }
}

static void free_slot(void *v) { (void)v; }
#define FREE_SLOT ((void (*)(void *))0)
static void (*volatile destructors[PTHREAD_KEYS_MAX])(void *);

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
    void (*d)(void *) = destructor ? destructor : free_slot;
    for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
        void (*expected)(void *) = FREE_SLOT;
        if (__atomic_compare_exchange_n(&destructors[k], &expected, d, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            *key = k;
            return 0;
        }
    }
    return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
    if (key >= PTHREAD_KEYS_MAX || destructors[key] == FREE_SLOT)
        return EINVAL;
    destructors[key] = FREE_SLOT;
    return 0;
}

void *pthread_getspecific(pthread_key_t key)
{
    return key < PTHREAD_KEYS_MAX ? __self()->specific[key] : 0;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
    if (key >= PTHREAD_KEYS_MAX || destructors[key] == FREE_SLOT)
        return EINVAL;
    __self()->specific[key] = (void *)value;
    return 0;
}

void __keys_run_destructors(struct __pthread *self)
{
    for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
        int ran = 0;
        for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
            void *v = self->specific[k];
            void (*d)(void *) = destructors[k];
            if (!v || d == FREE_SLOT)
                continue;
            self->specific[k] = 0;
            d(v);
            ran = 1;
        }
        if (!ran)
            return;
    }
}
