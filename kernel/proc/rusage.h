/* kernel/proc/rusage.h: getrusage(2) and wait4's usage report. */
#ifndef PAGELAB_PROC_RUSAGE_H
#define PAGELAB_PROC_RUSAGE_H

#include <stdint.h>

/* Writes a Linux struct rusage with the given fault counts (the other
   fields 0: pagelab keeps no CPU times yet) to user address uaddr.
   0 or -EFAULT. */
int rusage_copy_out(uint64_t uaddr, uint64_t min_flt, uint64_t maj_flt);
void rusage_init(void);

#endif
