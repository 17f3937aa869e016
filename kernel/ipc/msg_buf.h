/*
 * kernel/ipc/msg_buf.h: one queued message in kernel memory, for System V
 * message queues (sysv_msg.c) and POSIX message queues (mqueue.c).
 *
 * A message is copied in from the sender once (copy_from_user) when it is
 * sent and out to the receiver once (copy_to_user) when it is received:
 * two CPU copies per payload byte, each counted by the copy ledger under
 * the queue's mechanism, and no copy in between (the kernel keeps the very
 * buffer the first copy filled).
 *
 * Storage: a message of up to MSG_BUF_SMALL bytes is one kmalloc object,
 * header and text together; a larger one is a small header listing whole
 * frames taken straight from the frame allocator, each holding 4096 bytes
 * of text (a 4 KiB message is exactly one frame, a 64 KiB one sixteen; no
 * multi-page block has to be found when memory is fragmented).
 */
#ifndef PAGELAB_IPC_MSG_BUF_H
#define PAGELAB_IPC_MSG_BUF_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/lib/list.h"

struct msg_buf {
    struct list_head link; /* on its queue */
    long type;             /* System V mtype, or POSIX priority */
    size_t size;           /* bytes of text */
    size_t npages;         /* 0: the text follows the header (small message) */
    uint8_t *pages[];      /* else: the frames holding the text, in order */
};

/* Copies size bytes of text from user address usrc into a new message
   (counted under mech): 0 with *out set, -ENOMEM or -EFAULT. */
int msg_buf_load(uint64_t usrc, size_t size, enum copy_mech mech, struct msg_buf **out);
/* Copies the first n bytes of m's text to user address udst: 0 or -EFAULT. */
int msg_buf_store(const struct msg_buf *m, uint64_t udst, size_t n, enum copy_mech mech);
void msg_buf_free(struct msg_buf *m);

#endif
