/*
 * kernel/proc/sys_file.c: the descriptor syscalls over the VFS: read write
 * readv writev pread64 pwrite64 close lseek fstat getdents64 dup dup2 dup3
 * fcntl ioctl fsync fdatasync ftruncate.  Linux numbers, flags and struct layouts.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/files.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sys_file.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define IOV_MAX          1024
#define SETFL_CHANGEABLE (O_APPEND | O_NONBLOCK)
#define RW_MAX           0x7ffff000ull    /* Linux's MAX_RW_COUNT */

struct iovec_linux {
    uint64_t base;
    uint64_t len;
};

static long do_read(struct file *f, uint64_t ubuf, uint64_t n, int64_t pos)
{
    if (n > RW_MAX)
        n = RW_MAX;
    if (n && !user_range_ok(ubuf, n))
        return -EFAULT;
    struct iobuf b = { (void *)ubuf, true, MECH_FILE_READ };
    return pos < 0 ? vfs_read(f, &b, n) : vfs_pread(f, &b, n, (uint64_t)pos);
}

static long do_write(struct file *f, uint64_t ubuf, uint64_t n, int64_t pos)
{
    if (n > RW_MAX)
        n = RW_MAX;
    if (n && !user_range_ok(ubuf, n))
        return -EFAULT;
    struct iobuf b = { (void *)ubuf, true, MECH_FILE_WRITE };
    return pos < 0 ? vfs_write(f, &b, n) : vfs_pwrite(f, &b, n, (uint64_t)pos);
}

static long sys_read(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? do_read(f, a1, a2, -1) : -EBADF;
}

static long sys_write(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? do_write(f, a1, a2, -1) : -EBADF;
}

static long sys_pread64(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    return (int64_t)a3 < 0 ? -EINVAL : do_read(f, a1, a2, (int64_t)a3);
}

static long sys_pwrite64(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    return (int64_t)a3 < 0 ? -EINVAL : do_write(f, a1, a2, (int64_t)a3);
}

/* readv/writev: one iovec at a time, stopping at the first short transfer. */
static long do_vector(struct file *f, uint64_t uiov, int64_t count, bool writing)
{
    if (count < 0 || count > IOV_MAX)
        return -EINVAL;
    long total = 0;
    for (int64_t i = 0; i < count; i++) {
        struct iovec_linux v;
        if (copy_from_user(&v, (void *)(uiov + 16 * (uint64_t)i), sizeof v, MECH_SYSCALL_ARGS))
            return total ? total : -EFAULT;
        if ((int64_t)v.len < 0)
            return -EINVAL;
        if (v.len == 0)
            continue;
        long r = writing ? do_write(f, v.base, v.len, -1) : do_read(f, v.base, v.len, -1);
        if (r < 0)
            return total ? total : r;
        total += r;
        if ((uint64_t)r < v.len)
            break;
    }
    return total;
}

static long sys_readv(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? do_vector(f, a1, (int64_t)a2, false) : -EBADF;
}

static long sys_writev(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? do_vector(f, a1, (int64_t)a2, true) : -EBADF;
}

static long sys_close(SYSCALL_ARGS)
{
    return fd_close((int)a0);
}

static long sys_lseek(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    if (a2 > SEEK_END)
        return -EINVAL;
    return vfs_lseek(f, (int64_t)a1, (int)a2);
}

