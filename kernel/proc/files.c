/* kernel/proc/files.c: fd tables, their fork/exec/exit life cycle, and the current directory. */
#include "kernel/proc/files.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"

struct files *files_current(void)
{
    if (!current->files) {
        struct files *t = kzalloc(sizeof *t);
        if (!t)
            return NULL;
        strlcpy(t->cwd_path, "/", sizeof t->cwd_path);
        t->umask = UMASK_DEFAULT;
        current->files = t;
    }
    return current->files;
}

uint32_t files_umask(void)
{
    struct files *t = current->files;
    return t ? t->umask : UMASK_DEFAULT;
}

struct file *fd_file(int fd)
{
    struct files *t = current->files;
    if (!t || fd < 0 || fd >= FD_MAX)
        return NULL;
    return t->fd[fd];
}

int fd_install(struct file *f, int min, bool cloexec)
{
    struct files *t = files_current();
    if (!t)
        return -ENOMEM;
    for (int fd = min < 0 ? 0 : min; fd < FD_MAX; fd++)
        if (!t->fd[fd]) {
            t->fd[fd] = f;
            t->cloexec[fd] = cloexec;
            return fd;
        }
    return -EMFILE;
}

int fd_close(int fd)
{
    struct files *t = current->files;
    if (!t || fd < 0 || fd >= FD_MAX || !t->fd[fd])
        return -EBADF;
    struct file *f = t->fd[fd];
    t->fd[fd] = NULL;
    t->cloexec[fd] = false;
    file_put(f);
    return 0;
}

int fd_dir(int dirfd, struct inode **out)
{
    struct files *t = current->files;
    struct inode *dir;
    if (dirfd == AT_FDCWD) {
        dir = t ? t->cwd : NULL;
    } else {
        struct file *f = fd_file(dirfd);
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

static int files_fork(struct proc *parent, struct proc *child)
{
    struct files *pt = parent->files;
    if (!pt)
        return 0;
    struct files *ct = kmalloc(sizeof *ct);
    if (!ct)
        return -ENOMEM;
    memcpy(ct, pt, sizeof *ct);
    for (int fd = 0; fd < FD_MAX; fd++)
        if (ct->fd[fd])
            file_get(ct->fd[fd]);
    if (ct->cwd)
        inode_get(ct->cwd);
    child->files = ct;
    return 0;
}

static void files_exec(struct proc *p)
{
    struct files *t = p->files;
    for (int fd = 0; t && fd < FD_MAX; fd++)
        if (t->fd[fd] && t->cloexec[fd]) {
            file_put(t->fd[fd]);
            t->fd[fd] = NULL;
            t->cloexec[fd] = false;
        }
}

static void files_exit(struct proc *p)
{
    struct files *t = p->files;
    if (!t)
        return;
    p->files = NULL;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (t->fd[fd])
            file_put(t->fd[fd]);
    if (t->cwd)
        inode_put(t->cwd);
    kfree(t);
}

void files_init(void)
{
    proc_files_fork = files_fork;
    proc_files_exec = files_exec;
    proc_files_exit = files_exit;
}
