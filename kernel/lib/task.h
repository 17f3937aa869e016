/*
 * kernel/lib/task.h: who the running task is, for the layers below the
 * process layer.  A Unix socket records its peer's credentials
 * (SO_PEERCRED) and stamps each message with its sender's (SCM_CREDENTIALS);
 * binder names the sender to the receiver and installs descriptors in the
 * receiver's table; none of them knows what a process is.  The process
 * layer answers (kernel/proc/task_identity.c), as the scheduler answers
 * kernel/lib/wait.h's calls.  All of them describe the running task.
 */
#ifndef PAGELAB_LIB_TASK_H
#define PAGELAB_LIB_TASK_H

#include <stdbool.h>
#include <stdint.h>

struct files;
struct fs_context;

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

/* The calling thread's id (gettid). */
int task_tid(void);
/* The id of the process it belongs to (getpid: the thread group's). */
int task_tgid(void);
/* Its effective user id (geteuid). */
uint32_t task_euid(void);
/* The running system call's EINTR is final: no SA_RESTART restart (Linux
   answers a plain EINTR rather than ERESTARTSYS, e.g. a socket call with
   SO_RCVTIMEO or SO_SNDTIMEO set; kernel/proc/sigrestart.c). */
void task_no_restart(void);
/* Its descriptor table (kernel/fs/fdtable.h); NULL for a kernel thread. */
struct files *task_files(void);
/* Its current directory and umask (kernel/fs/fdtable.h); NULL likewise. */
struct fs_context *task_fs(void);

#endif
