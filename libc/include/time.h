/* time.h (C11 7.27, POSIX clocks). */
#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>

struct timespec {
    time_t tv_sec;
    long tv_nsec;
};

struct tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
    long tm_gmtoff;
    const char *tm_zone;
};

#include <pagelab/clock_values.h>
#define CLOCKS_PER_SEC 1000000L

struct itimerspec {
    struct timespec it_interval;
    struct timespec it_value;
};

time_t time(time_t *t);
clock_t clock(void);
int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *res);
int clock_getcpuclockid(pid_t pid, clockid_t *clk);
int nanosleep(const struct timespec *req, struct timespec *rem);
struct tm *gmtime_r(const time_t *restrict t, struct tm *restrict out);
struct tm *gmtime(const time_t *t);
/* pagelab has no time zones: local time is UTC. */
struct tm *localtime_r(const time_t *restrict t, struct tm *restrict out);
struct tm *localtime(const time_t *t);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm);
char *asctime_r(const struct tm *restrict tm, char *restrict buf);
char *ctime_r(const time_t *t, char *buf);
char *ctime(const time_t *t);
double difftime(time_t a, time_t b);

/* POSIX per-process timers (timer_create(2)).  SIGEV_THREAD runs the
   notify function on a helper thread, one per timer (libc/src/timer.c). */
struct sigevent;
int timer_create(clockid_t clk, struct sigevent *restrict sev, timer_t *restrict timerid);
int timer_settime(timer_t t, int flags, const struct itimerspec *restrict value,
                  struct itimerspec *restrict old);
int timer_gettime(timer_t t, struct itimerspec *value);
int timer_getoverrun(timer_t t);
int timer_delete(timer_t t);

#endif
