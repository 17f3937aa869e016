/* sys/prctl.h (Linux): operations on the calling thread or process; the
   options pagelab has (kernel/syscall/sys_prctl.c). */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H

#include <pagelab/prctl_values.h>

int prctl(int option, ...);

#endif
