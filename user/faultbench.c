/*
 * faultbench: what one page fault costs, in TSC cycles and nanoseconds.
 *
 *     faultbench [--pages N] [--rounds R] [--dir DIR] [--quick]
 *
 * Each case touches one byte in each of N pages (default 2048), timing every
 * touch with rdtsc, for R rounds (default 5), and prints the median, minimum
 * and 90th percentile over all N*R touches:
 *
 *   touch-mapped       a read of a page that is already mapped: the cost of
 *                      the measurement itself, for reference
 *   anon-first-touch   a write to a fresh MAP_PRIVATE|MAP_ANONYMOUS page
 *                      (the kernel hands out a zero-filled frame)
 *   file-cached-read   a read through MAP_SHARED of a file page that is
 *                      already in the page cache (the file is read() first;
 *                      MADV_DONTNEED between rounds drops the mappings, not
 *                      the cache)
 *   cow-after-fork     a write by a forked child to a private anonymous page
 *                      its parent had written (the page is copied)
 *   cow-private-file   a write to a MAP_PRIVATE file page that was first read
 *                      (mapped read-only from the page cache, then copied)
 *
 * The "faults/touch" column is the getrusage() minor+major fault delta over
 * the timed touches divided by their number.  It should be 1.00 (0 for
 * touch-mapped); less means the kernel mapped several pages per fault (Linux's
 * fault-around of file pages, transparent huge pages: anonymous regions are
 * marked MADV_NOHUGEPAGE for that reason), and the median then measures a
 * mix.  Runs on Linux and pagelab alike; build with `musl-gcc -static`.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

static size_t npages = 2048;
static int rounds = 5;
static const char *dir = "/tmp";

struct result {
    uint64_t *samples;   /* cycles per touch, npages * rounds */
    size_t n;
    long faults;         /* minor + major over the timed touches; -1 unknown */
};

static struct bench_table table;

static void print_header(void)
{
    static const char *const head[] = {"case", "touches", "median cyc", "min cyc", "p90 cyc",
                                       "median ns", "min ns", "p90 ns", "faults/touch"};
    static const int width[] = {18, 7, 10, 8, 9, 9, 7, 7, 12};
    bench_table_init(&table, 9, head, width);
    bench_table_header(&table);
}

static void print_result(const char *name, struct result *r)
{
    struct bench_stats s = bench_summarize(r->samples, r->n);
    double cpn = bench_cycles_per_ns();
    const char *faults = r->faults < 0 ? "n/a" : bench_fmt("%.2f", (double)r->faults / r->n);
    const char *cells[] = {
        name, bench_fmt("%zu", s.n), bench_fmt("%llu", (unsigned long long)s.median),
        bench_fmt("%llu", (unsigned long long)s.min), bench_fmt("%llu", (unsigned long long)s.p90),
        bench_fmt("%.0f", s.median / cpn), bench_fmt("%.0f", s.min / cpn),
        bench_fmt("%.0f", s.p90 / cpn), faults,
    };
    bench_table_row(&table, cells);
}

static long faults_since(struct bench_faults before)
{
    struct bench_faults now = bench_faults_now();
    if (!before.ok || !now.ok)
        return -1;
    return (now.minor - before.minor) + (now.major - before.major);
}

/* Adds one round's fault count f to r; once any count is unknown, so is the sum. */
static void add_faults(struct result *r, long f)
{
    r->faults = (f < 0 || r->faults < 0) ? -1 : r->faults + f;
}

/* Times one write (or read) of a byte in each page of [base, base + npages). */
static void time_touches(volatile char *base, int write, uint64_t *out)
{
    for (size_t i = 0; i < npages; i++) {
        volatile char *p = base + i * BENCH_PAGE;
        uint64_t c0 = bench_cycles();
        if (write)
            *p = 1;
        else
            (void)*p;
        out[i] = bench_cycles() - c0;
    }
}

/* Round k of a case: the timed touches into r's samples, their faults added to r's. */
static void time_round(struct result *r, int k, volatile char *base, int write)
{
    struct bench_faults f0 = bench_faults_now();
    time_touches(base, write, r->samples + k * npages);
    add_faults(r, faults_since(f0));
}

static void *map_anon(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        bench_die("mmap anonymous");
    bench_madvise(p, len, BENCH_MADV_NOHUGEPAGE);   /* not every kernel has it: ignore errors */
    return p;
}

/* The whole npages-page file at fd, mapped with prot and flags; dies naming what on failure. */
static void *map_file(int fd, int prot, int flags, const char *what)
{
    void *p = mmap(NULL, npages * BENCH_PAGE, prot, flags, fd, 0);
    if (p == MAP_FAILED)
        bench_die(what);
    return p;
}

static void case_touch_mapped(struct result *r)
{
    size_t len = npages * BENCH_PAGE;
    char *p = map_anon(len);
    for (size_t i = 0; i < len; i += BENCH_PAGE)
        p[i] = 1;
    r->faults = 0;
    for (int k = 0; k < rounds; k++)
        time_round(r, k, p, 0);
    munmap(p, len);
}

static void case_anon_first_touch(struct result *r)
{
    size_t len = npages * BENCH_PAGE;
    r->faults = 0;
    for (int k = 0; k < rounds; k++) {
        char *p = map_anon(len);
        time_round(r, k, p, 1);
        munmap(p, len);
    }
}

