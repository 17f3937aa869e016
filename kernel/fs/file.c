/*
 * kernel/fs/file.c: open-file objects and the operations on them.  A struct
 * file holds a reference on its inode; the last file_put releases both.
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/flock.h"
#include "kernel/fs/eventpoll.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/sleeplock.h"
#include "kernel/mm/kmalloc.h"

/* Open files in the whole system, for /proc/sys/fs/file-nr: a leak check
   (tools/fuzz) compares it before and after a run. */
static uint64_t files_allocated;

struct file *file_alloc(struct inode *ino, int flags, const struct file_ops *fops)
{
    struct file *f = kzalloc(sizeof *f);
    if (!f)
        return NULL;
    f->refcount = 1;
    f->inode = ino;
    f->flags = flags;
    f->fops = fops;
    ra_state_init(&f->ra);
    list_init(&f->epoll_links);
    files_allocated++;
    return f;
}

void file_get(struct file *f) { f->refcount++; }

void file_put(struct file *f)
{
    if (--f->refcount > 0)
        return;
    /* Linux: closing the last reference removes the file from every epoll
       set that watches it. */
    if (!list_empty(&f->epoll_links))
        eventpoll_release_file(f);
    locks_file_released(f); /* its flock lock */
    if (f->fops && f->fops->release)
        f->fops->release(f);
    if (f->inode)
        inode_put(f->inode);
    kfree(f->path);
    kfree(f);
    files_allocated--;
}

/* Linux's three numbers: files allocated, allocated but unused (always 0
   since Linux 2.6) and the system-wide maximum (pagelab has none but each
   process's RLIMIT_NOFILE: LONG_MAX, as Linux prints when unlimited). */
static long show_file_nr(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%lu\t0\t%ld\n", files_allocated, (long)(~0ul >> 1));
}
PROC_FILE(file_nr, "sys/fs/file-nr", show_file_nr, NULL);

