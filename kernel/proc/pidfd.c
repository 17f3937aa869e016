/*
 * kernel/proc/pidfd.c: process descriptors.
 *
 * A pidfd names one process for as long as it is open, even after the
 * process is reaped and its number handed to another: the file keeps the
 * number and the process's start time, and finds the process again by
 * both, so a signal sent through it never reaches a newcomer (ESRCH).
 * poll says POLLIN once every thread of the process has ended, and POLLHUP
 * too once it is reaped, as Linux's pidfd_poll.
 */
#include "kernel/proc/pidfd.h"
#include "kernel/fs/anon_inode.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/thread_group.h"

struct pidfd {
    struct inode inode;
    int pid;
    uint64_t start_ns;
};

/* Woken at every process's end: few pidfds are polled at once. */
static struct waitqueue process_ended = WAITQUEUE_INIT(process_ended);

static uint32_t pidfd_poll(struct file *f, struct poll_table *pt)
{
    poll_wait(pt, &process_ended);
    struct proc *p = pidfd_process(f);
    if (!p)
        return POLLIN | POLLRDNORM | POLLHUP;
    return p->group->live == 0 ? POLLIN | POLLRDNORM : 0;
}

static const struct file_ops pidfd_fops = {
    .poll = pidfd_poll,
};

static const struct inode_ops pidfd_iops = {
    .evict = anon_inode_kfree, /* the inode is the pidfd's first member */
};

int pidfd_create(struct proc *leader, int flags, struct file **out)
{
    struct pidfd *pf = kzalloc(sizeof *pf);
    if (!pf)
        return -ENOMEM;
    anon_inode_init(&pf->inode, &pidfd_iops, &pidfd_fops);
    pf->pid = leader->pid;
    pf->start_ns = leader->start_ns;
    return anon_inode_file(&pf->inode, flags, pf, out);
}

bool pidfd_is(const struct file *f) { return f->fops == &pidfd_fops; }

int pidfd_pid(const struct file *f) { return ((const struct pidfd *)f->private)->pid; }

struct proc *pidfd_process(const struct file *f)
{
    const struct pidfd *pf = f->private;
    struct proc *p = proc_find(pf->pid);
    return p && proc_is_leader(p) && p->start_ns == pf->start_ns ? p : NULL;
}

void pidfd_process_ended(void) { wake_up(&process_ended); }