long stat_copy_out(const struct kstat *st, uint64_t ubuf)
{
    struct stat_linux s = {
        .st_dev = st->dev, .st_ino = st->ino, .st_nlink = st->nlink, .st_mode = st->mode,
        .st_uid = st->uid, .st_gid = st->gid, .st_rdev = st->rdev, .st_size = (int64_t)st->size,
        .st_blksize = st->blksize, .st_blocks = (int64_t)st->blocks,
        .st_atime_sec = st->atime, .st_mtime_sec = st->mtime, .st_ctime_sec = st->ctime,
    };
    return copy_to_user((void *)ubuf, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_fstat(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    struct kstat st;
    int r = vfs_fstat(f, &st);
    return r ? r : stat_copy_out(&st, a1);
}

static long sys_getdents64(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    if (a2 && !user_range_ok(a1, a2))
        return -EFAULT;
    struct iobuf b = { (void *)a1, true, MECH_FS_METADATA };
    return vfs_getdents64(f, &b, a2);
}

static long dup_to(int oldfd, int newfd, bool cloexec)
{
    struct files *t = files_current();
    struct file *f = fd_file(oldfd);
    if (!t)
        return -ENOMEM;
    if (!f || newfd < 0 || newfd >= FD_MAX)
        return -EBADF;
    file_get(f);
    if (t->fd[newfd])
        file_put(t->fd[newfd]);
    t->fd[newfd] = f;
    t->cloexec[newfd] = cloexec;
    return newfd;
}

static long sys_dup(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    file_get(f);
    int fd = fd_install(f, 0, false);
    if (fd < 0)
        file_put(f);
    return fd;
}

static long sys_dup2(SYSCALL_ARGS)
{
    if (a0 == a1)
        return fd_file((int)a0) ? (long)a1 : -EBADF;
    return dup_to((int)a0, (int)a1, false);
}

static long sys_dup3(SYSCALL_ARGS)
{
    if (a2 & ~(uint64_t)O_CLOEXEC)
        return -EINVAL;
    if (a0 == a1)
        return -EINVAL;
    return dup_to((int)a0, (int)a1, a2 & O_CLOEXEC);
}

static long sys_fcntl(SYSCALL_ARGS)
{
    int fd = (int)a0;
    struct file *f = fd_file(fd);
    if (!f)
        return -EBADF;
    struct files *t = current->files;
    switch (a1) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if ((int64_t)a2 < 0 || a2 >= FD_MAX)
            return -EINVAL;
        file_get(f);
        int nfd = fd_install(f, (int)a2, a1 == F_DUPFD_CLOEXEC);
        if (nfd < 0)
            file_put(f);
        return nfd;
    }
    case F_GETFD:
        return t->cloexec[fd] ? FD_CLOEXEC : 0;
    case F_SETFD:
        t->cloexec[fd] = a2 & FD_CLOEXEC;
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        f->flags = (f->flags & ~SETFL_CHANGEABLE) | ((int)a2 & SETFL_CHANGEABLE);
        return 0;
    default:
        return -EINVAL;
    }
}

static long sys_ioctl(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? vfs_ioctl(f, a1, a2) : -EBADF;
}

static long sys_fsync(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? vfs_fsync(f) : -EBADF;
}

static long sys_ftruncate(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    return f ? vfs_ftruncate(f, (int64_t)a1) : -EBADF;
}

void sys_file_init(void)
{
    syscall_register(NR_read, sys_read);
    syscall_register(NR_write, sys_write);
    syscall_register(NR_pread64, sys_pread64);
    syscall_register(NR_pwrite64, sys_pwrite64);
    syscall_register(NR_readv, sys_readv);
    syscall_register(NR_writev, sys_writev);
    syscall_register(NR_close, sys_close);
    syscall_register(NR_lseek, sys_lseek);
    syscall_register(NR_fstat, sys_fstat);
    syscall_register(NR_getdents64, sys_getdents64);
    syscall_register(NR_dup, sys_dup);
    syscall_register(NR_dup2, sys_dup2);
    syscall_register(NR_dup3, sys_dup3);
    syscall_register(NR_fcntl, sys_fcntl);
    syscall_register(NR_ioctl, sys_ioctl);
    syscall_register(NR_fsync, sys_fsync);
    /* The size is metadata too: writing back everything is what fdatasync
       promises and a little more. */
    syscall_register(NR_fdatasync, sys_fsync);
    syscall_register(NR_ftruncate, sys_ftruncate);
}
