/* kernel/fs/fdtable.c: fd tables, their fork/exec/exit life cycle, and the current directory. */
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
    strlcpy(t->cwd_path, "/", sizeof t->cwd_path);
    t->umask = UMASK_DEFAULT;
    t->refs = 1;
    return t;
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
    if (ct->cwd)
        inode_get(ct->cwd);
    return ct;
}

void files_close_on_exec(struct files *t)
{
    for (int fd = 0; fd < FD_MAX; fd++)
        if (t->fd[fd] && t->cloexec[fd]) {
            locks_fd_closing(t, t->fd[fd]);
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
            locks_fd_closing(t, t->fd[fd]); /* a process's record locks end with it */
            file_put(t->fd[fd]);
        }
    if (t->cwd)
        inode_put(t->cwd);
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
    for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++)
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
    locks_fd_closing(t, f); /* POSIX: any close drops the process's record locks */
    file_put(f);
    return 0;
}

int fd_dir(struct files *t, int dirfd, struct inode **out)
{
    struct inode *dir;
    if (dirfd == AT_FDCWD) {
        dir = t->cwd;
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
