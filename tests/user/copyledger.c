/*
 * tests/user/copyledger.c: the copy ledger against operations whose copies are
 * known (docs/ledger.md).  Runs on pagelab
 * only (Linux has no ledger).  One line per check ("ok NAME" or "FAIL NAME:
 * what happened"); the exit status is the number of failures.
 *
 *   4096 bytes through a pipe          8192 CPU bytes: 4096 user->kernel + 4096 kernel->user
 *   read() of a cached 4096-byte page  4096 CPU bytes (kernel->user), no device transfer
 *   warm mmap read of that page        0 CPU bytes, 0 device bytes, 1 minor fault, 1 page mapped
 *   cold mmap read (after drop_caches) 4096 device bytes, 0 CPU bytes, 1 major fault
 *   cold read()                        4096 device bytes + 4096 CPU bytes
 *   cold 1-byte read of a 16-page file 16384 device bytes (the first read-ahead
 *                                      window: 4 pages, 3 of them unread) + 1 CPU byte
 *   one COW write                      one 4096-byte cow-page copy
 *
 * Every figure is the difference of two LEDGER_SELF snapshots around the
 * operation, so anything else the process does shows up as a failure.
 * Usage: copyledger DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

#include "check.h"

#define PAGE 4096

static char path[512];

static long ledger_get(int scope, struct ledger_counts *out)
{
    return syscall(SYS_pagelab_ledger, scope, out);
}

struct span {
    struct ledger_counts before, d;
    long minflt, majflt;
};

static void faults(long *minor, long *major)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) {
        *minor = *major = -1;
        return;
    }
    *minor = ru.ru_minflt;
    *major = ru.ru_majflt;
}

static void begin(struct span *s)
{
    faults(&s->minflt, &s->majflt);
    ledger_get(LEDGER_SELF, &s->before);
}

static void end(struct span *s)
{
    struct ledger_counts after;
    ledger_get(LEDGER_SELF, &after);
    long mi, ma;
    faults(&mi, &ma);
    const uint64_t *b = (const uint64_t *)&s->before, *a = (const uint64_t *)&after;
    uint64_t *d = (uint64_t *)&s->d;
    for (size_t i = 0; i < sizeof after / sizeof(uint64_t); i++)
        d[i] = a[i] - b[i];
    s->minflt = s->minflt < 0 || mi < 0 ? -1 : mi - s->minflt;
    s->majflt = s->majflt < 0 || ma < 0 ? -1 : ma - s->majflt;
}

/* Payload: everything but syscall arguments (the ledger calls themselves
   copy their result out) and file-system metadata. */
static int payload(int mech) { return mech != MECH_SYSCALL_ARGS && mech != MECH_FS_METADATA; }
static int device(int kind) { return kind == COPY_DEVICE_TO_MEMORY || kind == COPY_MEMORY_TO_DEVICE; }

static uint64_t cpu_bytes(const struct ledger_counts *d)
{
    uint64_t s = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        for (int m = 0; m < MECH_COUNT; m++)
            if (!device(k) && payload(m))
                s += d->bytes[k][m];
    return s;
}

static uint64_t device_bytes(const struct ledger_counts *d)
{
    uint64_t s = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        for (int m = 0; m < MECH_COUNT; m++)
            if (device(k) && payload(m))
                s += d->bytes[k][m];
    return s;
}

static void say(const char *what, const struct span *s)
{
    printf("  %s: cpu %llu, device %llu, faults %ld minor %ld major\n", what,
           (unsigned long long)cpu_bytes(&s->d), (unsigned long long)device_bytes(&s->d),
           s->minflt, s->majflt);
}

