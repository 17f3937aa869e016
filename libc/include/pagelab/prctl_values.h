/*
 * pagelab/prctl_values.h: Linux's prctl(2) options that pagelab has
 * (include/uapi/linux/prctl.h), shared by the kernel (kernel/syscall/
 * sys_prctl.c) and our libc (sys/prctl.h).
 */
#ifndef PAGELAB_UAPI_PRCTL_VALUES_H
#define PAGELAB_UAPI_PRCTL_VALUES_H

#define PR_SET_PDEATHSIG       1
#define PR_GET_PDEATHSIG       2
#define PR_GET_DUMPABLE        3
#define PR_SET_DUMPABLE        4
#define PR_SET_NAME            15
#define PR_GET_NAME            16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37

#endif
