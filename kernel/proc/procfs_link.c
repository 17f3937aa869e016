/*
 * kernel/proc/procfs_link.c: the links of /proc/PID (proc(5)), Linux's
 * "magic links": following one leads to the object itself, whatever its
 * name is now (or if it has none), and readlink shows a name for it:
 *
 *   exe    the program file:        /usr/bin/ls
 *   cwd    the working directory:   /tmp
 *   root   the root directory:      /
 *   fd/N   open file N:             /etc/motd, pipe:[12], socket:[7],
 *                                   anon_inode:[eventfd], /tmp/x (deleted)
 */
#include "kernel/fs/fdtable.h"
#include "kernel/fs/procfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/procfs_pid.h"
#include "kernel/proc/proc.h"

/* snprintf's result as readlink's: the text is cut to the buffer. */
static long cut(int len, size_t size) { return len < (int)size ? len : (int)size - 1; }

static long file_link(struct file *f, char *buf, size_t size, struct inode **jump)
{
    struct inode *ino = f->inode;
    long n;
    bool gone = ino->nlink == 0 && S_ISREG(ino->mode) && !ino->mapping.unevictable;
    if (f->path)
        n = cut(snprintf(buf, size, "%s%s", f->path, gone && f->path[0] == '/' ? " (deleted)" : ""),
                size);
    else if (S_ISFIFO(ino->mode))
        n = cut(snprintf(buf, size, "pipe:[%lu]", ino->ino), size);
    else if (S_ISSOCK(ino->mode))
        n = cut(snprintf(buf, size, "socket:[%lu]", ino->ino), size);
    else
        n = cut(snprintf(buf, size, "anon_inode:[%lu]", ino->ino), size);
    if (jump) {
        inode_get(ino);
        *jump = ino;
    }
    return n;
}

static long dir_link(struct inode *dir, const char *path, char *buf, size_t size,
                     struct inode **jump)
{
    if (jump) {
        *jump = dir ? dir : vfs_root();
        if (!*jump)
            return -ENOENT;
        if (dir)
            inode_get(dir);
    }
    return cut(snprintf(buf, size, "%s", path), size);
}

static long exe_link(struct proc *p, char *buf, size_t size, struct inode **jump)
{
    struct vm_space *vm = p->vm;
    struct file *f = vm && vm->exe_ops ? vfs_exec_file(vm->exe_ops, vm->exe_obj) : NULL;
    if (!f)
        return -ENOENT; /* a kernel thread, or a program from a boot module */
    struct inode *ino = f->inode;
    if (jump) {
        inode_get(ino);
        *jump = ino;
    }
    return cut(snprintf(buf, size, "%s%s", f->path ? f->path : vm->exe_path,
                        ino->nlink ? "" : " (deleted)"),
               size);
}

long procfs_pid_link(int pid, int what, char *buf, size_t size, struct inode **jump)
{
    struct proc *p = proc_find(pid);
    if (!p || p->state == PROC_ZOMBIE)
        return -ENOENT;
    struct files *t = p->files;
    if (what == PROC_LINK_EXE)
        return exe_link(p, buf, size, jump);
    if (!t)
        return -ENOENT;
    if (what == PROC_LINK_CWD)
        return p->fs ? dir_link(p->fs->cwd, p->fs->cwd_path, buf, size, jump) : -ENOENT;
    if (what == PROC_LINK_ROOT)
        return dir_link(NULL, "/", buf, size, jump);
    struct file *f = fd_file(t, what);
    return f ? file_link(f, buf, size, jump) : -ENOENT;
}

int procfs_pid_nth_fd(int pid, int index)
{
    struct proc *p = proc_find(pid);
    if (!p || !p->files || p->state == PROC_ZOMBIE)
        return -1;
    for (int fd = 0; fd < FD_MAX; fd++)
        if (p->files->fd[fd] && index-- == 0)
            return fd;
    return -1;
}
