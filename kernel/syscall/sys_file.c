/*
 * kernel/syscall/sys_file.c: the descriptor syscalls over the VFS: read write
 * readv writev pread64 pwrite64 close lseek fstat getdents64 dup dup2 dup3
 * fcntl ioctl fsync fdatasync ftruncate fallocate fadvise64.  Linux numbers, flags and struct layouts.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/iovec.h"
#include "kernel/copy/iov_iter.h" /* struct iovec_linux */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/flock.h"
#include "kernel/fs/memfs/memfs.h"
#include "kernel/ipc/pipe.h"
#include "kernel/ipc/unix_sock.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

/* struct stat of Linux x86-64 (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
struct stat_linux {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    int64_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec, st_ctime_nsec;
    int64_t reserved[3];
};
_Static_assert(sizeof(struct stat_linux) == 144, "Linux x86-64 struct stat is 144 bytes");

#define SETFL_CHANGEABLE (O_APPEND | O_NONBLOCK)
#define RW_MAX           MAX_RW_COUNT

static long do_read(struct file *f, uint64_t ubuf, uint64_t n, int64_t pos)
{
    if (n > RW_MAX)
        n = RW_MAX;
    if (n && !user_range_ok(ubuf, n))
        return -EFAULT;
    struct iobuf b = { (void *)ubuf, true, MECH_FILE_READ, NULL, 0 };
    return pos < 0 ? vfs_read(f, &b, n) : vfs_pread(f, &b, n, (uint64_t)pos);
}

static long do_write(struct file *f, uint64_t ubuf, uint64_t n, int64_t pos)
{
    if (n > RW_MAX)
        n = RW_MAX;
    if (n && !user_range_ok(ubuf, n))
        return -EFAULT;
    struct iobuf b = { (void *)ubuf, true, MECH_FILE_WRITE, NULL, 0 };
    return pos < 0 ? vfs_write(f, &b, n) : vfs_pwrite(f, &b, n, (uint64_t)pos);
}

long sys_read(int fd, uint64_t buf, uint64_t count)
{
    struct file *f = syscall_fd(fd);
    return f ? do_read(f, buf, count, -1) : -EBADF;
}

/* A write to a pipe whose readers are gone fails with EPIPE and raises
   SIGPIPE (pipe(7)); the pipe only reports it.  So does a stream socket
   whose peer is gone; a SOCK_SEQPACKET socket does not raise it (Linux). */
static long sigpipe_on_epipe(struct file *f, long r)
{
    struct unix_sock *s = unix_sock_of(f);
    if (r == -EPIPE && (!s || unix_epipe_signals(s)))
        signal_send(current, SIGPIPE);
    return r;
}

long sys_write(int fd, uint64_t buf, uint64_t count)
{
    struct file *f = syscall_fd(fd);
    return f ? sigpipe_on_epipe(f, do_write(f, buf, count, -1)) : -EBADF;
}

long sys_pread64(int fd, uint64_t buf, uint64_t count, int64_t offset)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    return offset < 0 ? -EINVAL : do_read(f, buf, count, offset);
}

long sys_pwrite64(int fd, uint64_t buf, uint64_t count, int64_t offset)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    return offset < 0 ? -EINVAL : sigpipe_on_epipe(f, do_write(f, buf, count, offset));
}

/* readv, writev (pos < 0: at the file position) and the positioned ones:
   the vector, checked by import_iovec, is one read or write. */
static long do_vector(struct file *f, uint64_t uiov, int64_t count, bool writing, int64_t pos)
{
    if (count < 0)
        return -EINVAL;
    if (count == 0)
        return 0;
    struct iovec_linux *segs;
    uint64_t total;
    long r = import_iovec(uiov, (uint64_t)count, &segs, &total);
    if (r)
        return r;
    struct iobuf b = { NULL, true, writing ? MECH_FILE_WRITE : MECH_FILE_READ, segs, (int)count };
    if (writing)
        r = pos < 0 ? vfs_write(f, &b, total) : vfs_pwrite(f, &b, total, (uint64_t)pos);
    else
        r = pos < 0 ? vfs_read(f, &b, total) : vfs_pread(f, &b, total, (uint64_t)pos);
    kfree(segs);
    return r;
}

long sys_readv(int fd, uint64_t iov, int iovcnt)
{
    struct file *f = syscall_fd(fd);
    return f ? do_vector(f, iov, (int64_t)iovcnt, false, -1) : -EBADF;
}

long sys_writev(int fd, uint64_t iov, int iovcnt)
{
    struct file *f = syscall_fd(fd);
    return f ? sigpipe_on_epipe(f, do_vector(f, iov, (int64_t)iovcnt, true, -1)) : -EBADF;
}

