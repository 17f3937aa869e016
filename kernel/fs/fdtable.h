/*
 * kernel/fs/fdtable.h: a process's open files and current directory.
 *
 * The fd table maps small integers to struct file references (vfs.h); fork
 * copies the table (both processes share each open file, offset included,
 * as POSIX says), exec closes the close-on-exec descriptors, exit closes
 * them all.  The current directory is an inode reference plus its absolute
 * path (for getcwd).  The process layer owns one table per process and
 * passes it in: this file knows nothing of processes.
 */
#ifndef PAGELAB_FS_FDTABLE_H
#define PAGELAB_FS_FDTABLE_H

#include <stdbool.h>
#include "kernel/fs/vfs.h"

#define FD_MAX        256
#define UMASK_DEFAULT 022 /* what Linux gives init; fork inherits it */

struct files {
    int refs; /* tasks sharing the table (clone with CLONE_FILES) */
    /* New descriptors stay below this: the owner's RLIMIT_NOFILE soft
       limit (at most FD_MAX), kept here by kernel/proc/rlimit.c because
       Linux checks the caller's limit wherever a descriptor is made. */
    int limit;
    struct file *fd[FD_MAX];
    bool cloexec[FD_MAX];
};

/* The current directory and the umask (Linux's fs_struct): shared by the
   tasks of clone(CLONE_FS), threads among them, copied by fork.  Apart
   from the descriptor table because clone may share one without the
   other (CLONE_FILES, CLONE_FS). */
struct fs_context {
    int refs;
    struct inode *cwd; /* NULL: the root */
    char cwd_path[PATH_MAX];
    uint32_t umask; /* umask(2): cleared from new files' modes */
};

/* An empty table; NULL when out of memory. */
struct files *files_create(void);
/* A copy for fork (one reference): every open file referenced again. */
struct files *files_dup(const struct files *t);

/* The root directory and Linux's umask for init; a copy for fork (the
   directory referenced again); exit: the last reference frees it. */
struct fs_context *fs_context_create(void);
struct fs_context *fs_context_dup(const struct fs_context *fs);
void fs_context_release(struct fs_context *fs);
/* exec: closes the close-on-exec descriptors. */
void files_close_on_exec(struct files *t);
/* exit: drops one reference; the last closes everything and frees t. */
void files_release(struct files *t);

/* The open file behind fd (no new reference), or NULL. */
struct file *fd_file(struct files *t, int fd);
/* Installs f (consuming the caller's reference) at the lowest free fd >= min:
   the fd, or -EMFILE (none free below t->limit). */
int fd_install(struct files *t, struct file *f, int min, bool cloexec);
int fd_close(struct files *t, int fd);
/* t's process is dropping one of its descriptors of f (close, dup2 over
   it, close-on-exec, exit), before its reference goes: its record locks
   end and f's flush op runs.  The caller then drops the reference. */
void fd_closing(struct files *t, struct file *f);
/* The directory relative paths start from for dirfd (AT_FDCWD or an open
   directory); referenced, or NULL for the root.  0 or -EBADF/-ENOTDIR. */
int fd_dir(struct files *t, const struct fs_context *fs, int dirfd, struct inode **out);

#endif
