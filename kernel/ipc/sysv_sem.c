/*
 * kernel/ipc/sysv_sem.c: System V semaphores: semget, semop/semtimedop and
 * the queue of sleeping operations (sysv_sem.h).  semctl and /proc are in
 * sysv_sem_ctl.c, SEM_UNDO records in sysv_sem_undo.c.
 *
 * An operation list is tried in order against the values, each step on the
 * result of the previous one (so two operations on one semaphore add up);
 * the first that cannot proceed undoes the steps before it.  A sleeper's
 * list stays on the set's pending queue; every change of a value retries
 * the queue from the oldest, and each completed list that changed values
 * starts the pass again, until nothing more completes.  The waker applies
 * the sleeper's operations itself and hands it the result (status): the
 * sleeper never looks at the set again, so removal can free it at once.
 *
 * One CPU, no kernel preemption: sets change only between sleeps; the
 * operations are copied in before anything is looked at.
 */
#include "kernel/ipc/sysv_sem.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/sysv_sem_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"

struct sem_limits sem_limits = { SEMMSL_DEFAULT, SEMMNS_DEFAULT, SEMOPM_DEFAULT, SEMMNI_DEFAULT };
struct ipc_ids sem_ids = IPC_IDS_INIT("sem");
int sem_used;

/* ---- semget ---- */

static int sem_create(void *arg, int32_t key, int flags, const struct ipc_caller *c)
{
    int nsems = *(const int *)arg;
    if (nsems == 0)
        return -EINVAL;
    if (sem_used + nsems > sem_limits.mns || sem_used + nsems < sem_used)
        return -ENOSPC;
    struct sem_array *s = kzalloc(sizeof *s + sizeof s->sems[0] * (size_t)nsems);
    if (!s)
        return -ENOMEM;
    int err = ipc_add(&sem_ids, &s->perm, sem_limits.mni, key, (uint32_t)flags, c);
    if (err) {
        kfree(s);
        return err;
    }
    s->nsems = nsems;
    s->ctime = ipc_now();
    list_init(&s->pending);
    list_init(&s->undos);
    sem_used += nsems;
    return s->perm.id;
}

static int sem_more_checks(struct ipc_obj *o, void *arg)
{
    return *(const int *)arg > sem_array_of(o)->nsems ? -EINVAL : 0;
}

static const struct ipc_get_ops sem_get_ops = { .create = sem_create,
                                                .more_checks = sem_more_checks };

long sysv_semget(int32_t key, int nsems, int flags, const struct ipc_caller *c)
{
    if (nsems < 0 || nsems > sem_limits.msl)
        return -EINVAL;
    return ipc_get(&sem_ids, key, flags, &sem_get_ops, &nsems, c);
}

/* ---- applying operations ---- */

/* Applies sops[0..nsops) to s as one: 0 (applied, pids recorded), 1 (would
   block: *blocking is the operation that waits), -EAGAIN (it would block
   and says IPC_NOWAIT) or -ERANGE (a value or an undo record would leave
   its range).  Anything but 0 leaves s and un as they were. */
