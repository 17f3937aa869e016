/*
 * kernel/fs/procfs.h: /proc.
 *
 * Its files are declared by the subsystems whose numbers they show
 * (PROC_FILE and PROC_PID_FILE, kernel/lib/procfile.h); this file system
 * only lists them, plus one directory per process and "self".  The process
 * layer, above the file system, tells it which processes exist.
 */
#ifndef PAGELAB_FS_PROCFS_H
#define PAGELAB_FS_PROCFS_H

#include <stdbool.h>
#include <stddef.h>

/* The links of /proc/PID: exe, cwd, root, and fd/N for each open fd N. */
#define PROC_LINK_EXE  (-1)
#define PROC_LINK_CWD  (-2)
#define PROC_LINK_ROOT (-3)

struct inode;

/* What procfs asks of the process layer (kernel/proc/procfs_pid.c). */
struct procfs_processes {
    int (*self)(void);     /* the caller's pid */
    int (*nth)(int index); /* the index-th process's pid, or -1 past the last */
    /* Link `what` of process pid (PROC_LINK_* or an fd number): its text
       into buf (at most size bytes): the length, or -ENOENT (no such
       process, fd or program).  jump not NULL: *jump gets the object
       (referenced), as Linux's magic links lead to it. */
    long (*link)(int pid, int what, char *buf, size_t size, struct inode **jump);
    int (*nth_fd)(int pid, int index);   /* its index-th open fd, or -1 past the last */
    int (*nth_task)(int pid, int index); /* its index-th thread's id, or -1 */
};
void procfs_set_processes(const struct procfs_processes *ops);

/* Mounts /proc on the root file system.  0 or -errno. */
int procfs_mount(void);

#endif
