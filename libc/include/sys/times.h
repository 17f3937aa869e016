/* sys/times.h (POSIX): times(2), in clock ticks of sysconf(_SC_CLK_TCK). */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H
#include <sys/types.h>
#include <time.h>

struct tms {
    clock_t tms_utime;  /* the process's user time */
    clock_t tms_stime;  /* and system time */
    clock_t tms_cutime; /* its waited-for children's */
    clock_t tms_cstime;
};

clock_t times(struct tms *buf);

#endif
