/*
 * kernel/lib/wait.h: sleeping until something happens, for every layer.
 *
 * A wait queue is a list of entries, one per sleeping task (an entry lives
 * on the sleeper's stack).  The sleeper checks its condition with
 * interrupts off, so a wake-up from an interrupt handler cannot slip in
 * between the check and the sleep:
 *
 *     int r = wait_event_interruptible(&dev->wq, dev->done);
 *
 * wake_up() (from any context, interrupt handlers included) makes every
 * sleeper of the queue runnable; each re-checks its condition.  A task may
 * wait on several queues at once (poll): it adds an entry to each, sleeps
 * with sched_block(), and removes them all.
 *
 * Only a task can sleep: the scheduler (kernel/proc/sched.c) provides the
 * four calls below, declared here so that drivers and file systems, which
 * sit below the process layer, sleep without knowing what a process is.
 */
#ifndef PAGELAB_LIB_WAIT_H
#define PAGELAB_LIB_WAIT_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/time.h"

struct proc;

/* --- the scheduler's side (kernel/proc/sched.c) --- */

/* The running task; NULL before the scheduler starts. */
struct proc *sched_current_task(void);
/* Puts the running task to sleep until sched_wake() or, when deadline_ns is
   not 0, until clock_monotonic_ns() reaches it.  Interrupts must be off;
   they are off again on return. */
void sched_block(uint64_t deadline_ns);
/* Makes a sleeping task runnable (no effect on a runnable one). */
void sched_wake(struct proc *task);
/* Is a signal waiting that should interrupt the running task's sleep? */
bool sched_signal_pending(void);

/* --- wait queues (kernel/lib/wait.c) --- */

struct waitqueue {
    struct list_head entries;
};

struct wait_entry;
typedef void (*wake_fn)(struct wait_entry *e);

struct wait_entry {
    struct list_head link; /* on waitqueue.entries */
    struct proc *task;     /* who sleeps */
    wake_fn wake;          /* NULL: sched_wake(task); else called instead */
    void *private;         /* for wake */
};

#define WAITQUEUE_INIT(name)           \
    {                                  \
        LIST_HEAD_INIT((name).entries) \
    }

static inline void waitqueue_init(struct waitqueue *wq) { list_init(&wq->entries); }

/* Adds e (for the running task, or with its own wake function) to wq;
   remove it before e goes out of scope.  Both are safe with interrupts on. */
void wait_entry_init(struct wait_entry *e, wake_fn wake, void *private);
void waitqueue_add(struct waitqueue *wq, struct wait_entry *e);
void waitqueue_remove(struct wait_entry *e);

/* Wakes every entry of wq. */
void wake_up(struct waitqueue *wq);

/* Sleeps on wq until a wake_up, the deadline (0: none) or a signal.
   Interrupts must be off (they stay off).  Panics outside a task: only
   tasks sleep, interrupt handlers and early boot never do. */
void waitqueue_sleep_irqoff(struct waitqueue *wq, uint64_t deadline_ns);

/*
 * Sleeps until cond is true: 0, or -EINTR if a signal arrived first, or
 * -ETIMEDOUT once clock_monotonic_ns() >= deadline_ns (0: no deadline).
 */
#define wait_event_deadline(wq, cond, deadline_ns)                          \
    ({                                                                      \
        int wait_ret_ = 0;                                                  \
        uint64_t wait_deadline_ = (deadline_ns);                            \
        uint64_t wait_flags_ = irq_save();                                  \
        while (!(cond)) {                                                   \
            if (sched_signal_pending()) {                                   \
                wait_ret_ = -EINTR;                                         \
                break;                                                      \
            }                                                               \
            if (wait_deadline_ && clock_monotonic_ns() >= wait_deadline_) { \
                wait_ret_ = -ETIMEDOUT;                                     \
                break;                                                      \
            }                                                               \
            waitqueue_sleep_irqoff(wq, wait_deadline_);                     \
        }                                                                   \
        irq_restore(wait_flags_);                                           \
        wait_ret_;                                                          \
    })

/* Sleeps until cond is true: 0, or -EINTR if a signal arrived. */
#define wait_event_interruptible(wq, cond) wait_event_deadline(wq, cond, 0)

/* Sleeps until cond is true, ignoring signals (short waits such as disk I/O). */
#define wait_event(wq, cond)               \
    do {                                   \
        uint64_t wait_flags_ = irq_save(); \
        while (!(cond))                    \
            waitqueue_sleep_irqoff(wq, 0); \
        irq_restore(wait_flags_);          \
    } while (0)

#endif
