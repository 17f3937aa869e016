/*
 * tests/user/mmaptest.c: mmap, munmap, mprotect, msync and the faults behind
 * them.  One line per check ("ok NAME" or "FAIL NAME: what happened"); the
 * exit status is the number of failures.  The same binary runs on Linux
 * first (the suite does that), which keeps the expectations Linux's; checks
 * that need pagelab (the copy ledger, drop_caches as non-root, MAP_HUGETLB
 * without a reserved pool, exact write-back counts) run only with "pagelab".
 *
 *     mmaptest DIR [pagelab]
 *
 * Every case that must kill a process runs in a child that first touches
 * the pages (so the kill proves the change, not a page that never worked).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../libc/include/pagelab/ledger.h"
#include "check.h"
#include "scratch.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_HUGETLB
#define MAP_HUGETLB 0x40000
#endif

#define PG 4096ul
#define HUGE (2ul << 20)

static int on_pagelab;
static char self[256];   /* this program, for execve */

/* The kernel's own answer: the address, or -errno (no libc checks between). */
static long sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
    long r = syscall(SYS_mmap, addr, len, prot, flags, fd, off);
    return r == -1 ? -errno : r;
}

static int err_of(int r) { return r == -1 ? errno : 0; }

/* A file of n bytes, byte i = (i * 7 + seed) & 0xff; returns an fd (O_RDWR). */
static int make_file(const char *name, size_t n, int seed)
{
    int fd = open(path(name), O_RDWR | O_CREAT | O_TRUNC, 0644);
    char *buf = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((i * 7 + seed) & 0xff);
    if (n && write(fd, buf, n) != (ssize_t)n)
        perror("write");
    free(buf);
    return fd;
}

static char expect_byte(size_t i, int seed) { return (char)((i * 7 + seed) & 0xff); }

struct faults { long minor, major; };
static struct faults faults_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (struct faults){ ru.ru_minflt, ru.ru_majflt };
}

/* Runs fn in a child; returns its wait status. */
static int in_child(void (*fn)(void *), void *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn(arg);
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

static int killed_by(int st, int sig) { return WIFSIGNALED(st) && WTERMSIG(st) == sig; }

static volatile char sink;

/* A flag in shared anonymous memory: parent and child order their steps
   through it (no pipe needed). */
static volatile int *go;
static void go_init(void)
{
    if (!go)
        go = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    *go = 0;
}
static void go_wait(void)
{
    while (!*go)
        sched_yield();
}

/* ---- error codes ---------------------------------------------------- */

static void test_errors(void)
{
    int fd = make_file("err.dat", 3 * PG, 1);
    int ro = open(path("err.dat"), O_RDONLY);
    int wo = open(path("err.dat"), O_WRONLY);
    int dfd = open(dir, O_RDONLY);
    CHECK("einval_zero_length", sys_mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == -EINVAL);
    CHECK("einval_unaligned_offset", sys_mmap(0, PG, PROT_READ, MAP_SHARED, fd, 100) == -EINVAL);
    CHECK("einval_neither_shared_nor_private",
          sys_mmap(0, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == -EINVAL);
    CHECK("einval_neither_shared_nor_private_file", sys_mmap(0, PG, PROT_READ, 0, fd, 0) == -EINVAL);
    CHECK("einval_fixed_unaligned_address",
          sys_mmap((void *)0x10000100, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -EINVAL);
    CHECK("eacces_shared_writable_map_of_readonly_fd",
          sys_mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == -EACCES);
    long priv = sys_mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
    CHECK("private_writable_map_of_readonly_fd_is_allowed", priv > 0);
    long shro = sys_mmap(0, PG, PROT_READ, MAP_SHARED, ro, 0);
    CHECK("shared_readonly_map_of_readonly_fd_is_allowed", shro > 0);
    CHECK("mprotect_write_on_shared_map_of_readonly_fd_is_eacces",
          shro > 0 && err_of(mprotect((void *)shro, PG, PROT_READ | PROT_WRITE)) == EACCES);
    CHECK("eacces_any_map_of_writeonly_fd", sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, wo, 0) == -EACCES &&
                                            sys_mmap(0, PG, PROT_WRITE, MAP_SHARED, wo, 0) == -EACCES);
    CHECK("eopnotsupp_shared_validate_with_an_unsupported_flag",
          sys_mmap(0, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x80000 /* MAP_SYNC */, fd, 0) == -EOPNOTSUPP);
    long sv = sys_mmap(0, PG, PROT_READ, MAP_SHARED_VALIDATE, fd, 0);
    CHECK("shared_validate_with_known_flags_maps", sv > 0);
    if (sv > 0)
        munmap((void *)sv, PG);
    CHECK("ebadf_unopened_fd", sys_mmap(0, PG, PROT_READ, MAP_SHARED, 999, 0) == -EBADF);
    CHECK("ebadf_negative_fd", sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, -1, 0) == -EBADF);
    CHECK("enodev_directory", sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, dfd, 0) == -ENODEV);
    int pfd[2];
    if (pipe(pfd) == 0) {
        CHECK("enodev_pipe", sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, pfd[0], 0) == -ENODEV);
        close(pfd[0]);
        close(pfd[1]);
    }
    int pf = open("/proc/self/stat", O_RDONLY);
    CHECK("enodev_procfs_file", sys_mmap(0, PG, PROT_READ, MAP_PRIVATE, pf, 0) == -ENODEV);
    close(pf);
    CHECK("enomem_length_beyond_the_address_space",
          sys_mmap(0, 1ul << 47, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) == -ENOMEM);
    /* Exhaust the address space with 16 TiB reservations. */
    long got[16];
    int n = 0, last = 0;
    for (; n < 16; n++) {
        got[n] = sys_mmap(0, 1ul << 44, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (got[n] < 0) {
            last = (int)-got[n];
            break;
        }
    }
    CHECK("enomem_when_the_address_space_is_exhausted", n < 16 && n >= 4 && last == ENOMEM);
    for (int i = 0; i < n; i++)
        munmap((void *)got[i], 1ul << 44);
    if (priv > 0)
        munmap((void *)priv, PG);
    if (shro > 0)
        munmap((void *)shro, PG);
    close(fd);
    close(ro);
    close(wo);
    close(dfd);
}

