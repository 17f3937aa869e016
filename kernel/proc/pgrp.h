/*
 * kernel/proc/pgrp.h: process groups and sessions (credentials(7),
 * setpgid(2), setsid(2), getsid(2)), and what happens to a process group
 * that nobody outside it can continue any more (POSIX "orphaned process
 * group").
 *
 * A session is a set of process groups (a login, a terminal's jobs); a
 * process group is a set of processes (a job, a pipeline).  Both are
 * named by the pid of the process that made them, and every thread of a
 * process has the same pgid and sid.  A pid is not given to a new process
 * while a group or session of that number exists (proc.c asks
 * pgrp_id_in_use), so "sid == tgid" means "session leader".
 *
 * Interrupts off while lists are walked (one CPU; see thread_group.h).
 */
#ifndef PAGELAB_PROC_PGRP_H
#define PAGELAB_PROC_PGRP_H

#include <stdbool.h>

struct proc;

/* setpgid(2), setsid(2), getsid(2) for the running process: Linux's rules
   and errors (EPERM, ESRCH, EACCES, EINVAL). */
long pgrp_setpgid(int pid, int pgid);
long pgrp_setsid(void);
long pgrp_getsid(int pid);

/* Is id the pid, process group or session of some task (zombies count)? */
bool pgrp_id_in_use(int id);

/* Is process group pgid orphaned: does no member have a parent in the
   same session but outside the group (init does not count)?  Stop
   signals from the terminal are not for such a group (nobody could
   continue it): SIGTSTP, SIGTTIN and SIGTTOU are discarded. */
bool pgrp_orphaned(int pgid);

/* exit(3): process `ended` has ended and its children went to init.  Every
   group this orphans that has a stopped member (its own, or a child's) gets
   SIGHUP and then SIGCONT, as POSIX asks: otherwise it would stay stopped
   for ever.  Called for each child as it is reparented (child), then once
   for the process's own group (child NULL). */
void pgrp_orphaned_by_exit(struct proc *ended, struct proc *child);

#endif
