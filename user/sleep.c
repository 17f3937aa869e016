/* sleep NUMBER[SUFFIX]...: waits for the sum of the times, as coreutils'
 * sleep: a number may have a fraction, and a suffix s (seconds, the
 * default), m (minutes), h (hours) or d (days). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("sleep: missing operand\nTry 'sleep --help' for more information.\n", stderr);
        return 1;
    }
    double total = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        double v = strtod(argv[i], &end);
        double unit = 1;
        if (*end == 'm')
            unit = 60, end++;
        else if (*end == 'h')
            unit = 3600, end++;
        else if (*end == 'd')
            unit = 86400, end++;
        else if (*end == 's')
            end++;
        if (end == argv[i] || *end || v < 0) {
            fprintf(stderr, "sleep: invalid time interval '%s'\nTry 'sleep --help' for more information.\n",
                    argv[i]);
            return 1;
        }
        total += v * unit;
    }
    struct timespec ts = { (time_t)total, (long)((total - (double)(time_t)total) * 1e9) };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
    return 0;
}