static void syscall_interface(void)
{
    struct ledger_counts c;
    CHECK("ledger_self_returns_0", ledger_get(LEDGER_SELF, &c) == 0);
    CHECK("ledger_global_returns_0", ledger_get(LEDGER_GLOBAL, &c) == 0);
    CHECK("ledger_bad_scope_is_einval", ledger_get(7, &c) == -1 && errno == EINVAL);
    CHECK("ledger_bad_pointer_is_efault", ledger_get(LEDGER_SELF, (void *)16) == -1 && errno == EFAULT);
    CHECK("ledger_kernel_pointer_is_efault",
          ledger_get(LEDGER_SELF, (void *)0xffffffff80000000ul) == -1 && errno == EFAULT);
    /* The snapshot is taken before it is copied out, so right after a reset
       the caller's counts are all zero (c is touched first: a fresh stack
       page would be a zero-fill). */
    memset(&c, 0xff, sizeof c);
    long reset = syscall(SYS_pagelab_ledger_reset);
    ledger_get(LEDGER_SELF, &c);
    CHECK("ledger_reset_returns_0", reset == 0);
    int zero = 1;
    for (size_t i = 0; i < sizeof c / sizeof(uint64_t); i++)
        zero &= ((uint64_t *)&c)[i] == 0;
    for (size_t i = 0; !zero && i < sizeof c / sizeof(uint64_t); i++)
        if (((uint64_t *)&c)[i])
            printf("  nonzero after reset: word %zu = %llu\n", i, (unsigned long long)((uint64_t *)&c)[i]);
    CHECK("reset_zeroes_the_callers_counts", zero);
    struct ledger_counts self, global;
    ledger_get(LEDGER_SELF, &self);
    ledger_get(LEDGER_GLOBAL, &global);
    int covers = 1;
    for (size_t i = 0; i < sizeof c / sizeof(uint64_t); i++)
        covers &= ((uint64_t *)&global)[i] >= ((uint64_t *)&self)[i];
    CHECK("global_counts_cover_the_process", covers && global.bytes[COPY_KERNEL_TO_USER][MECH_SYSCALL_ARGS] > 0);
}

static void pipe_copies(void)
{
    int p[2];
    static char out[PAGE], in[PAGE];
    memset(out, 'p', sizeof out);
    pipe(p);
    struct span s;
    begin(&s);
    ssize_t w = write(p[1], out, PAGE);
    ssize_t r = read(p[0], in, PAGE);
    end(&s);
    say("pipe 4096", &s);
    CHECK("pipe_moves_the_data", w == PAGE && r == PAGE && memcmp(in, out, PAGE) == 0);
    CHECK("pipe_4096_bytes_cost_8192_cpu_bytes", cpu_bytes(&s.d) == 2 * PAGE);
    CHECK("pipe_copies_are_one_in_one_out",
          s.d.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] == PAGE && s.d.ops[COPY_USER_TO_KERNEL][MECH_PIPE] == 1 &&
          s.d.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] == PAGE && s.d.ops[COPY_KERNEL_TO_USER][MECH_PIPE] == 1);
    CHECK("pipe_has_no_kernel_to_kernel_bounce", s.d.bytes[COPY_KERNEL_TO_KERNEL][MECH_PIPE] == 0);
    CHECK("pipe_touches_no_device", device_bytes(&s.d) == 0);

    /* A wrapped ring still costs one copy each way (two pieces each). */
    static char big[3 * PAGE];
    write(p[1], big, 3000);
    read(p[0], big, 3000);
    for (int i = 0; i < 15; i++) {
        write(p[1], big, PAGE);
        read(p[0], big, PAGE);
    }
    begin(&s);
    write(p[1], big, 3 * PAGE);
    read(p[0], big, 3 * PAGE);
    end(&s);
    CHECK("wrapped_pipe_write_still_costs_two_copies_per_byte", cpu_bytes(&s.d) == 6 * PAGE &&
          s.d.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] == 3 * PAGE);
    close(p[0]);
    close(p[1]);
}

static int make_file(void)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    static char page[PAGE];
    memset(page, 'f', sizeof page);
    if (fd < 0 || write(fd, page, PAGE) != PAGE || fsync(fd) != 0)
        return -1;
    return fd;
}

static int drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0)
        return -1;
    int ok = write(fd, "1\n", 2) == 2;
    close(fd);
    return ok ? 0 : -1;
}

