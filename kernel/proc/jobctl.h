/*
 * kernel/proc/jobctl.h: job control (POSIX "Job Control", signal(7)):
 * stopping a whole process with SIGSTOP, SIGTSTP, SIGTTIN or SIGTTOU (their
 * default action), continuing it with SIGCONT, and telling its parent
 * (SIGCHLD with CLD_STOPPED/CLD_CONTINUED unless SA_NOCLDSTOP; wait4 with
 * WUNTRACED, WCONTINUED).  The parent's side of a child's exit is here too:
 * SIGCHLD with CLD_EXITED/CLD_KILLED, and the automatic reaping a parent
 * asks for by ignoring SIGCHLD or by SA_NOCLDWAIT.
 *
 * A stop takes the whole thread group, as on Linux: the task that takes
 * the stop signal marks the group stopped; every task of it then sleeps on
 * its way back to user mode (interruptible sleeps end early for that) until
 * SIGCONT clears the mark or SIGKILL ends the process.
 */
#ifndef PAGELAB_PROC_JOBCTL_H
#define PAGELAB_PROC_JOBCTL_H

#include <stdbool.h>

#define JOBCTL_REPORT_STOP 1 /* thread_group.wait_report */
#define JOBCTL_REPORT_CONT 2

struct proc;
struct thread_group;

/* Sending sig to g's process (interrupts off): SIGCONT continues it and
   drops its pending stop signals; a stop signal drops a pending SIGCONT. */
void jobctl_signal_sent(struct thread_group *g, int sig);
/* The running task took stop signal sig with its default action: its
   process stops (the parent is told once). */
void jobctl_stop(int sig);
/* The running task's process is stopped: sleeps until it is continued or
   killed. */
void jobctl_stopped_wait(void);

/* The process led by leader has ended with wait status `status`: its
   parent gets the exit signal with CLD_EXITED/CLD_KILLED.  True when the
   parent reaps it automatically (SIGCHLD ignored, or SA_NOCLDWAIT): it is
   no longer the parent's child then. */
bool jobctl_notify_exit(struct proc *leader, int status);

/* wait4: has child c (a leader) a stop (WUNTRACED) or continue
   (WCONTINUED) not yet reported? */
bool jobctl_waitable(const struct proc *c, int options);
/* Takes that report: the wait status word (0x7f | sig << 8, or 0xffff). */
int jobctl_take_report(struct proc *c);
/* SIGCHLD's si_code for a wait status word (CLD_EXITED, CLD_KILLED,
   CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED) and, in *value, its si_status:
   the exit code or the signal. */
int jobctl_cld_code(int status, int *value);
/* The same, left in place (waitid's WNOWAIT). */
int jobctl_peek_report(const struct proc *c);

#endif
