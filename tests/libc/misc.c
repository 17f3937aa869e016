/* misc.c: setjmp/longjmp, vectored I/O, getrandom, sched_yield, getopt,
 * gmtime, assert, perror and terminal ioctls on a non-terminal. */
#define _GNU_SOURCE   /* getrandom in older glibc headers */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "check.h"

static jmp_buf env;
static int depth;

static void dive(int n)
{
    depth = n;
    if (n == 10)
        longjmp(env, 0);   /* 0 becomes 1 */
    dive(n + 1);
}

static void setjmp_longjmp_unwinds(void)
{
    volatile int calls = 0;
    int r = setjmp(env);
    calls++;
    if (r == 0)
        dive(0);
    CHECK(r == 1 && depth == 10 && calls == 2);
    volatile int r2 = setjmp(env);
    if (r2 == 0)
        longjmp(env, 42);
    CHECK(r2 == 42);
    volatile int v = setjmp(env);   /* 0, then 2, then 4 */
    if (v < 3)
        longjmp(env, v + 2);
    CHECK(v == 4);
}

static void readv_writev_gather_and_scatter(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    struct iovec out[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
    CHECK(writev(p[1], out, 3) == 8);
    char a[2], b[10] = { 0 };
    struct iovec in[2] = { { a, 2 }, { b, sizeof(b) } };
    CHECK(readv(p[0], in, 2) == 8);
    CHECK(!memcmp(a, "ab", 2) && !strcmp(b, "cdefgh"));
    close(p[0]);
    close(p[1]);
}

static void getrandom_and_sched_yield(void)
{
    unsigned char r1[32] = { 0 }, r2[32] = { 0 };
    CHECK(getrandom(r1, sizeof(r1), 0) == 32);
    CHECK(getrandom(r2, sizeof(r2), 0) == 32);
    CHECK(memcmp(r1, r2, 32) != 0);
    CHECK(sched_yield() == 0);
}

static void getopt_parses_clusters_and_arguments(void)
{
    char *argv[] = { "prog", "-ab", "-c", "val", "-dVAL2", "--", "-notopt", "file", NULL };
    int argc = 8, a = 0, b = 0;
    char *c = NULL, *d = NULL;
    int opt;
    optind = 1;
    while ((opt = getopt(argc, argv, "abc:d:")) != -1) {
        if (opt == 'a') a = 1;
        else if (opt == 'b') b = 1;
        else if (opt == 'c') c = optarg;
        else if (opt == 'd') d = optarg;
    }
    CHECK(a && b && c && d);
    CHECK_STR(c, "val");
    CHECK_STR(d, "VAL2");
    CHECK(optind == 6 && !strcmp(argv[optind], "-notopt"));
}

static void gmtime_converts_epoch_seconds(void)
{
    time_t t = 0;
    struct tm tm;
    CHECK(gmtime_r(&t, &tm) == &tm);
    CHECK(tm.tm_year == 70 && tm.tm_mon == 0 && tm.tm_mday == 1 && tm.tm_wday == 4 && tm.tm_hour == 0);
    t = 951782400 + 3 * 3600 + 25 * 60 + 7;   /* 2000-02-29 03:25:07, a Tuesday */
    gmtime_r(&t, &tm);
    CHECK(tm.tm_year == 100 && tm.tm_mon == 1 && tm.tm_mday == 29 && tm.tm_wday == 2);
    CHECK(tm.tm_hour == 3 && tm.tm_min == 25 && tm.tm_sec == 7 && tm.tm_yday == 59);
    t = -86400;
    gmtime_r(&t, &tm);
    CHECK(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31 && tm.tm_wday == 3);
    CHECK(DBL_MAX > 1e308 && DBL_EPSILON < 1e-15);
}

static void failed_assert_aborts_with_a_message(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 2);
        int answer = 41;
        assert(answer == 42);
        _exit(0);
    }
    close(p[1]);
    char buf[512] = { 0 };
    read_until_eof(p[0], buf, sizeof(buf) - 1);
    close(p[0]);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
    CHECK(strstr(buf, "misc.c") && strstr(buf, "answer == 42") &&
          strstr(buf, "failed_assert_aborts_with_a_message"));
}

/* Runs fn in a child with stderr on a pipe; returns what it wrote. */
static const char *stderr_of(void (*fn)(void))
{
    static char buf[512];
    int p[2];
    memset(buf, 0, sizeof(buf));
    if (pipe(p) < 0)
        return "";
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 2);
        fn();
        _exit(0);
    }
    close(p[1]);
    read_until_eof(p[0], buf, sizeof(buf) - 1);
    close(p[0]);
    waitpid(pid, NULL, 0);
    return buf;
}

static void perror_enoent(void)
{
    errno = ENOENT;
    perror("open x");
}

static void perror_empty(void)
{
    errno = EACCES;
    perror("");
}

static void perror_and_ioctl_on_a_pipe(void)
{
    CHECK_STR(stderr_of(perror_enoent), "open x: No such file or directory\n");
    CHECK_STR(stderr_of(perror_empty), "Permission denied\n");
    int p[2];
    CHECK(pipe(p) == 0);
    struct winsize ws;
    CHECK(ioctl(p[0], TIOCGWINSZ, &ws) == -1 && errno == ENOTTY);
    CHECK(!isatty(p[0]) && errno == ENOTTY);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    RUN(setjmp_longjmp_unwinds);
    RUN(readv_writev_gather_and_scatter);
    RUN(getrandom_and_sched_yield);
    RUN(getopt_parses_clusters_and_arguments);
    RUN(gmtime_converts_epoch_seconds);
    RUN(failed_assert_aborts_with_a_message);
    RUN(perror_and_ioctl_on_a_pipe);
    return check_total_failed != 0;
}