/* Makes DIR/faultbench.PID of npages pages, reads it once so that it sits in
 * the page cache, and returns an open read-write descriptor (the file is
 * unlinked at once; the descriptor keeps it). */
static int make_cached_file(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/faultbench.%d", dir, (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(path);
    unlink(path);
    char *page = malloc(BENCH_PAGE);
    for (size_t i = 0; i < npages; i++) {
        memset(page, (int)(i & 0xff), BENCH_PAGE);
        if (bench_write_full(fd, page, BENCH_PAGE) != 0)
            bench_die("write test file");
    }
    lseek(fd, 0, SEEK_SET);
    while (read(fd, page, BENCH_PAGE) > 0)
        ;
    free(page);
    return fd;
}

static void report_residency(int fd)
{
    size_t len = npages * BENCH_PAGE;
    void *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return;
    long resident = bench_resident_pages(m, len);
    if (resident >= 0 && (size_t)resident != npages)
        printf("note: only %ld of %zu file pages are in the page cache\n", resident, npages);
    munmap(m, len);
}

static void case_file_cached_read(struct result *r, int fd)
{
    size_t len = npages * BENCH_PAGE;
    char *p = map_file(fd, PROT_READ, MAP_SHARED, "mmap MAP_SHARED file");
    r->faults = 0;
    for (int k = 0; k < rounds; k++) {
        if (bench_madvise(p, len, BENCH_MADV_DONTNEED) != 0) {
            munmap(p, len);   /* no madvise: a new mapping starts unmapped too */
            p = map_file(fd, PROT_READ, MAP_SHARED, "mmap MAP_SHARED file");
        }
        time_round(r, k, p, 0);
    }
    munmap(p, len);
}

/* The child times its writes and sends the samples and its fault count back
 * through a pipe; the parent keeps the page's other reference alive. */
static void case_cow_after_fork(struct result *r)
{
    size_t len = npages * BENCH_PAGE;
    r->faults = 0;
    for (int k = 0; k < rounds; k++) {
        char *p = map_anon(len);
        for (size_t i = 0; i < len; i += BENCH_PAGE)
            p[i] = 2;
        int fds[2];
        if (pipe(fds) != 0)
            bench_die("pipe");
        pid_t pid = fork();
        if (pid < 0)
            bench_die("fork");
        if (pid == 0) {
            close(fds[0]);
            uint64_t *s = r->samples + k * npages;
            struct bench_faults f0 = bench_faults_now();
            time_touches(p, 1, s);
            long f = faults_since(f0);
            if (bench_write_full(fds[1], &f, sizeof f) != 0 ||
                bench_write_full(fds[1], s, npages * sizeof *s) != 0)
                _exit(1);
            _exit(0);
        }
        close(fds[1]);
        long f;
        if (bench_read_full(fds[0], &f, sizeof f) != 0 ||
            bench_read_full(fds[0], r->samples + k * npages, npages * sizeof(uint64_t)) != 0)
            bench_die("cow-after-fork: reading the child's samples");
        close(fds[0]);
        int status;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "cow-after-fork: child failed (status %#x)\n", status);
            exit(1);
        }
        if (p[0] != 2 || p[len - BENCH_PAGE] != 2) {
            fprintf(stderr, "cow-after-fork: the child's writes reached the parent's pages\n");
            exit(1);
        }
        add_faults(r, f);
        munmap(p, len);
    }
}

static void case_cow_private_file(struct result *r, int fd)
{
    size_t len = npages * BENCH_PAGE;
    r->faults = 0;
    for (int k = 0; k < rounds; k++) {
        volatile char *p = map_file(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE, "mmap MAP_PRIVATE file");
        for (size_t i = 0; i < len; i += BENCH_PAGE)
            (void)p[i];
        time_round(r, k, p, 1);
        munmap((void *)p, len);
    }
    /* The writes (of 1) were private: page 2 of the file must still start
     * with its own byte, 2. */
    unsigned char b;
    if (pread(fd, &b, 1, 2 * BENCH_PAGE) != 1 || b != 2) {
        fprintf(stderr, "cow-private-file: a private write reached the file\n");
        exit(1);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: faultbench [--pages N] [--rounds R] [--dir DIR] [--quick]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            npages = 256;
            rounds = 2;
        } else if (!strcmp(argv[i], "--pages") && i + 1 < argc) {
            npages = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            usage();
        }
    }
    if (npages < 3 || rounds < 1)
        usage();

    printf("faultbench: %zu pages x %d rounds, files in %s, TSC %.3f cycles/ns\n", npages,
           rounds, dir, bench_cycles_per_ns());
    struct result r;
    r.n = npages * rounds;
    r.samples = malloc(r.n * sizeof *r.samples);
    if (!r.samples)
        bench_die("malloc");
    /* The sample buffer is touched now so that it never faults while timing. */
    memset(r.samples, 0, r.n * sizeof *r.samples);
    print_header();

    case_touch_mapped(&r);
    print_result("touch-mapped", &r);
    case_anon_first_touch(&r);
    print_result("anon-first-touch", &r);
    int fd = make_cached_file();
    report_residency(fd);
    case_file_cached_read(&r, fd);
    print_result("file-cached-read", &r);
    case_cow_after_fork(&r);
    print_result("cow-after-fork", &r);
    case_cow_private_file(&r, fd);
    print_result("cow-private-file", &r);
    close(fd);
    return 0;
}
