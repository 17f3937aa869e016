/*
 * kernel/ipc/sysv_msg.h: System V message queues (msgget(2), msgop(2),
 * msgctl(2)), with Linux's numbers, limits and errors.
 *
 * A queue holds typed messages (mtype >= 1) in the order they were sent,
 * up to msg_qbytes bytes of text (16384 by default, /proc/sys/kernel/msgmnb)
 * and as many messages; one message holds at most msgmax bytes (8192,
 * /proc/sys/kernel/msgmax); at most msgmni queues exist (32000,
 * /proc/sys/kernel/msgmni).  msgrcv takes the first message (msgtyp 0), the
 * first of type msgtyp (> 0; with MSG_EXCEPT the first of another type), or
 * the first of the lowest type <= |msgtyp| (< 0).  A full queue blocks the
 * sender and an empty one the receiver until room or a matching message
 * appears (IPC_NOWAIT: EAGAIN / ENOMSG instead), the queue is removed
 * (EIDRM) or a signal arrives (EINTR; never restarted, as on Linux).
 *
 * Copies: the text moves user -> kernel (msgsnd) and kernel -> user (msgrcv)
 * once each, under MECH_MSGQ (msg_buf.h); the 8-byte mtype is a syscall
 * argument (MECH_SYSCALL_ARGS).
 */
#ifndef PAGELAB_IPC_SYSV_MSG_H
#define PAGELAB_IPC_SYSV_MSG_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/ipc/sysv_ids.h"

/* Linux's defaults (include/uapi/linux/msg.h). */
#define MSGMAX_DEFAULT 8192
#define MSGMNB_DEFAULT 16384
#define MSGMNI_DEFAULT 32000

long sysv_msgget(int32_t key, int flags, const struct ipc_caller *c);
/* umsgp points at Linux's struct msgbuf: long mtype, then the text. */
long sysv_msgsnd(int id, uint64_t umsgp, size_t size, int flags, const struct ipc_caller *c);
long sysv_msgrcv(int id, uint64_t umsgp, size_t size, long type, int flags,
                 const struct ipc_caller *c);
long sysv_msgctl(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c);

#endif
