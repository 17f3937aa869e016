/*
 * kernel/ipc/sysv_msg.c: System V message queues: msgget, msgsnd, msgrcv
 * (sysv_msg.h).  msgctl and the /proc files are in sysv_msg_ctl.c.
 *
 * One CPU, no kernel preemption: a queue changes only between sleeps.  The
 * only sleeps are the waits for room or for a message, and the user copies
 * (a page fault may read the disk), which are made while no queue is being
 * changed: the text is copied in before the queue is looked up, and copied
 * out after the message has left the queue, as Linux does.
 */
#include "kernel/ipc/sysv_msg.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/msg_buf.h"
#include "kernel/ipc/sysv_msg_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

struct msg_limits msg_limits = { MSGMAX_DEFAULT, MSGMNB_DEFAULT, MSGMNI_DEFAULT };
struct ipc_ids msg_ids = IPC_IDS_INIT("msg");
uint64_t msg_total_msgs, msg_total_bytes;

/* How msgrcv picks a message (msgop(2)). */
enum msg_search {
    SEARCH_ANY,       /* msgtyp 0: the first */
    SEARCH_EQUAL,     /* msgtyp > 0: the first of that type */
    SEARCH_NOTEQUAL,  /* msgtyp > 0 with MSG_EXCEPT: the first of another type */
    SEARCH_LESSEQUAL, /* msgtyp < 0: the first of the lowest type <= -msgtyp */
};

static int msg_create(void *arg, int32_t key, int flags, const struct ipc_caller *c)
{
    struct msg_queue *q = kzalloc(sizeof *q);
    if (!q)
        return -ENOMEM;
    int err = ipc_add(&msg_ids, &q->perm, msg_limits.mni, key, (uint32_t)flags, c);
    if (err) {
        kfree(q);
        return err;
    }
    q->ctime = ipc_now();
    q->qbytes = (uint64_t)msg_limits.mnb;
    list_init(&q->messages);
    waitqueue_init(&q->senders);
    waitqueue_init(&q->receivers);
    return q->perm.id;
}

static const struct ipc_get_ops msg_get_ops = { .create = msg_create };

long sysv_msgget(int32_t key, int flags, const struct ipc_caller *c)
{
    return ipc_get(&msg_ids, key, flags, &msg_get_ops, NULL, c);
}

static struct msg_queue *queue_lookup(int id)
{
    struct ipc_obj *o = ipc_lookup(&msg_ids, id);
    return o ? msg_queue_of(o) : NULL;
}

static void wake_if_waiting(struct waitqueue *wq)
{
    if (!list_empty(&wq->entries))
        wake_up(wq);
}

void msg_queue_wake_all(struct msg_queue *q)
{
    wake_if_waiting(&q->senders);
    wake_if_waiting(&q->receivers);
}

void msg_queue_remove(struct msg_queue *q)
{
    ipc_remove(&msg_ids, &q->perm);
    while (!list_empty(&q->messages)) {
        struct msg_buf *m = list_first_entry(&q->messages, struct msg_buf, link);
        list_del(&m->link);
        msg_total_msgs--;
        msg_total_bytes -= m->size;
        msg_buf_free(m);
    }
    msg_queue_wake_all(q);
    if (q->waiters == 0)
        kfree(q);
}

/* Sleeps on wq until cond holds, q goes, or a signal comes: 0, -EIDRM or
   -EINTR.  The last sleeper of a removed queue frees it. */
#define queue_wait(q, wq, cond)                                             \
    ({                                                                      \
        (q)->waiters++;                                                     \
        int r_ = wait_event_interruptible(wq, (q)->perm.deleted || (cond)); \
        (q)->waiters--;                                                     \
        if ((q)->perm.deleted) {                                            \
            if ((q)->waiters == 0)                                          \
                kfree(q);                                                   \
            r_ = -EIDRM;                                                    \
        }                                                                   \
        r_;                                                                 \
    })

static bool fits(const struct msg_queue *q, size_t size)
{
    return size + q->cbytes <= q->qbytes && 1 + q->qnum <= q->qbytes;
}

/* Waits until a message of size bytes fits in q: 0 or -errno. */
static int wait_for_room(struct msg_queue *q, size_t size, int flags, const struct ipc_caller *c)
{
    for (;;) {
        int err = ipc_check_perm(&q->perm, IPC_S_IWUGO, c);
        if (err)
            return err;
        if (fits(q, size))
            return 0;
        if (flags & IPC_NOWAIT)
            return -EAGAIN;
        if ((err = queue_wait(q, &q->senders, fits(q, size))))
            return err;
    }
}

