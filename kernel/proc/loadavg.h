/* kernel/proc/loadavg.h: the load average (loadavg.c). */
#ifndef PAGELAB_PROC_LOADAVG_H
#define PAGELAB_PROC_LOADAVG_H

#include <stdint.h>

/* Called every timer tick: samples the runnable tasks every 5 seconds. */
void loadavg_tick(uint64_t now_ns);
/* The 1, 5 and 15 minute averages in fixed point with shift fraction bits
   (sysinfo(2): 16). */
void loadavg_get(unsigned long out[3], int shift);
/* Tasks that exist (threads included, the idle task not). */
unsigned long loadavg_tasks(void);

#endif
