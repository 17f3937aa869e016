/* kernel/proc/exit.h: ending processes and waiting for them. */
#ifndef PAGELAB_PROC_EXIT_H
#define PAGELAB_PROC_EXIT_H

#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"

/* Linux wait status words (see wait(2), bits/waitstatus.h). */
static inline int wait_status_exited(int code) { return (code & 0xff) << 8; }
static inline int wait_status_signaled(int sig) { return sig & 0x7f; }

/* Ends the current process with wait status `status`; never returns. */
void proc_exit(int status) __attribute__((noreturn));
/* Frees a child that never ran (fork failed half-way). */
void proc_discard(struct proc *p);
long proc_fork(struct trap_frame *tf);
/* Frees kernel threads that have ended (the idle loop calls it). */
void proc_reap_kthreads(void);

/* wait4(2): reaps a zombie child matching pid (-1 any, >0 that pid, 0 the
   caller's group, < -1 group -pid), filling *status and *ru.  The child's
   pid, 0 (WNOHANG and none has exited), -ECHILD, -EINTR or -EINVAL. */
long proc_wait(int pid, int options, int *status, struct rusage_linux *ru);

#endif
