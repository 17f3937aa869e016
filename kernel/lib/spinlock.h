/*
 * kernel/lib/spinlock.h: spinlocks.  pagelab runs on one CPU, so a lock is
 * mostly "interrupts off", but the lock word is still taken so that a
 * recursive acquisition (a kernel bug) is caught instead of deadlocking silently.
 */
#ifndef PAGELAB_LIB_SPINLOCK_H
#define PAGELAB_LIB_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/io.h"

struct spinlock {
    volatile int locked;
    const char *name;
};

#define SPINLOCK_INIT(n) \
    {                    \
        0, n             \
    }

void spin_lock_failed(struct spinlock *l); /* panics: the lock was already held */

/* Spinlocks held now (one CPU: by whoever runs).  Nothing may hold one on
   its way back to user space (kernel/syscall/user_return_check.c). */
extern int spinlocks_held;

static inline uint64_t spin_lock_irqsave(struct spinlock *l)
{
    uint64_t flags = irq_save();
    if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        spin_lock_failed(l);
    spinlocks_held++;
    return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
    spinlocks_held--;
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    irq_restore(flags);
}

static inline bool spin_is_locked(struct spinlock *l) { return l->locked; }

#endif