static void file_copies(void)
{
    int fd = make_file();
    CHECK("test_file_written", fd >= 0);
    if (fd < 0)
        return;
    static char buf[PAGE];
    struct span s;

    begin(&s);
    ssize_t r = pread(fd, buf, PAGE, 0);
    end(&s);
    say("cached read", &s);
    CHECK("read_of_a_cached_page_costs_4096_cpu_bytes",
          r == PAGE && cpu_bytes(&s.d) == PAGE && s.d.bytes[COPY_KERNEL_TO_USER][MECH_FILE_READ] == PAGE);
    CHECK("read_of_a_cached_page_touches_no_device", device_bytes(&s.d) == 0);

    begin(&s);
    volatile char *m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    char c = m[100];
    end(&s);
    say("warm mmap read", &s);
    CHECK("warm_mmap_read_costs_0_cpu_bytes", m != MAP_FAILED && c == 'f' && cpu_bytes(&s.d) == 0);
    CHECK("warm_mmap_read_touches_no_device", device_bytes(&s.d) == 0);
    CHECK("warm_mmap_read_is_1_minor_fault", s.minflt == 1 && s.majflt == 0);
    CHECK("warm_mmap_read_maps_1_existing_page", s.d.mapped_pages[MECH_MMAP_FAULT] == 1);
    munmap((void *)m, PAGE);

    CHECK("drop_caches_works", drop_caches() == 0);
    begin(&s);
    m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    c = m[200];
    end(&s);
    say("cold mmap read", &s);
    CHECK("cold_mmap_read_costs_4096_device_bytes",
          m != MAP_FAILED && c == 'f' && device_bytes(&s.d) == PAGE &&
          s.d.bytes[COPY_DEVICE_TO_MEMORY][MECH_MMAP_FAULT] == PAGE);
    CHECK("cold_mmap_read_costs_0_cpu_bytes", cpu_bytes(&s.d) == 0);
    CHECK("cold_mmap_read_is_1_major_fault", s.majflt == 1 && s.minflt == 0);
    munmap((void *)m, PAGE);

    drop_caches();
    begin(&s);
    r = pread(fd, buf, PAGE, 0);
    end(&s);
    say("cold read", &s);
    CHECK("cold_read_costs_4096_device_bytes_and_4096_cpu_bytes",
          r == PAGE && device_bytes(&s.d) == PAGE && cpu_bytes(&s.d) == PAGE &&
          s.d.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] == PAGE);

    /* MAP_PRIVATE: a read maps the cached frame, the first write copies it. */
    volatile char *pm = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    c = pm[0];
    begin(&s);
    pm[1] = 'w';
    end(&s);
    say("private write", &s);
    CHECK("one_cow_write_is_one_4096_byte_page_copy",
          s.d.bytes[COPY_COW_PAGE][MECH_MMAP_FAULT] == PAGE && s.d.ops[COPY_COW_PAGE][MECH_MMAP_FAULT] == 1 &&
          cpu_bytes(&s.d) == PAGE && device_bytes(&s.d) == 0);
    munmap((void *)pm, PAGE);
    close(fd);
    unlink(path);
}

/* A counter of /proc/pagecache, or -1. */
static long pagecache_value(const char *name)
{
    FILE *f = fopen("/proc/pagecache", "r");
    char line[128];
    long v = -1;
    size_t n = strlen(name);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ' ')
            v = atol(line + n + 1);
    if (f)
        fclose(f);
    return v;
}

/* Read-ahead's cost is visible: one byte read from a cold file makes the
   device move the whole first window (Linux's get_init_ra_size: 4 pages for
   a one-page request), charged to the reader even for the pages it never
   reads; reading them afterwards costs no device transfer. */
static void read_ahead_cost(void)
{
    char p2[600];
    snprintf(p2, sizeof p2, "%s.ra", path);
    int fd = open(p2, O_RDWR | O_CREAT | O_TRUNC, 0600);
    static char page[PAGE];
    memset(page, 'r', sizeof page);
    int ok = fd >= 0;
    for (int i = 0; ok && i < 16; i++)
        ok = write(fd, page, PAGE) == PAGE;
    CHECK("read_ahead_file_written", ok && fsync(fd) == 0);
    CHECK("drop_caches_before_read_ahead", drop_caches() == 0);
    struct span s;
    char c = 0;
    begin(&s);
    ssize_t r = pread(fd, &c, 1, 0);
    end(&s);
    say("cold 1-byte read", &s);
    CHECK("cold_one_byte_read_moves_the_read_ahead_window_by_dma",
          r == 1 && c == 'r' && device_bytes(&s.d) == 4 * PAGE &&
              s.d.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] == 4 * PAGE);
    CHECK("cold_one_byte_read_copies_one_byte", cpu_bytes(&s.d) == 1);
    /* Reading them is 3 read-ahead hits and one CPU copy each (reaching the
       marker on page 1 also starts the next window: its DMA, still in
       flight, is not checked here). */
    static char buf[3 * PAGE];
    long hits = pagecache_value("readahead_hits");
    begin(&s);
    r = pread(fd, buf, 3 * PAGE, PAGE);
    end(&s);
    say("read of the pages read ahead", &s);
    CHECK("pages_read_ahead_are_read_ahead_hits_and_one_copy_each",
          r == 3 * PAGE && cpu_bytes(&s.d) == 3 * PAGE && hits >= 0 &&
              pagecache_value("readahead_hits") - hits == 3);
    close(fd);
    unlink(p2);
}

