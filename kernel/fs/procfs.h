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

/* What procfs asks of the process layer (kernel/proc/procfs_pid.c). */
struct procfs_processes {
    int (*self)(void);                   /* the caller's pid */
    int (*nth)(int index);               /* the index-th process's pid, or -1 past the last */
    int (*nth_task)(int pid, int index); /* its index-th thread's id, or -1 */
};
void procfs_set_processes(const struct procfs_processes *ops);

/* Mounts /proc on the root file system.  0 or -errno. */
int procfs_mount(void);

#endif
