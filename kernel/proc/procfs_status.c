/*
 * kernel/proc/procfs_status.c: /proc/PID/status, in Linux's format
 * (proc(5), fs/proc/array.c): "Key:\tvalue" lines in Linux's order, the
 * fields pagelab keeps (identity, state, memory, threads, signals); the
 * rest of Linux's lines (capabilities, seccomp, cpus) are left out.
 */
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/procfs_pid.h"

#define KB_PER_PAGE (PAGE_SIZE / 1024)

/* A stopped process's tasks sleep until SIGCONT (kernel/proc/jobctl.c). */
const char *procfs_state_name(const struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return "Z (zombie)";
    if (p->state == PROC_SLEEPING)
        return p->group->stopped ? "T (stopped)" : "S (sleeping)";
    return "R (running)";
}

static uint64_t vm_kb(const struct vm_space *vm)
{
    uint64_t bytes = 0;
    for (int i = 0; vm && i < vm->count; i++)
        bytes += vm->vmas[i].end - vm->vmas[i].start;
    return bytes / 1024;
}

/* Handlers: ignored and caught signals, as the SigIgn/SigCgt masks. */
static void handler_masks(const struct proc *p, uint64_t *ign, uint64_t *cgt)
{
    *ign = *cgt = 0;
    for (int sig = 1; sig <= NSIG; sig++) {
        uint64_t h = p->sig.hand->action[sig - 1].handler;
        if (h == SIG_IGN)
            *ign |= sig_bit(sig);
        else if (h != SIG_DFL)
            *cgt |= sig_bit(sig);
    }
}

long procfs_show_status(void *arg, char *buf, size_t size)
{
    uint64_t id = (uint64_t)(uintptr_t)arg;
    struct proc *p = proc_find((int)(id & ~PROCFILE_TASK_VIEW));
    if (!p)
        return -ESRCH;
    struct proc *leader = p->group->leader;
    const struct vm_space *vm = p->vm ? p->vm : leader->vm;
    const struct proc *parent = proc_parent(p);
    uint64_t ign, cgt;
    handler_masks(p, &ign, &cgt);
    unsigned umask = p->fs ? p->fs->umask : UMASK_DEFAULT;
    const struct cred *c = cred_of(p);
    char groups[CRED_NGROUPS * 11 + 1]; /* Linux: each group and a space */
    size_t g = 0;
    groups[0] = '\0';
    for (int i = 0; i < c->ngroups; i++)
        g += (size_t)snprintf(groups + g, sizeof groups - g, "%u ", c->groups[i]);
    return snprintf(
        buf, size,
        "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
        "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
        "FDSize:\t%d\nGroups:\t%s\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n"
        "VmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n"
        "VmSwap:\t%8lu kB\n"
        "Threads:\t%d\n"
        "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\n"
        "SigCgt:\t%016lx\n",
        p->comm, umask, procfs_state_name(p), p->tgid, p->pid, parent ? parent->tgid : 0, c->uid,
        c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, p->files ? FD_MAX : 0,
        groups, p->tgid, p->pid, p->pgid, p->sid, vm_kb(vm),
        vm ? vm_locked_pages(vm) * KB_PER_PAGE : 0, vm ? vm->peak_resident * KB_PER_PAGE : 0,
        vm ? vm->resident_pages * KB_PER_PAGE : 0, vm ? vm->swap_pages * KB_PER_PAGE : 0,
        p->group->live, p->sig.pending.set, p->group->shared_pending.set, p->sig.blocked, ign, cgt);
}
