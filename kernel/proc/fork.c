/*
 * kernel/proc/fork.c: clone(2), clone3, fork and vfork: a new task that
 * shares with its creator what the flags ask and copies the rest.
 *
 *   CLONE_THREAD   joins the creator's process (needs CLONE_SIGHAND, which
 *                  needs CLONE_VM: Linux's rules, EINVAL otherwise)
 *   CLONE_VM       the same address space, else a copy-on-write copy
 *   CLONE_FILES    the same descriptor table, else a copy
 *   CLONE_FS       the same current directory and umask, else a copy
 *   CLONE_SIGHAND  the same handler table, else a copy
 *   CLONE_SETTLS   the new task's FS base; CLONE_PARENT_SETTID writes its
 *                  id in the creator's memory now, CLONE_CHILD_SETTID in
 *                  its own as it first enters user mode, CLONE_CHILD_CLEARTID
 *                  clears (and futex-wakes) that word when it exits
 *   CLONE_VFORK    the creator sleeps until the child execs or exits
 *   CLONE_PARENT   the child is the creator's parent's child
 *   CLONE_SYSVSEM, CLONE_DETACHED, CLONE_IO, CLONE_PTRACE, CLONE_UNTRACED:
 *                  accepted (nothing to share or do here)
 * Namespaces, pidfds and cgroups do not exist here: EINVAL.  A bad
 * CLONE_PARENT_SETTID pointer is ignored as on Linux; a bad TLS or stack
 * only hurts the new task (it faults in user mode).
 */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/size_class.h"
#include "kernel/mm/vmscan.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/pidfd.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "libc/include/pagelab/sched_values.h"

/* Reclaim rounds a fork short of memory may run before it fails. */
#define FORK_RECLAIM_TRIES 4