static int try_ops(struct sem_array *s, const struct sembuf *sops, int nsops, struct sem_undo *un,
                   int pid, int *blocking)
{
    /* lab ipc: try_ops */
    int i, err = 0;
    for (i = 0; i < nsops; i++) {
        const struct sembuf *op = &sops[i];
        struct sem *sem = &s->sems[op->sem_num];
        int result = sem->val + op->sem_op;
        if ((op->sem_op == 0 && sem->val != 0) || result < 0) {
            *blocking = i;
            err = (op->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
            break;
        }
        if (result > SEMVMX) {
            err = -ERANGE;
            break;
        }
        if (op->sem_flg & SEM_UNDO) {
            int adj = un->adj[op->sem_num] - op->sem_op;
            if (adj < -SEMAEM - 1 || adj > SEMAEM) {
                err = -ERANGE;
                break;
            }
            un->adj[op->sem_num] = (int16_t)adj;
        }
        sem->val = result;
    }
    if (err) {
        while (--i >= 0) {
            s->sems[sops[i].sem_num].val -= sops[i].sem_op;
            if (sops[i].sem_flg & SEM_UNDO)
                un->adj[sops[i].sem_num] = (int16_t)(un->adj[sops[i].sem_num] + sops[i].sem_op);
        }
        return err;
    }
    for (i = 0; i < nsops; i++)
        s->sems[sops[i].sem_num].pid = pid;
    return 0;
    /* lab end */
}

static bool alters(const struct sembuf *sops, int nsops)
{
    for (int i = 0; i < nsops; i++)
        if (sops[i].sem_op != 0)
            return true;
    return false;
}

void sem_update_queue(struct sem_array *s)
{
    /* lab ipc: wake */
    struct list_head *l, *tmp;
again:
    list_for_each_safe(l, tmp, &s->pending)
    {
        struct sem_waiter *w = list_entry(l, struct sem_waiter, link);
        int blocking;
        int r = try_ops(s, w->sops, w->nsops, w->undo, w->pid, &blocking);
        if (r == 1) {
            w->blocking = blocking;
            continue;
        }
        list_del(&w->link);
        w->status = r;
        wake_up(&w->wq);
        if (r == 0) {
            s->otime = ipc_now();
            if (alters(w->sops, w->nsops))
                goto again; /* the values changed: older sleepers first */
        }
    }
    /* lab end */
}

void sem_array_remove(struct sem_array *s)
{
    ipc_remove(&sem_ids, &s->perm);
    sem_used -= s->nsems;
    while (!list_empty(&s->pending)) {
        struct sem_waiter *w = list_first_entry(&s->pending, struct sem_waiter, link);
        list_del(&w->link);
        w->status = -EIDRM;
        wake_up(&w->wq);
    }
    sem_undo_drop_set(s);
    kfree(s);
}

/* ---- semop, semtimedop ---- */

/* The monotonic deadline of timeout, or -EINVAL (0: no timeout). */
static int64_t deadline_of(const struct sem_timeout *t)
{
    if (!t)
        return 0;
    if (t->sec < 0 || t->nsec < 0 || (uint64_t)t->nsec >= NSEC_PER_SEC)
        return -EINVAL;
    uint64_t now = clock_monotonic_ns();
    uint64_t d = now + (uint64_t)t->nsec;
    if ((uint64_t)t->sec > (UINT64_MAX - d) / NSEC_PER_SEC)
        return INT64_MAX; /* beyond any run */
    d += (uint64_t)t->sec * NSEC_PER_SEC;
    return d > INT64_MAX ? INT64_MAX : (int64_t)(d ? d : 1);
}

/* Sleeps until a waker applied w's operations or failed them: the result. */
static int sleep_on(struct sem_array *s, struct sem_waiter *w, int64_t deadline)
{
    waitqueue_init(&w->wq);
    w->status = SEM_WAITING;
    list_add_tail(&w->link, &s->pending);
    int r = wait_event_deadline(&w->wq, w->status != SEM_WAITING, (uint64_t)deadline);
    if (w->status != SEM_WAITING)
        return w->status; /* done (0) or failed, even if a signal came too */
    list_del(&w->link);   /* s still exists: removal would have set status */
    return r == -ETIMEDOUT ? -EAGAIN : -EINTR;
}

/* Checks the operations against s and applies them, or sleeps. */
static long do_semop(struct sem_array *s, const struct sembuf *sops, int nsops, int64_t deadline,
                     struct sem_undo_list **undo_list, const struct ipc_caller *c)
{
    int max = 0;
    bool undo = false;
    for (int i = 0; i < nsops; i++) {
        if (sops[i].sem_num > max)
            max = sops[i].sem_num;
        undo |= (sops[i].sem_flg & SEM_UNDO) != 0;
    }
    bool alter = alters(sops, nsops);
    struct sem_undo *un = NULL;
    if (undo && !(un = sem_undo_find_alloc(undo_list, s)))
        return -ENOMEM;
    if (max >= s->nsems)
        return -EFBIG;
    if (ipc_check_perm(&s->perm, alter ? IPC_S_IWUGO : IPC_S_IRUGO, c))
        return -EACCES;
    struct sem_waiter w = { .sops = sops, .nsops = nsops, .undo = un, .pid = c->pid };
    int r = try_ops(s, sops, nsops, un, c->pid, &w.blocking);
    if (r < 0)
        return r;
    if (r == 0) {
        s->otime = ipc_now();
        if (alter)
            sem_update_queue(s);
        return 0;
    }
    return sleep_on(s, &w, deadline);
}

long sysv_semop(int id, uint64_t usops, uint64_t nsops, const struct sem_timeout *timeout,
                struct sem_undo_list **undo_list, const struct ipc_caller *c)
{
    if (nsops < 1 || id < 0)
        return -EINVAL;
    if (nsops > (uint64_t)sem_limits.opm)
        return -E2BIG;
    struct sembuf *sops = kmalloc(sizeof *sops * nsops);
    if (!sops)
        return -ENOMEM;
    long err = copy_from_user(sops, (const void *)usops, sizeof *sops * nsops, MECH_SYSCALL_ARGS);
    int64_t deadline = deadline_of(timeout);
    if (err)
        err = -EFAULT;
    else if (deadline < 0)
        err = deadline;
    else {
        struct ipc_obj *o = ipc_lookup(&sem_ids, id);
        err = o ? do_semop(sem_array_of(o), sops, (int)nsops, deadline, undo_list, c) : -EINVAL;
    }
    kfree(sops);
    return err;
}
