/* timefmt.c: gmtime/localtime, mktime and strftime; run with TZ=UTC, its
 * output must match glibc's byte for byte.  Also mkstemp and mkdtemp. */
#define _GNU_SOURCE   /* timegm, mkdtemp */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    const time_t samples[] = { 0, 1, 59, 86399, 86400, 951782400, 951868799, 1000000000,
                               1234567890, 1700000000, 2147483647, 4102444800, -1, -86401,
                               -2208988800 };
    const char *formats[] = { "%Y-%m-%d %H:%M:%S", "%a %A %b %B %h", "%c", "%D %F %T %R",
                              "%e|%j|%u|%w|%y|%C", "%I %p %r", "%x %X", "%Z %z %%", "%s" };
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
        struct tm g, l;
        gmtime_r(&samples[i], &g);
        localtime_r(&samples[i], &l);
        printf("%ld: %d %d %d %d %d %d wday %d yday %d | same local %d\n", (long)samples[i],
               g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, g.tm_wday,
               g.tm_yday, memcmp(&g, &l, offsetof(struct tm, tm_isdst)) == 0);
        for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
            char buf[128];
            size_t n = strftime(buf, sizeof(buf), formats[f], &g);
            printf("  [%s] %zu\n", buf, n);
        }
        struct tm back = g;
        printf("  mktime %ld timegm %ld\n", (long)mktime(&back), (long)timegm(&g));
    }
    struct tm odd = { .tm_year = 100, .tm_mon = 13, .tm_mday = 35, .tm_hour = 25, .tm_min = 61 };
    time_t t = mktime(&odd);   /* out-of-range fields are normalised */
    char buf[64];
    strftime(buf, sizeof(buf), "%F %T %a", &odd);
    printf("normalised %ld %s yday %d\n", (long)t, buf, odd.tm_yday);
    printf("too small: %zu\n", strftime(buf, 5, "%Y-%m-%d", &odd));
    printf("ctime %s", ctime(&t));

    char name[] = "/tmp/libc-test-XXXXXX";
    int fd = mkstemp(name);
    printf("mkstemp %s\n", fd >= 0 && strncmp(name, "/tmp/libc-test-", 15) == 0 &&
           strcmp(name + 15, "XXXXXX") != 0 ? "ok" : "failed");
    unlink(name);
    close(fd);
    char dir[] = "/tmp/libc-testdir-XXXXXX";
    printf("mkdtemp %s\n", mkdtemp(dir) && rmdir(dir) == 0 ? "ok" : "failed");
    char bad[] = "/tmp/no-x";
    printf("mkstemp bad template %d\n", mkstemp(bad));
    return 0;
}
