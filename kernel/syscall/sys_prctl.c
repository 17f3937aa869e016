/*
 * kernel/syscall/sys_prctl.c: prctl(2), the options pagelab has:
 *
 *   PR_SET_NAME / PR_GET_NAME         the thread's name (comm: ps, /proc/PID/comm
 *                                     and task/TID/comm, the kill report)
 *   PR_SET_PDEATHSIG / PR_GET_PDEATHSIG  a signal for this thread when its
 *                                     parent process ends (kernel/proc/exit.c)
 *   PR_SET_DUMPABLE / PR_GET_DUMPABLE   kept per process and reported; pagelab
 *                                     writes no core dumps and has no ptrace,
 *                                     the two things the flag guards on Linux
 *   PR_SET_CHILD_SUBREAPER / PR_GET_CHILD_SUBREAPER  the process adopts the
 *                                     orphans of its descendants instead of
 *                                     init (kernel/proc/exit.c)
 *
 * Every other option is EINVAL, Linux's answer to an option it does not
 * know.  Unused arguments are not checked (Linux checks them for some
 * options only).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/thread_group.h"
#include "libc/include/pagelab/prctl_values.h"

static long set_dumpable(uint64_t value)
{
    if (value > 1)
        return -EINVAL; /* 2 (root-only dumps) may not be set by prctl */
    struct list_head *l;
    list_for_each(l, &current->group->threads)
    {
        list_entry(l, struct proc, group_link)->undumpable = value == 0;
    }
    return 0;
}

long sys_prctl(int option, uint64_t arg2, uint64_t arg3, uint64_t arg4, uint64_t arg5)
{
    (void)arg3;
    (void)arg4;
    (void)arg5;
    char name[PROC_COMM_LEN];
    switch (option) {
    case PR_SET_NAME: {
        /* Up to 15 bytes are taken; a longer name is cut, as on Linux. */
        long n = strncpy_from_user(name, (const char *)arg2, sizeof name);
        if (n < 0 && n != -ENAMETOOLONG)
            return -EFAULT;
        name[sizeof name - 1] = '\0';
        strlcpy(current->comm, name, sizeof current->comm);
        return 0;
    }
    case PR_GET_NAME:
        memset(name, 0, sizeof name);
        strlcpy(name, current->comm, sizeof name);
        return copy_to_user((void *)arg2, name, sizeof name, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    case PR_SET_PDEATHSIG:
        if (arg2 >= NSIG)
            return -EINVAL;
        current->pdeath_signal = (int)arg2;
        return 0;
    case PR_GET_PDEATHSIG: {
        int sig = current->pdeath_signal;
        return copy_to_user((void *)arg2, &sig, sizeof sig, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    }
    case PR_GET_DUMPABLE:
        return current->undumpable ? 0 : 1;
    case PR_SET_DUMPABLE:
        return set_dumpable(arg2);
    case PR_SET_CHILD_SUBREAPER:
        current->group->child_subreaper = arg2 != 0;
        return 0;
    case PR_GET_CHILD_SUBREAPER: {
        int on = current->group->child_subreaper;
        return copy_to_user((void *)arg2, &on, sizeof on, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    }
    default:
        return -EINVAL;
    }
}
