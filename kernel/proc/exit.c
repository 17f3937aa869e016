/*
 * kernel/proc/exit.c: exit, exit_group and wait4.
 *
 * An exiting process frees its address space (every frame it alone held),
 * its open files and its FPU state at once, gives its children to init
 * (pid 1), becomes a zombie holding only its struct proc and kernel stack,
 * and wakes its parent.  wait4 in the parent reaps it.  The kernel stack
 * cannot be freed by its own process, so the reaper frees it.
 */
#include "kernel/proc/exit.h"
#include "kernel/hw/io.h"
#include "kernel/hw/power.h"
#include "kernel/ipc/sysv_sem.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/rusage.h"
#include "kernel/proc/sched.h"
#include "kernel/fs/fdtable.h"
#include "kernel/proc/signal.h"

#define WNOHANG    1 /* wait(2) options */
#define WUNTRACED  2
#define WCONTINUED 8
#define WALL       0x40000000
#define WCLONE     0x80000000

/* Kernel threads have no parent to reap them: the idle loop frees them. */
static struct list_head dead_kthreads = LIST_HEAD_INIT(dead_kthreads);

static void release_address_space(struct proc *p)
{
    struct vm_space *vm = p->vm;
    if (!vm)
        return;
    p->vm = NULL;
    p->past_minor_faults += vm->minor_faults;
    p->past_major_faults += vm->major_faults;
    if (p == current) {
        vm_current = NULL;
        pt_activate(kernel_pml4);
    }
    sysv_shm_detach_all(vm, p->pid);
    vm_destroy(vm);
}

static void release_files(struct proc *p)
{
    if (p->files) {
        files_release(p->files);
        p->files = NULL;
    }
    if (p->trace_file) {
        file_put(p->trace_file);
        p->trace_file = NULL;
    }
}

void proc_discard(struct proc *p)
{
    release_address_space(p);
    release_files(p);
    proc_free(p);
}

static void reparent_children(struct proc *p)
{
    struct proc *init = proc_find(INIT_PID);
    struct list_head *l, *tmp;
    bool zombies = false;
    list_for_each_safe(l, tmp, &p->children)
    {
        struct proc *c = list_entry(l, struct proc, sibling);
        list_del(&c->sibling);
        c->parent = init;
        if (init && init != p)
            list_add_tail(&c->sibling, &init->children);
        zombies |= c->state == PROC_ZOMBIE;
    }
    if (init && zombies)
        wake_up(&init->child_waiters);
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

void proc_exit(int status)
{
    struct proc *p = current;
    if (p->pid == INIT_PID)
        init_exited(status);
    sysv_sem_exit(&p->sem_undo, p->pid);
    release_files(p);
    release_address_space(p);

    uint64_t flags = irq_save();
    reparent_children(p);
    p->exit_status = status;
    p->state = PROC_ZOMBIE;
    if (p->parent) {
        signal_send(p->parent, SIGCHLD);
        wake_up(&p->parent->child_waiters);
    } else {
        list_add_tail(&p->run_link, &dead_kthreads);
    }
    schedule();
    irq_restore(flags);
    panic("proc_exit: zombie %d was scheduled", p->pid);
}

void kthread_exit(void) { proc_exit(0); }

/* Frees kernel threads that have exited (called from the idle loop). */
void proc_reap_kthreads(void)
{
    uint64_t flags = irq_save();
    while (!list_empty(&dead_kthreads)) {
        struct proc *p = list_first_entry(&dead_kthreads, struct proc, run_link);
        list_del(&p->run_link);
        proc_free(p);
    }
    irq_restore(flags);
}

/* Does child c match wait4's pid argument (-1 any, >0 that pid, 0 my group,
   < -1 group -pid)? */
static bool wait_matches(const struct proc *c, int pid)
{
    if (pid == -1)
        return true;
    if (pid > 0)
        return c->pid == pid;
    if (pid == 0)
        return c->pgid == current->pgid;
    return c->pgid == -pid;
}

/* Looks for a matching child: returns a zombie, or NULL and sets *any. */
static struct proc *find_zombie(int pid, bool *any)
{
    struct list_head *l;
    *any = false;
    list_for_each(l, &current->children)
    {
        struct proc *c = list_entry(l, struct proc, sibling);
        if (!wait_matches(c, pid))
            continue;
        *any = true;
        if (c->state == PROC_ZOMBIE)
            return c;
    }
    return NULL;
}

long proc_wait(int pid, int options, int *status, struct rusage_linux *ru)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WALL | WCLONE))
        return -EINVAL;
    struct proc *z;
    bool any;
    int r = wait_event_interruptible(&current->child_waiters,
                                     (z = find_zombie(pid, &any)) || !any || (options & WNOHANG));
    if (r)
        return r;
    if (!z)
        return any ? 0 : -ECHILD;
    *status = z->exit_status;
    rusage_of_reaped(z, ru);
    rusage_collect_child(current, z);
    int child_pid = z->pid;
    proc_free(z);
    return child_pid;
}
