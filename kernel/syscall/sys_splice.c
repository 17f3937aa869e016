/*
 * kernel/syscall/sys_splice.c: sendfile, splice, tee, vmsplice and
 * copy_file_range (Linux numbers 40, 275, 276, 278, 326): the descriptor,
 * mode and offset checks of Linux's fs/splice.c and fs/read_write.c, in
 * Linux's order, in front of the transfers of kernel/ipc/splice.c.
 *
 * An offset pointer (splice's off_in/off_out, sendfile's offset,
 * copy_file_range's) is read first, the transfer works on the copy, and the
 * copy is written back only when the call succeeded; the file's own offset
 * is then left alone.  Without a pointer the file's offset is used and
 * moved.  A pipe has no offset: a pointer for a pipe is ESPIPE.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/iovec.h"
#include "kernel/copy/iov_iter.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/splice.h"
#include "kernel/ipc/unix_sock.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

#define RW_MAX   MAX_RW_COUNT
#define LOFF_MAX 0x7fffffffffffffffll

static bool readable(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool writable(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }
/* Files with an offset of their own (Linux's FMODE_PREAD/PWRITE). */
static bool seekable(const struct file *f) { return f->fops && f->fops->lseek; }

/* The two files of a call.  syscall_fd references each until the syscall
   returns (a transfer may sleep, and another thread may close the
   descriptors meanwhile). */
struct two_files {
    struct file *in, *out;
};

static int get_two(int in_fd, int out_fd, struct two_files *t)
{
    t->in = syscall_fd(in_fd);
    t->out = syscall_fd(out_fd);
    return t->in && t->out ? 0 : -EBADF;
}

/* EPIPE raises SIGPIPE, as write(2) does (a seqpacket socket excepted). */
static long sigpipe_on(struct file *out, long r)
{
    struct unix_sock *s = unix_sock_of(out);
    if (r == -EPIPE && (!s || unix_epipe_signals(s)))
        signal_send(current, SIGPIPE);
    return r;
}

