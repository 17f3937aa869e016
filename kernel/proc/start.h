/* kernel/proc/start.h: starting the process layer and the first process. */
#ifndef PAGELAB_PROC_START_H
#define PAGELAB_PROC_START_H

/* Syscalls, scheduler (idle thread, pid 0), signals, fault resolver. */
void proc_subsystem_init(void);
/* Creates pid 1, which executes init= from the command line (default /bin/init). */
void proc_spawn_init(const char *cmdline);

/* Kernel threads of the running system (page-cache write-back): after init,
   which must be pid 1. */
void proc_start_kthreads(void);

#endif
