/*
 * kernel/lib/task.h: who the running task is, for the layers below the
 * process layer.  A Unix socket records its peer's credentials
 * (SO_PEERCRED) and stamps each message with its sender's (SCM_CREDENTIALS)
 * without knowing what a process is; the process layer answers
 * (kernel/proc/proc.c), as the scheduler answers wait.h's calls.
 */
#ifndef PAGELAB_LIB_TASK_H
#define PAGELAB_LIB_TASK_H

#include <stdbool.h>
#include <stdint.h>

/* Linux's struct ucred (socket(7), SO_PEERCRED): 12 bytes. */
struct task_cred {
    int32_t pid; /* the process (thread group) id */
    uint32_t uid;
    uint32_t gid;
};

/* The running task's credentials (pid 0, uid and gid 0 outside a process). */
void task_current_cred(struct task_cred *out);
/* Is there a live process with this pid? */
bool task_pid_exists(int32_t pid);

#endif