/* ---- placement: hints, MAP_FIXED, MAP_FIXED_NOREPLACE ---------------- */

static void test_placement(void)
{
    char *hint = (char *)0x200000000ul;
    long a = sys_mmap(hint, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("free_hint_is_used", a == (long)hint);
    memset(hint, 'a', 3 * PG);
    long b = sys_mmap(hint + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("used_hint_gives_another_address", b > 0 && b != (long)hint + (long)PG);
    if (b > 0)
        munmap((void *)b, PG);
    long c = sys_mmap(hint + PG, PG, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK("fixed_noreplace_over_a_mapping_is_eexist", c == -EEXIST);
    CHECK("fixed_noreplace_left_the_data", hint[PG] == 'a');
    long d = sys_mmap(hint + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK("map_fixed_replaces_the_middle_page",
          d == (long)hint + (long)PG && hint[PG] == 0 && hint[PG - 1] == 'a' && hint[2 * PG] == 'a');
    long e = sys_mmap(hint + 8 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK("fixed_noreplace_on_free_range_maps_there", e == (long)hint + 8 * (long)PG);
    munmap(hint, 9 * PG);
}

/* ---- one copy of the data: read/write and mmap ------------------------ */

static void test_coherence(void)
{
    int fd = make_file("coh.dat", 4 * PG, 2);
    char *m = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int ok = m != MAP_FAILED;
    for (size_t i = 0; ok && i < 4 * PG; i += 511)
        ok = m[i] == expect_byte(i, 2);
    CHECK("shared_map_reads_the_file", ok);
    pwrite(fd, "WRITTEN", 7, PG + 10);
    CHECK("write_is_visible_at_once_through_a_shared_map", memcmp(m + PG + 10, "WRITTEN", 7) == 0);
    memcpy(m + 2 * PG + 5, "STORED", 6);
    char back[6] = {0};
    pread(fd, back, 6, 2 * PG + 5);
    CHECK("store_through_the_map_is_visible_to_read", memcmp(back, "STORED", 6) == 0);
    char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("private_map_reads_the_file", p != MAP_FAILED && memcmp(p + 2 * PG + 5, "STORED", 6) == 0);
    p[3 * PG] = 'P';
    char x = 0;
    pread(fd, &x, 1, 3 * PG);
    CHECK("private_store_stays_private", x == expect_byte(3 * PG, 2) && m[3 * PG] == x);
    pwrite(fd, "Q", 1, 3 * PG + 1);
    CHECK("private_copy_no_longer_follows_the_file", p[3 * PG + 1] == expect_byte(3 * PG + 1, 2));
    pwrite(fd, "R", 1, 1);
    CHECK("untouched_private_page_still_follows_the_file", p[1] == 'R');
    munmap(p, 4 * PG);
    munmap(m, 4 * PG);
    close(fd);
}

static void test_anonymous(void)
{
    char *a = mmap(0, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int zero = 1;
    for (size_t i = 0; i < 8 * PG; i += 64)
        zero &= a[i] == 0;
    CHECK("anonymous_memory_reads_zero", zero);
    a[5] = 1;
    CHECK("anonymous_memory_keeps_stores", a[5] == 1);
    munmap(a, 8 * PG);
}

/* ---- fork ------------------------------------------------------------- */

static char *fork_area;
static void child_writes_pages(void *arg)
{
    strcpy(fork_area, "child0");
    strcpy(fork_area + 3 * PG, "child3");
}

static void test_fork(void)
{
    /* Shared anonymous: pages neither touched before the fork are shared too. */
    fork_area = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    strcpy(fork_area + PG, "parent1");
    in_child(child_writes_pages, 0);
    CHECK("shared_anonymous_stays_shared_across_fork",
          strcmp(fork_area, "child0") == 0 && strcmp(fork_area + 3 * PG, "child3") == 0);
    munmap(fork_area, 4 * PG);

    /* Private anonymous: copy-on-write both ways. */
    fork_area = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(fork_area, "parent0");
    strcpy(fork_area + 3 * PG, "parent3");
    go_init();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        char saw = strcmp(fork_area, "parent0") == 0;
        strcpy(fork_area, "child0");
        go_wait();                       /* the parent has written its page */
        saw &= strcmp(fork_area, "child0") == 0 && strcmp(fork_area + 3 * PG, "parent3") == 0;
        _exit(saw ? 0 : 1);
    }
    strcpy(fork_area + 3 * PG, "changed");
    *go = 1;
    int st;
    waitpid(pid, &st, 0);
    CHECK("private_anonymous_is_copy_on_write_after_fork",
          WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(fork_area, "parent0") == 0);
    munmap(fork_area, 4 * PG);

    /* Shared file: the child's store reaches the parent and the file. */
    int fd = make_file("forkshared.dat", 4 * PG, 3);
    fork_area = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    in_child(child_writes_pages, 0);
    char back[7] = {0};
    pread(fd, back, 6, 3 * PG);
    CHECK("shared_file_map_stays_shared_across_fork",
          strcmp(fork_area, "child0") == 0 && strcmp(back, "child3") == 0);
    munmap(fork_area, 4 * PG);

    /* Private file map written by a child that exits: the file is untouched. */
    fork_area = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    in_child(child_writes_pages, 0);
    pread(fd, back, 6, 3 * PG);
    CHECK("private_file_data_is_never_written_back_at_exit",
          strcmp(back, "child3") == 0 && fork_area[PG] == expect_byte(PG, 3) &&
          strcmp(fork_area, "child0") == 0 /* the shared store from before */);
    munmap(fork_area, 4 * PG);

    /* execve tears the address space down: the shared store reaches the
       file, the private one does not. */
    fflush(stdout);
    pid_t pid2 = fork();
    if (pid2 == 0) {
        char *sh = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        char *pr = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PG);
        strcpy(sh + 100, "exec-shared");
        strcpy(pr + 100, "exec-private");
        execl(self, self, "--exit0", (char *)NULL);
        _exit(99);
    }
    waitpid(pid2, &st, 0);
    char b1[12] = {0}, b2[13] = {0};
    pread(fd, b1, 11, 100);
    pread(fd, b2, 12, PG + 100);
    CHECK("execve_keeps_shared_stores_and_drops_private_ones",
          WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(b1, "exec-shared") == 0 &&
              strcmp(b2, "exec-private") != 0);
    close(fd);
}

/* ---- the cases that must kill ------------------------------------------ */

static void touch_then_unmap_then_touch(void *arg)
{
    char *a = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 4; i++)
        a[i * PG] = 1;
    munmap(a + PG, 2 * PG);
    a[0] = 2;
    a[3 * PG] = 2;             /* the pages either side still work */
    a[PG] = 3;                 /* SIGSEGV */
    _exit(0);
}

static void write_to_readonly(void *arg)
{
    char *a = mmap(0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    sink = a[0];
    a[0] = 1;
    _exit(0);
}

static void read_after_prot_none(void *arg)
{
    char *a = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    a[0] = 1;
    a[PG] = 1;
    mprotect(a + PG, PG, PROT_NONE);
    sink = a[0];
    sink = a[PG];
    _exit(0);
}

static void write_to_middle_after_mprotect(void *arg)
{
    char *a = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(a, 1, 3 * PG);
    mprotect(a + PG, PG, PROT_READ);
    a[0] = 2;
    a[2 * PG] = 2;
    sink = a[PG];
    a[PG] = 2;
    _exit(0);
}

static int bus_fd;
static void touch_past_eof(void *arg)
{
    char *m = mmap(0, 3 * PG, PROT_READ, MAP_SHARED, bus_fd, 0);
    sink = m[0];
    sink = m[PG + 50];         /* the last, partial page */
    sink = m[2 * PG];          /* wholly past the end: SIGBUS */
    _exit(0);
}

static void touch_after_shrink(void *arg)
{
    int fd = make_file("shrink.dat", 3 * PG, 4);
    char *m = mmap(0, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    for (int i = 0; i < 3; i++)
        sink = m[i * PG];
    ftruncate(fd, PG);
    sink = m[0];
    sink = m[2 * PG];          /* cut: SIGBUS */
    _exit(0);
}

static char *protnone_area;
static void read_protnone_after_fork(void *arg)
{
    sink = protnone_area[0];
    _exit(0);
}

static void make_text_writable(void *arg)
{
    uintptr_t page = (uintptr_t)&make_text_writable & ~(PG - 1);
    _exit(mprotect((void *)page, PG, PROT_READ | PROT_WRITE | PROT_EXEC) == 0 ? 0 : 1);
}

static void test_kills(void)
{
    protnone_area = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    protnone_area[0] = 1;
    mprotect(protnone_area, PG, PROT_NONE);
    CHECK("prot_none_page_stays_inaccessible_in_a_forked_child",
          killed_by(in_child(read_protnone_after_fork, 0), SIGSEGV));
    munmap(protnone_area, PG);
    int st = in_child(make_text_writable, 0);
    CHECK("mprotect_may_make_private_program_text_writable", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK("munmap_then_touch_kills_with_sigsegv", killed_by(in_child(touch_then_unmap_then_touch, 0), SIGSEGV));
    CHECK("write_to_prot_read_kills_with_sigsegv", killed_by(in_child(write_to_readonly, 0), SIGSEGV));
    CHECK("mprotect_prot_none_then_read_kills_with_sigsegv", killed_by(in_child(read_after_prot_none, 0), SIGSEGV));
    CHECK("mprotect_read_only_middle_page_kills_a_write_with_sigsegv",
          killed_by(in_child(write_to_middle_after_mprotect, 0), SIGSEGV));
    bus_fd = make_file("bus.dat", PG + 100, 5);
    CHECK("page_wholly_past_eof_kills_with_sigbus", killed_by(in_child(touch_past_eof, 0), SIGBUS));
    close(bus_fd);
    CHECK("ftruncate_shrink_makes_cut_pages_sigbus", killed_by(in_child(touch_after_shrink, 0), SIGBUS));
}

/* ---- EOF tail, lifetime, munmap/mprotect splitting ----------------------- */

static void test_eof_tail(void)
{
    int fd = make_file("tail.dat", 100, 6);
    char *m = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int zero = 1;
    for (size_t i = 100; i < PG; i++)
        zero &= m[i] == 0;
    CHECK("bytes_past_eof_in_the_last_page_read_zero", zero && m[99] == expect_byte(99, 6));
    memset(m + 100, 'T', PG - 100);
    m[0] = 'H';
    CHECK("msync_ms_sync_succeeds", msync(m, PG, MS_SYNC) == 0);
    munmap(m, PG);
    struct stat st;
    fstat(fd, &st);
    CHECK("store_past_eof_does_not_grow_the_file", st.st_size == 100);
    ftruncate(fd, 200);
    char buf[100];
    pread(fd, buf, 100, 100);
    int z = 1;
    for (int i = 0; i < 100; i++)
        z &= buf[i] == 0;
    CHECK("stores_past_eof_are_never_written_back", z);
    ftruncate(fd, 100);
    close(fd);

    /* Left for the host to read the raw block with debugfs (the suite). */
    fd = make_file("tail2.dat", 100, 6);
    m = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memset(m + 100, 'T', PG - 100);
    msync(m, PG, MS_SYNC);
    munmap(m, PG);
    close(fd);
}

static void test_lifetime(void)
{
    int fd = make_file("gone.dat", 2 * PG, 7);
    char *m = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    unlink(path("gone.dat"));
    int ok = m[PG + 3] == expect_byte(PG + 3, 7);
    m[5] = 'Z';
    CHECK("mapping_outlives_close_and_unlink", ok && m[5] == 'Z');
    munmap(m, 2 * PG);
}

/* The /proc/self/maps line containing addr, or "" */
static const char *maps_line(void *addr)
{
    static char line[512];
    FILE *f = fopen("/proc/self/maps", "r");
    unsigned long a = (unsigned long)addr, s, e;
    line[0] = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s <= a && a < e) {
            fclose(f);
            return line;
        }
    if (f)
        fclose(f);
    line[0] = 0;
    return line;
}

static int maps_lines_in(void *addr, size_t len)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    unsigned long a = (unsigned long)addr, s, e;
    int n = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s < a + len && e > a)
            n++;
    if (f)
        fclose(f);
    return n;
}

static void test_split(void)
{
    char *a = mmap(0, 5 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("munmap_of_never_touched_pages_succeeds", munmap(a + 3 * PG, PG) == 0);
    CHECK("munmap_splits_into_two_regions", maps_lines_in(a, 5 * PG) == 2);
    CHECK("munmap_of_an_unmapped_range_succeeds", munmap(a + 3 * PG, PG) == 0);
    CHECK("munmap_unaligned_is_einval", err_of(munmap(a + 1, PG)) == EINVAL);
    CHECK("munmap_zero_length_is_einval", err_of(munmap(a, 0)) == EINVAL);
    a[0] = 1;
    a[4 * PG] = 4;
    CHECK("pages_either_side_of_a_hole_keep_working", a[0] == 1 && a[4 * PG] == 4);
    CHECK("mprotect_middle_splits_into_three",
          mprotect(a + PG, PG, PROT_READ) == 0 && maps_lines_in(a, 3 * PG) == 3);
    CHECK("mprotect_back_merges_again", mprotect(a + PG, PG, PROT_READ | PROT_WRITE) == 0 &&
                                        maps_lines_in(a, 3 * PG) == 1);
    CHECK("mprotect_over_a_hole_is_enomem", err_of(mprotect(a, 5 * PG, PROT_READ)) == ENOMEM);
    check("mprotect_over_a_hole_still_changes_the_part_before_it",
          strstr(maps_line(a), " r--p ") != NULL && strstr(maps_line(a + 4 * PG), " rw-p ") != NULL,
          maps_line(a));
    CHECK("mprotect_starting_in_a_hole_is_enomem", err_of(mprotect(a + 3 * PG, 2 * PG, PROT_READ)) == ENOMEM &&
                                                   strstr(maps_line(a + 4 * PG), " rw-p ") != NULL);
    mprotect(a, 3 * PG, PROT_READ | PROT_WRITE);
    CHECK("mprotect_unaligned_is_einval", syscall(SYS_mprotect, a + 1, PG, PROT_READ) == -1 && errno == EINVAL);
    CHECK("mprotect_unknown_bits_is_einval", err_of(mprotect(a, PG, 0x100)) == EINVAL);
    /* The kernel may not touch PROT_NONE memory either; the data survives. */
    strcpy(a, "kept");
    int fd = make_file("protnone.dat", 16, 12);
    mprotect(a, PG, PROT_NONE);
    CHECK("read_into_prot_none_memory_is_efault", pread(fd, a, 16, 0) == -1 && errno == EFAULT);
    CHECK("write_from_prot_none_memory_is_efault", pwrite(fd, a, 16, 0) == -1 && errno == EFAULT);
    mprotect(a, PG, PROT_READ | PROT_WRITE);
    CHECK("prot_none_keeps_the_data", strcmp(a, "kept") == 0);
    close(fd);
    munmap(a, 5 * PG);

    /* Copy-on-write pages stay read-only through mprotect. */
    char *c = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(c, "before");
    go_init();
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        go_wait();
        _exit(strcmp(c, "before") == 0 ? 0 : 1);
    }
    mprotect(c, PG, PROT_READ);
    mprotect(c, PG, PROT_READ | PROT_WRITE);
    strcpy(c, "after");
    *go = 1;
    int st;
    waitpid(pid, &st, 0);
    CHECK("mprotect_keeps_copy_on_write_pages_read_only", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    munmap(c, PG);
}

static void test_msync_errors(void)
{
    char *a = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("msync_sync_and_async_together_is_einval", err_of(msync(a, PG, MS_SYNC | MS_ASYNC)) == EINVAL);
    CHECK("msync_unknown_flag_is_einval", err_of(msync(a, PG, 8)) == EINVAL);
    CHECK("msync_unaligned_is_einval", err_of(msync(a + 1, PG, MS_SYNC)) == EINVAL);
    CHECK("msync_ms_async_and_ms_invalidate_succeed",
          msync(a, 2 * PG, MS_ASYNC) == 0 && msync(a, 2 * PG, MS_INVALIDATE) == 0);
    munmap(a + PG, PG);
    CHECK("msync_over_an_unmapped_page_is_enomem", err_of(msync(a, 2 * PG, MS_SYNC)) == ENOMEM);
    munmap(a, PG);
}

/* ---- /proc/self/maps -------------------------------------------------- */

static void test_maps(void)
{
    int fd = make_file("maps.dat", 4 * PG, 8);
    struct stat st;
    fstat(fd, &st);
    char *m = mmap(0, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
    char want[512];
    snprintf(want, sizeof want, "%08lx-%08lx rw-s %08lx %02x:%02x %lu", (unsigned long)m,
             (unsigned long)m + 2 * PG, PG, major(st.st_dev), minor(st.st_dev), (unsigned long)st.st_ino);
    const char *l = maps_line(m);
    char detail[1200];
    snprintf(detail, sizeof detail, "want \"%s ... %s\", got \"%s\"", want, path("maps.dat"), l);
    size_t wl = strlen(want);
    const char *name = l + strlen(l) - 1 - strlen(path("maps.dat"));
    check("maps_shared_file_line_has_linux_format",
          strncmp(l, want, wl) == 0 && strlen(l) == 74 + strlen(path("maps.dat")) &&
              strncmp(name, path("maps.dat"), strlen(path("maps.dat"))) == 0, detail);
    char *p = mmap(0, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    l = maps_line(p);
    check("maps_private_file_line_is_r_xp_offset_0", strstr(l, " r-xp 00000000 ") != NULL, l);
    char *a = mmap(0, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    snprintf(want, sizeof want, "%08lx-%08lx r--p 00000000 00:00 0 \n", (unsigned long)a,
             (unsigned long)a + PG);
    l = maps_line(a);
    check("maps_anonymous_line_is_blank_after_inode_0", strcmp(l, want) == 0, l);
    char *h = (char *)syscall(SYS_brk, 0);   /* musl's sbrk refuses to grow */
    syscall(SYS_brk, h + PG);
    h[0] = 1;
    l = maps_line(h);
    check("maps_names_the_heap", strstr(l, "[heap]") != NULL, l);
    int local;
    l = maps_line(&local);
    check("maps_names_the_stack", strstr(l, "[stack]") != NULL, l);
    l = maps_line((void *)&test_maps);
    check("maps_names_the_program_file_for_its_text", strstr(l, " r-xp ") && strstr(l, "/mmaptest\n"), l);
    /* The child reports its line through shared anonymous memory. */
    char *child_line = mmap(0, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    fflush(stdout);
    if (fork() == 0) {
        snprintf(child_line, PG, "%s", maps_line((void *)&test_maps));
        _exit(0);
    }
    wait(NULL);
    check("maps_of_a_forked_child_names_the_program_too", strstr(child_line, "/mmaptest\n") != NULL,
          child_line);
    munmap(child_line, PG);
    munmap(m, 2 * PG);
    munmap(p, PG);
    munmap(a, PG);
    close(fd);
}

/* ---- /proc/meminfo ------------------------------------------------------ */

static long meminfo(const char *name)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    long v = -1;
    size_t n = strlen(name);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, name, n) == 0 && line[n] == ':' && strstr(line, " kB\n"))
            v = strtol(line + n + 1, 0, 10);
    if (f)
        fclose(f);
    return v;
}

/* The calling process's own dirty pages in kB, from Linux's
   /proc/self/smaps_rollup: -1 where the file does not exist (pagelab). */
static long own_dirty_kb(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    char line[128];
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "Private_Dirty:", 14) || !strncmp(line, "Shared_Dirty:", 13))
            v = (v < 0 ? 0 : v) + strtol(strchr(line, ':') + 1, 0, 10);
    if (f)
        fclose(f);
    return v;
}

/*
 * Stores through a shared file mapping show up as mapped and dirty memory.
 * On pagelab nothing else runs, so /proc/meminfo's machine-wide Mapped and
 * Dirty grow by what this test stored; on a Linux host other programs
 * write and write back meanwhile, so there the test reads this process's
 * own counters (smaps_rollup) instead: a check run on the host must not
 * depend on what else the host is doing.
 */
static void test_meminfo(void)
{
    CHECK("meminfo_has_linux_fields_in_kb",
          meminfo("MemTotal") > 0 && meminfo("MemFree") > 0 && meminfo("MemAvailable") > 0 &&
              meminfo("Cached") >= 0 && meminfo("Dirty") >= 0 && meminfo("Mapped") >= 0);
    int fd = make_file("meminfo.dat", 256 * PG, 13);
    fsync(fd);
    long mapped0 = meminfo("Mapped"), dirty0 = meminfo("Dirty"), own0 = own_dirty_kb();
    char *m = mmap(0, 256 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    for (int i = 0; i < 256; i++)
        m[i * PG] = 'w';
    msync(m, 256 * PG, MS_ASYNC);
    long mapped1 = meminfo("Mapped"), dirty1 = meminfo("Dirty"), own1 = own_dirty_kb();
    char d[200];
    if (on_pagelab) {
        snprintf(d, sizeof d, "Mapped %ld -> %ld kB, Dirty %ld -> %ld kB for 1 MiB stored to",
                 mapped0, mapped1, dirty0, dirty1);
        check("meminfo_mapped_and_dirty_grow_with_stores_through_a_shared_map",
              mapped1 - mapped0 >= 900 && dirty1 - dirty0 >= 900, d);
    } else {
        snprintf(d, sizeof d, "this process's dirty pages %ld -> %ld kB for 1 MiB stored to", own0,
                 own1);
        check("meminfo_mapped_and_dirty_grow_with_stores_through_a_shared_map",
              own0 >= 0 && own1 - own0 >= 900, d);
    }
    munmap(m, 256 * PG);
    close(fd);
    unlink(path("meminfo.dat"));
}

/* ---- fault counts ------------------------------------------------------- */

static void test_fault_counts(void)
{
    char *a = mmap(0, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    madvise(a, 16 * PG, MADV_NOHUGEPAGE);
    struct faults f0 = faults_now();
    for (int i = 0; i < 16; i++)
        a[i * PG] = 1;
    struct faults f1 = faults_now();
    char d[128];
    snprintf(d, sizeof d, "minor %ld major %ld for 16 first touches", f1.minor - f0.minor, f1.major - f0.major);
    check("getrusage_counts_one_minor_fault_per_first_touch",
          f1.minor - f0.minor == 16 && f1.major == f0.major, d);
    for (int i = 0; i < 16; i++)
        a[i * PG] = 2;
    struct faults f2 = faults_now();
    CHECK("touching_mapped_pages_again_is_not_a_fault", f2.minor == f1.minor);
    munmap(a, 16 * PG);

    char *pa = mmap(0, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    f0 = faults_now();
    for (int i = 0; i < 16; i++)
        pa[i * PG] = 1;
    f1 = faults_now();
    CHECK("map_populate_anonymous_leaves_no_fault_to_take", f1.minor == f0.minor && f1.major == f0.major);
    munmap(pa, 16 * PG);
    int fd = make_file("populate.dat", 8 * PG, 9);
    char *pf = mmap(0, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    f0 = faults_now();
    int ok = 1;
    for (int i = 0; i < 8; i++)
        ok &= pf[i * PG + 1] == expect_byte(i * PG + 1, 9);
    f1 = faults_now();
    CHECK("map_populate_shared_file_leaves_no_fault_to_take", ok && f1.minor == f0.minor && f1.major == f0.major);
    munmap(pf, 8 * PG);
    close(fd);

    /* /proc/self/stat fields 10 (minflt) and 12 (majflt). */
    char buf[1024] = {0};
    int sfd = open("/proc/self/stat", O_RDONLY);
    read(sfd, buf, sizeof buf - 1);
    close(sfd);
    struct faults now = faults_now();
    const char *p = strrchr(buf, ')');
    long field[16] = {0};
    int k = 3;
    for (p = p ? p + 2 : buf; *p && k <= 13; k++) {
        field[k] = strtol(p + (k == 3 ? 1 : 0), 0, 10);
        p = strchr(p, ' ');
        if (!p)
            break;
        p++;
    }
    snprintf(d, sizeof d, "stat minflt %ld majflt %ld, getrusage %ld %ld", field[10], field[12], now.minor, now.major);
    check("proc_self_stat_fields_10_and_12_are_the_fault_counts",
          field[10] > 0 && field[10] <= now.minor && now.minor - field[10] < 8 && field[12] == now.major, d);
}

/* What a forked child finds at p: 0 for zeros, 1 for the parent's 'w',
   2 if the child was killed by SIGSEGV (no mapping there), 3 otherwise. */
static int child_sees(volatile char *p)
{
    pid_t c = fork();
    if (c == 0)
        _exit(*p == 0 ? 0 : *p == 'w' ? 1 : 3);
    int st;
    waitpid(c, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? 2 : 3;
}

/* madvise's fork controls and MADV_FREE, as Linux has them. */
static void test_madvise_fork_and_free(void)
{
    char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(m, 'w', 3 * PG);
    check("madv_dontfork_ok", madvise(m + PG, PG, MADV_DONTFORK) == 0, "madvise");
    check("madv_dontfork_leaves_the_range_out_of_the_child", child_sees(m + PG) == 2 && child_sees(m) == 1,
          "child access");
    check("madv_dofork_gives_it_back", madvise(m + PG, PG, MADV_DOFORK) == 0 && child_sees(m + PG) == 1,
          "child access");
    check("madv_wipeonfork_gives_the_child_zeros",
          madvise(m, PG, MADV_WIPEONFORK) == 0 && child_sees(m) == 0 && m[0] == 'w' && child_sees(m + PG) == 1,
          "child access");
    check("madv_keeponfork_undoes_it", madvise(m, PG, MADV_KEEPONFORK) == 0 && child_sees(m) == 1, "child access");
    check("madv_free_of_private_anonymous_ok_and_the_page_stays_usable",
          madvise(m + 2 * PG, PG, MADV_FREE) == 0 && (m[2 * PG] == 'w' || m[2 * PG] == 0) &&
              (m[2 * PG] = 'n', m[2 * PG] == 'n'),
          "madvise");
    munmap(m, 3 * PG);
    check("madv_dontfork_of_unmapped_memory_enomem", err_of(madvise(m, PG, MADV_DONTFORK)) == ENOMEM, "madvise");

    char *sh = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    check("madv_free_of_shared_memory_einval", err_of(madvise(sh, PG, MADV_FREE)) == EINVAL, "madvise");
    check("madv_wipeonfork_of_shared_memory_einval", err_of(madvise(sh, PG, MADV_WIPEONFORK)) == EINVAL, "madvise");
    munmap(sh, PG);
}

/* ru_maxrss (KiB) is the most memory the process had resident at once: it
   stays after the memory is unmapped, and a reaped child's shows in
   RUSAGE_CHILDREN and in wait4's rusage; VmHWM in /proc/self/status too. */
static void test_maxrss(void)
{
    struct rusage before, after, kids, waited;
    getrusage(RUSAGE_SELF, &before);
    size_t len = 16 << 20;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; m != MAP_FAILED && i < len; i += 4096)
        m[i] = 1;
    if (m != MAP_FAILED)
        munmap(m, len);
    getrusage(RUSAGE_SELF, &after);
    char d[160];
    snprintf(d, sizeof d, "maxrss %ld kB before, %ld kB after 16 MiB touched and unmapped", before.ru_maxrss,
             after.ru_maxrss);
    check("maxrss_counts_memory_touched_and_keeps_it_after_munmap", after.ru_maxrss >= 12 * 1024,
          d);
    char status[4096] = { 0 };
    int fd = open("/proc/self/status", O_RDONLY);
    read(fd, status, sizeof status - 1);
    close(fd);
    const char *hwm = strstr(status, "VmHWM:");
    check("proc_status_vmhwm_is_the_high_water_mark", hwm && strtol(hwm + 6, NULL, 10) >= 12 * 1024,
          hwm ? hwm : "no VmHWM line");
    pid_t c = fork();
    if (c == 0) {
        size_t big = 32 << 20;
        char *b = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (size_t i = 0; b != MAP_FAILED && i < big; i += 4096)
            b[i] = 1;
        _exit(0);
    }
    int st;
    wait4(c, &st, 0, &waited);
    getrusage(RUSAGE_CHILDREN, &kids);
    snprintf(d, sizeof d, "wait4 %ld kB, RUSAGE_CHILDREN %ld kB", waited.ru_maxrss, kids.ru_maxrss);
    check("maxrss_of_a_reaped_child_in_wait4_and_rusage_children",
          waited.ru_maxrss >= 24 * 1024 && kids.ru_maxrss >= waited.ru_maxrss, d);
}

/* ---- pagelab only ---------------------------------------------------------- */

static int ledger(struct ledger_counts *c)
{
    return syscall(SYS_pagelab_ledger, LEDGER_SELF, c) == 0;
}

static long vmstat(const char *name)
{
    FILE *f = fopen("/proc/vmstat", "r");
    char key[64];
    long v;
    while (f && fscanf(f, "%63s %ld", key, &v) == 2)
        if (strcmp(key, name) == 0) {
            fclose(f);
            return v;
        }
    if (f)
        fclose(f);
    return -1;
}

static int drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    int ok = fd >= 0 && write(fd, "1", 1) == 1;
    if (fd >= 0)
        close(fd);
    return ok;
}

static void test_pagelab(void)
{
    /* Shared file faults: no CPU copy; private write: one counted COW copy. */
    int fd = make_file("ledger.dat", 4 * PG, 10);
    char *m = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    struct ledger_counts a, b;
    CHECK("ledger_syscall_answers", ledger(&a));
    for (int i = 0; i < 4; i++)
        sink = m[i * PG];
    ledger(&b);
    uint64_t cpu = 0;
    for (int k = COPY_USER_TO_KERNEL; k <= COPY_COW_PAGE; k++)
        cpu += b.bytes[k][MECH_MMAP_FAULT] - a.bytes[k][MECH_MMAP_FAULT];
    CHECK("shared_file_faults_map_the_cache_page_with_no_cpu_copy",
          cpu == 0 && b.mapped_pages[MECH_MMAP_FAULT] - a.mapped_pages[MECH_MMAP_FAULT] == 4);
    char *p = mmap(0, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    sink = p[0];
    ledger(&a);
    p[0] = 1;
    p[PG] = 1;
    ledger(&b);
    CHECK("private_file_writes_are_counted_cow_copies",
          b.bytes[COPY_COW_PAGE][MECH_MMAP_FAULT] - a.bytes[COPY_COW_PAGE][MECH_MMAP_FAULT] == 2 * PG);
    munmap(p, 4 * PG);

    /* msync writes exactly the dirty pages. */
    fsync(fd);
    long w0 = vmstat("nr_written");
    m[0] = 'a';
    m[2 * PG + 7] = 'b';
    m[3 * PG + 9] = 'c';
    msync(m, 4 * PG, MS_SYNC);
    long w1 = vmstat("nr_written");
    msync(m, 4 * PG, MS_SYNC);
    long w2 = vmstat("nr_written");
    char d[128];
    snprintf(d, sizeof d, "first msync wrote %ld pages, second %ld", w1 - w0, w2 - w1);
    check("msync_writes_exactly_the_dirty_pages", w0 >= 0 && w1 - w0 == 3 && w2 == w1, d);
    m[PG] = 'd';
    fsync(fd);
    long w3 = vmstat("nr_written");
    munmap(m, 4 * PG);      /* would move a dirty bit fsync had missed */
    long dirty = vmstat("nr_dirty");
    snprintf(d, sizeof d, "fsync wrote %ld pages, %ld dirty after munmap", w3 - w2, dirty);
    check("fsync_writes_a_page_dirtied_only_through_the_map", w3 - w2 >= 1 && dirty == 0, d);
    close(fd);

    /* Major faults: after drop_caches the pages come from the disk.  With
       read-ahead off (read_ahead_kb 0) each page is a major fault of its
       own; with it on, a front-to-back pass takes one major fault and the
       following pages arrive by read-ahead (minor faults). */
    fd = make_file("major.dat", 8 * PG, 11);
    fsync(fd);
    close(fd);
    CHECK("drop_caches_accepts_1", drop_caches());
    char ra_kb[16] = "128\n";
    int ra = open("/proc/sys/vm/read_ahead_kb", O_RDWR);
    ssize_t ra_len = ra >= 0 ? read(ra, ra_kb, sizeof ra_kb - 1) : -1;
    CHECK("read_ahead_kb_can_be_turned_off", ra >= 0 && ra_len > 0 && pwrite(ra, "0\n", 2, 0) == 2);
    fd = open(path("major.dat"), O_RDONLY);
    char *c = mmap(0, 8 * PG, PROT_READ, MAP_SHARED, fd, 0);
    struct faults f0 = faults_now();
    int ok = 1;
    for (int i = 0; i < 8; i++)
        ok &= c[i * PG + 3] == expect_byte(i * PG + 3, 11);
    struct faults f1 = faults_now();
    snprintf(d, sizeof d, "major %ld minor %ld", f1.major - f0.major, f1.minor - f0.minor);
    check("cold_file_pages_are_major_faults_without_read_ahead",
          ok && f1.major - f0.major == 8 && f1.minor == f0.minor, d);
    munmap(c, 8 * PG);
    if (ra >= 0) {
        pwrite(ra, ra_kb, ra_len > 0 ? (size_t)ra_len : 4, 0);
        close(ra);
    }
    CHECK("drop_caches_again", drop_caches());
    c = mmap(0, 8 * PG, PROT_READ, MAP_SHARED, fd, 0);
    f0 = faults_now();
    ok = 1;
    for (int i = 0; i < 8; i++)
        ok &= c[i * PG + 3] == expect_byte(i * PG + 3, 11);
    f1 = faults_now();
    snprintf(d, sizeof d, "major %ld minor %ld", f1.major - f0.major, f1.minor - f0.minor);
    check("read_ahead_turns_a_cold_sequential_pass_into_one_major_fault",
          ok && f1.major - f0.major == 1 && f1.minor - f0.minor == 7, d);
    munmap(c, 8 * PG);
    c = mmap(0, 8 * PG, PROT_READ, MAP_SHARED, fd, 0);
    f0 = faults_now();
    for (int i = 0; i < 8; i++)
        sink = c[i * PG];
    f1 = faults_now();
    snprintf(d, sizeof d, "major %ld minor %ld", f1.major - f0.major, f1.minor - f0.minor);
    check("cached_file_pages_are_minor_faults", f1.major == f0.major && f1.minor - f0.minor == 8, d);
    munmap(c, 8 * PG);
    close(fd);

    /* MAP_HUGETLB: 2 MiB pages. */
    struct faults h0 = faults_now();
    char *h = mmap(0, 2 * HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
    CHECK("hugetlb_map_is_2mib_aligned", h != MAP_FAILED && ((unsigned long)h % HUGE) == 0);
    if (h == MAP_FAILED)
        return;
    int zero = h[0] == 0 && h[HUGE - 1] == 0 && h[HUGE + 12345] == 0;
    for (size_t i = 0; i < 2 * HUGE; i += PG)
        h[i] = (char)(i / PG);
    struct faults h1 = faults_now();
    int kept = 1;
    for (size_t i = 0; i < 2 * HUGE; i += PG)
        kept &= h[i] == (char)(i / PG);
    snprintf(d, sizeof d, "%ld faults for 1024 pages of 4 KiB", h1.minor - h0.minor);
    check("hugetlb_one_fault_per_2mib_page", zero && kept && h1.minor - h0.minor == 2, d);
    CHECK("hugetlb_partial_munmap_is_einval", err_of(munmap(h + PG, PG)) == EINVAL);
    CHECK("hugetlb_partial_mprotect_is_einval", err_of(mprotect(h, PG, PROT_READ)) == EINVAL);
    CHECK("hugetlb_partial_madvise_dontneed_is_einval", err_of(madvise(h + PG, PG, MADV_DONTNEED)) == EINVAL);
    CHECK("hugetlb_madvise_dontneed_of_a_whole_page_zeroes_it",
          madvise(h, PG, MADV_DONTNEED) == 0 && h[5 * PG] == 0 && h[HUGE + PG] == 1);
    CHECK("hugetlb_file_map_is_einval",
          sys_mmap(0, HUGE, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, 0, 0) == -EINVAL);
    int pfd = make_file("hugenone.dat", 16, 14);
    h[7] = 'k';
    CHECK("hugetlb_prot_none_keeps_even_the_kernel_out",
          mprotect(h, HUGE, PROT_NONE) == 0 && pread(pfd, h, 16, 0) == -1 && errno == EFAULT);
    CHECK("hugetlb_prot_none_then_back_keeps_the_data",
          mprotect(h, HUGE, PROT_READ | PROT_WRITE) == 0 && h[7] == 'k');
    close(pfd);
    h[5 * PG] = 9;
    CHECK("hugetlb_whole_page_munmap_works", munmap(h + HUGE, HUGE) == 0 && h[5 * PG] == 9);
    CHECK("hugetlb_munmap", munmap(h, HUGE) == 0);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: mmaptest DIR [pagelab]\n");
        return 2;
    }
    if (strcmp(argv[1], "--exit0") == 0)
        return 0;
    snprintf(dir, sizeof dir, "%s", argv[1]);
    snprintf(self, sizeof self, "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
    on_pagelab = argc > 2 && strcmp(argv[2], "pagelab") == 0;
    test_errors();
    test_placement();
    test_coherence();
    test_anonymous();
    test_fork();
    test_kills();
    test_eof_tail();
    test_lifetime();
    test_split();
    test_msync_errors();
    test_maps();
    test_meminfo();
    test_fault_counts();
    test_maxrss();
    test_madvise_fork_and_free();
    if (on_pagelab)
        test_pagelab();
    printf("mmaptest: %d failures\n", failures);
    return failures;
}
