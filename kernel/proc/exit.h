/* kernel/proc/exit.h: ending processes and waiting for them. */
#ifndef PAGELAB_PROC_EXIT_H
#define PAGELAB_PROC_EXIT_H

#include "kernel/proc/proc.h"

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

void fork_init(void);
void exit_init(void);
void exec_init(void);

#endif
