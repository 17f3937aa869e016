/*
 * kernel/fs/file.c: open-file objects and the operations on them.  A struct
 * file holds a reference on its inode; the last file_put releases both.
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/blkdev_file.h"
#include "kernel/fs/flock.h"
#include "kernel/fs/eventpoll.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
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
bool vfs_can_write(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

/* canon (the directory's absolute path, or "") + "/" + name. */
static void canon_append(char *canon, const char *name, size_t len)
{
    size_t n = strlen(canon);
    if (!n)
        return;
    if (n + 1 + len >= PATH_MAX) {
        canon[0] = '\0';
        return;
    }
    if (n > 1)
        canon[n++] = '/';
    strlcpy(canon + n, name, len + 1);
}

static int open_inode(const struct lookup_start *start, const char *path, int flags, uint32_t mode,
                      struct inode **out, char *canon, int depth, bool *created);

/* O_CREAT found a symbolic link (in dir, whose path is in canon): the file
   is opened, or created, where it leads, as Linux does. */
static int open_through_link(struct inode *dir, struct inode *link, int flags, uint32_t mode,
                             struct inode **out, char *canon, int depth, bool *created)
{
    if (depth >= SYMLINK_MAX)
        return -ELOOP;
    char *text = kmalloc(PATH_MAX);
    char *dir_canon = kmalloc(PATH_MAX);
    long n = !text || !dir_canon    ? -ENOMEM
             : link->iops->readlink ? link->iops->readlink(link, text, PATH_MAX - 1, NULL)
                                    : -EINVAL;
    int err = n < 0 ? (int)n : 0;
    if (!err) {
        text[n] = '\0';
        strlcpy(dir_canon, canon, PATH_MAX);
        struct lookup_start from = { dir, dir_canon[0] ? dir_canon : NULL };
        err = open_inode(&from, text, flags, mode, out, canon, depth + 1, created);
    }
    kfree(dir_canon);
    kfree(text);
    return err;
}

/* O_CREAT: the name's lookup and its creation, under the namespace lock. */
static int create_inode(const struct lookup_start *start, const char *path, int flags,
                        uint32_t mode, struct inode **out, char *canon, int depth, bool *created)
{
    struct inode *dir;
    const char *name;
    size_t len;
    int err = vfs_resolve(start, path, LOOKUP_PARENT, &dir, &name, &len, canon);
    if (err)
        return err;
    size_t plen = strnlen(path, PATH_MAX);
    bool trailing_slash = path[plen - 1] == '/';
    err = dir->iops->lookup(dir, name, len, out);
    if (err == 0 && S_ISLNK((*out)->mode) && !(flags & O_EXCL)) {
        struct inode *link = *out;
        err = (flags & O_NOFOLLOW)
                  ? -ELOOP
                  : open_through_link(dir, link, flags, mode, out, canon, depth, created);
        inode_put(link);
        inode_put(dir);
        return err;
    }
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
        canon_append(canon, name, len);
        return 0;
    }
    if (err == -ENOENT) {
        if (trailing_slash || (len == 1 && name[0] == '.'))
            err = -EISDIR;
        else
            err = may_create_in(dir);
        if (!err)
            err = dir->iops->create ? dir->iops->create(dir, name, len, mode, out) : -EPERM;
        *created = !err;
        if (!err)
            canon_append(canon, name, len);
    }
    inode_put(dir);
    return err;
}

/* Finds or creates the file open() names; *out is referenced, canon
   (PATH_MAX bytes) gets its absolute path or "".  *created: it is new (no
   permission check on opening it, as on Linux). */
static int open_inode(const struct lookup_start *start, const char *path, int flags, uint32_t mode,
                      struct inode **out, char *canon, int depth, bool *created)
{
    *created = false;
    if (!(flags & O_CREAT)) {
        int lf = (flags & O_NOFOLLOW) ? LOOKUP_NOFOLLOW : 0;
        int err = vfs_resolve(start, path, lf, out, NULL, NULL, canon);
        if (!err && S_ISLNK((*out)->mode)) {
            inode_put(*out);
            return -ELOOP; /* O_NOFOLLOW on a link */
        }
        return err;
    }
    if (depth > 0) /* through a link: the lock is held already */
        return create_inode(start, path, flags, mode, out, canon, depth, created);
    sleeplock_acquire(&namespace_lock); /* namespace.c: lookup and create as one */
    int err = create_inode(start, path, flags, mode, out, canon, depth, created);
    sleeplock_release(&namespace_lock);
    return err;
}

