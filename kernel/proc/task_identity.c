/*
 * kernel/proc/task_identity.c: the running task as the layers below see it
 * (kernel/lib/task.h).
 *
 * The ids are the process's effective ones (kernel/proc/cred.c), as Linux's
 * SO_PEERCRED and SCM_CREDENTIALS give.
 */
#include "kernel/lib/task.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"

void task_current_cred(struct task_cred *out)
{
    out->pid = current && !current->is_kthread ? current->tgid : 0;
    const struct cred *c = cred_current();
    out->uid = c->euid;
    out->gid = c->egid;
}

bool task_pid_exists(int32_t pid) { return pid > 0 && proc_find_process(pid) != NULL; }

int task_tid(void) { return current->pid; }

/* The thread group's id: every thread of a process answers the same. */
int task_tgid(void) { return current->tgid; }

uint32_t task_euid(void) { return cred_current()->euid; }

struct files *task_files(void) { return current->files; }
struct fs_context *task_fs(void) { return current->fs; }
