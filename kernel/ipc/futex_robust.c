/*
 * kernel/ipc/futex_robust.c: robust futexes (set_robust_list(2)).
 *
 * A thread that holds a lock and dies would leave every waiter asleep for
 * ever.  So a thread tells the kernel where its list of held robust locks
 * lives in its own memory (a struct robust_list_head: the list, the
 * offset from an entry to its futex word, and the entry of a lock it is
 * just taking or dropping).  When the thread ends or execs, the kernel
 * walks that list: every word that still holds the thread's id gets
 * FUTEX_OWNER_DIED (keeping FUTEX_WAITERS), and one waiter is woken, who
 * then sees EOWNERDEAD from pthread_mutex_lock.  The list is user memory
 * and untrusted: a bad pointer or a cycle ends the walk, never the kernel
 * (at most ROBUST_LIST_LIMIT entries, as Linux).
 */
#include "kernel/ipc/futex.h"
#include "kernel/copy/uaccess.h"

#define ROBUST_LIST_LIMIT 2048

struct robust_list_head_user {
    uint64_t next;        /* first entry; the list ends where it points back at the head */
    int64_t futex_offset; /* entry + futex_offset = the lock's futex word */
    uint64_t op_pending;  /* an entry being added or removed, or 0 */
};

/* Bit 0 of an entry pointer marks a priority-inheritance futex, which
   pagelab does not have: such a word is only marked, no one is woken. */
#define ENTRY_PI 1ull

static bool get_u64(uint64_t uaddr, uint64_t *out)
{
    return copy_from_user(out, (const void *)uaddr, sizeof *out, MECH_SYSCALL_ARGS) == 0;
}

/* The owner is gone: mark the word, wake one waiter.  A word being taken
   (pending) that is still 0 may have a waiter that raced the owner's
   death: it is woken to look again, as Linux does. */
static void owner_died(uint64_t uaddr, int tid, bool pi, bool pending)
{
    uint32_t word;
    if (uaddr & 3)
        return;
    if (copy_from_user(&word, (const void *)uaddr, sizeof word, MECH_SYSCALL_ARGS))
        return;
    if (pending && !pi && word == 0) {
        futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
        return;
    }
    if ((word & FUTEX_TID_MASK) != (uint32_t)tid)
        return;
    /* One CPU and no sleep between the load and this store: atomic
       against the process's other threads. */
    uint32_t dead = (word & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (copy_to_user((void *)uaddr, &dead, sizeof dead, MECH_SYSCALL_ARGS))
        return;
    if (!pi && (word & FUTEX_WAITERS))
        futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

void futex_robust_release(uint64_t head, int tid)
{
    struct robust_list_head_user h;
    if (!head || copy_from_user(&h, (const void *)head, sizeof h, MECH_SYSCALL_ARGS))
        return;
    uint64_t entry = h.next, pending = h.op_pending & ~ENTRY_PI;
    for (int n = 0; (entry & ~ENTRY_PI) != head && n < ROBUST_LIST_LIMIT; n++) {
        uint64_t at = entry & ~ENTRY_PI, next;
        /* The next link is read first: marking the word may let another
           thread take the lock and change the list. */
        if (!at || !get_u64(at, &next))
            break;
        if (at != pending)
            owner_died(at + (uint64_t)h.futex_offset, tid, entry & ENTRY_PI, false);
        entry = next;
    }
    if (pending)
        owner_died(pending + (uint64_t)h.futex_offset, tid, h.op_pending & ENTRY_PI, true);
}
