/*
 * kernel/proc/fork.c: fork and vfork.  The child gets a copy-on-write copy
 * of the address space (vm_fork), a copy of the parent's user registers
 * with rax = 0, its FPU state, signal handlers and mask, and a copy of the
 * descriptor table.  vfork behaves as fork: correct, just not faster.
 */
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"

long proc_fork(struct trap_frame *tf)
{
    struct proc *parent = current;
    struct proc *child = proc_alloc(parent);
    if (!child)
        return -ENOMEM;
    child->vm = vm_fork(parent->vm);
    if (!child->vm)
        goto nomem;
    sysv_shm_forked(child->vm, parent->pid);
    if (parent->files && !(child->files = files_dup(parent->files)))
        goto nomem;
    if (parent->trace_file && parent->trace_children) { /* strace -f */
        file_get(parent->trace_file);
        child->trace_file = parent->trace_file;
        child->trace_children = true;
    }
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
