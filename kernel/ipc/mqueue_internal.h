/* kernel/ipc/mqueue_internal.h: what mqueue.c (names, open, limits) and
   mqueue_io.c (send, receive, notify, the status line) share. */
#ifndef PAGELAB_IPC_MQUEUE_INTERNAL_H
#define PAGELAB_IPC_MQUEUE_INTERNAL_H

#include "kernel/fs/vfs.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"

struct mqueue {
    struct inode inode; /* first: evict gets from it to the queue */
    char name[NAME_MAX + 1];
    bool linked;                /* still has its name (not unlinked) */
    struct list_head name_link; /* on the list of named queues */
    int64_t maxmsg, msgsize, curmsgs;
    uint64_t qsize;             /* text bytes queued (the status line's QSIZE) */
    uint64_t charged;           /* bytes charged to RLIMIT_MSGQUEUE */
    struct list_head messages;  /* struct msg_buf, highest priority first, FIFO within */
    struct waitqueue senders;   /* waiting for room */
    struct waitqueue receivers; /* waiting for a message */
    int receivers_waiting;
    /* mq_notify: the owner (0: none), how, the signal's sigev_value, and
       the owner's descriptor table (its close of any descriptor of the
       queue ends the registration, as Linux's mqueue_flush_file does). */
    int notify_pid;
    int notify_how; /* SIGEV_NONE or SIGEV_SIGNAL */
    int notify_signo;
    uint64_t notify_value;
    const struct files *notify_owner;
};

extern const struct file_ops mqueue_fops;

static inline struct mqueue *mqueue_of(const struct file *f) { return f->private; }

/* Drops the registration if the process owning descriptor table `owner`
   made it (it is closing a descriptor of the queue). */
void mqueue_forget_owner(struct mqueue *q, const struct files *owner);

#endif
