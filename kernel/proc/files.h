/*
 * kernel/proc/files.h: a process's open files and current directory.
 *
 * The fd table maps small integers to struct file references (fs/vfs.h);
 * fork copies the table (both processes share each open file, offset
 * included, as POSIX says), exec closes the close-on-exec descriptors, exit
 * closes them all.  The current directory is an inode reference plus its
 * absolute path (for getcwd).
 */
#ifndef PAGELAB_PROC_FILES_H
#define PAGELAB_PROC_FILES_H

#include <stdbool.h>
#include "kernel/fs/vfs.h"

#define FD_MAX 256

struct files {
    struct file *fd[FD_MAX];
    bool cloexec[FD_MAX];
    struct inode *cwd;            /* NULL: the root */
    char cwd_path[PATH_MAX];
    uint32_t umask;               /* umask(2): cleared from new files' modes */
};

struct proc;

/* The current process's table, created on first use.  NULL when out of memory. */
struct files *files_current(void);
/* The open file behind fd (no new reference), or NULL. */
struct file *fd_file(int fd);
/* Installs f (consuming the caller's reference) at the lowest free fd >= min:
   the fd, or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);
int fd_close(int fd);
/* The directory relative paths start from for dirfd (AT_FDCWD or an open
   directory); referenced, or NULL for the root.  0 or -EBADF/-ENOTDIR. */
int fd_dir(int dirfd, struct inode **out);

/* The current process's file-creation mask (umask(2)). */
#define UMASK_DEFAULT 022         /* what Linux gives init; fork inherits it */
uint32_t files_umask(void);

void files_init(void);

#endif
