/*
 * kernel/ipc/mqueue.h: POSIX message queues (mq_overview(7)), Linux's
 * syscalls 240-245 with Linux's numbers, limits and errors.
 *
 * A queue has a name ("/name": the libc strips the slash, the kernel sees
 * "name"), at most mq_maxmsg messages of at most mq_msgsize bytes each, and
 * hands out the oldest message of the highest priority (0 .. 32767) first.
 * mq_open returns a file descriptor (an open file of the queue's inode in a
 * small "mqueue" file system of its own: fstat, close, dup, fork and
 * close-on-exec work as for any file; read() gives Linux's one status line
 * "QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:..."); a queue lives until it is
 * unlinked and its last descriptor is closed.  There is no /dev/mqueue
 * directory (mounting it is optional on Linux too).
 *
 * Sending to a full queue and receiving from an empty one block until room
 * or a message appears, a signal comes (EINTR) or the absolute
 * CLOCK_REALTIME timeout passes (ETIMEDOUT); O_NONBLOCK makes them EAGAIN.
 * mq_notify registers the calling process for one notification (a signal,
 * or nothing with SIGEV_NONE) when a message arrives in the empty queue and
 * no receiver is waiting.  SIGEV_THREAD needs a netlink socket, which
 * pagelab does not have: ENOTSOCK/EBADF as Linux says for a descriptor that
 * is not one.  The signal carries si_code SI_MESGQ, the sigev_value and the
 * sender's pid and uid; the registration ends when the owner closes any
 * descriptor of the queue (file_ops.flush), as on Linux.
 *
 * Limits (/proc/sys/fs/mqueue): msg_max 10, msgsize_max 8192, queues_max
 * 256, msg_default 10, msgsize_default 8192.  Every pagelab process is root
 * with CAP_SYS_RESOURCE, as Linux's root normally is, so, as on Linux, its
 * queues may hold up to 65536 messages of up to 16 MiB and queues_max does
 * not stop it; what does is RLIMIT_MSGQUEUE (819200 bytes per user, Linux's
 * default, charged as Linux charges a queue: maxmsg * (msgsize + 96)):
 * EMFILE.
 *
 * Copies: text moves user -> kernel (send) and kernel -> user (receive)
 * once each under MECH_POSIX_MQ (msg_buf.h); the priority is a syscall
 * argument.
 */
#ifndef PAGELAB_IPC_MQUEUE_H
#define PAGELAB_IPC_MQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/fs/vfs.h"

/* Linux's struct mq_attr (include/uapi/linux/mqueue.h). */
struct mq_attr_k {
    int64_t mq_flags;   /* O_NONBLOCK or 0 */
    int64_t mq_maxmsg;  /* the most messages */
    int64_t mq_msgsize; /* the largest message, bytes */
    int64_t mq_curmsgs; /* messages queued now */
    int64_t reserved[4];
};

/* Linux's struct sigevent as mq_notify reads it (64 bytes). */
struct sigevent_k {
    uint64_t sigev_value;
    int32_t sigev_signo;
    int32_t sigev_notify;
    int32_t pad[12];
};

/* An absolute CLOCK_REALTIME time, checked (0 <= nsec < 1e9, sec >= 0). */
struct mq_abstime {
    int64_t sec, nsec;
};

/* A signal mq_timedsend must deliver after sending (mq_notify): to pid,
   with si_code SI_MESGQ and the registration's sigev_value. */
struct mq_notice {
    int pid; /* 0: none */
    int signo;
    uint64_t value;
};

/* mq_open: *out gets an open file of the queue called name (mode already
   umasked).  0, or -ENOENT, -EEXIST, -EACCES, -EINVAL, -ENAMETOOLONG,
   -EMFILE, -ENOMEM, -EOVERFLOW. */
int mqueue_open(const char *name, int oflag, uint32_t mode, const struct mq_attr_k *attr,
                struct file **out);
int mqueue_unlink(const char *name);

/* Is f an open message queue? */
bool mqueue_is(const struct file *f);

/* mq_timedsend on f: 0 or -errno; notice says whom to signal. */
long mqueue_send(struct file *f, uint64_t umsg, size_t len, unsigned prio,
                 const struct mq_abstime *timeout, struct mq_notice *notice);
/* mq_timedreceive on f: the message length, or -errno. */
long mqueue_receive(struct file *f, uint64_t umsg, size_t len, uint64_t uprio,
                    const struct mq_abstime *timeout);
/* mq_getsetattr: old (if not NULL) gets the attributes, then new's mq_flags
   (if not NULL) are set.  0 or -EINVAL. */
int mqueue_getsetattr(struct file *f, const struct mq_attr_k *new, struct mq_attr_k *old);
/* mq_notify by process pid: sev NULL unregisters.  0, -EBUSY, -EINVAL. */
int mqueue_notify(struct file *f, const struct sigevent_k *sev, int pid, const struct files *owner);

/* Sets up the queues' file system (st_dev of every queue). */
void mqueue_init(void);

#endif
