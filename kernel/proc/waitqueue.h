/*
 * kernel/proc/waitqueue.h: sleeping until something happens.
 *
 * A wait queue is a list of sleeping processes.  The sleeper checks its
 * condition with interrupts off, so a wake-up from an interrupt handler
 * cannot slip in between the check and the sleep:
 *
 *     int r = wait_event_interruptible(&dev->wq, dev->done);
 *
 * wake_up() (from any context, interrupt handlers included) makes every
 * sleeper runnable; each re-checks its condition.
 */
#ifndef PAGELAB_PROC_WAITQUEUE_H
#define PAGELAB_PROC_WAITQUEUE_H

#include <stdbool.h>
#include "kernel/arch/io.h"
#include "kernel/lib/list.h"

struct waitqueue {
    struct list_head sleepers;
};

#define WAITQUEUE_INIT(name) { LIST_HEAD_INIT((name).sleepers) }

static inline void waitqueue_init(struct waitqueue *wq) { list_init(&wq->sleepers); }

/* Puts the current process to sleep on wq until a wake_up; interrupts must be
   off (they stay off on return).  Returns true if it was woken by a signal
   rather than wq (the caller then returns -EINTR or restarts). */
bool waitqueue_sleep_irqoff(struct waitqueue *wq);
void wake_up(struct waitqueue *wq);

/* May the caller sleep?  False before the scheduler runs and in the idle
   thread (then a driver polls instead). */
bool sched_can_sleep(void);

/* Is a signal waiting that should interrupt a sleep? */
bool signal_pending_current(void);

/* Sleeps until cond is true.  Returns 0, or -EINTR (4) if a signal arrived. */
#define wait_event_interruptible(wq, cond)                           \
    ({                                                               \
        int wait_ret_ = 0;                                           \
        uint64_t wait_flags_ = irq_save();                           \
        while (!(cond)) {                                            \
            if (signal_pending_current()) {                          \
                wait_ret_ = -4;                                      \
                break;                                               \
            }                                                        \
            waitqueue_sleep_irqoff(wq);                              \
        }                                                            \
        irq_restore(wait_flags_);                                    \
        wait_ret_;                                                   \
    })

/* Sleeps until cond is true, ignoring signals (short waits such as disk I/O). */
#define wait_event(wq, cond)                                         \
    do {                                                             \
        uint64_t wait_flags_ = irq_save();                           \
        while (!(cond))                                              \
            waitqueue_sleep_irqoff(wq);                              \
        irq_restore(wait_flags_);                                    \
    } while (0)

#endif
