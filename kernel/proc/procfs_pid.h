/* kernel/proc/procfs_pid.h: /proc/PID (procfs_pid.c). */
#ifndef PAGELAB_PROC_PROCFS_PID_H
#define PAGELAB_PROC_PROCFS_PID_H

/* Tells /proc which processes exist (kernel/fs/procfs.h). */
void procfs_pid_init(void);

#endif
