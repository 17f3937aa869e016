/*
 * timer.c: POSIX per-process timers (time.h) over timer_create(2) and
 * friends.  SIGEV_SIGNAL, SIGEV_NONE and SIGEV_THREAD_ID are the kernel's;
 * SIGEV_THREAD is libc's, as in glibc and musl: a helper thread per timer
 * waits for the timer's signal (SIGTIMER, sent to it alone with
 * SIGEV_THREAD_ID) and calls the notify function.
 *
 * A timer_t is the kernel's id, or for a SIGEV_THREAD timer the address of
 * its helper's record with the top bit set (user addresses never have it).
 */
#include <time.h>
#include <signal.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include "libc_internal.h"

#define SIGTIMER   32 /* kept from applications: SIGRTMIN is 34 */
#define THREAD_BIT (1ul << 63)

struct thread_timer {
    int kernel_id;
    volatile int deleted;
    volatile int tid;
    void (*fn)(union sigval);
    union sigval value;
    sem_t ready;
};

static int kernel_id(timer_t t)
{
    uintptr_t v = (uintptr_t)t;
    return v & THREAD_BIT ? ((struct thread_timer *)(v & ~THREAD_BIT))->kernel_id : (int)v;
}

/* The helper: every signal blocked (process-directed ones go to the
   program's threads), SIGTIMER taken with sigwaitinfo. */
static void *helper(void *arg)
{
    struct thread_timer *tt = arg;
    sigset_t all, timer;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    sigemptyset(&timer);
    sigaddset(&timer, SIGTIMER);
    tt->tid = gettid();
    sem_post(&tt->ready);
    for (;;) {
        siginfo_t si;
        if (sigwaitinfo(&timer, &si) < 0)
            continue;
        if (tt->deleted)
            break;
        if (si.si_code == SI_TIMER)
            tt->fn(tt->value);
    }
    free(tt);
    return NULL;
}

/* Ends tt's helper (which frees tt). */
static void stop_helper(struct thread_timer *tt)
{
    tt->deleted = 1;
    __sys3(SYS_tgkill, __sys0(SYS_getpid), tt->tid, SIGTIMER);
}

static int create_thread_timer(clockid_t clk, struct sigevent *sev, timer_t *timerid)
{
    struct thread_timer *tt = calloc(1, sizeof *tt);
    if (!tt)
        return -EAGAIN;
    tt->fn = sev->sigev_notify_function;
    tt->value = sev->sigev_value;
    sem_init(&tt->ready, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (sev->sigev_notify_attributes)
        attr = *(pthread_attr_t *)sev->sigev_notify_attributes;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    int r = pthread_create(&th, &attr, helper, tt);
    if (r) {
        free(tt);
        return -EAGAIN;
    }
    while (sem_wait(&tt->ready) < 0)
        ;
    struct sigevent ksev = { .sigev_value = { 0 }, .sigev_signo = SIGTIMER,
                             .sigev_notify = SIGEV_THREAD_ID };
    ksev.sigev_notify_thread_id = tt->tid;
    int id;
    long k = __sys3(SYS_timer_create, clk, &ksev, &id);
    if (k < 0) {
        stop_helper(tt);
        return (int)k;
    }
    tt->kernel_id = id;
    *timerid = (timer_t)((uintptr_t)tt | THREAD_BIT);
    return 0;
}

int timer_create(clockid_t clk, struct sigevent *restrict sev, timer_t *restrict timerid)
{
    if (sev && sev->sigev_notify == SIGEV_THREAD) {
        int r = create_thread_timer(clk, sev, timerid);
        return r ? (errno = -r, -1) : 0;
    }
    int id;
    long r = __syscall_ret(__sys3(SYS_timer_create, clk, sev, &id));
    if (r < 0)
        return -1;
    *timerid = (timer_t)(uintptr_t)id;
    return 0;
}

int timer_settime(timer_t t, int flags, const struct itimerspec *restrict value,
                  struct itimerspec *restrict old)
{
    return (int)__syscall_ret(__sys4(SYS_timer_settime, kernel_id(t), flags, value, old));
}

int timer_gettime(timer_t t, struct itimerspec *value)
{
    return (int)__syscall_ret(__sys2(SYS_timer_gettime, kernel_id(t), value));
}

int timer_getoverrun(timer_t t)
{
    return (int)__syscall_ret(__sys1(SYS_timer_getoverrun, kernel_id(t)));
}

int timer_delete(timer_t t)
{
    uintptr_t v = (uintptr_t)t;
    long r = __syscall_ret(__sys1(SYS_timer_delete, kernel_id(t)));
    if (r == 0 && (v & THREAD_BIT))
        stop_helper((struct thread_timer *)(v & ~THREAD_BIT));
    return (int)r;
}
