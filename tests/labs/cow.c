/*
 * tests/labs/cow.c: the grader of lab 02-cow (docs/labs/02-cow.md): fork
 * shares the parent's private pages instead of copying them, a write by
 * either side copies the one page written, and the last holder of a page
 * writes it without a copy.
 */
#include <sys/mman.h>

#include "lab.h"

#define PAGES 256

static char *filled_region(void)
{
    char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    for (int i = 0; i < PAGES; i++)
        memset(m + i * PAGE, 'a' + i % 26, PAGE);
    return m;
}

/* A child that waits until the parent closes its pipe, then checks that
   it still sees the parent's bytes. */
static pid_t waiting_child(char *m, int *release)
{
    int p[2];
    if (pipe(p) < 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        while (read(p[0], &c, 1) > 0)
            ;
        for (int i = 0; i < PAGES; i++)
            if (m[i * PAGE + 100] != 'a' + i % 26)
                _exit(1);
        _exit(0);
    }
    close(p[0]);
    *release = p[1];
    return pid;
}

static int end_child(pid_t pid, int release)
{
    close(release);
    int st;
    return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int fork_copies_no_page(void)
{
    char *m = filled_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    ledger_warm();
    ledger(&ledger_a);
    int release;
    pid_t pid = waiting_child(m, &release);
    ledger(&ledger_b);
    if (pid < 0)
        return fail("fork: %s", strerror(errno));
    uint64_t copied = cow_bytes();
    if (!end_child(pid, release))
        return fail("the child did not see the parent's bytes");
    /* The parent's own first writes after fork (its stack) copy a page
       or two; copying the 256 pages of the region would be 1 MiB. */
    if (copied >= 16 * PAGE)
        return fail("fork of a process with %d written pages copied %llu bytes", PAGES,
                    (unsigned long long)copied);
    return 1;
}

static int fork_takes_few_frames(void)
{
    char *m = filled_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    long before = mem_free_kib();
    int release;
    pid_t pid = waiting_child(m, &release);
    long after = mem_free_kib();
    if (pid < 0)
        return fail("fork: %s", strerror(errno));
    if (!end_child(pid, release))
        return fail("the child did not see the parent's bytes");
    if (before < 0 || after < 0)
        return fail("no MemFree in /proc/meminfo");
    /* Page tables, a kernel stack, the pages both sides wrote since. */
    if (before - after >= PAGES * PAGE / 1024 / 2)
        return fail("fork of a process with %d written pages took %ld KiB", PAGES, before - after);
    return 1;
}

static int child_write_copies_one_page(void)
{
    char *m = filled_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    volatile uint64_t *report = shared_page();
    if (!report)
        return fail("mmap: %s", strerror(errno));
    report[0] = ~0ull;
    pid_t pid = fork();
    if (pid == 0) {
        ledger_warm(); /* our copies of the ledger's pages happen here */
        ledger(&ledger_a);
        m[10 * PAGE + 5] = 'C';
        ledger(&ledger_b);
        report[0] = cow_bytes();
        _exit(0);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return fail("the child did not report");
    uint64_t copied = report[0];
    if (m[10 * PAGE + 5] != 'a' + 10 % 26)
        return fail("the parent sees the child's write");
    if (copied != PAGE)
        return fail("the child's write to one page copied %llu bytes (want 4096)",
                    (unsigned long long)copied);
    return 1;
}

static int last_holder_no_copy(void)
{
    char *m = filled_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    if (waitpid(pid, NULL, 0) != pid)
        return fail("waitpid: %s", strerror(errno));
    ledger_warm();
    minor_faults();
    long f0 = minor_faults();
    ledger(&ledger_a);
    m[20 * PAGE] = 'L';
    ledger(&ledger_b);
    long faults = minor_faults() - f0;
    uint64_t copied = cow_bytes();
    if (m[20 * PAGE] != 'L' || m[20 * PAGE + 1] != 'a' + 20 % 26)
        return fail("the page does not hold its bytes");
    if (faults != 1)
        return fail("the first write after fork took %ld faults (want 1: the page is "
                    "read-only until then)", faults);
    if (copied)
        return fail("the last holder's write copied %llu bytes (want 0)", (unsigned long long)copied);
    return 1;
}

int main(void)
{
    run_check("fork_copies_no_page", fork_copies_no_page);
    run_check("fork_takes_few_frames", fork_takes_few_frames);
    run_check("child_write_copies_one_page", child_write_copies_one_page);
    run_check("last_holder_writes_without_a_copy", last_holder_no_copy);
    return failures;
}
