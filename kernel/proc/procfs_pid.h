/* kernel/proc/procfs_pid.h: /proc/PID (procfs_pid.c). */
#ifndef PAGELAB_PROC_PROCFS_PID_H
#define PAGELAB_PROC_PROCFS_PID_H

/* Tells /proc which processes exist (kernel/fs/procfs.h). */
void procfs_pid_init(void);

#include <stddef.h>
/* /proc/PID/status and /proc/PID/task/TID/status (procfs_status.c). */
long procfs_show_status(void *arg, char *buf, size_t size);
struct proc;
/* A task's state as status shows it ("T (stopped)"); stat shows its letter. */
const char *procfs_state_name(const struct proc *p);
struct inode;
/* The links of /proc/PID (procfs_link.c), as struct procfs_processes has them. */
long procfs_pid_link(int pid, int what, char *buf, size_t size, struct inode **jump);
int procfs_pid_nth_fd(int pid, int index);

#endif
