/*
 * pagelab/resource_values.h: resource limits (getrlimit(2), prlimit64),
 * Linux's numbers (include/uapi/asm-generic/resource.h), shared by the
 * kernel and our libc.
 */
#ifndef PAGELAB_UAPI_RESOURCE_VALUES_H
#define PAGELAB_UAPI_RESOURCE_VALUES_H

#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6 /* tasks (threads included) the user may have */
#define RLIMIT_NOFILE     7
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIMIT_NLIMITS    16

#define RLIM_INFINITY (~0ull)

/* getpriority(2)/setpriority(2): whose nice value. */
#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

#endif
