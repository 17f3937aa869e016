/*
 * kernel/ipc/mqueue.c: POSIX message queues: names, mq_open, mq_unlink,
 * the attributes and limits, and the queues' file system (mqueue.h).
 * Sending, receiving and notification are in mqueue_io.c.
 *
 * References: a queue is an inode; its name holds one reference (dropped by
 * mq_unlink), each open file one; the last goes with evict, which frees
 * the messages and gives back what RLIMIT_MSGQUEUE was charged.
 *
 * Limits: /proc/sys/fs/mqueue/{msg_max, msgsize_max, queues_max,
 * msg_default, msgsize_default}, with Linux's defaults and ranges
 * (ipc/mq_sysctl.c).
 *
 * Permissions are a file's (kernel/fs/permission.h): a queue belongs to its
 * creator's file-system ids, mq_open checks the mode against the access
 * asked for (EACCES), and mq_unlink is an unlink from Linux's mqueue root
 * directory, which is world-writable and sticky: only the queue's owner
 * (or root) may remove it (EPERM).
 */
#include "kernel/ipc/mqueue.h"
#include "kernel/fs/permission.h"
#include "kernel/ipc/ipc_sysctl.h"
#include "kernel/ipc/msg_buf.h"
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "libc/include/pagelab/ipc_values.h"

#define MQUEUE_DEV_ID 0x0e /* st_dev of queues; any number no disk uses */

/* Linux's limits (include/linux/ipc_namespace.h, ipc/mqueue.c). */
#define DFLT_QUEUESMAX  256
#define DFLT_MSG        10
#define DFLT_MSGMAX     10
#define DFLT_MSGSIZE    8192
#define DFLT_MSGSIZEMAX 8192
#define MIN_MSGMAX      1
#define HARD_MSGMAX     65536
#define MIN_MSGSIZEMAX  128
#define HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define RLIMIT_MSGQUEUE 819200 /* bytes per user: Linux's default (MQ_BYTES_MAX) */
/* What Linux charges per possible message besides its text: a struct
   msg_msg (48 bytes on x86-64), and one priority-tree node (48) for each
   of the first MQ_PRIO_MAX messages. */
#define CHARGE_PER_MSG  48
#define CHARGE_PER_NODE 48
#define INT_MAX         0x7fffffff
#define FILENT_SIZE     80 /* st_size of every queue on Linux */

static struct {
    int msg_max, msgsize_max, queues_max, msg_default, msgsize_default;
} mq_limits = { DFLT_MSGMAX, DFLT_MSGSIZEMAX, DFLT_QUEUESMAX, DFLT_MSG, DFLT_MSGSIZE };

static struct super_block mqueue_sb;
/* The directory the names are in, as Linux's mqueue root: owned by root,
   S_IFDIR | S_ISVTX | 0777. */
static const struct inode mqueue_root = { .mode = S_IFDIR | S_ISVTX | 0777 };
static uint64_t next_ino = 1;
static struct list_head named = LIST_HEAD_INIT(named);
static uint64_t bytes_charged; /* RLIMIT_MSGQUEUE use of the one user, root */

/* Linux's lookup_one_len rules: no "", ".", "..", no '/'. */
static int check_name(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || !strcmp(name, ".") || !strcmp(name, ".."))
        return -EACCES;
    if (strchr(name, '/'))
        return -EACCES;
    return len > NAME_MAX ? -ENAMETOOLONG : 0;
}

static struct mqueue *find(const char *name)
{
    struct list_head *l;
    list_for_each(l, &named)
    {
        struct mqueue *q = list_entry(l, struct mqueue, name_link);
        if (!strcmp(q->name, name))
            return q;
    }
    return NULL;
}

static void mqueue_evict(struct inode *ino)
{
    struct mqueue *q = (struct mqueue *)ino;
    while (!list_empty(&q->messages)) {
        struct msg_buf *m = list_first_entry(&q->messages, struct msg_buf, link);
        list_del(&m->link);
        msg_buf_free(m);
    }
    bytes_charged -= q->charged;
    kfree(q);
}

static const struct inode_ops mqueue_iops = {
    .evict = mqueue_evict,
};

/* Linux's mqueue_get_inode checks, in its order, and the charge.  (Its
   queues_max check comes first but does not apply to root.) */
static int check_attr(int64_t maxmsg, int64_t msgsize, uint64_t *charge)
{
    if (maxmsg <= 0 || msgsize <= 0)
        return -EINVAL;
    /* Root holds CAP_SYS_RESOURCE: the hard limits, not msg_max/msgsize_max. */
    if (maxmsg > HARD_MSGMAX || msgsize > HARD_MSGSIZEMAX)
        return -EINVAL;
    uint64_t text = (uint64_t)maxmsg * (uint64_t)msgsize;
    uint64_t nodes = (uint64_t)(maxmsg < MQ_PRIO_MAX ? maxmsg : MQ_PRIO_MAX);
    *charge = text + (uint64_t)maxmsg * CHARGE_PER_MSG + nodes * CHARGE_PER_NODE;
    if (bytes_charged + *charge > RLIMIT_MSGQUEUE)
        return -EMFILE;
    return 0;
}