/* preadv2/pwritev2 flags (Linux's RWF_*). */
#define RWF_HIPRI  0x01 /* poll for completion: a hint, nothing to poll here */
#define RWF_DSYNC  0x02 /* this write as with O_DSYNC */
#define RWF_SYNC   0x04 /* this write as with O_SYNC */
#define RWF_NOWAIT 0x08 /* do not wait for the disk: not offered (EOPNOTSUPP) */
#define RWF_APPEND 0x10 /* this write at the end, as with O_APPEND */
#define RWF_KNOWN  (RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND)

/* On x86-64 the offset comes whole in the first of its two registers. */
static long positioned_vector(int fd, uint64_t iov, int iovcnt, int64_t pos, int flags,
                              bool writing, bool pos_may_be_minus_1)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (pos < -1 || (pos == -1 && !pos_may_be_minus_1))
        return -EINVAL;
    if (flags & ~RWF_KNOWN)
        return -EOPNOTSUPP;
    if (flags & RWF_NOWAIT)
        return -EOPNOTSUPP;
    if (pos >= 0 && !vfs_has_positions(f))
        return -ESPIPE; /* before the vector is read, as on Linux */
    if (!writing)
        return do_vector(f, iov, (int64_t)iovcnt, false, pos);
    /* RWF_APPEND: at the end whatever the offset says; only an offset of
       -1 moves the file position (pwritev2(2)). */
    bool append_here = (flags & RWF_APPEND) && pos == -1 && !(f->flags & O_APPEND);
    if ((flags & RWF_APPEND) && pos >= 0)
        pos = (int64_t)f->inode->size;
    if (append_here)
        f->flags |= O_APPEND;
    long r = do_vector(f, iov, (int64_t)iovcnt, true, pos);
    if (append_here)
        f->flags &= ~O_APPEND;
    if (r > 0 && (flags & (RWF_DSYNC | RWF_SYNC)))
        vfs_fsync(f);
    return sigpipe_on_epipe(f, r);
}

long sys_preadv(int fd, uint64_t iov, int iovcnt, int64_t pos_l, int64_t pos_h)
{
    (void)pos_h;
    return positioned_vector(fd, iov, iovcnt, pos_l, 0, false, false);
}

long sys_pwritev(int fd, uint64_t iov, int iovcnt, int64_t pos_l, int64_t pos_h)
{
    (void)pos_h;
    return positioned_vector(fd, iov, iovcnt, pos_l, 0, true, false);
}

/* The "2" forms: an offset of -1 means the file position. */
long sys_preadv2(int fd, uint64_t iov, int iovcnt, int64_t pos_l, int64_t pos_h, int flags)
{
    (void)pos_h;
    return positioned_vector(fd, iov, iovcnt, pos_l, flags, false, true);
}

long sys_pwritev2(int fd, uint64_t iov, int iovcnt, int64_t pos_l, int64_t pos_h, int flags)
{
    (void)pos_h;
    return positioned_vector(fd, iov, iovcnt, pos_l, flags, true, true);
}

long sys_close(int fd) { return fd_close(current->files, fd); }

#define CLOSE_RANGE_UNSHARE (1u << 1) /* include/uapi/linux/close_range.h */
#define CLOSE_RANGE_CLOEXEC (1u << 2)

/* close_range(2): closes (or with CLOSE_RANGE_CLOEXEC marks close-on-exec)
   every open descriptor in [first, last]; descriptors not open are
   skipped, last may be past the table (~0U: to its end).  With
   CLOSE_RANGE_UNSHARE a table shared with other tasks (CLONE_FILES) is
   copied first, so only the caller's changes.  EINVAL: an unknown flag,
   first > last. */
long sys_close_range(unsigned first, unsigned last, int flags)
{
    if (((unsigned)flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || first > last)
        return -EINVAL;
    struct files *t = current->files;
    if ((flags & CLOSE_RANGE_UNSHARE) && t->refs > 1) {
        struct files *copy = files_dup(t);
        if (!copy)
            return -ENOMEM;
        files_release(t);
        current->files = t = copy;
    }
    for (unsigned fd = first; fd <= last && fd < FD_MAX; fd++) {
        if (!t->fd[fd])
            continue;
        if (flags & CLOSE_RANGE_CLOEXEC)
            t->cloexec[fd] = true;
        else
            fd_close(t, (int)fd);
    }
    return 0;
}

long sys_lseek(int fd, int64_t offset, int whence)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (whence < 0 || whence > SEEK_HOLE)
        return -EINVAL; /* each file's lseek knows which of the rest it has */
    return vfs_lseek(f, offset, whence);
}

