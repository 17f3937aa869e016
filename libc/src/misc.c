/* misc.c: small stdlib and unistd helpers (abs, div, rand, getopt, assert, hostname). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/utsname.h>
#include <pagelab/syscalls.h>
#include "libc_internal.h"

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }
div_t div(int a, int b) { return (div_t){ a / b, a % b }; }
ldiv_t ldiv(long a, long b) { return (ldiv_t){ a / b, a % b }; }

/* A 31-bit linear congruential generator (the constants of C's example). */
int rand_r(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned hi = *seed >> 16;
    *seed = *seed * 1103515245u + 12345u;
    return (int)(((hi << 16) ^ (*seed >> 1)) & RAND_MAX);
}

static unsigned rand_seed = 1;
int rand(void) { return rand_r(&rand_seed); }
void srand(unsigned seed) { rand_seed = seed; }

void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
    fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, func, expr);
    abort();
}

int gethostname(char *name, size_t len)
{
    struct utsname u;
    if (uname(&u) < 0)
        return -1;
    size_t n = strlen(u.nodename);
    if (n >= len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(name, u.nodename, n + 1);
    return 0;
}

/* getopt: POSIX's single-letter options; "ab:" means -a, and -b with an argument. */
char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos = 1;   /* position within a cluster like -abc */

int getopt(int argc, char *const argv[], const char *opts)
{
    if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || !argv[optind][1])
        return -1;
    if (!strcmp(argv[optind], "--")) {
        optind++;
        return -1;
    }
    int c = argv[optind][optpos++];
    const char *spec = c == ':' ? 0 : strchr(opts, c);
    int quiet = opts[0] == ':';
    if (!argv[optind][optpos]) {
        optind++;
        optpos = 1;
    }
    if (!spec) {
        optopt = c;
        if (opterr && !quiet)
            fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
        return '?';
    }
    if (spec[1] == ':') {
        if (optpos > 1) {            /* argument glued on: -bvalue */
            optarg = &argv[optind][optpos];
            optind++;
            optpos = 1;
        } else if (optind < argc) {
            optarg = argv[optind++];
        } else {
            optopt = c;
            if (opterr && !quiet)
                fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
            return quiet ? ':' : '?';
        }
    }
    return c;
}

int pagelab_ledger_get(int scope, struct ledger_counts *out)
{
    return (int)__syscall_ret(__sys2(SYS_pagelab_ledger, scope, out));
}

int pagelab_ledger_reset(void)
{
    return (int)__syscall_ret(__sys0(SYS_pagelab_ledger_reset));
}

int pagelab_trace(int fd, int flags)
{
    return (int)__syscall_ret(__sys2(SYS_pagelab_trace, fd, flags));
}

long pagelab_copy_trace(int op, struct copy_trace_event *buf, size_t max)
{
    return __syscall_ret(__sys3(SYS_pagelab_copy_trace, op, buf, max));
}
