/*
 * kernel/proc/rlimit.h: resource limits, per process (getrlimit(2),
 * setrlimit, prlimit64), with Linux's numbers and defaults.
 *
 * Enforced: RLIMIT_NPROC (clone/fork fail with EAGAIN when the tasks in the
 * system, threads included, reach it: pagelab has one user, so "the user's
 * tasks" are all of them, and unlike Linux root is not exempt, so a thread
 * or fork bomb always ends at the limit).  Reported as Linux's defaults
 * for the rest: RLIMIT_NOFILE is the descriptor table's size, RLIMIT_STACK
 * the main stack's, the others unlimited.
 */
#ifndef PAGELAB_PROC_RLIMIT_H
#define PAGELAB_PROC_RLIMIT_H

#include <stdint.h>
#include "libc/include/pagelab/resource_values.h"

struct rlimit_linux {
    uint64_t cur, max;
};

struct thread_group;

/* Fills rlim with the limits a process starts with. */
void rlimit_defaults(struct rlimit_linux *rlim);
/* prlimit64's work on g: the old values into *old (if old), then the new
   ones from *new (if new).  0, -EINVAL (bad resource, cur > max), -EPERM
   (raising a hard limit is allowed: pagelab's one user is root). */
int rlimit_change(struct thread_group *g, int resource, const struct rlimit_linux *new,
                  struct rlimit_linux *old);

#endif