long stat_copy_out(const struct kstat *st, uint64_t ubuf)
{
    struct stat_linux s = {
        .st_dev = st->dev,
        .st_ino = st->ino,
        .st_nlink = st->nlink,
        .st_mode = st->mode,
        .st_uid = st->uid,
        .st_gid = st->gid,
        .st_rdev = st->rdev,
        .st_size = (int64_t)st->size,
        .st_blksize = st->blksize,
        .st_blocks = (int64_t)st->blocks,
        .st_atime_sec = st->atime,
        .st_mtime_sec = st->mtime,
        .st_ctime_sec = st->ctime,
    };
    return copy_to_user((void *)ubuf, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_fstat(int fd, uint64_t statbuf)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    struct kstat st;
    int r = vfs_fstat(f, &st);
    return r ? r : stat_copy_out(&st, statbuf);
}

long sys_getdents64(int fd, uint64_t dirp, uint64_t count)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (count && !user_range_ok(dirp, count))
        return -EFAULT;
    struct iobuf b = { (void *)dirp, true, MECH_FS_METADATA, NULL, 0 };
    return vfs_getdents64(f, &b, count);
}

static long dup_to(int oldfd, int newfd, bool cloexec)
{
    struct files *t = current->files;
    struct file *f = syscall_fd(oldfd);
    if (!t)
        return -ENOMEM;
    if (!f || newfd < 0 || newfd >= t->limit)
        return -EBADF; /* Linux: EBADF at or past RLIMIT_NOFILE too */
    file_get(f);
    if (t->fd[newfd]) {
        fd_closing(t, t->fd[newfd]);
        file_put(t->fd[newfd]);
    }
    t->fd[newfd] = f;
    t->cloexec[newfd] = cloexec;
    return newfd;
}

long sys_dup(int fd)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    file_get(f);
    return syscall_fd_install(f, 0, false);
}

long sys_dup2(int oldfd, int newfd)
{
    if (oldfd == newfd)
        return syscall_fd(oldfd) ? (long)newfd : -EBADF;
    return dup_to(oldfd, newfd, false);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
    if (flags & ~(uint64_t)O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

long sys_fcntl(int fd, int cmd, uint64_t arg)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    struct files *t = current->files;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if ((int64_t)arg < 0 || arg >= (uint64_t)t->limit)
            return -EINVAL; /* Linux: at or past RLIMIT_NOFILE */
        file_get(f);
        return syscall_fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
    }
    case F_GETFD:
        return t->cloexec[fd] ? FD_CLOEXEC : 0;
    case F_SETFD:
        t->cloexec[fd] = arg & FD_CLOEXEC;
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL: {
        /* A pipe's O_DIRECT is its packet mode (pipe(2)); elsewhere it stays. */
        int changeable = SETFL_CHANGEABLE | (pipe_file_is(f) ? O_DIRECT : 0);
        f->flags = (f->flags & ~changeable) | ((int)arg & changeable);
        return 0;
    }
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
        return pipe_fcntl(f, cmd, arg);
    case F_ADD_SEALS:
        return memfs_add_seals(f, (unsigned)arg);
    case F_GET_SEALS:
        return memfs_get_seals(f);
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW: { /* record locks (kernel/fs/flock.c) */
        struct flock_linux fl;
        if (copy_from_user(&fl, (void *)arg, sizeof fl, MECH_SYSCALL_ARGS))
            return -EFAULT;
        long r = posix_lock_fcntl(f, cmd, &fl);
        if (!r && cmd == F_GETLK && copy_to_user((void *)arg, &fl, sizeof fl, MECH_SYSCALL_ARGS))
            return -EFAULT;
        return r;
    }
    default:
        return -EINVAL;
    }
}

long sys_ioctl(int fd, uint64_t cmd, uint64_t arg)
{
    struct file *f = syscall_fd(fd);
    /* Linux's ioctl takes an unsigned int command: the upper half of the
       register is not looked at (musl passes the request as an int, so a
       command with bit 31 set, such as BINDER_WRITE_READ, arrives
       sign-extended). */
    return f ? vfs_ioctl(f, (uint32_t)cmd, arg) : -EBADF;
}

long sys_fsync(int fd)
{
    struct file *f = syscall_fd(fd);
    return f ? vfs_fsync(f) : -EBADF;
}

long sys_ftruncate(int fd, int64_t length)
{
    struct file *f = syscall_fd(fd);
    return f ? vfs_ftruncate(f, length) : -EBADF;
}

long sys_fallocate(int fd, int mode, int64_t offset, int64_t len)
{
    struct file *f = syscall_fd(fd);
    return f ? vfs_fallocate(f, mode, offset, len) : -EBADF;
}

long sys_fadvise64(int fd, int64_t offset, int64_t len, int advice)
{
    struct file *f = syscall_fd(fd);
    return f ? vfs_fadvise(f, offset, len, advice) : -EBADF;
}