static int read_off(uint64_t uptr, int64_t *off)
{
    return copy_from_user(off, (void *)uptr, sizeof *off, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static int write_off(uint64_t uptr, int64_t off)
{
    return copy_to_user((void *)uptr, &off, sizeof off, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Linux's rw_verify_area for a position and a count: EINVAL for a negative
   position or one the count would carry past the largest offset. */
static int verify_area(int64_t pos, uint64_t count)
{
    if ((int64_t)count < 0 || pos < 0 || (count && (uint64_t)pos + count > (uint64_t)LOFF_MAX + 1))
        return -EINVAL;
    return 0;
}

/* ---- splice -------------------------------------------------------------- */

static long do_splice(struct file *in, uint64_t off_in, struct file *out, uint64_t off_out,
                      uint64_t len, unsigned flags)
{
    bool ipipe = splice_is_pipe(in), opipe = splice_is_pipe(out);
    if ((ipipe && off_in) || (opipe && off_out))
        return -ESPIPE;
    int64_t in_off = 0, out_off = 0;
    if (off_in && read_off(off_in, &in_off))
        return -EFAULT;
    if (off_out && read_off(off_out, &out_off))
        return -EFAULT;
    if (!readable(in) || !writable(out))
        return -EBADF;
    long r;
    if (ipipe && opipe) {
        if (in == out || in->inode == out->inode)
            return -EINVAL; /* splicing a pipe to itself */
        r = splice_pipe_to_pipe(in, out, len, flags);
    } else if (ipipe) {
        if (off_out && !seekable(out))
            return -EINVAL;
        if (out->flags & O_APPEND)
            return -EINVAL;
        uint64_t pos = off_out ? (uint64_t)out_off : out->pos;
        if ((r = verify_area((int64_t)pos, len)))
            return r;
        r = splice_pipe_to_file(in, out, &pos, len, flags);
        if (r > 0 && off_out && write_off(off_out, (int64_t)pos))
            return -EFAULT;
        if (r > 0 && !off_out)
            out->pos = pos;
    } else if (opipe) {
        if (off_in && !seekable(in))
            return -EINVAL;
        uint64_t pos = off_in ? (uint64_t)in_off : in->pos;
        if ((r = verify_area((int64_t)pos, len)))
            return r;
        r = splice_file_to_pipe(in, &pos, out, len, flags);
        if (r > 0 && off_in && write_off(off_in, (int64_t)pos))
            return -EFAULT;
        if (r > 0 && !off_in)
            in->pos = pos;
    } else {
        return -EINVAL; /* one end must be a pipe */
    }
    return r;
}

long sys_splice(int fd_in, uint64_t off_in, int fd_out, uint64_t off_out, uint64_t len, int flags)
{
    if (len == 0)
        return 0;
    if ((unsigned)flags & ~SPLICE_F_ALL)
        return -EINVAL;
    struct two_files t;
    long r = get_two(fd_in, fd_out, &t);
    if (r)
        return r;
    r = sigpipe_on(t.out, do_splice(t.in, off_in, t.out, off_out, len, (unsigned)flags));
    return r;
}

long sys_tee(int fd_in, int fd_out, uint64_t len, int flags)
{
    if ((unsigned)flags & ~SPLICE_F_ALL)
        return -EINVAL;
    if (len == 0)
        return 0;
    struct two_files t;
    long r = get_two(fd_in, fd_out, &t);
    if (r)
        return r;
    if (!readable(t.in) || !writable(t.out))
        r = -EBADF;
    else if (!splice_is_pipe(t.in) || !splice_is_pipe(t.out) || t.in->inode == t.out->inode)
        r = -EINVAL;
    else
        r = sigpipe_on(t.out,
                       splice_tee(t.in, t.out, len > RW_MAX ? RW_MAX : len, (unsigned)flags));
    return r;
}

/* ---- vmsplice ------------------------------------------------------------ */

long sys_vmsplice(int fd, uint64_t uiov, uint64_t nr_segs, int flags)
{
    if ((unsigned)flags & ~SPLICE_F_ALL)
        return -EINVAL;
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    /* The direction is the descriptor's: a write end takes the caller's
       pages, a read end gives its bytes to the caller. */
    bool to_pipe = writable(f);
    if (!to_pipe && !readable(f))
        return -EBADF;
    struct iovec_linux *iov;
    uint64_t total;
    long r = import_iovec(uiov, nr_segs, &iov, &total);
    if (r)
        return r;
    if (total == 0)
        r = 0;
    else if (!splice_is_pipe(f))
        r = -EBADF;
    else if (to_pipe)
        r = sigpipe_on(f,
                       splice_vmsplice_to_pipe(current->vm, f, iov, (int)nr_segs, (unsigned)flags));
    else
        r = splice_vmsplice_to_user(f, iov, (int)nr_segs, (unsigned)flags);
    kfree(iov);
    return r;
}

/* ---- sendfile ------------------------------------------------------------ */

long sys_sendfile(int out_fd, int in_fd, uint64_t uoff, uint64_t count)
{
    int64_t off = 0;
    if (uoff && read_off(uoff, &off))
        return -EFAULT;
    struct file *in = syscall_fd(in_fd);
    if (!in || !readable(in))
        return -EBADF;
    if (uoff && !seekable(in))
        return -ESPIPE;
    uint64_t pos = uoff ? (uint64_t)off : in->pos;
    long r = verify_area((int64_t)pos, count);
    if (r)
        return r;
    if (count > RW_MAX)
        count = RW_MAX;
    struct file *out = syscall_fd(out_fd);
    if (!out || !writable(out))
        return -EBADF;
    if ((uint64_t)pos + count > (uint64_t)LOFF_MAX) {
        if ((uint64_t)pos >= (uint64_t)LOFF_MAX)
            return -EOVERFLOW;
        count = (uint64_t)LOFF_MAX - pos;
    }
    if (count == 0)
        return 0;
    if (splice_is_pipe(out)) {
        r = splice_file_to_pipe(in, &pos, out, count, 0);
    } else if (out->flags & O_APPEND) {
        r = -EINVAL; /* Linux's do_splice_direct */
    } else {
        uint64_t out_pos = out->pos;
        r = splice_direct(in, &pos, out, &out_pos, count);
        if (r > 0)
            out->pos = out_pos;
    }
    r = sigpipe_on(out, r);
    if (r > 0) {
        if (!uoff)
            in->pos = pos;
        else if (write_off(uoff, (int64_t)pos))
            r = -EFAULT;
    }
    return r;
}

/* ---- copy_file_range ----------------------------------------------------- */

/* Linux's generic_file_rw_checks and generic_copy_file_checks: the count
   cut to the end of in, or -errno. */
static long copy_range_checks(struct file *in, int64_t pin, struct file *out, int64_t pout,
                              uint64_t *count)
{
    if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
        return -EISDIR;
    if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
        return -EINVAL;
    if (!readable(in) || !writable(out) || (out->flags & O_APPEND))
        return -EBADF;
    if (in->inode->sb != out->inode->sb)
        return -EXDEV; /* no file system of ours copies across instances */
    if ((uint64_t)pin + *count < (uint64_t)pin || (uint64_t)pout + *count < (uint64_t)pout)
        return -EOVERFLOW;
    uint64_t size = in->inode->size;
    *count = pin >= 0 && (uint64_t)pin >= size ? 0
             : *count < size - (uint64_t)pin   ? *count
                                               : size - (uint64_t)pin;
    if (in->inode == out->inode && pout + (int64_t)*count > pin && pout < pin + (int64_t)*count)
        return -EINVAL; /* overlapping ranges of one file */
    if (verify_area(pin, *count) || verify_area(pout, *count))
        return -EINVAL;
    return 0;
}

long sys_copy_file_range(int fd_in, uint64_t uoff_in, int fd_out, uint64_t uoff_out, uint64_t len,
                         int flags)
{
    if (flags != 0)
        return -EINVAL;
    struct two_files t;
    long r = get_two(fd_in, fd_out, &t);
    if (r)
        return r;
    int64_t pin = (int64_t)t.in->pos, pout = (int64_t)t.out->pos;
    if ((uoff_in && read_off(uoff_in, &pin)) || (uoff_out && read_off(uoff_out, &pout))) {
        return -EFAULT;
    }
    r = copy_range_checks(t.in, pin, t.out, pout, &len);
    if (r == 0 && len) {
        if (len > RW_MAX)
            len = RW_MAX;
        uint64_t in_pos = (uint64_t)pin, out_pos = (uint64_t)pout;
        r = splice_direct(t.in, &in_pos, t.out, &out_pos, len);
        if (r > 0) {
            if (uoff_in ? write_off(uoff_in, (int64_t)in_pos) : (t.in->pos = in_pos, 0))
                r = -EFAULT;
            else if (uoff_out ? write_off(uoff_out, (int64_t)out_pos) : (t.out->pos = out_pos, 0))
                r = -EFAULT;
        }
    }
    return r;
}
