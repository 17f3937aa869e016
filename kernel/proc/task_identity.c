/*
 * kernel/proc/task_identity.c: the running task as the layers below see it
 * (kernel/lib/task.h).
 *
 * pagelab has no credentials yet: every process runs as root, as getuid and
 * geteuid say (kernel/syscall/sys_misc.c).
 */
#include "kernel/lib/task.h"
#include "kernel/proc/proc.h"

#define ROOT_UID 0

void task_current_cred(struct task_cred *out)
{
    out->pid = current && !current->is_kthread ? current->tgid : 0;
    out->uid = 0;
    out->gid = 0;
}

bool task_pid_exists(int32_t pid) { return pid > 0 && proc_find_process(pid) != NULL; }

int task_tid(void) { return current->pid; }

/* The thread group's id: every thread of a process answers the same. */
int task_tgid(void) { return current->tgid; }

uint32_t task_euid(void) { return ROOT_UID; }

struct files *task_files(void) { return current->files; }
