/*
 * kernel/proc/fork.c: fork and vfork.  The child gets a copy-on-write copy
 * of the address space (vm_fork), a copy of the parent's user registers
 * with rax = 0, its FPU state, signal handlers and mask, and the open files
 * (through the VFS hook).  vfork behaves as fork: correct, just not faster.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

long proc_fork(struct trap_frame *tf)
{
    struct proc *parent = current;
    struct proc *child = proc_alloc(parent);
    if (!child)
        return -ENOMEM;
    child->vm = vm_fork(parent->vm);
    if (!child->vm)
        goto nomem;
    if (proc_files_fork && proc_files_fork(parent, child))
        goto nomem;
    fpu_save(parent->fpu);
    memcpy(child->fpu, parent->fpu, FPU_STATE_SIZE);
    child->fs_base = parent->fs_base;
    child->sig.blocked = parent->sig.blocked;
    memcpy(child->sig.action, parent->sig.action, sizeof child->sig.action);
    *child->user_frame = *tf;
    child->user_frame->rax = 0;
    proc_prepare_switch(child, proc_first_return, 0, 0);
    int pid = child->pid;
    sched_make_runnable(child);
    return pid;
nomem:
    proc_discard(child);
    return -ENOMEM;
}

static long sys_fork(SYSCALL_ARGS)
{
    return proc_fork(tf);
}

void fork_init(void)
{
    syscall_register(NR_fork, sys_fork);
    syscall_register(NR_vfork, sys_fork);
}
