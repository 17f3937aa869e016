/* kernel/ipc/sysv_msg_internal.h: what sysv_msg.c (get, send, receive) and
   sysv_msg_ctl.c (msgctl, /proc) share. */
#ifndef PAGELAB_IPC_SYSV_MSG_INTERNAL_H
#define PAGELAB_IPC_SYSV_MSG_INTERNAL_H

#include "kernel/ipc/sysv_ids.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"

struct msg_queue {
    struct ipc_obj perm; /* first: the id table holds &perm */
    int64_t stime, rtime, ctime;
    uint64_t cbytes, qnum, qbytes;
    int lspid, lrpid;
    struct list_head messages;  /* struct msg_buf, oldest first */
    struct waitqueue senders;   /* waiting for room */
    struct waitqueue receivers; /* waiting for a message */
    int waiters;                /* tasks asleep on it: a removed queue is freed by the last */
};

/* The tunables of /proc/sys/kernel (msgmax, msgmnb, msgmni). */
struct msg_limits {
    int max, mnb, mni;
};
extern struct msg_limits msg_limits;
extern struct ipc_ids msg_ids;
/* Messages and text bytes queued in every queue (MSG_INFO). */
extern uint64_t msg_total_msgs, msg_total_bytes;

static inline struct msg_queue *msg_queue_of(struct ipc_obj *o) { return (struct msg_queue *)o; }

/* Wakes every sleeper of q: room or messages may have appeared, or q went. */
void msg_queue_wake_all(struct msg_queue *q);
/* IPC_RMID: out of the table, messages freed, sleepers told (EIDRM). */
void msg_queue_remove(struct msg_queue *q);

#endif
