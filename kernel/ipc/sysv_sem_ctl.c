/*
 * kernel/ipc/sysv_sem_ctl.c: semctl(2) and the semaphore files of /proc:
 *
 *   /proc/sysvipc/sem     every set, in Linux's columns (proc(5))
 *   /proc/sys/kernel/sem  "semmsl semmns semopm semmni" (tab-separated)
 *
 * semctl's fourth argument is Linux's union semun passed by value: an int
 * for SETVAL, a pointer for the others.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/ipc_sysctl.h"
#include "kernel/ipc/sysv_sem.h"
#include "kernel/ipc/sysv_sem_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

/* seminfo's fixed figures (include/uapi/linux/sem.h). */
#define SEMUSZ 20 /* sizeof struct sem_undo, as Linux reports it */

static long copy_out(uint64_t ubuf, const void *k, size_t n)
{
    return copy_to_user((void *)ubuf, k, n, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sem_info(int cmd, uint64_t ubuf)
{
    struct seminfo si;
    memset(&si, 0, sizeof si);
    si.semmni = sem_limits.mni;
    si.semmns = sem_limits.mns;
    si.semmsl = sem_limits.msl;
    si.semopm = sem_limits.opm;
    si.semvmx = SEMVMX;
    si.semmap = SEMMNS_DEFAULT; /* Linux's SEMMAP, SEMMNU, SEMUME */
    si.semmnu = SEMMNS_DEFAULT;
    si.semume = SEMOPM_DEFAULT;
    if (cmd == SEM_INFO) {
        si.semusz = sem_ids.in_use;
        si.semaem = sem_used;
    } else {
        si.semusz = SEMUSZ;
        si.semaem = SEMAEM;
    }
    long err = copy_out(ubuf, &si, sizeof si);
    return err ? err : ipc_max_index(&sem_ids);
}

static long sem_stat(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&sem_ids, id) : ipc_at_index(&sem_ids, id);
    if (!o)
        return -EINVAL;
    if (cmd != SEM_STAT_ANY && ipc_check_perm(o, IPC_S_IRUGO, c))
        return -EACCES;
    const struct sem_array *s = sem_array_of(o);
    struct semid64_ds ds;
    memset(&ds, 0, sizeof ds);
    ipc_fill_perm(o, &ds.sem_perm);
    ds.sem_otime = s->otime;
    ds.sem_ctime = s->ctime;
    ds.sem_nsems = (uint64_t)s->nsems;
    long err = copy_out(ubuf, &ds, sizeof ds);
    return err ? err : cmd == IPC_STAT ? 0 : o->id;
}

static long sem_down(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct semid64_ds ds;
    if (cmd == IPC_SET && copy_from_user(&ds, (const void *)ubuf, sizeof ds, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o)
        return -EINVAL;
    int err = ipc_check_owner(o, c);
    if (err)
        return err;
    if (cmd == IPC_RMID) {
        sem_array_remove(sem_array_of(o));
        return 0;
    }
    if (ds.sem_perm.uid == (uint32_t)-1 || ds.sem_perm.gid == (uint32_t)-1)
        return -EINVAL;
    ipc_set_perm(o, &ds.sem_perm);
    sem_array_of(o)->ctime = ipc_now();
    return 0;
}

static long sem_setval(int id, int num, int val, const struct ipc_caller *c)
{
    if (val > SEMVMX || val < 0)
        return -ERANGE;
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o)
        return -EINVAL;
    struct sem_array *s = sem_array_of(o);
    if (num < 0 || num >= s->nsems)
        return -EINVAL;
    if (ipc_check_perm(o, IPC_S_IWUGO, c))
        return -EACCES;
    sem_undo_clear(s, num);
    s->sems[num].val = val;
    s->sems[num].pid = c->pid;
    s->ctime = ipc_now();
    sem_update_queue(s);
    return 0;
}

static long sem_getall(struct sem_array *s, uint64_t ubuf)
{
    uint16_t *vals = kmalloc(sizeof *vals * (size_t)s->nsems);
    if (!vals)
        return -ENOMEM;
    for (int i = 0; i < s->nsems; i++)
        vals[i] = (uint16_t)s->sems[i].val;
    long err = copy_out(ubuf, vals, sizeof *vals * (size_t)s->nsems);
    kfree(vals);
    return err;
}

/* The values are copied in first (that may sleep): the set is looked up
   again after, and is EIDRM if it went meanwhile. */
static long sem_setall(int id, int nsems, uint64_t ubuf, const struct ipc_caller *c)
{
    uint16_t *vals = kmalloc(sizeof *vals * (size_t)nsems);
    if (!vals)
        return -ENOMEM;
    long err = 0;
    if (copy_from_user(vals, (const void *)ubuf, sizeof *vals * (size_t)nsems, MECH_SYSCALL_ARGS))
        err = -EFAULT;
    for (int i = 0; i < nsems && !err; i++)
        if (vals[i] > SEMVMX)
            err = -ERANGE;
    struct ipc_obj *o = err ? NULL : ipc_lookup(&sem_ids, id);
    if (!err && (!o || sem_array_of(o)->nsems != nsems))
        err = -EIDRM;
    if (!err) {
        struct sem_array *s = sem_array_of(o);
        sem_undo_clear(s, -1);
        for (int i = 0; i < nsems; i++) {
            s->sems[i].val = vals[i];
            s->sems[i].pid = c->pid;
        }
        s->ctime = ipc_now();
        sem_update_queue(s);
    }
    kfree(vals);
    return err;
}

/* GETNCNT / GETZCNT: sleepers whose waiting operation is on semaphore num:
   one that subtracts, or one that waits for zero. */
static int count_waiting(struct sem_array *s, int num, bool zero)
{
    int n = 0;
    struct list_head *l;
    list_for_each(l, &s->pending)
    {
        struct sem_waiter *w = list_entry(l, struct sem_waiter, link);
        const struct sembuf *op = &w->sops[w->blocking];
        if (op->sem_num == num && (zero ? op->sem_op == 0 : op->sem_op < 0))
            n++;
    }
    return n;
}

/* GETALL, SETALL, GETVAL, GETPID, GETNCNT, GETZCNT. */
static long sem_main(int id, int num, int cmd, uint64_t arg, const struct ipc_caller *c)
{
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o)
        return -EINVAL;
    if (ipc_check_perm(o, cmd == SETALL ? IPC_S_IWUGO : IPC_S_IRUGO, c))
        return -EACCES;
    struct sem_array *s = sem_array_of(o);
    if (cmd == GETALL)
        return sem_getall(s, arg);
    if (cmd == SETALL)
        return sem_setall(id, s->nsems, arg, c);
    if (num < 0 || num >= s->nsems)
        return -EINVAL;
    switch (cmd) {
    case GETVAL:
        return s->sems[num].val;
    case GETPID:
        return s->sems[num].pid;
    case GETNCNT:
        return count_waiting(s, num, false);
    default: /* GETZCNT */
        return count_waiting(s, num, true);
    }
}

