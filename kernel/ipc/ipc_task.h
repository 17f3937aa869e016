/*
 * kernel/ipc/ipc_task.h: what an IPC mechanism needs to know of the task
 * calling it: its thread and process ids, its effective user id and its
 * descriptor table (binder names the sender to the receiver and installs
 * descriptors in the receiver).
 *
 * The process layer sits above ipc/, so it implements these calls
 * (kernel/proc/ipc_task.c) and this header only declares them, as
 * kernel/lib/wait.h declares the scheduler's: ipc/ never sees struct proc.
 * All of them describe the running task and must be called from a task.
 */
#ifndef PAGELAB_IPC_IPC_TASK_H
#define PAGELAB_IPC_IPC_TASK_H

#include <stdint.h>

struct files;

/* The calling thread's id (gettid). */
int ipc_task_tid(void);
/* The id of the process it belongs to (getpid: the thread group's leader). */
int ipc_task_tgid(void);
/* Its effective user id (geteuid). */
uint32_t ipc_task_euid(void);
/* Its descriptor table (kernel/fs/fdtable.h); NULL for a kernel thread. */
struct files *ipc_task_files(void);

#endif
