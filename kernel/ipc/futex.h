/*
 * kernel/ipc/futex.h: fast user-space mutexes (futex(2)).
 *
 * A futex is a 32-bit word of user memory.  User code changes it with
 * atomic instructions and enters the kernel only to sleep until the word
 * changes (wait) or to wake sleepers (wake): an uncontended lock or
 * semaphore costs no system call at all.
 *
 * The kernel keeps no state per futex, only its sleepers, each keyed by
 * what the word is:
 *   - a private futex (FUTEX_PRIVATE_FLAG): (address space, address): the
 *     threads of one process;
 *   - a shared futex in a region other processes can map (MAP_SHARED
 *     anonymous, System V shm, a file, a memory-file-system file, or a page
 *     of the page cache a private file mapping has not copied yet): the
 *     physical frame and the offset in it, so every process mapping the page
 *     at any address meets the same sleepers;
 *   - a shared futex in private anonymous memory: (address space, address)
 *     again, but kept apart from the private keys, as Linux does.
 * A sleeper holds a reference on the frame its key names, so that frame
 * cannot be freed and reused under it.
 *
 * All calls take the running task's address space (vm_current).  Errors are
 * Linux's: -EINVAL (misaligned word, zero bitset, negative counts), -EFAULT
 * (word not mapped readable, or not writable for wake_op), -EAGAIN (the word
 * did not hold val), -ETIMEDOUT, -EINTR (a signal), -ENOSYS (an unknown
 * wake_op operation or comparison).
 */
#ifndef PAGELAB_IPC_FUTEX_H
#define PAGELAB_IPC_FUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include "libc/include/pagelab/futex_values.h"

/* Sleeps while *uaddr == val until woken by a wake whose bitset shares a
   bit with bitset, until deadline_ns on the monotonic clock (0: none), or
   until a signal.  0 when woken. */
int futex_wait(uint64_t uaddr, bool shared, uint32_t val, uint64_t deadline_ns, uint32_t bitset);

/* Wakes up to nr sleepers of uaddr whose bitset meets bitset (at least one,
   as Linux does for nr <= 0).  Returns how many were woken. */
long futex_wake(uint64_t uaddr, bool shared, int nr, uint32_t bitset);

/* Wakes up to nr_wake sleepers of uaddr and moves up to nr_requeue of the
   others to uaddr2.  With cmpval, fails with -EAGAIN unless *uaddr ==
   *cmpval.  Returns woken + moved. */
long futex_requeue(uint64_t uaddr, bool shared, int nr_wake, int nr_requeue, uint64_t uaddr2,
                   const uint32_t *cmpval);

/* FUTEX_WAKE_OP: atomically applies encoded_op's operation to *uaddr2, wakes
   up to nr_wake sleepers of uaddr and, if the old value of *uaddr2 passes
   encoded_op's comparison, up to nr_wake2 of uaddr2.  Returns the total. */
long futex_wake_op(uint64_t uaddr, bool shared, int nr_wake, int nr_wake2, uint64_t uaddr2,
                   uint32_t encoded_op);

/* A task is ending or exec'ing: the robust futexes it still holds, listed
   at head in its memory (set_robust_list), are marked FUTEX_OWNER_DIED
   and a waiter of each is woken (futex_robust.c). */
void futex_robust_release(uint64_t head, int tid);

/* Tasks sleeping in futex_wait now (tests: nothing stays queued). */
uint64_t futex_sleepers(void);

#endif
