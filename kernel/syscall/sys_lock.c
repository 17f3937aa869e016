/*
 * kernel/syscall/sys_lock.c: flock(2), whole-file advisory locks owned by
 * the open file description (kernel/fs/flock.c; fcntl's record locks are
 * in sys_file.c's fcntl).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/fs/flock.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"

long sys_flock(int fd, int op)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    return flock_file(f, op);
}
