/* kernel/proc/procfs_copies.h: /proc/copies and /proc/PID/copies (procfs_copies.c). */
#ifndef PAGELAB_PROC_PROCFS_COPIES_H
#define PAGELAB_PROC_PROCFS_COPIES_H

#include <stddef.h>

/* synth_show_fn: the whole kernel's ledger; one process's (arg: its pid). */
long procfs_show_global_copies(void *arg, char *buf, size_t size);
long procfs_show_pid_copies(void *arg, char *buf, size_t size);

#endif
