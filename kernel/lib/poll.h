/*
 * kernel/lib/poll.h: how an open file says whether it is ready, and where
 * a waiter must wait to hear that it became ready (poll, select, epoll).
 *
 * A file's poll operation (file_ops.poll, kernel/fs/vfs.h) does two things,
 * in this order:
 *
 *     poll_wait(pt, &obj->wq);          one call per wait queue whose
 *                                       wake_up() may change the answer
 *     return POLLIN | POLLRDNORM ...;   the events true right now
 *
 * poll_wait hands each queue to whoever asked (pt->queue): poll and select
 * add a wait entry for the sleeping task (kernel/fs/poll.c), epoll adds an
 * entry whose wake function puts the file on its ready list
 * (kernel/fs/eventpoll.c).  A caller that only wants the answer passes a
 * table whose queue is NULL (or no table at all).  Registering before
 * testing means a wake-up between the test and the sleep is not lost: the
 * entry is on the queue already.
 *
 * It sits in lib/ beside the wait queues because drivers (the terminal)
 * implement poll too, below the file systems.  The event bits are Linux's
 * (libc/include/pagelab/poll_values.h).
 */
#ifndef PAGELAB_LIB_POLL_H
#define PAGELAB_LIB_POLL_H

#include <stdint.h>
#include "kernel/lib/wait.h"
#include "libc/include/pagelab/poll_values.h"

struct poll_table;
typedef void (*poll_queue_fn)(struct poll_table *pt, struct waitqueue *wq);

struct poll_table {
    poll_queue_fn queue; /* NULL: the caller only asks, nothing is registered */
};

static inline void poll_wait(struct poll_table *pt, struct waitqueue *wq)
{
    if (pt && pt->queue)
        pt->queue(pt, wq);
}

/* What a file without a poll operation reports: always ready (Linux's
   DEFAULT_POLLMASK: regular files, directories, /dev/null...). */
#define POLL_DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#endif
