/*
 * kernel/proc/ipc_task.c: the calling task as IPC mechanisms see it
 * (kernel/ipc/ipc_task.h).
 *
 * A process is one thread today, so the thread id and the process id are
 * both its pid; when threads arrive, tgid becomes the group leader's.
 * pagelab has no credentials yet: every process runs as root, as getuid and
 * geteuid say (kernel/syscall/sys_misc.c).
 */
#include "kernel/ipc/ipc_task.h"
#include "kernel/proc/proc.h"

#define ROOT_UID 0

int ipc_task_tid(void) { return current->pid; }

int ipc_task_tgid(void) { return current->pid; }

uint32_t ipc_task_euid(void) { return ROOT_UID; }

struct files *ipc_task_files(void) { return current->files; }
