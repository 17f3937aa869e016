/*
 * mmapbench: the read()-versus-mmap experiment of a popular article
 * (docs/claims.md), measured properly.
 *
 *     mmapbench [--dir DIR] [--runs N] [--quick] [--fault-around BYTES]
 *               [--seqread SIZE] [SIZE...]
 *
 * For each file size (default: 10000 ints = 40000 B, 1M, 16M, 64M; sizes
 * may be given as arguments, e.g. `mmapbench 40000 1M`), a file of 32-bit
 * ints is updated in place two ways:
 *
 *   read   read() the whole file into a buffer, add 1 to every int,
 *          lseek(0) + write() it back, fsync()
 *   mmap   mmap(MAP_SHARED), add 1 to every int in place, msync(MS_SYNC)
 *
 * Both end with the data on the disk, so the two are comparable.  Each is
 * run N times (default 5) with a cold page cache (dropped before every run:
 * see bench_drop_caches in benchlib.h) and N times warm (the file read once
 * before); the table gives the median wall time from CLOCK_MONOTONIC and the
 * ratio read/mmap.  Beside each time, when the kernel has the copy ledger,
 * the bytes the CPU and devices copied per byte of file during the median
 * run (a ledger delta), and the disk requests per MiB of file (reads and
 * writes completed, from /proc/diskstats, on Linux too).  Every run's result
 * is checked: each int must have grown by exactly one.
 *
 * Then the sequential-read figure: a file of --seqread SIZE (default 64 MiB,
 * 4 MiB with --quick, 0 to skip) read front to back with 1 MiB read()s from a
 * cold cache: median time, MB/s and requests per MiB.
 *
 * --fault-around BYTES sets the kernel's fault-around first (pagelab:
 * /proc/sys/vm/fault_around_bytes, Linux: debugfs fault_around_bytes);
 * the setting in force is printed either way.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "benchlib.h"

static const char *dir = "/tmp";
static int runs = 5;

enum method { METHOD_READ, METHOD_MMAP };

struct run_result {
    uint64_t ns;
    struct ledger_counts delta;
    long long requests; /* disk requests during the run, -1: unknown */
};

static int diskstats; /* /proc/diskstats is there */

/* The file holds ints 0, 1, 2, ... plus the number of updates so far. */
static void create_file(const char *path, size_t size)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(path);
    size_t chunk = 1 << 16;
    uint32_t *buf = malloc(chunk);
    for (size_t off = 0; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        for (size_t i = 0; i < n / 4; i++)
            buf[i] = (uint32_t)(off / 4 + i);
        if (bench_write_full(fd, buf, n) != 0)
            bench_die("write test file");
    }
    free(buf);
    if (fsync(fd) != 0)
        bench_die("fsync");
    close(fd);
}

static void update_by_read(int fd, size_t size, uint32_t *buf)
{
    if (lseek(fd, 0, SEEK_SET) != 0 || bench_read_full(fd, buf, size) != 0)
        bench_die("read");
    for (size_t i = 0; i < size / 4; i++)
        buf[i]++;
    if (lseek(fd, 0, SEEK_SET) != 0 || bench_write_full(fd, buf, size) != 0)
        bench_die("write");
    if (fsync(fd) != 0)
        bench_die("fsync");
}

static void update_by_mmap(int fd, size_t size)
{
    uint32_t *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        bench_die("mmap");
    for (size_t i = 0; i < size / 4; i++)
        p[i]++;
    if (msync(p, size, MS_SYNC) != 0)
        bench_die("msync");
    munmap(p, size);
}

/* Every int must equal its index plus the number of updates made. */
static void check_file(int fd, size_t size, uint32_t updates, uint32_t *buf)
{
    if (pread(fd, buf, size, 0) != (ssize_t)size)
        bench_die("pread for checking");
    for (size_t i = 0; i < size / 4; i++) {
        if (buf[i] != (uint32_t)i + updates) {
            fprintf(stderr, "mmapbench: int %zu is %u, expected %u after %u updates\n", i, buf[i],
                    (uint32_t)i + updates, updates);
            exit(1);
        }
    }
}

static void warm_file(int fd, size_t size, uint32_t *buf)
{
    if (pread(fd, buf, size, 0) != (ssize_t)size)
        bench_die("pread to warm the cache");
}

/* Runs one method `runs` times; returns the median time and stores the
 * ledger delta of the run whose time is the median. */
