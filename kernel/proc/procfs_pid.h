/* kernel/proc/procfs_pid.h: /proc/PID (procfs_pid.c). */
#ifndef PAGELAB_PROC_PROCFS_PID_H
#define PAGELAB_PROC_PROCFS_PID_H

/* Tells /proc which processes exist (kernel/fs/procfs.h). */
void procfs_pid_init(void);

#include <stddef.h>
/* /proc/PID/status and /proc/PID/task/TID/status (procfs_status.c). */
long procfs_show_status(void *arg, char *buf, size_t size);

#endif
