/*
 * kernel/ipc/sysv_msg_ctl.c: msgctl(2) and the message-queue files of /proc:
 *
 *   /proc/sysvipc/msg        every queue, in Linux's columns (proc(5))
 *   /proc/sys/kernel/msgmax  the largest message, bytes (8192)
 *   /proc/sys/kernel/msgmnb  msg_qbytes of new queues, bytes (16384)
 *   /proc/sys/kernel/msgmni  the most queues (32000)
 *
 * Every pagelab process is root, which on Linux holds CAP_SYS_RESOURCE:
 * IPC_SET may raise msg_qbytes above msgmnb.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/ipc_sysctl.h"
#include "kernel/ipc/sysv_msg.h"
#include "kernel/ipc/sysv_msg_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"

/* msginfo's fixed figures (include/uapi/linux/msg.h). */
#define MSGSSZ  16     /* message segment size */
#define MSGSEG  0xffff /* (MSGPOOL * 1024) / MSGSSZ, capped at 16 bits */
#define INT_MAX 0x7fffffff

static long copy_out(uint64_t ubuf, const void *k, size_t n)
{
    return copy_to_user((void *)ubuf, k, n, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* IPC_INFO: the limits; MSG_INFO: queues, messages and bytes in use. */
static long msg_info(int cmd, uint64_t ubuf)
{
    struct msginfo mi;
    memset(&mi, 0, sizeof mi);
    mi.msgmni = msg_limits.mni;
    mi.msgmax = msg_limits.max;
    mi.msgmnb = msg_limits.mnb;
    mi.msgssz = MSGSSZ;
    mi.msgseg = MSGSEG;
    if (cmd == MSG_INFO) {
        mi.msgpool = msg_ids.in_use;
        mi.msgmap = (int32_t)msg_total_msgs;
        mi.msgtql = (int32_t)msg_total_bytes;
    } else {
        mi.msgpool = (int32_t)((int64_t)MSGMNI_DEFAULT * MSGMNB_DEFAULT / 1024);
        mi.msgmap = MSGMNB_DEFAULT;
        mi.msgtql = MSGMNB_DEFAULT;
    }
    long err = copy_out(ubuf, &mi, sizeof mi);
    return err ? err : ipc_max_index(&msg_ids);
}

static void fill_stat(const struct msg_queue *q, struct msqid64_ds *ds)
{
    memset(ds, 0, sizeof *ds);
    ipc_fill_perm(&q->perm, &ds->msg_perm);
    ds->msg_stime = q->stime;
    ds->msg_rtime = q->rtime;
    ds->msg_ctime = q->ctime;
    ds->msg_cbytes = q->cbytes;
    ds->msg_qnum = q->qnum;
    ds->msg_qbytes = q->qbytes;
    ds->msg_lspid = q->lspid;
    ds->msg_lrpid = q->lrpid;
}

/* IPC_STAT (by id), MSG_STAT and MSG_STAT_ANY (by index: they return the id). */
static long msg_stat(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&msg_ids, id) : ipc_at_index(&msg_ids, id);
    if (!o)
        return -EINVAL;
    if (cmd != MSG_STAT_ANY && ipc_check_perm(o, IPC_S_IRUGO, c))
        return -EACCES;
    struct msqid64_ds ds;
    fill_stat(msg_queue_of(o), &ds);
    long err = copy_out(ubuf, &ds, sizeof ds);
    return err ? err : cmd == IPC_STAT ? 0 : o->id;
}

/* IPC_SET and IPC_RMID: only the owner, the creator or root. */
static long msg_down(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct msqid64_ds ds;
    if (cmd == IPC_SET && copy_from_user(&ds, (const void *)ubuf, sizeof ds, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct ipc_obj *o = ipc_lookup(&msg_ids, id);
    if (!o)
        return -EINVAL;
    int err = ipc_check_owner(o, c);
    if (err)
        return err;
    struct msg_queue *q = msg_queue_of(o);
    if (cmd == IPC_RMID) {
        msg_queue_remove(q);
        return 0;
    }
    /* uid/gid -1 is no one (Linux's uid_valid). */
    if (ds.msg_perm.uid == (uint32_t)-1 || ds.msg_perm.gid == (uint32_t)-1)
        return -EINVAL;
    if (ds.msg_qbytes > (uint64_t)msg_limits.mnb && !ipc_caller_is_root(c))
        return -EPERM; /* raising it above msgmnb takes CAP_SYS_RESOURCE */
    ipc_set_perm(o, &ds.msg_perm);
    q->qbytes = ds.msg_qbytes;
    q->ctime = ipc_now();
    /* A larger queue may take what senders wait to send; receivers re-check
       their permission. */
    msg_queue_wake_all(q);
    return 0;
}

long sysv_msgctl(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    if (id < 0 || cmd < 0)
        return -EINVAL;
    switch (cmd) {
    case IPC_INFO:
    case MSG_INFO:
        return msg_info(cmd, ubuf);
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY:
        return msg_stat(id, cmd, ubuf, c);
    case IPC_SET:
    case IPC_RMID:
        return msg_down(id, cmd, ubuf, c);
    default:
        return -EINVAL;
    }
}

/* ---- /proc ---- */

static long show_sysvipc_msg(void *arg, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size,
                                "       key      msqid perms      cbytes       qnum lspid lrpid"
                                "   uid   gid  cuid  cgid      stime      rtime      ctime\n");
    for (int i = 0; i <= msg_ids.max_idx && n < size; i++) {
        struct ipc_obj *o = ipc_at_index(&msg_ids, i);
        if (!o)
            continue;
        const struct msg_queue *q = msg_queue_of(o);
        int k = snprintf(buf + n, size - n,
                         "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10ld %10ld %10ld\n",
                         o->key, o->id, o->mode, q->cbytes, q->qnum, q->lspid, q->lrpid, o->uid,
                         o->gid, o->cuid, o->cgid, q->stime, q->rtime, q->ctime);
        if (n + (size_t)k >= size)
            break; /* whole lines only: a cut one is dropped */
        n += (size_t)k;
    }
    return (long)n;
}

static long show_msgmax(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\n", msg_limits.max);
}
static long show_msgmnb(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\n", msg_limits.mnb);
}
static long show_msgmni(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\n", msg_limits.mni);
}
static int store_msgmax(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_store_int(data, len, &msg_limits.max, 0, INT_MAX);
}
static int store_msgmnb(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_store_int(data, len, &msg_limits.mnb, 0, INT_MAX);
}
static int store_msgmni(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_store_int(data, len, &msg_limits.mni, 0, IPCMNI);
}

PROC_FILE(sysvipc_msg, "sysvipc/msg", show_sysvipc_msg, NULL);
PROC_FILE(msgmax, "sys/kernel/msgmax", show_msgmax, store_msgmax);
PROC_FILE(msgmnb, "sys/kernel/msgmnb", show_msgmnb, store_msgmnb);
PROC_FILE(msgmni, "sys/kernel/msgmni", show_msgmni, store_msgmni);
