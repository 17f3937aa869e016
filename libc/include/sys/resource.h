/* sys/resource.h (POSIX): getrusage, getrlimit/setrlimit, getpriority/setpriority.  struct
   rusage is Linux's x86-64 layout. */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H
#include <sys/time.h>
#include <sys/types.h>
#include <pagelab/resource_values.h>

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

struct rusage {
    struct timeval ru_utime;   /* user CPU time */
    struct timeval ru_stime;   /* system CPU time */
    long ru_maxrss;
    long ru_ixrss;
    long ru_idrss;
    long ru_isrss;
    long ru_minflt;            /* page faults resolved without I/O */
    long ru_majflt;            /* page faults that read from the disk */
    long ru_nswap;
    long ru_inblock;
    long ru_oublock;
    long ru_msgsnd;
    long ru_msgrcv;
    long ru_nsignals;
    long ru_nvcsw;
    long ru_nivcsw;
};

int getrusage(int who, struct rusage *usage);

/* Resource limits (RLIMIT_* in pagelab/resource_values.h) over prlimit64. */
typedef unsigned long rlim_t;
struct rlimit {
    rlim_t rlim_cur; /* the soft limit, enforced */
    rlim_t rlim_max; /* the hard limit, the soft one's ceiling */
};
int getrlimit(int resource, struct rlimit *rlim);
int setrlimit(int resource, const struct rlimit *rlim);
int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit);
/* The nice value (-20..19) of a thread, process group or user's processes
   (PRIO_PROCESS, PRIO_PGRP, PRIO_USER; who 0: the caller's own). */
int getpriority(int which, id_t who);
int setpriority(int which, id_t who, int prio);

#endif