long sysv_msgsnd(int id, uint64_t umsgp, size_t size, int flags, const struct ipc_caller *c)
{
    long type;
    if (copy_from_user(&type, (const void *)umsgp, sizeof type, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (size > (size_t)msg_limits.max || (long)size < 0 || id < 0 || type < 1)
        return -EINVAL;
    struct msg_buf *m;
    int err = msg_buf_load(umsgp + sizeof type, size, MECH_MSGQ, &m);
    if (err)
        return err;
    m->type = type;
    struct msg_queue *q = queue_lookup(id);
    err = q ? wait_for_room(q, size, flags, c) : -EINVAL;
    if (err) {
        msg_buf_free(m);
        return err;
    }
    list_add_tail(&m->link, &q->messages);
    q->cbytes += size;
    q->qnum++;
    q->lspid = c->pid;
    q->stime = ipc_now();
    msg_total_msgs++;
    msg_total_bytes += size;
    wake_if_waiting(&q->receivers);
    return 0;
}

static bool type_matches(long have, long want, enum msg_search mode)
{
    switch (mode) {
    case SEARCH_ANY:
        return true;
    case SEARCH_EQUAL:
        return have == want;
    case SEARCH_NOTEQUAL:
        return have != want;
    case SEARCH_LESSEQUAL:
        return have <= want;
    }
    return false;
}

/* The message msgrcv would take now, or NULL. */
static struct msg_buf *find_msg(struct msg_queue *q, long type, enum msg_search mode)
{
    struct msg_buf *best = NULL;
    struct list_head *l;
    list_for_each(l, &q->messages)
    {
        struct msg_buf *m = list_entry(l, struct msg_buf, link);
        if (!type_matches(m->type, type, mode))
            continue;
        if (mode != SEARCH_LESSEQUAL)
            return m;
        if (!best || m->type < best->type)
            best = m;
    }
    return best;
}

/* Waits for a message msgrcv may take and unlinks it: 0 or -errno. */
static int take_msg(struct msg_queue *q, size_t size, long type, enum msg_search mode, int flags,
                    const struct ipc_caller *c, struct msg_buf **out)
{
    for (;;) {
        int err = ipc_check_perm(&q->perm, IPC_S_IRUGO, c);
        if (err)
            return err;
        struct msg_buf *m = find_msg(q, type, mode);
        if (m) {
            if (size < m->size && !(flags & MSG_NOERROR))
                return -E2BIG;
            list_del(&m->link);
            q->cbytes -= m->size;
            q->qnum--;
            q->lrpid = c->pid;
            q->rtime = ipc_now();
            msg_total_msgs--;
            msg_total_bytes -= m->size;
            wake_if_waiting(&q->senders);
            *out = m;
            return 0;
        }
        if (flags & IPC_NOWAIT)
            return -ENOMSG;
        if ((err = queue_wait(q, &q->receivers, find_msg(q, type, mode) != NULL)))
            return err;
    }
}

/* MSG_COPY (for checkpoint/restore, Linux with CONFIG_CHECKPOINT_RESTORE
   as distributions build it): a copy of message number index (0: the
   oldest), left on the queue, no receiver recorded.  ENOMSG past the
   last; E2BIG for a short buffer without MSG_NOERROR, and EINVAL with it
   (Linux's copy_msg never cuts a copy). */
static long copy_nth(int id, uint64_t umsgp, size_t size, long index, int flags,
                     const struct ipc_caller *c)
{
    struct msg_queue *q = queue_lookup(id);
    if (!q)
        return -EINVAL;
    int err = ipc_check_perm(&q->perm, IPC_S_IRUGO, c);
    if (err)
        return err;
    struct msg_buf *m = NULL;
    long i = 0;
    struct list_head *l;
    list_for_each(l, &q->messages)
    {
        if (i++ == index) {
            m = list_entry(l, struct msg_buf, link);
            break;
        }
    }
    if (!m)
        return -ENOMSG;
    if (size < m->size && !(flags & MSG_NOERROR))
        return -E2BIG;
    size_t room = size < (size_t)msg_limits.max ? size : (size_t)msg_limits.max;
    if (m->size > room)
        return -EINVAL;
    if (copy_to_user((void *)umsgp, &m->type, sizeof m->type, MECH_SYSCALL_ARGS) ||
        msg_buf_store(m, umsgp + sizeof m->type, m->size, MECH_MSGQ))
        return -EFAULT;
    return (long)m->size;
}

long sysv_msgrcv(int id, uint64_t umsgp, size_t size, long type, int flags,
                 const struct ipc_caller *c)
{
    if (id < 0 || (long)size < 0)
        return -EINVAL;
    if (flags & MSG_COPY) {
        if ((flags & MSG_EXCEPT) || !(flags & IPC_NOWAIT))
            return -EINVAL;
        return copy_nth(id, umsgp, size, type, flags, c);
    }
    enum msg_search mode = SEARCH_ANY;
    if (type < 0) {
        mode = SEARCH_LESSEQUAL;
        type = type == INT64_MIN ? INT64_MAX : -type;
    } else if (type > 0) {
        mode = (flags & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
    }
    struct msg_queue *q = queue_lookup(id);
    if (!q)
        return -EINVAL;
    struct msg_buf *m;
    int err = take_msg(q, size, type, mode, flags, c, &m);
    if (err)
        return err;
    /* The message has left the queue: a bad buffer loses it, as on Linux. */
    size_t n = size < m->size ? size : m->size;
    if (copy_to_user((void *)umsgp, &m->type, sizeof m->type, MECH_SYSCALL_ARGS) ||
        msg_buf_store(m, umsgp + sizeof m->type, n, MECH_MSGQ))
        err = -EFAULT;
    msg_buf_free(m);
    return err ? err : (long)n;
}
