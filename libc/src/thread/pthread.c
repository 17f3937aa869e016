/*
 * pthread.c: creating, joining, detaching and ending threads.
 *
 * A thread's stack, TLS block and control block are one anonymous mapping
 * (a guard page at its bottom).  clone(2) shares everything a thread shares
 * (CLONE_VM FS FILES SIGHAND THREAD SYSVSEM), sets its FS base to the
 * control block (CLONE_SETTLS) and has the kernel write its id there
 * (CLONE_PARENT_SETTID), then clear that word and wake its futex when the
 * thread exits (CLONE_CHILD_CLEARTID): pthread_join sleeps on it.
 *
 * detach_state settles who frees the mapping: the joiner, or a detached
 * thread itself as it exits (clone.S unmaps the stack it runs on).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <pagelab/futex_values.h>
#include <pagelab/sched_values.h>
#include "../libc_internal.h"
#include "pthread_impl.h"

#define DEFAULT_STACK (128 * 1024) /* musl's default */
#define GUARD_SIZE    4096

volatile int __threads_alive = 1;

long __futex_wait(volatile int *word, int val, const struct timespec *abs_deadline, int realtime)
{
    int op = FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | (realtime ? FUTEX_CLOCK_REALTIME : 0);
    return __sys6(SYS_futex, (long)word, op, val, (long)abs_deadline, 0,
                  (long)FUTEX_BITSET_MATCH_ANY);
}

long __futex_wake(volatile int *word, int n)
{
    return __sys3(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, n);
}

static int cas(volatile int *p, int expected, int desired)
{
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

int pthread_attr_init(pthread_attr_t *a)
{
    a->__stacksize = DEFAULT_STACK;
    a->__detached = 0;
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *a) { return 0; }

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
    if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
        return EINVAL;
    a->__detached = state;
    return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
    *state = a->__detached;
    return 0;
}

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
    if (size < PTHREAD_STACK_MIN)
        return EINVAL;
    a->__stacksize = size;
    return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
    *size = a->__stacksize;
    return 0;
}

pthread_t pthread_self(void) { return __self(); }
int pthread_equal(pthread_t a, pthread_t b) { return a == b; }

int pthread_kill(pthread_t t, int sig)
{
    long r = __sys3(SYS_tgkill, __sys0(SYS_getpid), t->tid, sig);
    return r < 0 ? (int)-r : 0;
}

void pthread_exit(void *result)
{
    struct __pthread *self = __self();
    self->result = result;
    __keys_run_destructors(self);
    /* The last thread out ends the process, with status 0 (POSIX). */
    if (__atomic_sub_fetch(&__threads_alive, 1, __ATOMIC_SEQ_CST) == 0)
        exit(0);
    if (cas(&self->detach_state, DT_JOINABLE, DT_EXITING) == DT_DETACHED && self->map_base) {
        /* Nobody will join: free the mapping on the way out.  The kernel
           must not clear a tid word that is about to be unmapped. */
        sigset_t all;
        sigfillset(&all);
        __sys4(SYS_rt_sigprocmask, SIG_BLOCK, &all, 0, sizeof(unsigned long));
        __sys1(SYS_set_tid_address, 0);
        __unmap_self_and_exit(self->map_base, self->map_size);
    }
    for (;;)
        __sys1(SYS_exit, 0);
}

/* The new thread's first C code: the start routine, then pthread_exit. */
static void thread_main(void)
{
    struct __pthread *self = __self();
    pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    pthread_attr_t def;
    if (!attr) {
        pthread_attr_init(&def);
        attr = &def;
    }
    size_t page = __auxv_pagesz;
    size_t size = (attr->__stacksize + __tls_area_size + GUARD_SIZE + page - 1) & ~(page - 1);
    char *map = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        return EAGAIN;
    mprotect(map, GUARD_SIZE, PROT_NONE);
    struct __pthread *t = __tls_install(map, size);
    t->start = start;
    t->arg = arg;
    t->map_base = map;
    t->map_size = size;
    t->detach_state = attr->__detached ? DT_DETACHED : DT_JOINABLE;
    void *stack = (void *)(((unsigned long)t - __tls_area_size) & ~15UL);
    __atomic_add_fetch(&__threads_alive, 1, __ATOMIC_SEQ_CST);
    unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                          CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
                          CLONE_CHILD_CLEARTID;
    long tid = __thread_clone(flags, stack, (int *)&t->tid, (int *)&t->tid, t, thread_main);
    if (tid < 0) {
        __atomic_sub_fetch(&__threads_alive, 1, __ATOMIC_SEQ_CST);
        munmap(map, size);
        return tid == -EAGAIN ? EAGAIN : (int)-tid;
    }
    *out = t;
    return 0;
}

int pthread_join(pthread_t t, void **result)
{
    if (t == __self())
        return EDEADLK;
    if (t->detach_state == DT_DETACHED)
        return EINVAL;
    /* The kernel clears tid when the thread has exited (its stack is no
       longer in use) and wakes this futex; the kernel's wake is a shared
       one, so wait without FUTEX_PRIVATE_FLAG. */
    int tid;
    while ((tid = t->tid) != 0)
        __sys4(SYS_futex, &t->tid, FUTEX_WAIT, tid, 0);
    if (result)
        *result = t->result;
    munmap(t->map_base, t->map_size);
    return 0;
}

int pthread_detach(pthread_t t)
{
    /* Already exiting: it will not free itself, so join it now. */
    if (cas(&t->detach_state, DT_JOINABLE, DT_DETACHED) != DT_JOINABLE)
        return pthread_join(t, 0);
    return 0;
}