/* The open file's path, for /proc/PID/maps and fd/N: the absolute one the
   lookup found, else the path as given. */
static void set_path(struct file *f, const char *canon, const char *given)
{
    const char *p = canon[0] ? canon : given;
    size_t n = strlen(p) + 1;
    f->path = kmalloc(n);
    if (f->path)
        snprintf(f->path, n, "%s", p);
}

int vfs_open_at(const struct lookup_start *start, const char *path, int flags, uint32_t mode,
                struct file **out)
{
    struct inode *ino;
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    char *canon = kmalloc(PATH_MAX);
    if (!canon)
        return -ENOMEM;
    bool created;
    int err = open_inode(start, path, flags, mode, &ino, canon, 0, &created);
    if (err) {
        kfree(canon);
        return err;
    }
    const struct file_ops *fops = ino->fops;
    if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
        err = -ENOTDIR;
    else if (S_ISDIR(ino->mode) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
        err = -EISDIR;
    else if (!created && inode_permission(ino, open_permission_mask(flags)))
        err = -EACCES;
    else if (S_ISCHR(ino->mode) && !(fops = chrdev_fops(ino->rdev)))
        err = -ENXIO;
    else if (S_ISFIFO(ino->mode) && !(fops = fifo_fops()))
        err = -ENXIO;
    else if (S_ISBLK(ino->mode))
        fops = &blkdev_file_ops;
    else if (S_ISSOCK(ino->mode))
        err = -ENXIO; /* open(2): a Unix socket is connected to, not opened */
    if (!err && (flags & O_TRUNC) && S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY &&
        ino->size)
        err = ino->swapfile ? -ETXTBSY : ino->iops->setsize(ino, 0); /* an active swap file */
    struct file *f =
        err ? NULL : file_alloc(ino, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY), fops);
    if (!err && !f)
        err = -ENOMEM;
    if (err) {
        inode_put(ino);
        kfree(canon);
        return err;
    }
    set_path(f, canon, path);
    kfree(canon);
    if (fops && fops->open && (err = fops->open(ino, f))) {
        f->fops = NULL;
        file_put(f);
        return err;
    }
    *out = f;
    return 0;
}

int vfs_open(struct inode *cwd, const char *path, int flags, uint32_t mode, struct file **out)
{
    struct lookup_start start = { cwd, NULL };
    return vfs_open_at(&start, path, flags, mode, out);
}

int vfs_open_exec_file(const struct lookup_start *start, const char *path, struct file **out)
{
    char *canon = kmalloc(PATH_MAX);
    if (!canon)
        return -ENOMEM;
    struct inode *ino;
    int r = vfs_resolve(start, path, 0, &ino, NULL, NULL, canon);
    /* Linux: a regular file the caller may execute (root: any execute bit). */
    if (!r && (!S_ISREG(ino->mode) || inode_permission(ino, MAY_EXEC))) {
        inode_put(ino);
        r = -EACCES;
    }
    struct file *f = r ? NULL : file_alloc(ino, O_RDONLY, ino->fops);
    if (!r && !f) {
        inode_put(ino);
        r = -ENOMEM;
    }
    if (!r) {
        set_path(f, canon, path);
        *out = f;
    }
    kfree(canon);
    return r;
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
long vfs_write_refused(const struct file *f)
{
    if (!vfs_can_write(f))
        return -EBADF;
    if (!f->fops || !f->fops->write)
        return -EINVAL;
    return 0;
}

/* pread and pwrite need a file with positions: a pipe, socket or terminal
   (no lseek) is ESPIPE, before anything else is checked, as on Linux. */
bool vfs_has_positions(const struct file *f) { return f->fops && f->fops->lseek; }

static long positioned_refused(const struct file *f) { return vfs_has_positions(f) ? 0 : -ESPIPE; }

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
        err = vfs_write_refused(f);
    if (err)
        return err;
    inode_remove_privs(f->inode);
    return f->fops->write(f, buf, n, &pos);
}

long vfs_write(struct file *f, struct iobuf *buf, size_t n)
{
    long err = vfs_write_refused(f);
    if (err)
        return err;
    inode_remove_privs(f->inode);
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
    if (!vfs_can_write(f))
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