long sysv_semctl(int id, int semnum, int cmd, uint64_t arg, const struct ipc_caller *c)
{
    if (id < 0)
        return -EINVAL;
    switch (cmd) {
    case IPC_INFO:
    case SEM_INFO:
        return sem_info(cmd, arg);
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
        return sem_stat(id, cmd, arg, c);
    case GETALL:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
    case SETALL:
        return sem_main(id, semnum, cmd, arg, c);
    case SETVAL:
        return sem_setval(id, semnum, (int)(uint32_t)arg, c); /* the union's int: low half */
    case IPC_SET:
    case IPC_RMID:
        return sem_down(id, cmd, arg, c);
    default:
        return -EINVAL;
    }
}

/* ---- /proc ---- */

static long show_sysvipc_sem(void *arg, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size,
                                "       key      semid perms      nsems   uid   gid  cuid  cgid"
                                "      otime      ctime\n");
    for (int i = 0; i <= sem_ids.max_idx && n < size; i++) {
        struct ipc_obj *o = ipc_at_index(&sem_ids, i);
        if (!o)
            continue;
        const struct sem_array *s = sem_array_of(o);
        int k = snprintf(buf + n, size - n, "%10d %10d  %4o %10u %5u %5u %5u %5u %10ld %10ld\n",
                         o->key, o->id, o->mode, s->nsems, o->uid, o->gid, o->cuid, o->cgid,
                         s->otime, s->ctime);
        if (n + (size_t)k >= size)
            break; /* whole lines only: a cut one is dropped */
        n += (size_t)k;
    }
    return (long)n;
}

static long show_sem(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\t%d\t%d\t%d\n", sem_limits.msl, sem_limits.mns, sem_limits.opm,
                    sem_limits.mni);
}

/* Linux takes any ints, but refuses semmni above IPCMNI (ERANGE). */
static int store_sem(void *arg, const char *data, size_t len)
{
    int64_t v[4] = { sem_limits.msl, sem_limits.mns, sem_limits.opm, sem_limits.mni };
    int err = ipc_sysctl_parse(data, len, v, 4, INT32_MIN, INT32_MAX);
    if (err)
        return err;
    if (v[3] > IPCMNI)
        return -ERANGE;
    sem_limits.msl = (int)v[0];
    sem_limits.mns = (int)v[1];
    sem_limits.opm = (int)v[2];
    sem_limits.mni = (int)v[3];
    return 0;
}

PROC_FILE(sysvipc_sem, "sysvipc/sem", show_sysvipc_sem, NULL);
PROC_FILE(sem, "sys/kernel/sem", show_sem, store_sem);
