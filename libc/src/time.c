/* time.c: clocks and sleeping (time.h, sys/time.h, unistd.h sleep). */
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <errno.h>
#include "libc_internal.h"

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    return (int)__syscall_ret(__sys2(SYS_clock_gettime, clk, ts));
}

int clock_getres(clockid_t clk, struct timespec *res)
{
    return (int)__syscall_ret(__sys2(SYS_clock_getres, clk, res));
}

int gettimeofday(struct timeval *tv, void *tz)
{
    return (int)__syscall_ret(__sys2(SYS_gettimeofday, tv, tz));
}

time_t time(time_t *t)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return (time_t)-1;
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

clock_t clock(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
        return (clock_t)-1;
    return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)__syscall_ret(__sys2(SYS_nanosleep, req, rem));
}

unsigned sleep(unsigned seconds)
{
    struct timespec req = { seconds, 0 }, rem;
    if (nanosleep(&req, &rem) < 0 && errno == EINTR)
        return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
    return 0;
}

int usleep(useconds_t usec)
{
    struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, 0);
}

double difftime(time_t a, time_t b) { return (double)(a - b); }

/* Civil date from days since 1970-01-01 (proleptic Gregorian, UTC). */
struct tm *gmtime_r(const time_t *t, struct tm *out)
{
    long secs = *t, days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    out->tm_hour = (int)(rem / 3600);
    out->tm_min = (int)(rem % 3600 / 60);
    out->tm_sec = (int)(rem % 60);
    out->tm_wday = (int)((days % 7 + 11) % 7);   /* 1970-01-01 was a Thursday */
    long year = 1970;
    for (;;) {
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        long ylen = 365 + leap;
        if (days >= 0 && days < ylen)
            break;
        if (days < 0) {
            year--;
            int pl = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            days += 365 + pl;
        } else {
            days -= ylen;
            year++;
        }
    }
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    out->tm_year = (int)(year - 1900);
    out->tm_yday = (int)days;
    int mon = 0;
    while (days >= mdays[mon] + (mon == 1 && leap)) {
        days -= mdays[mon] + (mon == 1 && leap);
        mon++;
    }
    out->tm_mon = mon;
    out->tm_mday = (int)days + 1;
    out->tm_isdst = 0;
    out->tm_gmtoff = 0;
    out->tm_zone = "GMT";   /* as glibc names it */
    return out;
}

struct tm *gmtime(const time_t *t)
{
    static struct tm tm;
    return gmtime_r(t, &tm);
}

int utimes(const char *path, const struct timeval times[2])
{
    return (int)__syscall_ret(__sys2(SYS_utimes, path, times));
}

int futimesat(int dirfd, const char *path, const struct timeval times[2])
{
    return (int)__syscall_ret(__sys3(SYS_futimesat, dirfd, path, times));
}
