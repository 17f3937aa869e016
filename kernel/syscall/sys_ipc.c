/*
 * kernel/syscall/sys_ipc.c: the inter-process communication syscalls:
 * pipe pipe2.  The pipes themselves are kernel/ipc/pipe.c's.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/pipe.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"

#define PIPE2_FLAGS (O_CLOEXEC | O_NONBLOCK | O_DIRECT)

long sys_pipe2(uint64_t ufds, int flags)
{
    if (flags & ~PIPE2_FLAGS)
        return -EINVAL;
    struct file *rd, *wr;
    int err = pipe_create(flags, &rd, &wr);
    if (err)
        return err;
    struct files *t = current->files;
    bool cloexec = flags & O_CLOEXEC;
    int fds[2];
    fds[0] = fd_install(t, rd, 0, cloexec);
    if (fds[0] < 0) {
        file_put(rd);
        file_put(wr);
        return fds[0];
    }
    fds[1] = fd_install(t, wr, 0, cloexec);
    if (fds[1] < 0) {
        fd_close(t, fds[0]);
        file_put(wr);
        return fds[1];
    }
    if (copy_to_user((void *)ufds, fds, sizeof fds, MECH_SYSCALL_ARGS)) {
        fd_close(t, fds[0]);
        fd_close(t, fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe(uint64_t ufds) { return sys_pipe2(ufds, 0); }
