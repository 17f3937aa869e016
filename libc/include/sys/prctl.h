/* sys/prctl.h (Linux): operations on the calling thread or process; the
   options pagelab has (kernel/syscall/sys_prctl.c). */
#ifndef _SYS_PRCTL_H
#define _SYS_PRCTL_H

#define PR_SET_PDEATHSIG       1
#define PR_GET_PDEATHSIG       2
#define PR_GET_DUMPABLE        3
#define PR_SET_DUMPABLE        4
#define PR_SET_NAME            15
#define PR_GET_NAME            16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37

int prctl(int option, ...);

#endif