static bool can_read(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool can_write(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

static int create_inode(struct inode *cwd, const char *path, int flags, uint32_t mode,
                        struct inode **out);

/* Finds or creates the file open() names; *out is referenced. */
static int open_inode(struct inode *cwd, const char *path, int flags, uint32_t mode,
                      struct inode **out)
{
    if (!(flags & O_CREAT))
        return vfs_lookup(cwd, path, 0, out, NULL, NULL);
    sleeplock_acquire(&namespace_lock); /* namespace.c: lookup and create as one */
    int err = create_inode(cwd, path, flags, mode, out);
    sleeplock_release(&namespace_lock);
    return err;
}

static int create_inode(struct inode *cwd, const char *path, int flags, uint32_t mode,
                        struct inode **out)
{
    struct inode *dir;
    const char *name;
    size_t len;
    int err = vfs_lookup(cwd, path, LOOKUP_PARENT, &dir, &name, &len);
    if (err)
        return err;
    size_t plen = strnlen(path, PATH_MAX);
    bool trailing_slash = path[plen - 1] == '/';
    err = dir->iops->lookup(dir, name, len, out);
    if (err == 0) {
        inode_put(dir);
        if (flags & O_EXCL) {
            inode_put(*out);
            return -EEXIST;
        }
        /* Linux: O_CREAT on an existing directory is EISDIR. */
        if (S_ISDIR((*out)->mode)) {
            inode_put(*out);
            return -EISDIR;
        }
        return 0;
    }
    if (err == -ENOENT) {
        if (trailing_slash || (len == 1 && name[0] == '.'))
            err = -EISDIR;
        else
            err = dir->iops->create ? dir->iops->create(dir, name, len, mode, out) : -EPERM;
    }
    inode_put(dir);
    return err;
}

int vfs_open(struct inode *cwd, const char *path, int flags, uint32_t mode, struct file **out)
{
    struct inode *ino;
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    int err = open_inode(cwd, path, flags, mode, &ino);
    if (err)
        return err;
    const struct file_ops *fops = ino->fops;
    if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
        err = -ENOTDIR;
    else if (S_ISDIR(ino->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
        err = -EISDIR;
    else if (S_ISCHR(ino->mode) && !(fops = chrdev_fops(ino->rdev)))
        err = -ENXIO;
    else if (S_ISSOCK(ino->mode))
        err = -ENXIO; /* open(2): a Unix socket is connected to, not opened */
    if (err) {
        inode_put(ino);
        return err;
    }
    if ((flags & O_TRUNC) && S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY && ino->size) {
        if ((err = ino->iops->setsize(ino, 0))) {
            inode_put(ino);
            return err;
        }
    }
    struct file *f = file_alloc(ino, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY), fops);
    if (!f) {
        inode_put(ino);
        return -ENOMEM;
    }
    if (fops && fops->open && (err = fops->open(ino, f))) {
        f->fops = NULL;
        file_put(f);
        return err;
    }
    *out = f;
    return 0;
}

/* Why f cannot be read (-errno), or 0. */
static long read_refused(const struct file *f)
{
    if (!can_read(f))
        return -EBADF;
    if (S_ISDIR(f->inode->mode))
        return -EISDIR;
    if (!f->fops || !f->fops->read)
        return -EINVAL;
    return 0;
}

/* Why f cannot be written (-errno), or 0. */
static long write_refused(const struct file *f)
{
    if (!can_write(f))
        return -EBADF;
    if (!f->fops || !f->fops->write)
        return -EINVAL;
    return 0;
}

/* pread and pwrite need a file with positions: a pipe, socket or terminal
   (no lseek) is ESPIPE, before anything else is checked, as on Linux. */
static long positioned_refused(const struct file *f)
{
    return f->fops && f->fops->lseek ? 0 : -ESPIPE;
}

long vfs_pread(struct file *f, struct iobuf *buf, size_t n, uint64_t pos)
{
    long err = positioned_refused(f);
    if (!err)
        err = read_refused(f);
    return err ? err : f->fops->read(f, buf, n, &pos);
}

long vfs_read(struct file *f, struct iobuf *buf, size_t n)
{
    long err = read_refused(f);
    return err ? err : f->fops->read(f, buf, n, &f->pos);
}

long vfs_pwrite(struct file *f, struct iobuf *buf, size_t n, uint64_t pos)
{
    long err = positioned_refused(f);
    if (!err)
        err = write_refused(f);
    return err ? err : f->fops->write(f, buf, n, &pos);
}

long vfs_write(struct file *f, struct iobuf *buf, size_t n)
{
    long err = write_refused(f);
    if (err)
        return err;
    if (f->flags & O_APPEND)
        f->pos = f->inode->size;
    return f->fops->write(f, buf, n, &f->pos);
}

int64_t vfs_lseek(struct file *f, int64_t off, int whence)
{
    if (!f->fops || !f->fops->lseek)
        return -ESPIPE;
    return f->fops->lseek(f, off, whence);
}

long vfs_getdents64(struct file *f, struct iobuf *buf, size_t n)
{
    if (!S_ISDIR(f->inode->mode) || !f->fops || !f->fops->getdents64)
        return -ENOTDIR;
    return f->fops->getdents64(f, buf, n);
}

int vfs_fstat(struct file *f, struct kstat *st)
{
    if (f->fops && f->fops->fstat)
        return f->fops->fstat(f, st);
    inode_fill_kstat(f->inode, st);
    return 0;
}

int vfs_fsync(struct file *f) { return f->fops && f->fops->fsync ? f->fops->fsync(f) : -EINVAL; }

int vfs_ftruncate(struct file *f, int64_t size)
{
    if (size < 0 || !S_ISREG(f->inode->mode))
        return -EINVAL;
    if (!can_write(f))
        return -EINVAL; /* Linux: EINVAL for a file not open for writing */
    return f->fops && f->fops->ftruncate ? f->fops->ftruncate(f, (uint64_t)size) : -EINVAL;
}

long vfs_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    return f->fops && f->fops->ioctl ? f->fops->ioctl(f, cmd, arg) : -ENOTTY;
}

uint32_t vfs_poll(struct file *f, struct poll_table *pt)
{
    return vfs_can_poll(f) ? f->fops->poll(f, pt) : POLL_DEFAULT_MASK;
}
