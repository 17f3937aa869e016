/*
 * kernel/proc/oom.h: the out-of-memory killer.
 *
 * A page fault gets to it only when no frame could be had even after
 * reclaim: clean caches dropped, dirty pages written back, anonymous
 * memory pushed to swap (kernel/mm/vmscan.h) -- so with swap, only when
 * swap is full too.  As Linux's OOM killer, it kills the process with the
 * largest footprint (its resident pages plus its pages on swap), not
 * necessarily the one that faulted, says so in one line, and the kernel
 * carries on.
 */
#ifndef PAGELAB_PROC_OOM_H
#define PAGELAB_PROC_OOM_H

#include <stdbool.h>

/* The running process's fault found no memory.  Kills the largest process
   (never pid 1 nor a kernel thread; one victim at a time).  If that is the
   caller, it dies here; otherwise the caller waits a moment for the
   victim's memory and returns true: retry the access. */
bool oom_kill_for_fault(void);

#endif
