/* kernel/proc/start.h: starting the process layer and the first process. */
#ifndef PAGELAB_PROC_START_H
#define PAGELAB_PROC_START_H

/* Syscalls, scheduler (idle thread, pid 0), signals, fault resolver. */
void proc_subsystem_init(void);
/* Creates pid 1, which executes init= from the command line (default /bin/init). */
void proc_spawn_init(const char *cmdline);

#endif
