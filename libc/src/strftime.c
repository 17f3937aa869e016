/*
 * strftime.c: broken-down time <-> seconds and formatting.  pagelab has no
 * time zone database, so local time is UTC (as glibc with TZ=UTC).
 */
#include <time.h>
#include <stdio.h>
#include <string.h>

struct tm *localtime_r(const time_t *t, struct tm *out)
{
    gmtime_r(t, out);
    out->tm_zone = "UTC";   /* the zone's name, where gmtime says "GMT" */
    return out;
}

struct tm *localtime(const time_t *t)
{
    static struct tm tm;
    return localtime_r(t, &tm);
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian; any month
 * count is normalised into years first). */
static long days_from_civil(long y, long m, long d)
{
    y += m / 12;
    m %= 12;
    if (m < 0) {
        m += 12;
        y--;
    }
    /* Count from March so the leap day is the last day of the "year". */
    long yy = m < 2 ? y - 1 : y;
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long mp = (m + 10) % 12;   /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

time_t timegm(struct tm *tm)
{
    long days = days_from_civil(tm->tm_year + 1900L, tm->tm_mon, tm->tm_mday);
    time_t t = days * 86400 + tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec;
    gmtime_r(&t, tm);   /* normalise the fields, fill wday and yday */
    return t;
}

time_t mktime(struct tm *tm) { return timegm(tm); }

static const char *const day_names[] = { "Sunday", "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday" };
static const char *const month_names[] = { "January", "February", "March", "April", "May",
                                           "June", "July", "August", "September", "October",
                                           "November", "December" };

struct out {
    char *p;
    size_t left;
    int overflow;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (n >= o->left) {
        o->overflow = 1;
        return;
    }
    memcpy(o->p, s, n);
    o->p += n;
    o->left -= n;
}

static void putf(struct out *o, const char *fmt, long v)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), fmt, v);
    put(o, buf, (size_t)n);
}

static void format(struct out *o, const char *fmt, const struct tm *tm)
{
    for (; *fmt && !o->overflow; fmt++) {
        if (*fmt != '%') {
            put(o, fmt, 1);
            continue;
        }
        const char *name;
        switch (*++fmt) {
        case 'a': name = day_names[tm->tm_wday % 7]; put(o, name, 3); break;
        case 'A': name = day_names[tm->tm_wday % 7]; put(o, name, strlen(name)); break;
        case 'b':
        case 'h': name = month_names[tm->tm_mon % 12]; put(o, name, 3); break;
        case 'B': name = month_names[tm->tm_mon % 12]; put(o, name, strlen(name)); break;
        case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
        case 'C': putf(o, "%02ld", (tm->tm_year + 1900L) / 100); break;
        case 'd': putf(o, "%02ld", tm->tm_mday); break;
        case 'D': format(o, "%m/%d/%y", tm); break;
        case 'e': putf(o, "%2ld", tm->tm_mday); break;
        case 'F': format(o, "%Y-%m-%d", tm); break;
        case 'H': putf(o, "%02ld", tm->tm_hour); break;
        case 'I': putf(o, "%02ld", tm->tm_hour % 12 ? tm->tm_hour % 12 : 12); break;
        case 'j': putf(o, "%03ld", tm->tm_yday + 1L); break;
        case 'm': putf(o, "%02ld", tm->tm_mon + 1L); break;
        case 'M': putf(o, "%02ld", tm->tm_min); break;
        case 'n': put(o, "\n", 1); break;
        case 'p': put(o, tm->tm_hour < 12 ? "AM" : "PM", 2); break;
        case 'r': format(o, "%I:%M:%S %p", tm); break;
        case 'R': format(o, "%H:%M", tm); break;
        case 's': {
            struct tm copy = *tm;
            putf(o, "%ld", (long)timegm(&copy));
            break;
        }
        case 'S': putf(o, "%02ld", tm->tm_sec); break;
        case 't': put(o, "\t", 1); break;
        case 'T': format(o, "%H:%M:%S", tm); break;
        case 'u': putf(o, "%ld", tm->tm_wday ? tm->tm_wday : 7L); break;
        case 'w': putf(o, "%ld", tm->tm_wday); break;
        case 'x': format(o, "%m/%d/%y", tm); break;
        case 'X': format(o, "%H:%M:%S", tm); break;
        case 'y': putf(o, "%02ld", (tm->tm_year + 1900L) % 100); break;
        case 'Y': putf(o, "%ld", tm->tm_year + 1900L); break;
        case 'z': put(o, "+0000", 5); break;
        case 'Z': name = tm->tm_zone ? tm->tm_zone : ""; put(o, name, strlen(name)); break;
        case '%': put(o, "%", 1); break;
        case 0: fmt--; break;
        default: put(o, fmt - 1, 2); break;   /* unknown: copied as written */
        }
    }
}

size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
    struct out o = { s, max, 0 };
    if (max == 0)
        return 0;
    format(&o, fmt, tm);
    if (o.overflow)
        return 0;
    *o.p = 0;
    return (size_t)(o.p - s);
}

char *asctime_r(const struct tm *tm, char *buf)
{
    strftime(buf, 26, "%a %b %e %H:%M:%S %Y\n", tm);
    return buf;
}

char *ctime_r(const time_t *t, char *buf)
{
    struct tm tm;
    return asctime_r(gmtime_r(t, &tm), buf);
}

char *ctime(const time_t *t)
{
    static char buf[26];
    return ctime_r(t, buf);
}
