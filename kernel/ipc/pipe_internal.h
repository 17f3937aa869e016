/*
 * kernel/ipc/pipe_internal.h: a pipe's insides, for the files of ipc/ that
 * move pages in and out of pipes without copying them (splice.c): the
 * pipe's buffers (pipe_buf.h), its ends and its two wait queues.
 *
 * Rules for a user of these (pipe.c keeps them too): one CPU and no kernel
 * preemption, so the fields change only in process context between sleeps;
 * whoever adds bytes wakes `readable`, whoever removes bytes wakes
 * `writable`, and a buffer pushed into the pipe carries its own reference
 * on its page (pipe_page_ops).
 */
#ifndef PAGELAB_IPC_PIPE_INTERNAL_H
#define PAGELAB_IPC_PIPE_INTERNAL_H

#include "kernel/ipc/pipe.h"
#include "kernel/ipc/pipe_buf.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/frame.h"

#define PIPE_SLOTS (PIPE_CAPACITY / PAGE_SIZE) /* Linux's PIPE_DEF_BUFFERS, 16 */

struct pipe {
    struct inode inode; /* first: evict gets from it to the pipe */
    struct pipe_bufs bufs;
    struct pipe_buf slots[PIPE_SLOTS];
    int readers, writers;      /* open files of each end */
    struct waitqueue readable; /* readers waiting for bytes or for the last writer to go */
    struct waitqueue writable; /* writers waiting for room or for the last reader to go */
    bool locked;               /* a transfer is working on the buffers (pipe_lock) */
    struct waitqueue unlocked; /* tasks waiting for it to finish */
};

/* The pipe behind an open file, or NULL when f is no pipe end. */
struct pipe *pipe_of(struct file *f);

/* Buffer ops for any frame with a reference count (a page the pipe
   allocated, a page-cache page, a process's page): page_get / page_put. */
extern const struct pipe_buf_ops pipe_page_ops;

/* A buffer over [off, off + len) of page p, holding one new reference. */
void pipe_buf_of_page(struct pipe_buf *b, struct page *p, uint32_t off, uint32_t len,
                      uint32_t flags);

/* Held around any change of the buffers by a transfer that may sleep
   half-way (a page fault in a copy, a disk read, a full socket), and
   released before waiting for data or room.  Not interruptible: the holder
   never waits for another task while it holds it. */
void pipe_lock(struct pipe *p);
void pipe_unlock(struct pipe *p);

void pipe_wake_readers(struct pipe *p);
void pipe_wake_writers(struct pipe *p);

#endif
