/*
 * kernel/syscall/sys_rlimit.c: resource limits: getrlimit setrlimit
 * prlimit64, Linux's struct rlimit (two 64-bit values on x86-64).  The
 * limits are the process's (kernel/proc/rlimit.h says which are enforced).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rlimit.h"

long sys_prlimit64(int pid, int resource, uint64_t unew, uint64_t uold)
{
    struct proc *p = pid == 0 ? current : proc_find_process(pid);
    if (!p)
        return -ESRCH;
    struct rlimit_linux nv, old;
    if (unew && copy_from_user(&nv, (void *)unew, sizeof nv, MECH_SYSCALL_ARGS))
        return -EFAULT;
    int r = rlimit_change(p->group, resource, unew ? &nv : NULL, &old);
    if (r)
        return r;
    if (uold && copy_to_user((void *)uold, &old, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

long sys_getrlimit(int resource, uint64_t uold)
{
    if (resource < 0 || resource >= RLIMIT_NLIMITS)
        return -EINVAL;
    return sys_prlimit64(0, resource, 0, uold);
}

long sys_setrlimit(int resource, uint64_t unew) { return sys_prlimit64(0, resource, unew, 0); }
