/* kernel/fs/fdtable.c: fd tables and the current directory (fs_context): their fork/exec/exit life cycle. */
#include "kernel/fs/fdtable.h"
#include "kernel/fs/flock.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

struct files *files_create(void)
{
    struct files *t = kzalloc(sizeof *t);
    if (!t)
        return NULL;
    t->refs = 1;
    t->limit = FD_MAX;
    return t;
}

struct fs_context *fs_context_create(void)
{
    struct fs_context *fs = kzalloc(sizeof *fs);
    if (!fs)
        return NULL;
    strlcpy(fs->cwd_path, "/", sizeof fs->cwd_path);
    fs->umask = UMASK_DEFAULT;
    fs->refs = 1;
    return fs;
}

struct fs_context *fs_context_dup(const struct fs_context *pfs)
{
    struct fs_context *fs = kmalloc(sizeof *fs);
    if (!fs)
        return NULL;
    memcpy(fs, pfs, sizeof *fs); /* bookkeeping: a path and two numbers */
    fs->refs = 1;
    if (fs->cwd)
        inode_get(fs->cwd);
    return fs;
}

void fs_context_release(struct fs_context *fs)
{
    if (--fs->refs > 0)
        return;
    if (fs->cwd)
        inode_put(fs->cwd);
    kfree(fs);
}

struct files *files_dup(const struct files *pt)
{
    struct files *ct = kmalloc(sizeof *ct);
    if (!ct)
        return NULL;
    memcpy(ct, pt, sizeof *ct);
    ct->refs = 1;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (ct->fd[fd])
            file_get(ct->fd[fd]);
    return ct;
}

void files_close_on_exec(struct files *t)
{
    for (int fd = 0; fd < FD_MAX; fd++)
        if (t->fd[fd] && t->cloexec[fd]) {
            fd_closing(t, t->fd[fd]);
            file_put(t->fd[fd]);
            t->fd[fd] = NULL;
            t->cloexec[fd] = false;
        }
}

void files_release(struct files *t)
{
    if (--t->refs > 0)
        return;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (t->fd[fd]) {
            fd_closing(t, t->fd[fd]); /* a process's record locks end with it */
            file_put(t->fd[fd]);
        }
    kfree(t);
}

struct file *fd_file(struct files *t, int fd)
{
    if (!t || fd < 0 || fd >= FD_MAX)
        return NULL;
    return t->fd[fd];
}

int fd_install(struct files *t, struct file *f, int min, bool cloexec)
{
    for (int fd = min < 0 ? 0 : min; fd < t->limit; fd++)
        if (!t->fd[fd]) {
            t->fd[fd] = f;
            t->cloexec[fd] = cloexec;
            return fd;
        }
    return -EMFILE;
}

int fd_close(struct files *t, int fd)
{
    if (fd < 0 || fd >= FD_MAX || !t->fd[fd])
        return -EBADF;
    struct file *f = t->fd[fd];
    t->fd[fd] = NULL;
    t->cloexec[fd] = false;
    fd_closing(t, f); /* POSIX: any close drops the process's record locks */
    file_put(f);
    return 0;
}

void fd_closing(struct files *t, struct file *f)
{
    locks_fd_closing(t, f);
    if (f->fops && f->fops->flush)
        f->fops->flush(f, t);
}

int fd_dir(struct files *t, const struct fs_context *fs, int dirfd, struct inode **out)
{
    struct inode *dir;
    if (dirfd == AT_FDCWD) {
        dir = fs ? fs->cwd : NULL;
    } else {
        struct file *f = fd_file(t, dirfd);
        if (!f)
            return -EBADF;
        if (!S_ISDIR(f->inode->mode))
            return -ENOTDIR;
        dir = f->inode;
    }
    if (dir)
        inode_get(dir);
    *out = dir;
    return 0;
}
