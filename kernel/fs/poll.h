/*
 * kernel/fs/poll.h: one task waiting on many files at once (poll, ppoll,
 * select, pselect6).
 *
 * The caller asks each file for its events with poll_waiter_poll(); on the
 * first pass every wait queue a file names gets an entry of this waiter
 * (kernel/lib/poll.h), so a wake_up on any of them wakes the task.  Each
 * entry holds a reference on its file, so that the file (and the queue in
 * it) stays while the entry is on the queue, even if the descriptor is
 * closed meanwhile.
 * If nothing was ready it sleeps with poll_waiter_sleep() and asks again
 * (later passes register nothing: poll_waiter_sleep clears table.queue).
 * poll_waiter_done() takes every entry off its queue and drops the files.
 *
 *     struct poll_waiter pw;
 *     poll_waiter_init(&pw);
 *     for (;;) {
 *         n = ... poll_waiter_poll(&pw, f) for each file ...;
 *         if (n || pw.error || timed out) break;
 *         if ((r = poll_waiter_sleep(&pw, deadline))) break;  // -EINTR, -ETIMEDOUT
 *     }
 *     poll_waiter_done(&pw);
 */
#ifndef PAGELAB_FS_POLL_H
#define PAGELAB_FS_POLL_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"

#define POLL_INLINE_ENTRIES 16 /* entries on the stack; more are kmalloc'd in pages */

struct file;

struct poll_entry {
    struct wait_entry wait;
    struct file *file; /* referenced until poll_waiter_done: keeps the queue alive */
};

struct poll_entry_page;

struct poll_waiter {
    struct poll_table table; /* hand &table to vfs_poll */
    struct proc *task;
    struct file *polling;    /* the file being asked (poll_waiter_poll) */
    volatile bool triggered; /* a queue was woken since the last sleep */
    int error;               /* -ENOMEM: an entry could not be allocated */
    int used;                /* of inline[] */
    struct poll_entry inline_entries[POLL_INLINE_ENTRIES];
    struct poll_entry_page *pages;
};

void poll_waiter_init(struct poll_waiter *pw);
/* f's events (vfs_poll), registering on its queues if this is the first pass. */
uint32_t poll_waiter_poll(struct poll_waiter *pw, struct file *f);
/* Sleeps until a registered queue is woken (0), a signal is pending
   (-EINTR) or clock_monotonic_ns() reaches deadline_ns (-ETIMEDOUT; 0 = no
   deadline).  Stops registering: later passes only ask. */
int poll_waiter_sleep(struct poll_waiter *pw, uint64_t deadline_ns);
/* Removes every entry from its queue and frees the pages. */
void poll_waiter_done(struct poll_waiter *pw);

#endif
