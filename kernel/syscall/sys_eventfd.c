/*
 * kernel/syscall/sys_eventfd.c: eventfd and eventfd2 (kernel/ipc/eventfd.c
 * does the counting).  Linux's errors: unknown flags EINVAL, a full table
 * EMFILE.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/eventfd.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"

long sys_eventfd2(unsigned initval, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | EFD_SEMAPHORE))
        return -EINVAL;
    struct file *f;
    int r = eventfd_create(initval, flags, &f);
    if (r)
        return r;
    return syscall_fd_install(f, 0, flags & O_CLOEXEC);
}

long sys_eventfd(unsigned initval) { return sys_eventfd2(initval, 0); }