static int measure(int fd, size_t size, enum method m, int cold, uint32_t *buf,
                   uint32_t *updates, struct run_result *median, const char **drop_method)
{
    struct run_result *res = calloc(runs, sizeof *res);
    uint64_t *times = calloc(runs, sizeof *times);
    for (int r = 0; r < runs; r++) {
        if (cold) {
            fsync(fd);
            *drop_method = bench_drop_caches(fd);
            if (!*drop_method) {
                free(res);
                free(times);
                return -1;
            }
        } else {
            warm_file(fd, size, buf);
        }
        struct ledger_counts before, after;
        bench_ledger_get(LEDGER_SELF, &before);
        long long req0 = bench_disk_requests();
        uint64_t t0 = bench_now_ns();
        if (m == METHOD_READ)
            update_by_read(fd, size, buf);
        else
            update_by_mmap(fd, size);
        uint64_t t1 = bench_now_ns();
        long long req1 = bench_disk_requests();
        bench_ledger_get(LEDGER_SELF, &after);
        res[r].ns = times[r] = t1 - t0;
        res[r].requests = req0 >= 0 && req1 >= 0 ? req1 - req0 : -1;
        bench_ledger_delta(&before, &after, &res[r].delta);
        ++*updates;
        check_file(fd, size, *updates, buf);
    }
    uint64_t med = bench_median(times, runs);
    /* The run closest to the median time gives the copy counts. */
    int best = 0;
    for (int r = 1; r < runs; r++) {
        uint64_t d = res[r].ns > med ? res[r].ns - med : med - res[r].ns;
        uint64_t db = res[best].ns > med ? res[best].ns - med : med - res[best].ns;
        if (d < db)
            best = r;
    }
    *median = res[best];
    median->ns = med;
    free(res);
    free(times);
    return 0;
}

static const char *per_byte(uint64_t bytes, size_t size)
{
    return bench_fmt("%.2f", (double)bytes / (double)size);
}

static const char *per_mib(long long requests, size_t size)
{
    if (requests < 0)
        return "n/a";
    return bench_fmt("%.1f", (double)requests / ((double)size / (1 << 20)));
}

static struct bench_table table;
static int ledger;

static void print_header(void)
{
    const char *head[BENCH_MAX_COLS] = {"size", "cache", "read ms", "mmap ms", "read/mmap"};
    int width[BENCH_MAX_COLS] = {9, 5, 9, 9, 9};
    int n = 5;
    if (diskstats) {
        head[n] = "read req/MiB";
        width[n++] = 12;
        head[n] = "mmap req/MiB";
        width[n++] = 12;
    }
    if (ledger) {
        static const char *const lh[] = {"read cpu/B", "read dev/B", "mmap cpu/B", "mmap dev/B"};
        for (int i = 0; i < 4; i++) {
            head[n] = lh[i];
            width[n++] = 10;
        }
    }
    bench_table_init(&table, n, head, width);
    bench_table_header(&table);
}

static void bench_size(size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/mmapbench.%d", dir, (int)getpid());
    create_file(path, size);
    int fd = open(path, O_RDWR);
    if (fd < 0)
        bench_die(path);
    uint32_t *buf = malloc(size);
    if (!buf)
        bench_die("malloc");
    uint32_t updates = 0;
    for (int cold = 1; cold >= 0; cold--) {
        struct run_result rd, mm;
        const char *how = NULL;
        if (measure(fd, size, METHOD_READ, cold, buf, &updates, &rd, &how) != 0 ||
            measure(fd, size, METHOD_MMAP, cold, buf, &updates, &mm, &how) != 0) {
            printf("%-9s  cold: skipped (cannot drop the page cache: no "
                   "/proc/sys/vm/drop_caches and no fadvise)\n", bench_size_name(size));
            continue;
        }
        const char *cells[BENCH_MAX_COLS] = {
            bench_size_name(size), cold ? "cold" : "warm",
            bench_fmt("%.3f", rd.ns / 1e6), bench_fmt("%.3f", mm.ns / 1e6),
            bench_fmt("%.2f", (double)rd.ns / (double)mm.ns),
        };
        int n = 5;
        if (diskstats) {
            cells[n++] = per_mib(rd.requests, size);
            cells[n++] = per_mib(mm.requests, size);
        }
        if (ledger) {
            cells[n++] = per_byte(bench_ledger_cpu_bytes(&rd.delta), size);
            cells[n++] = per_byte(bench_ledger_device_bytes(&rd.delta), size);
            cells[n++] = per_byte(bench_ledger_cpu_bytes(&mm.delta), size);
            cells[n++] = per_byte(bench_ledger_device_bytes(&mm.delta), size);
        }
        bench_table_row(&table, cells);
        if (cold && how && strcmp(how, "drop_caches") != 0)
            printf("%-9s  (cold cache made with %s)\n", "", how);
    }
    free(buf);
    close(fd);
    unlink(path);
}

/* The sequential-read figure: size bytes read front to back with 1 MiB
   read()s after dropping the cache; median of runs. */
