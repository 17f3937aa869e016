/* kernel/proc/proc.c: the task table, task ids, kernel threads. */
#include "kernel/proc/proc.h"
#include "kernel/copy/copy_trace.h"
#include "kernel/hw/io.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/kstack.h"
#include "kernel/lib/time.h"
#include "kernel/proc/pgrp.h"
#include "kernel/proc/sched.h"

struct proc *current;
struct list_head proc_all = LIST_HEAD_INIT(proc_all);
static int next_pid = 1;

/* The callee-saved registers context_switch pops, then its return address. */
struct switch_frame {
    uint64_t r15, r14, r13, r12, rbx, rbp;
    uint64_t ret;
};

struct proc *proc_find(int pid)
{
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid == pid)
            return p;
    }
    return NULL;
}

/* Pids count up and skip ones still in use when they wrap (Linux's pid_max default). */
#define PID_MAX 32768

static int last_pid; /* the last one given out (/proc/loadavg) */

static int alloc_pid(void)
{
    for (;;) {
        int pid = next_pid++;
        if (next_pid >= PID_MAX)
            next_pid = 2;
        if (!pgrp_id_in_use(pid)) /* nor a group or session (POSIX) */
            return last_pid = pid;
    }
}

int proc_last_pid(void) { return last_pid; }

void proc_pid_reset(struct proc *p, int pid)
{
    p->pid = p->tgid = p->group->tgid = pid;
    p->pgid = p->sid = pid;
    next_pid = pid + 1;
}

void proc_set_comm(struct proc *p, const char *path)
{
    const char *base = strrchr(path, '/');
    strlcpy(p->comm, base ? base + 1 : path, sizeof p->comm);
}

/* Gives p its process: a new group (p leads it, child of parent) or, for a
   thread, `group`.  The signal handlers are the group's creator's to set
   (proc_clone shares or copies them); a new group starts with a copy of
   parent's, or the defaults.  Interrupts are off. */
static bool join_group(struct proc *p, struct proc *parent, struct thread_group *group)
{
    if (!group) {
        group = tgroup_create(p, parent ? parent->group : NULL);
        if (!group)
            return false;
        p->parent = parent;
        if (parent)
            list_add_tail(&p->sibling, &parent->children);
    }
    group->refs++;
    group->live++;
    p->group = group;
    p->tgid = group->tgid;
    list_add_tail(&p->group_link, &group->threads);
    return true;
}

struct proc *proc_alloc(struct proc *parent, struct thread_group *group)
{
    struct proc *p = kzalloc(sizeof *p);
    if (!p)
        return NULL;
    p->kstack = kstack_alloc(KSTACK_SIZE); /* above a guard page (kernel/mm/kstack.h) */
    if (!p->kstack) {
        kfree(p);
        return NULL;
    }
    list_init(&p->children);
    list_init(&p->sibling);
    list_init(&p->run_link);
    list_init(&p->timer_link);
    list_init(&p->group_link);
    list_init(&p->all_link);
    waitqueue_init(&p->child_waiters);
    sigpending_init(&p->sig.pending);
    p->sig.syscall_nr = -1;
    p->user_frame = (struct trap_frame *)(p->kstack + KSTACK_SIZE) - 1;
    p->state = PROC_SLEEPING;          /* not runnable until the creator says so */
    p->ticks_left = SCHED_SLICE_TICKS; /* nice 0, SCHED_OTHER: zeroed fields */
    p->start_ns = clock_monotonic_ns();
    fpu_init_state(p->fpu);

    uint64_t flags = irq_save();
    p->pid = alloc_pid();
    const struct proc *from = group ? group->leader : parent;
    p->pgid = from ? from->pgid : p->pid;
    p->sid = from ? from->sid : p->pid;
    if (from)
        memcpy(p->comm, from->comm, sizeof p->comm);
    if (!join_group(p, parent, group)) {
        irq_restore(flags);
        kstack_free(p->kstack, KSTACK_SIZE);
        kfree(p);
        return NULL;
    }
    list_add_tail(&p->all_link, &proc_all);
    tasks_count++;
    irq_restore(flags);
    /* A traced process's children are traced too (a new thread shares its
       process's ledger, so it is followed already). */
    if (parent && !group)
        copy_trace_fork(&parent->group->ledger, &p->group->ledger, p->tgid);
    return p;
}

void proc_free(struct proc *p)
{
    uint64_t flags = irq_save();
    list_del(&p->all_link);
    list_del(&p->sibling);
    list_del(&p->group_link);
    sigpending_flush(&p->sig.pending, ~0ull, &p->group->sigq_count);
    tgroup_put(p->group);
    tasks_count--;
    irq_restore(flags);
    sighand_put(p->sig.hand);
    kstack_free(p->kstack, KSTACK_SIZE);
    kfree(p);
}

struct proc *proc_find_process(int pid)
{
    struct proc *p = proc_find(pid);
    if (!p || p->is_kthread || p->group->live == 0)
        return NULL;
    return p->group->leader;
}

struct proc *proc_parent(const struct proc *p) { return p->group->leader->parent; }

/* Lays out p's kernel stack so that the first switch to it "returns" to
   entry with the given callee-saved registers, rsp just below its frame. */
void proc_prepare_switch(struct proc *p, void (*entry)(void), uint64_t r12, uint64_t r13)
{
    struct switch_frame *sf = (struct switch_frame *)p->user_frame - 1;
    memset(sf, 0, sizeof *sf);
    sf->r12 = r12;
    sf->r13 = r13;
    sf->ret = (uint64_t)entry;
    p->saved_rsp = (uint64_t)sf;
}

/* Kernel threads have no parent: when they end, the idle loop frees them. */
struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
    struct proc *p = proc_alloc(NULL, NULL);
    if (!p)
        return NULL;
    if (!(p->sig.hand = sighand_create(NULL))) {
        proc_free(p);
        return NULL;
    }
    p->is_kthread = true;
    strlcpy(p->comm, name, sizeof p->comm);
    proc_prepare_switch(p, kthread_first_entry, (uint64_t)fn, (uint64_t)arg);
    sched_make_runnable(p);
    return p;
}
