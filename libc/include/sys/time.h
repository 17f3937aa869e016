/* sys/time.h (POSIX). */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H
#include <sys/types.h>
#include <time.h>

struct timeval {
    time_t tv_sec;
    suseconds_t tv_usec;
};

struct timezone {
    int tz_minuteswest;
    int tz_dsttime;
};

int gettimeofday(struct timeval *restrict tv, void *restrict tz);
/* The access and modification times of a file, in microseconds (NULL:
   both now); futimesat's path is relative to dirfd. */
int utimes(const char *path, const struct timeval times[2]);
int futimesat(int dirfd, const char *path, const struct timeval times[2]);

#endif
