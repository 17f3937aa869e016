/*
 * kernel/lib/sleeplock.h: a lock a task may hold while it sleeps (on disk
 * I/O, say): the others that want it sleep on its wait queue.  Kernel code
 * is not preempted (kernel/proc/sched.h), so the test-and-take after the
 * wait cannot be interleaved with another task; interrupt handlers never
 * take one.
 */
#ifndef PAGELAB_LIB_SLEEPLOCK_H
#define PAGELAB_LIB_SLEEPLOCK_H

#include <stdbool.h>
#include "kernel/lib/wait.h"

struct sleeplock {
    bool held;
    struct proc *owner; /* for the check on return to user space */
    struct waitqueue waiters;
};

#define SLEEPLOCK_INIT(name)                        \
    {                                               \
        false, NULL, WAITQUEUE_INIT((name).waiters) \
    }

static inline void sleeplock_acquire(struct sleeplock *l)
{
    wait_event(&l->waiters, !l->held);
    l->held = true;
    l->owner = sched_current_task();
}

static inline void sleeplock_release(struct sleeplock *l)
{
    l->held = false;
    l->owner = NULL;
    wake_up(&l->waiters);
}

#endif
