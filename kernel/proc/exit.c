/*
 * kernel/proc/exit.c: exit, exit_group, execve's "the other threads die
 * first", and wait4.
 *
 * A task that exits clears its CLONE_CHILD_CLEARTID word and wakes the
 * futex there (pthread_join sleeps on it) while its address space is still
 * the current one, then drops its references to the address space, the
 * descriptor table and (at proc_free) the handlers: whatever was its
 * alone is freed at once.  A thread other than the leader then vanishes:
 * it leaves the task table and its kernel stack, which it is still running
 * on, is freed by the next reaper (the idle loop, or the next clone).  The
 * leader stays as a zombie until its process's last task has exited; then
 * the process has ended: its children go to init (pid 1), its parent gets
 * SIGCHLD (the exit signal clone asked for) and reaps the leader with
 * wait4, which frees the rest.
 *
 * exit_group, a fatal signal and a fault end the whole process: the first
 * of them sets the status every thread dies with and sends SIGKILL to the
 * others, each of which exits as it next returns to user mode or wakes
 * from an interruptible sleep.
 */
#include "kernel/proc/exit.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/hw/io.h"
#include "kernel/hw/power.h"
#include "kernel/ipc/futex.h"
#include "kernel/ipc/sysv_sem.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/itimer.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/jobctl.h"
#include "kernel/proc/pgrp.h"
#include "kernel/proc/pidfd.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/rusage.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

#define WNOHANG    1 /* wait(2) options */
#define WUNTRACED  2
#define WCONTINUED 8
#define WEXITED    4          /* waitid(2): report children that ended */
#define WNOWAIT    0x01000000 /* waitid(2): report, but leave the child waitable */
#define WNOTHREAD  0x20000000
#define WALL       0x40000000
#define WCLONE     0x80000000

/* Tasks that have ended and that nobody reaps (threads other than a
   leader, kernel threads), freed by proc_reap_dead. */
static struct list_head dead_tasks = LIST_HEAD_INIT(dead_tasks);

static void release_address_space(struct proc *p)
{
    struct vm_space *vm = p->vm;
    if (!vm)
        return;
    p->vm = NULL;
    if (p == current) {
        vm_current = NULL;
        pt_activate(kernel_pml4);
    }
    if (--vm->users > 0)
        return;
    rusage_keep_vm_counts(p->group->leader, vm);
    sysv_shm_detach_all(vm, p->tgid);
    vm_destroy(vm);
}

static void release_files(struct proc *p)
{
    if (p->files) {
        files_release(p->files);
        p->files = NULL;
    }
    if (p->fs) {
        fs_context_release(p->fs);
        p->fs = NULL;
    }
    if (p->trace_file) {
        file_put(p->trace_file);
        p->trace_file = NULL;
    }
    while (p->nheld_files > 0)
        file_put(p->held_files[--p->nheld_files]);
    if (p->held_cwd) {
        inode_put(p->held_cwd);
        p->held_cwd = NULL;
    }
}

void proc_discard(struct proc *p)
{
    release_address_space(p);
    release_files(p);
    uint64_t flags = irq_save();
    p->group->live--;
    irq_restore(flags);
    proc_free(p);
}

/* CLONE_CHILD_CLEARTID: as Linux's mm_release, only when the address space
   lives on after this task (someone may be joining it); a bad pointer is
   the task's own business. */
