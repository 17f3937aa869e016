/* kernel/proc/exit.h: ending processes and waiting for them. */
#ifndef PAGELAB_PROC_EXIT_H
#define PAGELAB_PROC_EXIT_H

#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"

/* Linux wait status words (see wait(2), bits/waitstatus.h). */
static inline int wait_status_exited(int code) { return (code & 0xff) << 8; }
static inline int wait_status_signaled(int sig) { return sig & 0x7f; }

/* Ends the current process (every thread: exit_group, a fatal signal, a
   fault) with wait status `status`, or the status of a group exit already
   under way; never returns. */
void proc_exit(int status) __attribute__((noreturn));
/* Ends the current task only (exit(2)); the process ends with its last
   task, whose status is then the process's.  Never returns. */
void proc_thread_exit(int status) __attribute__((noreturn));
/* Frees a task that never ran (clone failed half-way). */
void proc_discard(struct proc *p);

/* What clone(2) and clone3 ask for (kernel/proc/fork.c). */
struct clone_request {
    uint64_t flags;
    uint64_t exit_signal;
    uint64_t stack;      /* the new task's rsp (0: the creator's) */
    uint64_t parent_tid; /* CLONE_PARENT_SETTID */
    uint64_t child_tid;  /* CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID */
    uint64_t tls;        /* CLONE_SETTLS */
    uint64_t pidfd;      /* CLONE_PIDFD: where the new pidfd's number goes */
};
/* The new task's id, or -EINVAL (flags), -EPERM (TLS), -EAGAIN (task
   limits), -ENOMEM. */
long proc_clone(const struct clone_request *r, struct trap_frame *tf);
long proc_fork(struct trap_frame *tf);
/* execve's first step: ends the other threads of the caller's process and
   makes the caller its leader (Linux's de_thread).  0, or -EINTR when the
   process is being killed meanwhile. */
int proc_exec_single_thread(void);
/* A CLONE_VFORK creator's wait for its child, on the creator's stack: the
   child may be reaped and freed the moment it wakes the creator, so what
   the creator looks at after waking is here, never in the child. */
struct vfork_wait {
    struct proc *waiter;
    bool done; /* the child has exec'd or exited */
};
/* execve's or exit's end of a CLONE_VFORK: wakes the waiting creator. */
void proc_vfork_release(struct proc *p);
/* Frees tasks that have ended and that nobody reaps (threads, kernel
   threads): the idle loop and clone call it. */
void proc_reap_dead(void);

/* wait4(2): reaps a zombie child matching pid (-1 any, >0 that pid, 0 the
   caller's group, < -1 group -pid), filling *status and *ru.  The child's
   pid, 0 (WNOHANG and none has exited), -ECHILD, -EINTR or -EINVAL. */
long proc_wait(int pid, int options, int *status, struct rusage_linux *ru);

/* waitid(2)'s side: pid as for wait4, options with WEXITED, WNOWAIT...;
   0 with *out (pid 0: WNOHANG and nothing to report), -ECHILD, -EINTR or
   -EINVAL. */
struct wait_report {
    int pid, uid;
    int status; /* the wait status word, as wait4 gives it */
};
long proc_waitid(int pid, int options, struct wait_report *out, struct rusage_linux *ru);

#endif
