/*
 * kernel/syscall/sys_signalfd.c: signalfd and signalfd4 (kernel/proc/signalfd.c
 * keeps the files), with Linux's errors: a mask size other than 8 bytes or
 * an unknown flag EINVAL, an unreadable mask EFAULT; fd -1 makes a new
 * file, another descriptor gets the new mask (EBADF if it is not open,
 * EINVAL if it is no signalfd) and is returned.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signalfd.h"

/* SFD_CLOEXEC and SFD_NONBLOCK are O_CLOEXEC and O_NONBLOCK
   (include/uapi/linux/signalfd.h). */
long sys_signalfd4(int fd, uint64_t umask, uint64_t sizemask, int flags)
{
    uint64_t mask;
    if (sizemask != sizeof mask)
        return -EINVAL;
    if (copy_from_user(&mask, (const void *)umask, sizeof mask, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    if (fd != -1) {
        struct file *f = syscall_fd(fd);
        if (!f)
            return -EBADF;
        if (!signalfd_is(f))
            return -EINVAL;
        signalfd_set_mask(f, mask);
        return fd;
    }
    struct file *f;
    int r = signalfd_create(mask, flags, &f);
    if (r)
        return r;
    return syscall_fd_install(f, 0, flags & O_CLOEXEC);
}

long sys_signalfd(int fd, uint64_t umask, uint64_t sizemask)
{
    return sys_signalfd4(fd, umask, sizemask, 0);
}
