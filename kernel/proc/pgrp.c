/*
 * kernel/proc/pgrp.c: process groups, sessions and orphaned process groups
 * (pgrp.h).  The errors are Linux's (setpgid(2), setsid(2), getsid(2)).
 */
#include "kernel/proc/pgrp.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/siginfo.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/thread_group.h"

/* Is q a process (its leader) of group pgid that has not ended? */
static bool live_member(const struct proc *q, int pgid)
{
    return q->pgid == pgid && proc_is_leader(q) && !q->is_kthread && q->group->live > 0;
}

bool pgrp_id_in_use(int id)
{
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        const struct proc *q = list_entry(l, struct proc, all_link);
        if (q->pid == id || q->pgid == id || q->sid == id)
            return true;
    }
    return false;
}

#define ANY_SESSION (-1)

/* Is any process of session sid (or of any, ANY_SESSION) in group pgid?  A
   zombie not yet reaped is, as on Linux: a pipeline's first command may
   have ended before the shell puts the second in its group. */
static bool group_exists(int pgid, int sid)
{
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        const struct proc *q = list_entry(l, struct proc, all_link);
        if (!q->is_kthread && q->pgid == pgid && (sid == ANY_SESSION || q->sid == sid))
            return true;
    }
    return false;
}

/* Every thread of the process has the same ids. */
static void set_ids(struct proc *p, int pgid, int sid)
{
    struct list_head *l;
    list_for_each(l, &p->group->threads)
    {
        struct proc *t = list_entry(l, struct proc, group_link);
        t->pgid = pgid;
        t->sid = sid;
    }
}

/* A process may move itself or a child that has not called execve, in its
   own session, to a group of that session (a new one named after the
   process, or one that exists); a session leader stays in its group.
   Joining a group nobody is in is EPERM: otherwise a process could hide in
   a made-up group from a kill(-pgid) of its own (found by sysfuzz:
   workers' children escaped their group's SIGKILL). */
long pgrp_setpgid(int pid, int pgid)
{
    if (pgid < 0)
        return -EINVAL;
    struct proc *me = current->group->leader;
    if (pid == 0)
        pid = me->tgid;
    if (pgid == 0)
        pgid = pid;
    struct proc *p = proc_find(pid);
    if (!p || p->is_kthread)
        return -ESRCH;
    if (!proc_is_leader(p))
        return -EINVAL; /* a thread's id, not a process's */
    if (p->parent == me) {
        if (p->sid != me->sid)
            return -EPERM;
        if (p->group->execed)
            return -EACCES;
    } else if (p != me) {
        return -ESRCH;
    }
    if (p->sid == p->tgid)
        return -EPERM;
    if (pgid != pid && !group_exists(pgid, me->sid))
        return -EPERM;
    set_ids(p, pgid, p->sid);
    return 0;
}

/* The caller leads a new session and a new group in it, both named after
   it; not if a group of that number exists already (it leads one), or it
   could end up in two sessions. */
long pgrp_setsid(void)
{
    struct proc *me = current->group->leader;
    int id = me->tgid;
    if (me->sid == id || group_exists(id, ANY_SESSION))
        return -EPERM;
    set_ids(me, id, id);
    return id;
}

long pgrp_getsid(int pid)
{
    if (pid == 0)
        return current->sid;
    const struct proc *p = proc_find(pid);
    if (!p)
        return -ESRCH;
    return p->is_kthread ? 0 : p->sid;
}

/* Does q, a member of group pgid, tie it to its session: a parent in the
   same session but another group, that could continue it?  init does not
   count: it adopts orphans, it does not run jobs. */
static bool tied_outside(const struct proc *q, int pgid)
{
    const struct proc *parent = q->parent;
    return parent && parent->pid != INIT_PID && parent->pgid != pgid && parent->sid == q->sid;
}

bool pgrp_orphaned(int pgid)
{
    bool orphaned = true;
    uint64_t flags = irq_save();
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        const struct proc *q = list_entry(l, struct proc, all_link);
        if (live_member(q, pgid) && tied_outside(q, pgid)) {
            orphaned = false;
            break;
        }
    }
    irq_restore(flags);
    return orphaned;
}

static bool has_stopped_member(int pgid)
{
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        const struct proc *q = list_entry(l, struct proc, all_link);
        if (live_member(q, pgid) && q->group->stopped)
            return true;
    }
    return false;
}

/* SIGHUP and SIGCONT, from the kernel, to every process of group pgid. */
static void hang_up_group(int pgid)
{
    static const int sigs[] = { SIGHUP, SIGCONT };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct list_head *l;
        list_for_each(l, &proc_all)
        {
            struct proc *q = list_entry(l, struct proc, all_link);
            struct ksiginfo info = { .si_signo = sigs[i], .si_code = SI_KERNEL };
            if (live_member(q, pgid))
                signal_send_info(q, &info);
        }
    }
}

/* The group's last tie outside was `outside`: the ended process for a
   child's group, the ended process's parent for its own group (the ended
   process no longer counts as a member: it has no task left). */
void pgrp_orphaned_by_exit(struct proc *ended, struct proc *child)
{
    const struct proc *member = child ? child : ended;
    const struct proc *outside = child ? ended : ended->parent;
    int pgid = member->pgid;
    if (!outside || outside->pgid == pgid || outside->sid != member->sid)
        return; /* the group was not tied to its session through outside */
    if (has_stopped_member(pgid) && pgrp_orphaned(pgid))
        hang_up_group(pgid);
}