/* Linux's copy_process checks, in its order. */
static int check_flags(const struct clone_request *r)
{
    uint64_t f = r->flags;
    if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
        return -EINVAL;
    if ((f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
        return -EINVAL;
    if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
        return -EINVAL;
    if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
        return -EINVAL;
    /* Init's parent is nobody: it may not make siblings (Linux: its
       SIGNAL_UNKILLABLE group may not use CLONE_PARENT). */
    if ((f & CLONE_PARENT) && current->tgid == INIT_PID)
        return -EINVAL;
    if (f & (CLONE_NEW_NAMESPACES | CLONE_NEWTIME | CLONE_INTO_CGROUP))
        return -EINVAL; /* no namespaces or cgroups in pagelab */
    if ((f & CLONE_PIDFD) && (f & (CLONE_THREAD | CLONE_DETACHED)))
        return -EINVAL; /* a pidfd names a process (no PIDFD_THREAD here) */
    if ((f & CLONE_CLEAR_SIGHAND) && (f & CLONE_SIGHAND))
        return -EINVAL;
    if (r->exit_signal > NSIG)
        return -EINVAL;
    if ((f & CLONE_SETTLS) && r->tls >= USER_TOP)
        return -EPERM; /* as arch_prctl(ARCH_SET_FS) */
    return 0;
}

/* Room for one more task: Linux's threads-max and RLIMIT_NPROC. */
static bool under_limits(void)
{
    uint64_t nproc = current->group->rlim[RLIMIT_NPROC].cur;
    return tasks_count < tasks_max() && (uint64_t)tasks_count < nproc;
}

static int share_or_copy(struct proc *child, struct proc *parent, uint64_t f)
{
    if (f & CLONE_VM) {
        child->vm = parent->vm;
        child->vm->users++;
    } else if (!(child->vm = vm_fork(parent->vm))) {
        return -ENOMEM;
    } else {
        sysv_shm_forked(child->vm, parent->tgid);
    }
    if (parent->files) {
        if (f & CLONE_FILES) {
            child->files = parent->files;
            child->files->refs++;
        } else if (!(child->files = files_dup(parent->files))) {
            return -ENOMEM;
        }
    }
    if (parent->fs) {
        if (f & CLONE_FS) {
            child->fs = parent->fs;
            child->fs->refs++;
        } else if (!(child->fs = fs_context_dup(parent->fs))) {
            return -ENOMEM;
        }
    }
    if (f & CLONE_SIGHAND) {
        child->sig.hand = parent->sig.hand;
        child->sig.hand->refs++;
    } else if (!(child->sig.hand = sighand_create(parent->sig.hand))) {
        return -ENOMEM;
    }
    if (f & CLONE_CLEAR_SIGHAND)
        for (int i = 0; i < NSIG; i++)
            if (child->sig.hand->action[i].handler != SIG_IGN)
                child->sig.hand->action[i] = (struct k_sigaction){ 0 };
    return 0;
}

/* Registers and per-task state: a copy of the creator's, rax = 0. */
static void copy_task_state(struct proc *child, struct proc *parent, const struct clone_request *r,
                            const struct trap_frame *tf)
{
    if (parent->trace_file && parent->trace_children) { /* strace -f */
        file_get(parent->trace_file);
        child->trace_file = parent->trace_file;
        child->trace_children = true;
    }
    fpu_save(parent->fpu);
    memcpy(child->fpu, parent->fpu, FPU_STATE_SIZE);
    child->fs_base = (r->flags & CLONE_SETTLS) ? r->tls : parent->fs_base;
    child->sig.blocked = parent->sig.blocked;
    /* sigaltstack(2): fork keeps it; a new thread (shared memory, its own
       stack) starts without one, as on Linux. */
    if ((r->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
        child->sig.alt_sp = parent->sig.alt_sp;
        child->sig.alt_size = parent->sig.alt_size;
        child->sig.alt_autodisarm = parent->sig.alt_autodisarm;
    }
    *child->user_frame = *tf;
    child->user_frame->rax = 0;
    if (r->stack)
        child->user_frame->rsp = r->stack;
    if (r->flags & CLONE_CHILD_SETTID)
        child->set_child_tid = r->child_tid;
    if (r->flags & CLONE_CHILD_CLEARTID)
        child->clear_child_tid = r->child_tid;
    /* As Linux: a CLONE_PARENT child is its creator's sibling, and tells
       their parent of its end with the creator's own exit signal, not the
       one asked for (found by sysfuzz: a worker's clone(CLONE_PARENT |
       SIGFPE) child killed sysfuzz itself when it exited). */
    if (r->flags & CLONE_THREAD)
        child->exit_signal = 0;
    else if (r->flags & CLONE_PARENT)
        child->exit_signal = parent->group->leader->exit_signal;
    else
        child->exit_signal = (int)r->exit_signal;
    sched_policy_fork(child, parent);
    child->undumpable = parent->undumpable; /* pdeath_signal starts at 0, as on Linux */
}

/* CLONE_VFORK: the creator sleeps (only SIGKILL ends the wait early, as
   on Linux) until the child has exec'd or exited.  Once it has, the child
   may already be reaped and freed (a CLONE_PARENT child reaped by the
   creator's parent, a thread): nothing here touches it then.  (Found by
   sysfuzz: the creator cleared a field of the freed child, which kmalloc's
   poison check caught as a write after free.) */
static void wait_for_vfork(struct proc *child)
{
    struct vfork_wait w = { current, false };
    child->vfork_wait = &w;
    wait_event(&current->child_waiters, w.done || signal_deliverable(current) & sig_bit(SIGKILL));
    if (!w.done)
        child->vfork_wait = NULL; /* killed first: the child has not let go, so it lives */
}

/* CLONE_PIDFD: a pidfd for the new process, close-on-exec in the
   creator's table, its number written to upidfd before the child runs;
   on a bad pointer nothing is left behind (EFAULT). */
static int give_pidfd(struct proc *child, uint64_t upidfd)
{
    struct file *f;
    int err = pidfd_create(child, 0, &f);
    if (err)
        return err;
    int fd = fd_install(current->files, f, 0, true);
    if (fd < 0) {
        file_put(f);
        return fd;
    }
    if (copy_to_user((void *)upidfd, &fd, sizeof fd, MECH_SYSCALL_ARGS)) {
        fd_close(current->files, fd);
        return -EFAULT;
    }
    return 0;
}

long proc_clone(const struct clone_request *r, struct trap_frame *tf)
{
    int err = check_flags(r);
    if (err)
        return err;
    /* A dying process makes no new task: kill_others has run already and
       would miss it (Linux: EINTR when a fatal signal is pending). */
    struct thread_group *g = current->group;
    if (g->exiting || g->exec_task || (signal_deliverable(current) & sig_bit(SIGKILL)))
        return -EINTR;
    proc_reap_dead(); /* ended threads count against the limits until freed */
    if (!under_limits())
        return -EAGAIN;
    struct proc *parent = current;
    struct proc *family = (r->flags & CLONE_PARENT) ? proc_parent(parent) : parent->group->leader;
    struct proc *child = NULL;
    for (int tries = 0;; tries++) {
        child = proc_alloc(family, (r->flags & CLONE_THREAD) ? parent->group : NULL);
        err = child ? share_or_copy(child, parent, r->flags) : -ENOMEM;
        if (!err)
            break;
        if (child)
            proc_discard(child);
        /* Short of frames (the kernel stack wants four, the page tables
           their own): memory held by user pages can be had by
           sending some to swap, which may sleep; Linux's fork allocates
           with reclaim (and compaction) allowed too.  ENOMEM only when
           that makes no room. */
        if (err != -ENOMEM || tries == FORK_RECLAIM_TRIES ||
            !vmscan_reclaim_order(size_to_order(KSTACK_SIZE, PAGE_SIZE)))
            return err;
    }
    /* Allocating may have slept (memory reclaim): check again that the
       process is not being killed, so no thread escapes kill_others. */
    if ((r->flags & CLONE_THREAD) && (g->exiting || g->exec_task)) {
        proc_discard(child);
        return -EINTR;
    }
    if (r->flags & CLONE_PIDFD) {
        err = give_pidfd(child, r->pidfd);
        if (err) {
            proc_discard(child);
            return err;
        }
    }
    copy_task_state(child, parent, r, tf);
    proc_prepare_switch(child, proc_first_return, 0, 0);
    int tid = child->pid;
    if (r->flags & CLONE_PARENT_SETTID) /* a bad pointer is ignored, as on Linux */
        (void)copy_to_user((void *)r->parent_tid, &tid, sizeof tid, MECH_SYSCALL_ARGS);
    sched_make_runnable(child);
    if ((r->flags & CLONE_VFORK) && !(r->flags & CLONE_THREAD))
        wait_for_vfork(child);
    return tid;
}

long proc_fork(struct trap_frame *tf)
{
    struct clone_request r = { .exit_signal = SIGCHLD };
    return proc_clone(&r, tf);
}
