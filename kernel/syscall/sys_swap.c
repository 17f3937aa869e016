/*
 * kernel/syscall/sys_swap.c: swapon(2) and swapoff(2).  As on Linux, only
 * a privileged caller may (CAP_SYS_ADMIN: here, effective uid 0); the work
 * is the file layer's (kernel/fs/swapfile.h).  /proc/swaps shows the path
 * made absolute against the working directory.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/swapfile.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/task.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"

static struct inode *cwd_inode(void)
{
    struct fs_context *fs = current->fs;
    return fs ? fs->cwd : NULL;
}

/* path as /proc/swaps names it: absolute (the working directory's path in
   front of a relative one). */
static void absolute_name(const char *path, char *out, size_t size)
{
    const char *cwd = current->fs ? current->fs->cwd_path : "/";
    if (path[0] == '/' || !cwd[0])
        strlcpy(out, path, size);
    else
        snprintf(out, size, "%s%s%s", cwd, cwd[strlen(cwd) - 1] == '/' ? "" : "/", path);
}

long sys_swapon(uint64_t upath, uint64_t flags)
{
    if (task_euid() != 0)
        return -EPERM;
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    char name[128];
    absolute_name(path, name, sizeof name);
    r = swapfile_on(cwd_inode(), path, name, (int)flags);
    kfree(path);
    return r;
}

long sys_swapoff(uint64_t upath)
{
    if (task_euid() != 0)
        return -EPERM;
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    r = swapfile_off(cwd_inode(), path);
    kfree(path);
    return r;
}
