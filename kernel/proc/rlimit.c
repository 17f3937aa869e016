/* kernel/proc/rlimit.c: resource limits (rlimit.h). */
#include "kernel/proc/rlimit.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/thread_group.h"

void rlimit_defaults(struct rlimit_linux *rlim)
{
    for (int i = 0; i < RLIMIT_NLIMITS; i++)
        rlim[i] = (struct rlimit_linux){ RLIM_INFINITY, RLIM_INFINITY };
    /* Linux gives init RLIMIT_NPROC = threads-max / 2 (kernel/fork.c). */
    uint64_t nproc = (uint64_t)tasks_max() / 2;
    rlim[RLIMIT_NPROC] = (struct rlimit_linux){ nproc, nproc };
    rlim[RLIMIT_NOFILE] = (struct rlimit_linux){ FD_MAX, FD_MAX };
    rlim[RLIMIT_STACK] = (struct rlimit_linux){ VM_STACK_SIZE, RLIM_INFINITY };
    rlim[RLIMIT_CORE] = (struct rlimit_linux){ 0, RLIM_INFINITY };
    rlim[RLIMIT_MEMLOCK] = (struct rlimit_linux){ 8ull << 20, 8ull << 20 };
    rlim[RLIMIT_MSGQUEUE] = (struct rlimit_linux){ 819200, 819200 };
    rlim[RLIMIT_NICE] = rlim[RLIMIT_RTPRIO] = (struct rlimit_linux){ 0, 0 };
    rlim[RLIMIT_SIGPENDING] = (struct rlimit_linux){ nproc, nproc };
}

int rlimit_change(struct thread_group *g, int resource, const struct rlimit_linux *new,
                  struct rlimit_linux *old)
{
    if (resource < 0 || resource >= RLIMIT_NLIMITS)
        return -EINVAL;
    if (new &&new->cur > new->max)
        return -EINVAL;
    /* The descriptor table has FD_MAX slots: Linux refuses NOFILE above
       its nr_open the same way. */
    if (new &&resource == RLIMIT_NOFILE &&new->max > FD_MAX)
        return -EPERM;
    if (old)
        *old = g->rlim[resource];
    if (new)
        g->rlim[resource] = *new;
    if (new &&resource == RLIMIT_NOFILE) {
        /* Where descriptors are made, the tables look at their limit. */
        struct list_head *l;
        list_for_each(l, &g->threads)
        {
            struct proc *t = list_entry(l, struct proc, group_link);
            if (t->files)
                t->files->limit = (int)new->cur;
        }
    }
    return 0;
}