static void clear_child_tid(struct proc *p)
{
    uint64_t uaddr = p->clear_child_tid;
    p->clear_child_tid = 0;
    if (!uaddr || !p->vm || p->vm->users < 2)
        return;
    uint32_t zero = 0;
    if (copy_to_user((void *)uaddr, &zero, sizeof zero, MECH_SYSCALL_ARGS) == 0)
        futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

void proc_vfork_release(struct proc *p)
{
    struct vfork_wait *w = p->vfork_wait;
    if (!w)
        return;
    p->vfork_wait = NULL;
    w->done = true;
    wake_up(&w->waiter->child_waiters);
}

/* prctl(PR_SET_PDEATHSIG): each thread of child c that asked for a signal
   when its parent ends gets it now.  (Linux sends it when the parent
   thread that made c ends; here the parent process's end is what counts.) */
static void send_parent_death_signals(struct proc *c)
{
    if (c->state == PROC_ZOMBIE && c->group->live == 0)
        return;
    struct list_head *l;
    list_for_each(l, &c->group->threads)
    {
        struct proc *t = list_entry(l, struct proc, group_link);
        if (t->pdeath_signal && t->state != PROC_ZOMBIE)
            signal_send(t, t->pdeath_signal); /* to the process, as Linux does */
    }
}

/* Who adopts the children of p, which has ended: its nearest ancestor
   that asked to (PR_SET_CHILD_SUBREAPER) and is not ending too, or init. */
static struct proc *new_parent(const struct proc *p)
{
    for (struct proc *a = p->parent; a && a->pid != INIT_PID; a = a->parent)
        if (a->group->child_subreaper && a->group->live > 0 && !a->group->exiting)
            return a;
    return proc_find(INIT_PID);
}

static void reparent_children(struct proc *p)
{
    struct proc *reaper = new_parent(p);
    struct list_head *l, *tmp;
    list_for_each_safe(l, tmp, &p->children)
    {
        struct proc *c = list_entry(l, struct proc, sibling);
        list_del(&c->sibling);
        c->parent = reaper;
        /* As Linux: an orphan's exit signal becomes SIGCHLD, or a child
           made by clone with another (or none) would never match init's
           plain wait() and stay a zombie for ever (found by sysfuzz). */
        c->exit_signal = SIGCHLD;
        send_parent_death_signals(c);
        if (!reaper || reaper == p)
            continue;
        list_add_tail(&c->sibling, &reaper->children);
        pgrp_orphaned_by_exit(p, c);
        /* An orphan that has ended already is told to its new parent as
           if it had just ended (SIGCHLD, or reaped at once if the parent
           asked for that). */
        if (c->state == PROC_ZOMBIE && c->group->live == 0 && jobctl_notify_exit(c, c->exit_status))
            list_add_tail(&c->run_link, &dead_tasks);
    }
}

/* Nothing is left to run the system when init ends: say how it ended and
   leave QEMU (tests read the status), or power off on a real machine. */
static void init_exited(int status)
{
    if (status & 0x7f)
        pr_emerg("pagelab: init killed by signal %d\n", status & 0x7f);
    else
        pr_emerg("pagelab: init exited with status %d\n", (status >> 8) & 0xff);
    qemu_debug_exit(status == 0 ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
    power_off();
}

/* The last task of g has exited with `status`: the process has ended (its
   status is that of the group exit, or else of its last task, as Linux
   reports it).  Interrupts off. */
static void process_ended(struct thread_group *g, int status)
{
    struct proc *leader = g->leader;
    if (leader->pid == INIT_PID)
        init_exited(status);
    leader->exit_status = status;
    /* SEM_UNDO records are the process's (its threads share them, as
       CLONE_SYSVSEM asks): applied when it ends. */
    sysv_sem_exit(&leader->sem_undo, leader->tgid);
    itimer_disarm(g);
    ptimer_delete_all(g);
    pidfd_process_ended();
    reparent_children(leader);
    pgrp_orphaned_by_exit(leader, NULL);
    /* A kernel thread, or a child its parent does not wait for (SIGCHLD
       ignored, SA_NOCLDWAIT): freed once off its stack. */
    if (!leader->parent || jobctl_notify_exit(leader, status))
        list_add_tail(&leader->run_link, &dead_tasks);
}

static void __attribute__((noreturn)) task_exit(int status)
{
    struct proc *p = current;
    struct thread_group *g = p->group;
    futex_robust_release(p->robust_list, p->pid); /* while its memory is mapped */
    p->robust_list = 0;
    clear_child_tid(p);
    proc_vfork_release(p);
    release_files(p);
    release_address_space(p);

    irq_save();
    g->live--;
    p->exit_status = status;
    p->state = PROC_ZOMBIE;
    if (g->exec_task)
        wake_up(&g->exec_waiters);
    if (!proc_is_leader(p)) {
        /* Nobody waits for a thread: it leaves the tables now. */
        g->dead_user_ticks += p->user_ticks;
        g->dead_system_ticks += p->system_ticks;
        g->dead_cpu_ns += proc_cpu_ns(p);
        list_del(&p->group_link);
        list_del(&p->all_link);
        list_add_tail(&p->run_link, &dead_tasks);
    }
    if (g->live == 0)
        process_ended(g, status);
    schedule();
    panic("task_exit: task %d ran after its exit", p->pid);
}

/* SIGKILL to every other live task of g.  Interrupts off. */
static void kill_others(struct thread_group *g)
{
    struct list_head *l;
    list_for_each(l, &g->threads)
    {
        struct proc *t = list_entry(l, struct proc, group_link);
        if (t != current && t->state != PROC_ZOMBIE)
            signal_kill_thread(t);
    }
}

void proc_exit(int status)
{
    struct thread_group *g = current->group;
    irq_save();
    /* A thread that execve is waiting for just goes. */
    if (g->exec_task && g->exec_task != current)
        task_exit(status);
    if (!g->exiting) {
        g->exiting = true;
        g->exit_status = status;
        kill_others(g);
    }
    task_exit(g->exit_status);
}

void proc_thread_exit(int status)
{
    struct thread_group *g = current->group;
    task_exit(g->exiting ? g->exit_status : status);
}

void kthread_exit(void) { proc_exit(0); }

/* Frees tasks that have ended (the idle loop and clone call it): their
   kernel stacks are no longer anyone's. */
void proc_reap_dead(void)
{
    uint64_t flags = irq_save();
    while (!list_empty(&dead_tasks)) {
        struct proc *p = list_first_entry(&dead_tasks, struct proc, run_link);
        list_del(&p->run_link);
        proc_free(p);
    }
    irq_restore(flags);
}

/* execve from a thread that is not the leader: it becomes the leader (its
   task id becomes the process id; the old leader's struct goes). */
static void take_leadership(struct proc *me, struct proc *old)
{
    struct thread_group *g = me->group;
    int tid = me->pid;
    me->pid = old->pid;
    old->pid = tid;
    me->parent = old->parent;
    me->exit_signal = old->exit_signal;
    me->start_ns = old->start_ns;
    me->sem_undo = old->sem_undo;
    old->sem_undo = NULL;
    list_add(&me->sibling, &old->sibling);
    list_del(&old->sibling);
    while (!list_empty(&old->children)) {
        struct proc *c = list_first_entry(&old->children, struct proc, sibling);
        list_del(&c->sibling);
        c->parent = me;
        list_add_tail(&c->sibling, &me->children);
    }
    me->past_minor_faults += old->past_minor_faults;
    me->past_major_faults += old->past_major_faults;
    if (old->past_peak_resident > me->past_peak_resident)
        me->past_peak_resident = old->past_peak_resident;
    if (old->child_peak_resident > me->child_peak_resident)
        me->child_peak_resident = old->child_peak_resident;
    me->child_user_ticks += old->child_user_ticks;
    me->child_system_ticks += old->child_system_ticks;
    me->child_minor_faults += old->child_minor_faults;
    me->child_major_faults += old->child_major_faults;
    g->dead_user_ticks += old->user_ticks;
    g->dead_system_ticks += old->system_ticks;
    g->dead_cpu_ns += old->cpu_ns;
    g->leader = me;
    proc_free(old);
}

int proc_exec_single_thread(void)
{
    struct proc *me = current;
    struct thread_group *g = me->group;
    if (g->live == 1 && proc_is_leader(me))
        return 0;
    uint64_t flags = irq_save();
    if (g->exiting || g->exec_task) {
        irq_restore(flags);
        return -EINTR;
    }
    g->exec_task = me;
    kill_others(g);
    wait_event(&g->exec_waiters, g->live == 1 || (signal_deliverable(me) & sig_bit(SIGKILL)));
    int r = 0;
    if (g->live > 1)
        r = -EINTR; /* killed meanwhile: the others die all the same */
    else if (!proc_is_leader(me))
        take_leadership(me, g->leader);
    g->exec_task = NULL;
    irq_restore(flags);
    return r;
}

/* Does child c match wait4's pid argument (-1 any, >0 that pid, 0 my group,
   < -1 group -pid) and options (__WCLONE: only children whose exit signal
   is not SIGCHLD; __WALL: any)? */
static bool wait_matches(const struct proc *c, int pid, int options)
{
    bool clone_child = c->exit_signal != SIGCHLD;
    if (!(options & WALL) && ((options & WCLONE) != 0) != clone_child)
        return false;
    if (pid == -1)
        return true;
    if (pid > 0)
        return c->pid == pid;
    if (pid == 0)
        return c->pgid == current->pgid;
    return c->pgid == -pid;
}

/* Looks for a matching child of the caller's process: returns one whose
   every task has exited (WEXITED) or that has a stop or continue to report
   (WUNTRACED, WCONTINUED), or NULL and sets *any. */
static struct proc *find_zombie(struct proc *me, int pid, int options, bool *any)
{
    struct list_head *l;
    *any = false;
    list_for_each(l, &me->children)
    {
        struct proc *c = list_entry(l, struct proc, sibling);
        if (!wait_matches(c, pid, options))
            continue;
        *any = true;
        bool ended = c->state == PROC_ZOMBIE && c->group->live == 0;
        if ((ended && (options & WEXITED)) || (!ended && jobctl_waitable(c, options)))
            return c;
    }
    return NULL;
}

/* wait4 and waitid: waits for a matching child to report (options: the
   WEXITED, WUNTRACED/WSTOPPED and WCONTINUED it may report, WNOHANG,
   WNOWAIT, __WALL...); fills *status (a wait status word) and *ru. */
static long wait_for_child(int pid, int options, int *status, int *uid, struct rusage_linux *ru)
{
    /* Any thread waits for the process's children (they are the leader's). */
    struct proc *me = current->group->leader;
    struct proc *z;
    bool any;
    int r =
        wait_event_interruptible(&me->child_waiters, (z = find_zombie(me, pid, options, &any)) ||
                                                         !any || (options & WNOHANG));
    if (r)
        return r;
    if (!z)
        return any ? 0 : -ECHILD;
    *uid = (int)cred_of(z)->uid;
    if (z->group->live > 0) { /* stopped or continued: reported, not reaped */
        *status = (options & WNOWAIT) ? jobctl_peek_report(z) : jobctl_take_report(z);
        rusage_of(z, RUSAGE_SELF, ru);
        return z->pid;
    }
    *status = z->exit_status;
    rusage_of_reaped(z, ru);
    if (options & WNOWAIT) /* looked at, left for a later wait */
        return z->pid;
    rusage_collect_child(me, z);
    int child_pid = z->pid;
    proc_free(z);
    return child_pid;
}

long proc_wait(int pid, int options, int *status, struct rusage_linux *ru)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;
    int uid;
    return wait_for_child(pid, options | WEXITED, status, &uid, ru);
}

long proc_waitid(int pid, int options, struct wait_report *out, struct rusage_linux *ru)
{
    if (options &
        ~(WNOHANG | WUNTRACED | WCONTINUED | WEXITED | WNOWAIT | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;
    if (!(options & (WUNTRACED | WCONTINUED | WEXITED)))
        return -EINVAL; /* waitid(2): at least one state to wait for */
    int status = 0, uid = 0;
    long r = wait_for_child(pid, options, &status, &uid, ru);
    if (r < 0)
        return r;
    out->pid = (int)r;
    out->uid = uid;
    out->status = status;
    return 0;
}