static void bench_seqread(size_t size)
{
    const size_t chunk = 1 << 20;
    char path[512];
    snprintf(path, sizeof path, "%s/mmapbench-seq.%d", dir, (int)getpid());
    create_file(path, size);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        bench_die(path);
    char *buf = malloc(chunk);
    uint64_t *times = calloc(runs, sizeof *times);
    long long *reqs = calloc(runs, sizeof *reqs);
    if (!buf || !times || !reqs)
        bench_die("malloc");
    const char *how = NULL;
    for (int r = 0; r < runs; r++) {
        if (!(how = bench_drop_caches(fd))) {
            printf("seqread    skipped (cannot drop the page cache)\n");
            goto out;
        }
        long long req0 = bench_disk_requests();
        uint64_t t0 = bench_now_ns();
        size_t total = 0;
        ssize_t n;
        if (lseek(fd, 0, SEEK_SET) != 0)
            bench_die("lseek");
        while ((n = read(fd, buf, chunk)) > 0)
            total += (size_t)n;
        uint64_t t1 = bench_now_ns();
        long long req1 = bench_disk_requests();
        if (n < 0 || total != size)
            bench_die("sequential read");
        times[r] = t1 - t0;
        reqs[r] = req0 >= 0 && req1 >= 0 ? req1 - req0 : -1;
    }
    uint64_t med = bench_median(times, runs);
    int best = 0;
    for (int r = 1; r < runs; r++)
        if ((times[r] > med ? times[r] - med : med - times[r]) <
            (times[best] > med ? times[best] - med : med - times[best]))
            best = r;
    printf("seqread    %s cold, 1 MiB read()s: %.3f ms, %.1f MB/s, %s requests/MiB (median of "
           "%d)\n", bench_size_name(size), med / 1e6, (double)size / (med / 1e9) / 1e6,
           per_mib(reqs[best], size), runs);
    const char *row = bench_fmt("seqread %s cold", bench_size_name(size));
    bench_figure_f(row, "ms", med / 1e6);
    bench_figure_f(row, "MB/s", (double)size / (med / 1e9) / 1e6);
    if (reqs[best] >= 0)
        bench_figure(row, "req/MiB", per_mib(reqs[best], size));
out:
    free(buf);
    free(times);
    free(reqs);
    close(fd);
    unlink(path);
}

static void usage(void)
{
    fprintf(stderr, "usage: mmapbench [--dir DIR] [--runs N] [--quick] [--fault-around BYTES]\n"
                    "                 [--seqread SIZE] [SIZE...]\n"
                    "  SIZE: bytes, or with K/M/G; a multiple of 4 (default 40000 1M 16M 64M)\n"
                    "  --seqread: the sequential-read file (default 64M, 4M with --quick; 0: none)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    size_t sizes[16];
    int nsizes = 0, quick = 0;
    long fault_around = -1;
    long long seqread = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = 1;
        } else if (!strcmp(argv[i], "--fault-around") && i + 1 < argc) {
            fault_around = (long)bench_parse_size(argv[++i]);
            if (fault_around <= 0)
                usage();
        } else if (!strcmp(argv[i], "--seqread") && i + 1 < argc) {
            const char *a = argv[++i];
            seqread = strcmp(a, "0") == 0 ? 0 : (long long)bench_parse_size(a);
            if (seqread < 0 || (seqread == 0 && strcmp(a, "0") != 0))
                usage();
        } else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else if (argv[i][0] != '-' && nsizes < 16) {
            uint64_t s = bench_parse_size(argv[i]);
            if (s == 0 || s % 4)
                usage();
            sizes[nsizes++] = s;
        } else {
            usage();
        }
    }
    if (nsizes == 0) {
        sizes[nsizes++] = 10000 * sizeof(uint32_t);
        sizes[nsizes++] = 1 << 20;
        if (!quick) {
            sizes[nsizes++] = 16 << 20;
            sizes[nsizes++] = 64 << 20;
        }
    }
    if (quick && runs == 5)
        runs = 3;
    if (runs < 1)
        usage();

    if (seqread < 0)
        seqread = quick ? 4 << 20 : 64 << 20;

    printf("mmapbench: read+increment+write+fsync vs mmap+increment+msync, files in %s, "
           "median of %d runs\n", dir, runs);
    if (fault_around > 0 && bench_fault_around_set(fault_around) != 0)
        fprintf(stderr, "mmapbench: cannot set fault_around_bytes (%s); going on\n",
                strerror(errno));
    const char *where;
    long fa = bench_fault_around_get(&where);
    if (fa >= 0)
        printf("fault-around: %ld bytes (%s)\n", fa, where);
    else
        printf("fault-around: unknown (no fault_around_bytes file)\n");
    ledger = bench_ledger_available();
    diskstats = bench_disk_requests() >= 0;
    if (ledger)
        printf("ledger: bytes copied per byte of file (CPU, device) in the median run\n");
    if (diskstats)
        printf("req/MiB: disk requests completed (/proc/diskstats) per MiB of file in the "
               "median run\n");
    print_header();
    for (int i = 0; i < nsizes; i++)
        bench_size(sizes[i]);
    if (seqread > 0)
        bench_seqread((size_t)seqread);
    return 0;
}