/* Anonymous memory shared copy-on-write by fork: the child's first write
   to a page the parent touched is one page copy, charged to the child. */
static void fork_cow_and_per_process_split(void)
{
    char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 1;
    struct ledger_counts parent_before, parent_after;
    ledger_get(LEDGER_SELF, &parent_before);
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        struct span s;
        struct ledger_counts start;
        ledger_get(LEDGER_SELF, &start);
        begin(&s);
        a[1] = 2;
        end(&s);
        int ok = (start.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] == 0 ? 1 : 0) |
                 (s.d.bytes[COPY_COW_PAGE][MECH_FORK] == PAGE && s.d.ops[COPY_COW_PAGE][MECH_FORK] == 1 ? 2 : 0);
        char msg = (char)ok;
        write(p[1], &msg, 1);
        _exit(0);
    }
    char got = 0;
    read(p[0], &got, 1);
    waitpid(pid, NULL, 0);
    ledger_get(LEDGER_SELF, &parent_after);
    CHECK("child_ledger_starts_without_the_parents_counts", got & 1);
    CHECK("child_cow_write_after_fork_is_one_page_copy_charged_to_the_child", got & 2);
    /* (The parent's own writes after fork are COW copies of its own, so
       only the child's pipe write tells the two apart.) */
    CHECK("parent_is_not_charged_for_the_childs_pipe_write",
          parent_after.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] == parent_before.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] &&
          parent_after.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] == parent_before.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] + 1);
    close(p[0]);
    close(p[1]);
    munmap(a, PAGE);
}

/* /proc/self/copies shows the same numbers as the syscall. */
static void proc_file(void)
{
    struct ledger_counts c;
    ledger_get(LEDGER_SELF, &c);
    FILE *f = fopen("/proc/self/copies", "r");
    CHECK("proc_self_copies_opens", f != NULL);
    if (!f)
        return;
    char line[512];
    unsigned long long u2k = ~0ull, k2u = ~0ull;
    int rows = 0, heading = 0;
    while (fgets(line, sizeof line, f)) {
        heading |= strncmp(line, "bytes copied by the CPU", 23) == 0;
        if (strncmp(line, "pipe ", 5) == 0 && u2k == ~0ull)
            sscanf(line + 5, "%llu %llu", &u2k, &k2u);
        rows += strncmp(line, "fork ", 5) == 0;
    }
    fclose(f);
    CHECK("proc_self_copies_has_the_table_heading", heading);
    CHECK("proc_self_copies_pipe_row_matches_the_syscall",
          u2k == c.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] && k2u == c.bytes[COPY_KERNEL_TO_USER][MECH_PIPE]);
    CHECK("proc_self_copies_has_cpu_and_device_tables_of_bytes_and_operations", rows == 4);
    f = fopen("/proc/copies", "r");
    CHECK("proc_copies_opens", f != NULL && fgets(line, sizeof line, f) && strstr(line, "whole kernel"));
    if (f)
        fclose(f);
}

int main(int argc, char **argv)
{
    snprintf(path, sizeof path, "%s/copyledger.%d", argc > 1 ? argv[1] : "/tmp", (int)getpid());
    struct ledger_counts c;
    if (ledger_get(LEDGER_SELF, &c) != 0) {
        printf("FAIL ledger_syscall_exists: syscall %d: %s\n", SYS_pagelab_ledger, strerror(errno));
        return 1;
    }
    syscall_interface();
    pipe_copies();
    file_copies();
    read_ahead_cost();
    fork_cow_and_per_process_split();
    proc_file();
    printf("%d failed\n", failures);
    return failures;
}
