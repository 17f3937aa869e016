/*
 * kernel/ipc/mqueue_io.c: what an open POSIX message queue does
 * (mqueue.h): mq_timedsend, mq_timedreceive, mq_notify, read(), which
 * gives Linux's status line, and poll (poll, select, epoll).
 *
 * One CPU, no kernel preemption: a queue changes only between sleeps; the
 * text is copied in before the queue is touched and copied out after the
 * message has left it.  The caller holds a reference on the open file, so
 * the queue outlives any sleep here.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/msg_buf.h"
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"
#include "libc/include/pagelab/ipc_values.h"

/* The monotonic deadline of an absolute CLOCK_REALTIME time: 0 for none,
   "now" (never 0) for a time already past. */
static uint64_t deadline_of(const struct mq_abstime *t)
{
    if (!t)
        return 0;
    uint64_t mono = clock_monotonic_ns(), real = clock_realtime_ns();
    uint64_t at = (uint64_t)t->sec > UINT64_MAX / NSEC_PER_SEC - 1
                      ? UINT64_MAX
                      : (uint64_t)t->sec * NSEC_PER_SEC + (uint64_t)t->nsec;
    if (at <= real)
        return mono ? mono : 1;
    return at - real > UINT64_MAX - mono ? UINT64_MAX : mono + (at - real);
}

static void wake_if_waiting(struct waitqueue *wq)
{
    if (!list_empty(&wq->entries))
        wake_up(wq);
}

/* Puts m after every message of its priority or higher. */
static void insert(struct mqueue *q, struct msg_buf *m)
{
    struct list_head *l = q->messages.prev;
    while (l != &q->messages && list_entry(l, struct msg_buf, link)->type < m->type)
        l = l->prev;
    list_add(&m->link, l);
    q->curmsgs++;
    q->qsize += m->size;
}

/* The queue just went from empty to one message: the registered process,
   if any, is told once (Linux's __do_notify). */
static void notify(struct mqueue *q, struct mq_notice *notice)
{
    if (!q->notify_pid)
        return;
    if (q->notify_how == SIGEV_SIGNAL && q->notify_signo) {
        notice->pid = q->notify_pid;
        notice->signo = q->notify_signo;
        notice->value = q->notify_value;
    }
    q->notify_pid = 0;
    q->notify_owner = NULL;
}

long mqueue_send(struct file *f, uint64_t umsg, size_t len, unsigned prio,
                 const struct mq_abstime *timeout, struct mq_notice *notice)
{
    struct mqueue *q = mqueue_of(f);
    notice->pid = 0;
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if (len > (uint64_t)q->msgsize)
        return -EMSGSIZE;
    struct msg_buf *m;
    int err = msg_buf_load(umsg, len, MECH_POSIX_MQ, &m);
    if (err)
        return err;
    m->type = prio;
    uint64_t deadline = deadline_of(timeout);
    while (q->curmsgs >= q->maxmsg) {
        err = (f->flags & O_NONBLOCK)
                  ? -EAGAIN
                  : wait_event_deadline(&q->senders, q->curmsgs < q->maxmsg, deadline);
        if (err) {
            msg_buf_free(m);
            return err;
        }
    }
    insert(q, m);
    q->inode.atime = q->inode.mtime = q->inode.ctime = vfs_now();
    if (q->curmsgs == 1 && q->receivers_waiting == 0)
        notify(q, notice);
    wake_if_waiting(&q->receivers);
    return 0;
}

long mqueue_receive(struct file *f, uint64_t umsg, size_t len, uint64_t uprio,
                    const struct mq_abstime *timeout)
{
    struct mqueue *q = mqueue_of(f);
    if ((f->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    if (len < (uint64_t)q->msgsize)
        return -EMSGSIZE;
    uint64_t deadline = deadline_of(timeout);
    while (q->curmsgs == 0) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        q->receivers_waiting++;
        int err = wait_event_deadline(&q->receivers, q->curmsgs > 0, deadline);
        q->receivers_waiting--;
        if (err)
            return err;
    }
    struct msg_buf *m = list_first_entry(&q->messages, struct msg_buf, link);
    list_del(&m->link);
    q->curmsgs--;
    q->qsize -= m->size;
    q->inode.atime = q->inode.ctime = vfs_now();
    wake_if_waiting(&q->senders);
    /* The message has left the queue: a bad buffer loses it, as on Linux. */
    unsigned prio = (unsigned)m->type;
    long r = (long)m->size;
    if ((uprio && copy_to_user((void *)uprio, &prio, sizeof prio, MECH_SYSCALL_ARGS)) ||
        msg_buf_store(m, umsg, m->size, MECH_POSIX_MQ))
        r = -EFAULT;
    msg_buf_free(m);
    return r;
}

int mqueue_notify(struct file *f, const struct sigevent_k *sev, int pid, const struct files *owner)
{
    struct mqueue *q = mqueue_of(f);
    if (!sev) {
        if (q->notify_pid == pid) {
            q->notify_pid = 0;
            q->notify_owner = NULL;
        }
        return 0;
    }
    if (q->notify_pid)
        return -EBUSY;
    q->notify_pid = pid;
    q->notify_how = sev->sigev_notify;
    q->notify_signo = sev->sigev_notify == SIGEV_SIGNAL ? sev->sigev_signo : 0;
    q->notify_value = sev->sigev_value;
    q->notify_owner = owner;
    return 0;
}

void mqueue_forget_owner(struct mqueue *q, const struct files *owner)
{
    if (q->notify_pid && q->notify_owner == owner) {
        q->notify_pid = 0;
        q->notify_owner = NULL;
    }
}

/* read(): "QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...", from *pos. */
static long mqueue_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    const struct mqueue *q = mqueue_of(f);
    char line[96];
    int len = snprintf(line, sizeof line, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
                       q->qsize, q->notify_pid ? q->notify_how : 0,
                       q->notify_pid && q->notify_how == SIGEV_SIGNAL ? q->notify_signo : 0,
                       q->notify_pid);
    if (*pos >= (uint64_t)len)
        return 0;
    size_t k = (size_t)len - *pos < n ? (size_t)len - *pos : n;
    if (iobuf_copy_out(buf, 0, line + *pos, k))
        return -EFAULT;
    *pos += k;
    return (long)k;
}

/* Linux's default_llseek: SEEK_END is relative to the inode's size. */
static int64_t mqueue_lseek(struct file *f, int64_t off, int whence)
{
    int64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? (int64_t)f->pos
                   : whence == SEEK_END ? (int64_t)f->inode->size
                                        : -1;
    if (base < 0 || base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

/* Linux's mqueue_poll_file: readable with a message queued, writable with
   room for one, whatever the descriptor's access mode. */
static uint32_t mqueue_poll(struct file *f, struct poll_table *pt)
{
    struct mqueue *q = mqueue_of(f);
    poll_wait(pt, &q->receivers);
    poll_wait(pt, &q->senders);
    uint32_t mask = 0;
    if (q->curmsgs > 0)
        mask |= POLLIN | POLLRDNORM;
    if (q->curmsgs < q->maxmsg)
        mask |= POLLOUT | POLLWRNORM;
    return mask;
}

/* Any close by the owner ends its registration (a dup of the descriptor
   or a forked child's copy does not keep it alive, as on Linux). */
static void mqueue_flush(struct file *f, const struct files *owner)
{
    mqueue_forget_owner(mqueue_of(f), owner);
}

const struct file_ops mqueue_fops = {
    .read = mqueue_read,
    .lseek = mqueue_lseek,
    .poll = mqueue_poll,
    .flush = mqueue_flush,
};
