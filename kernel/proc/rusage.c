/*
 * kernel/proc/rusage.c: getrusage(2).  What pagelab counts are the page
 * faults: ru_minflt (resolved without I/O) and ru_majflt (the page had to be
 * read from the disk), per process, from its address space (mm/vm.h).
 */
#include "kernel/proc/rusage.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

/* Linux's struct rusage on x86-64 (include/uapi/linux/resource.h): two
   struct timeval, then fourteen longs. */
struct linux_rusage {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
    int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
_Static_assert(sizeof(struct linux_rusage) == 144, "struct rusage is 144 bytes on x86-64");

int rusage_copy_out(uint64_t uaddr, uint64_t min_flt, uint64_t maj_flt)
{
    struct linux_rusage ru = { 0 };
    ru.minflt = (int64_t)min_flt;
    ru.majflt = (int64_t)maj_flt;
    return copy_to_user((void *)uaddr, &ru, sizeof ru, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_getrusage(SYSCALL_ARGS)
{
    int who = (int)a0;
    struct vm_space *vm = current->vm;
    switch (who) {
    case RUSAGE_SELF:
    case RUSAGE_THREAD:
        return rusage_copy_out(a1, vm ? vm->min_flt : 0, vm ? vm->maj_flt : 0);
    case RUSAGE_CHILDREN:
        return rusage_copy_out(a1, current->child_min_flt, current->child_maj_flt);
    default:
        return -EINVAL;
    }
}

void rusage_init(void)
{
    syscall_register(NR_getrusage, sys_getrusage);
}