static int create(const char *name, uint32_t mode, const struct mq_attr_k *attr,
                  struct mqueue **out)
{
    int64_t maxmsg = attr ? attr->mq_maxmsg : mq_limits.msg_default;
    int64_t msgsize = attr ? attr->mq_msgsize : mq_limits.msgsize_default;
    uint64_t charge;
    int err = check_attr(maxmsg, msgsize, &charge);
    if (err)
        return err;
    struct mqueue *q = kzalloc(sizeof *q);
    if (!q)
        return -ENOMEM;
    inode_init(&q->inode, &mqueue_sb, next_ino++); /* this reference: the name's */
    q->inode.mode = S_IFREG | (mode & 0777);
    inode_init_owner(&q->inode, &mqueue_root);
    q->inode.size = FILENT_SIZE;
    q->inode.atime = q->inode.mtime = q->inode.ctime = vfs_now();
    q->inode.iops = &mqueue_iops;
    q->inode.fops = &mqueue_fops;
    strlcpy(q->name, name, sizeof q->name);
    q->linked = true;
    list_add_tail(&q->name_link, &named);
    q->maxmsg = maxmsg;
    q->msgsize = msgsize;
    q->charged = charge;
    bytes_charged += charge;
    list_init(&q->messages);
    waitqueue_init(&q->senders);
    waitqueue_init(&q->receivers);
    *out = q;
    return 0;
}

int mqueue_open(const char *name, int oflag, uint32_t mode, const struct mq_attr_k *attr,
                struct file **out)
{
    int err = check_name(name);
    if (err)
        return err;
    struct mqueue *q = find(name);
    if (!q) {
        if (!(oflag & O_CREAT))
            return -ENOENT;
        if ((err = create(name, mode, attr, &q)))
            return err;
    } else {
        if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
            return -EEXIST;
        if ((oflag & O_ACCMODE) == O_ACCMODE)
            return -EINVAL;
        if (inode_permission(&q->inode, open_permission_mask(oflag & O_ACCMODE)))
            return -EACCES;
    }
    inode_get(&q->inode);
    struct file *f = file_alloc(&q->inode, oflag & (O_ACCMODE | O_NONBLOCK), &mqueue_fops);
    if (!f) {
        inode_put(&q->inode);
        return -ENOMEM;
    }
    f->private = q;
    *out = f;
    return 0;
}

int mqueue_unlink(const char *name)
{
    int err = check_name(name);
    if (err)
        return err;
    struct mqueue *q = find(name);
    if (!q)
        return -ENOENT;
    if ((err = may_delete_from(&mqueue_root, &q->inode)))
        return err;
    list_del(&q->name_link);
    q->linked = false;
    inode_put(&q->inode); /* the name's reference */
    return 0;
}

bool mqueue_is(const struct file *f) { return f->fops == &mqueue_fops; }

int mqueue_getsetattr(struct file *f, const struct mq_attr_k *new, struct mq_attr_k *old)
{
    if (new && (new->mq_flags & ~(int64_t)O_NONBLOCK))
        return -EINVAL;
    struct mqueue *q = mqueue_of(f);
    if (old) {
        memset(old, 0, sizeof *old);
        old->mq_flags = f->flags & O_NONBLOCK;
        old->mq_maxmsg = q->maxmsg;
        old->mq_msgsize = q->msgsize;
        old->mq_curmsgs = q->curmsgs;
    }
    if (new)
        f->flags = (f->flags & ~O_NONBLOCK) | (int)(new->mq_flags &O_NONBLOCK);
    return 0;
}

void mqueue_init(void)
{
    super_init(&mqueue_sb, NULL, "mqueue");
    mqueue_sb.dev_id = MQUEUE_DEV_ID;
}

/* ---- /proc/sys/fs/mqueue ---- */

#define LIMIT_FILE(field, min, max)                                             \
    static long show_##field(void *arg, char *buf, size_t size)                 \
    {                                                                           \
        return snprintf(buf, size, "%d\n", mq_limits.field);                    \
    }                                                                           \
    static int store_##field(void *arg, const char *data, size_t len)           \
    {                                                                           \
        return ipc_sysctl_store_int(data, len, &mq_limits.field, (min), (max)); \
    }                                                                           \
    PROC_FILE(mq_##field, "sys/fs/mqueue/" #field, show_##field, store_##field)

LIMIT_FILE(msg_max, MIN_MSGMAX, HARD_MSGMAX);
LIMIT_FILE(msgsize_max, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX);
LIMIT_FILE(msg_default, MIN_MSGMAX, HARD_MSGMAX);
LIMIT_FILE(msgsize_default, MIN_MSGSIZEMAX, HARD_MSGSIZEMAX);
LIMIT_FILE(queues_max, 0, INT_MAX);
