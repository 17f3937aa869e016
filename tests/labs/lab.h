/*
 * tests/labs/lab.h: what the lab graders (tests/labs/NAME.c, run inside
 * pagelab by tools/grade) share: each check runs in a child process of its
 * own, so a stub that crashes or hangs costs that check only, and prints
 * "ok NAME" or "FAIL NAME: why" (the lines tools/grade reads).  The ledger
 * is read with pagelab's syscall 1000 (libc/include/pagelab/ledger.h).
 */
#ifndef PAGELAB_TESTS_LABS_LAB_H
#define PAGELAB_TESTS_LABS_LAB_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../libc/include/pagelab/ledger.h"

#define PAGE 4096
#define CHECK_SECONDS 60 /* a check that takes longer hangs: it fails */

static char why[512];

/* Records why a check failed (printf-style) and returns 0. */
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return 0;
}

/* A page shared with the children forked after this call: how a child
   reports to its parent.  Not a pipe: the pipe lab's tree has pipe writes
   stubbed, and every other lab's grader must still pass there. */
static inline void *shared_page(void)
{
    void *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

/* Waits (up to CHECK_SECONDS) until child sets *flag, in a shared page,
   to say it is ready; 0 if it exits first or takes too long. */
static inline int wait_for_flag(volatile int *flag, pid_t child)
{
    for (int ms = 0; ms < CHECK_SECONDS * 1000; ms++) {
        if (*flag)
            return 1;
        if (waitpid(child, NULL, WNOHANG) == child)
            return 0;
        usleep(1000);
    }
    return 0;
}

/* Runs fn in a child and prints its verdict; the child's exit status is
   the verdict (0: passed), its message comes through a shared page. */
static int failures;
static void run_check(const char *name, int (*fn)(void))
{
    char *msg = shared_page();
    if (!msg) {
        printf("FAIL %s: mmap: %s\n", name, strerror(errno));
        failures++;
        fflush(stdout);
        return;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(CHECK_SECONDS);
        int ok = fn();
        if (!ok)
            snprintf(msg, PAGE, "%s", why);
        _exit(ok ? 0 : 1);
    }
    int st = 0;
    if (pid > 0)
        waitpid(pid, &st, 0);
    if (pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0) {
        printf("ok %s\n", name);
    } else {
        failures++;
        if (pid > 0 && WIFSIGNALED(st))
            printf("FAIL %s: killed by signal %d (%s)\n", name, WTERMSIG(st),
                   strsignal(WTERMSIG(st)));
        else
            printf("FAIL %s: %s\n", name, msg[0] ? msg : "failed");
    }
    fflush(stdout);
    munmap(msg, PAGE);
}

static struct ledger_counts ledger_a, ledger_b;

static void ledger(struct ledger_counts *out)
{
    if (syscall(SYS_pagelab_ledger, LEDGER_SELF, out) < 0) {
        perror("pagelab_ledger");
        _exit(3);
    }
}

/* Takes both readings once so that their pages are not first touched
   (and counted) between two readings. */
static void ledger_warm(void)
{
    memset(&ledger_a, 0, sizeof ledger_a);
    memset(&ledger_b, 0, sizeof ledger_b);
    ledger(&ledger_a);
    ledger(&ledger_b);
}

/* Bytes the CPU copied for mech between ledger_a and ledger_b. */
static inline uint64_t cpu_bytes(int mech)
{
    uint64_t n = 0;
    for (int k = COPY_USER_TO_KERNEL; k <= COPY_COW_PAGE; k++)
        n += ledger_b.bytes[k][mech] - ledger_a.bytes[k][mech];
    return n;
}

static inline uint64_t kind_bytes(int kind, int mech)
{
    return ledger_b.bytes[kind][mech] - ledger_a.bytes[kind][mech];
}

/* Copy-on-write page copies of any mechanism between the readings. */
static inline uint64_t cow_bytes(void)
{
    uint64_t n = 0;
    for (int m = 0; m < MECH_COUNT; m++)
        n += kind_bytes(COPY_COW_PAGE, m);
    return n;
}

static inline long minor_faults(void)
{
    static struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* MemFree of /proc/meminfo, in KiB (-1 if unreadable). */
static inline long mem_free_kib(void)
{
    static char buf[4096];
    FILE *f = fopen("/proc/meminfo", "r");
    long kib = -1;
    while (f && fgets(buf, sizeof buf, f))
        if (sscanf(buf, "MemFree: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

#endif
