/*
 * benchlib.h: the small toolkit shared by the benchmark programs
 * (faultbench, mmapbench, pipebench, copycount, ...).
 *
 * The same source builds three ways: with pagelab's libc into /bin, with
 * `musl-gcc -static` on a Linux host, and with the host gcc.  So everything
 * a libc might lack or spell differently (the copy ledger, getrusage,
 * madvise, System V IPC) goes through bench_syscall() with Linux x86-64
 * numbers, which pagelab shares (it speaks Linux's x86-64 system-call ABI,
 * docs/processes.md).  Only plain POSIX is taken from libc.
 *
 * Timing: bench_now_ns() reads CLOCK_MONOTONIC; bench_cycles() reads the
 * time-stamp counter.  Under QEMU/TCG the TSC follows the host's clock, so
 * the cycle figures of two guest kernels in the same QEMU compare directly.
 */
#ifndef PAGELAB_BENCHLIB_H
#define PAGELAB_BENCHLIB_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../libc/include/pagelab/ledger.h"

/* Linux x86-64 system-call numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
#define BENCH_SYS_MINCORE   27
#define BENCH_SYS_MADVISE   28
#define BENCH_SYS_SHMGET    29
#define BENCH_SYS_SHMAT     30
#define BENCH_SYS_SHMCTL    31
#define BENCH_SYS_SOCKETPAIR 53
#define BENCH_SYS_SHMDT     67
#define BENCH_SYS_MSGGET    68
#define BENCH_SYS_MSGSND    69
#define BENCH_SYS_MSGRCV    70
#define BENCH_SYS_MSGCTL    71
#define BENCH_SYS_GETRUSAGE 98
#define BENCH_SYS_FADVISE64 221
#define BENCH_SYS_FUTEX     202
#define BENCH_SYS_MEMFD_CREATE 319

/* Returns the raw kernel result: a value >= 0, or -errno. */
static inline long bench_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
    long ret;
    register long r10 __asm__("r10") = a4;
    register long r8 __asm__("r8") = a5;
    register long r9 __asm__("r9") = a6;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

/* ---- clocks ------------------------------------------------------------ */

static inline uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* lfence keeps the read from being hoisted above earlier loads (Intel SDM
 * vol. 2B, RDTSC: "not a serializing instruction"). */
static inline uint64_t bench_cycles(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
}

/* TSC ticks per nanosecond, measured once against the monotonic clock over
 * about 20 ms of busy waiting. */
static inline double bench_cycles_per_ns(void)
{
    static double cached;
    if (cached > 0)
        return cached;
    uint64_t t0 = bench_now_ns(), c0 = bench_cycles();
    while (bench_now_ns() - t0 < 20000000ull)
        ;
    uint64_t t1 = bench_now_ns(), c1 = bench_cycles();
    cached = (double)(c1 - c0) / (double)(t1 - t0);
    if (cached <= 0)
        cached = 1;
    return cached;
}

/* ---- statistics -------------------------------------------------------- */

static int bench_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

struct bench_stats {
    uint64_t min, median, p90, max;
    size_t n;
};

/* Sorts the samples in place and summarises them. */
static inline struct bench_stats bench_summarize(uint64_t *samples, size_t n)
{
    struct bench_stats s = {0};
    if (n == 0)
        return s;
    qsort(samples, n, sizeof samples[0], bench_cmp_u64);
    s.n = n;
    s.min = samples[0];
    s.max = samples[n - 1];
    s.median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    s.p90 = samples[(n * 9) / 10 < n ? (n * 9) / 10 : n - 1];
    return s;
}

static inline uint64_t bench_median(uint64_t *samples, size_t n)
{
    return bench_summarize(samples, n).median;
}

/* ---- table printer ------------------------------------------------------
 * Columns are declared once with a header and a width; each row is a list
 * of already formatted cells.  Right-aligned except the first column. */

#define BENCH_MAX_COLS 12

struct bench_table {
    int ncols;
    const char *head[BENCH_MAX_COLS];
    int width[BENCH_MAX_COLS];
};

static inline void bench_table_init(struct bench_table *t, int ncols, const char *const *head,
                                    const int *width)
{
    t->ncols = ncols < BENCH_MAX_COLS ? ncols : BENCH_MAX_COLS;
    for (int i = 0; i < t->ncols; i++) {
        t->head[i] = head[i];
        int w = (int)strlen(head[i]);
        t->width[i] = width[i] > w ? width[i] : w;
    }
}

/* ---- machine-readable figures -------------------------------------------
 * With BENCH_FIGURES=1 in the environment, a program prints, besides its
 * table, one line per figure:
 *
 *     figure: ROW | COLUMN | VALUE
 *
 * for tools (tools/bench) to read; without it the output is the table alone.
 * Every table row gives them by itself (bench_table_row): ROW is the row's
 * leading cells up to its first number (or "-"), joined by " / "
 * ("throughput 4 KiB / binder call"); each numeric cell after that is a
 * figure named by its column's header ("MB/s", "median us"; a column headed
 * "unit" is not a figure: its text is added to the other headers of the
 * row).  Lines outside the tables give theirs with bench_figure().  An
 * environment variable rather than an option, so that every program has the
 * mode without parsing anything and a tool can ask for it the same way on
 * both kernels (`env BENCH_FIGURES=1 prog` on pagelab, a kernel parameter
 * that Linux hands to init's environment on Linux).
 */
static inline int bench_figures_on(void)
{
    static int on = -1;
    if (on < 0) {
        const char *v = getenv("BENCH_FIGURES");
        on = v && *v && strcmp(v, "0") != 0;
    }
    return on;
}

/* A decimal number as the tables print them: [-]digits[.digits]. */
static inline int bench_is_number(const char *s)
{
    int digits = 0;
    if (*s == '-')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    return digits > 0 && *s == '\0';
}

static inline void bench_figure(const char *row, const char *column, const char *value)
{
    if (bench_figures_on())
        printf("figure: %s | %s | %s\n", row, column, value);
}

static inline void bench_figure_f(const char *row, const char *column, double value)
{
    if (bench_figures_on())
        printf("figure: %s | %s | %.6g\n", row, column, value);
}

static inline void bench_table_figures(const struct bench_table *t, const char *const *cells)
{
    char row[192] = "";
    const char *unit = NULL;
    int first = t->ncols;
    for (int i = 0; i < t->ncols; i++) {
        if (!strcmp(t->head[i], "unit"))
            unit = cells[i];
        if (first == t->ncols && i > 0 && (bench_is_number(cells[i]) || !strcmp(cells[i], "-")))
            first = i;
        if (first == t->ncols && strcmp(t->head[i], "unit"))
            snprintf(row + strlen(row), sizeof row - strlen(row), "%s%s", i ? " / " : "",
                     cells[i]);
    }
    for (int i = first; i < t->ncols; i++) {
        if (!bench_is_number(cells[i]) || !strcmp(t->head[i], "unit"))
            continue;
        if (unit)
            printf("figure: %s | %s %s | %s\n", row, t->head[i], unit, cells[i]);
        else
            printf("figure: %s | %s | %s\n", row, t->head[i], cells[i]);
    }
}

static inline void bench_table_row(const struct bench_table *t, const char *const *cells)
{
    for (int i = 0; i < t->ncols; i++) {
        if (i == 0)
            printf("%-*s", t->width[i], cells[i]);
        else
            printf("  %*s", t->width[i], cells[i]);
    }
    printf("\n");
    if (bench_figures_on())
        bench_table_figures(t, cells);
    fflush(stdout);
}

static inline void bench_table_header(const struct bench_table *t)
{
    bench_table_row(t, t->head);
    int total = 0;
    for (int i = 0; i < t->ncols; i++)
        total += t->width[i] + (i ? 2 : 0);
    for (int i = 0; i < total; i++)
        putchar('-');
    putchar('\n');
}

/* Formats into one of a few rotating static buffers, for table cells. */
static inline const char *bench_fmt(const char *fmt, ...)
{
    static char bufs[32][48];
    static int next;
    char *b = bufs[next++ % 32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof bufs[0], fmt, ap);
    va_end(ap);
    return b;
}

/* ---- the copy ledger (libc/include/pagelab/ledger.h) --------------------- */

/* The number after "key:" (or "key ") on a line of a /proc file such as
   /proc/meminfo or /proc/vmstat; -1 if there is none. */
static inline long bench_proc_field(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && (line[n] == ':' || line[n] == ' ')) {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    if (f)
        fclose(f);
    return v;
}

/* Returns 0, or -errno: -ENOSYS on a kernel without the ledger (Linux). */
static inline int bench_ledger_get(int scope, struct ledger_counts *out)
{
    memset(out, 0, sizeof *out);
    return (int)bench_syscall(SYS_pagelab_ledger, scope, (long)out, 0, 0, 0, 0);
}

static inline int bench_ledger_reset(void)
{
    return (int)bench_syscall(SYS_pagelab_ledger_reset, 0, 0, 0, 0, 0, 0);
}

/* Whether the running kernel has a ledger; says so once on stdout if not. */
static inline int bench_ledger_available(void)
{
    static int state = -1;
    if (state < 0) {
        struct ledger_counts c;
        state = bench_ledger_get(LEDGER_SELF, &c) == 0;
        if (!state)
            printf("ledger: not available on this kernel (syscall %d returned an error); "
                   "copy counts are not shown\n", SYS_pagelab_ledger);
    }
    return state;
}

/* The names the kernel gives kinds and mechanisms (kernel/copy/ledger.c,
 * /proc/copies), and the copy trace's events that are not copies. */
static inline const char *bench_copy_kind_name(int kind)
{
    static const char *const names[COPY_KIND_COUNT] = {
        [COPY_USER_TO_KERNEL] = "user->kernel",     [COPY_KERNEL_TO_USER] = "kernel->user",
        [COPY_KERNEL_TO_KERNEL] = "kernel->kernel", [COPY_CROSS_SPACE] = "cross-space",
        [COPY_COW_PAGE] = "cow-page",               [COPY_DEVICE_TO_MEMORY] = "device->memory",
        [COPY_MEMORY_TO_DEVICE] = "memory->device",
    };
    if (kind == COPY_EVENT_ZERO_FILL)
        return "zero-fill";
    if (kind == COPY_EVENT_MAP)
        return "map";
    return kind >= 0 && kind < COPY_KIND_COUNT ? names[kind] : "?";
}

static inline const char *bench_copy_mech_name(int mech)
{
    static const char *const names[MECH_COUNT] = {
        [MECH_OTHER] = "other",          [MECH_SYSCALL_ARGS] = "syscall-args",
        [MECH_FILE_READ] = "file-read",  [MECH_FILE_WRITE] = "file-write",
        [MECH_MMAP_FAULT] = "mmap-fault", [MECH_WRITEBACK] = "writeback",
        [MECH_FS_METADATA] = "fs-metadata", [MECH_PIPE] = "pipe",
        [MECH_MSGQ] = "msgq",            [MECH_SOCKET] = "socket",
        [MECH_SHM] = "shm",              [MECH_BINDER] = "binder",
        [MECH_EXEC] = "exec",            [MECH_FORK] = "fork",
        [MECH_POSIX_MQ] = "posix-mq",    [MECH_SPLICE] = "splice",
        [MECH_SWAP] = "swap",            [MECH_TRACE] = "trace",
    };
    return mech >= 0 && mech < MECH_COUNT && names[mech] ? names[mech] : "?";
}

/* An end of a copy-trace event: "disk", "kernel" or "pid N". */
static inline const char *bench_copy_end_name(int end)
{
    if (end == COPY_END_DEVICE)
        return "disk";
    if (end == COPY_END_KERNEL)
        return "kernel";
    return bench_fmt("pid %d", end);
}

/* The copy trace (libc/include/pagelab/ledger.h): 0 or -errno (-ENOSYS on
 * Linux). */
static inline long bench_copy_trace(int op, struct copy_trace_event *buf, size_t max)
{
    return bench_syscall(SYS_pagelab_copy_trace, op, (long)buf, (long)max, 0, 0, 0);
}

/* after - before, field by field. */
static inline void bench_ledger_delta(const struct ledger_counts *before,
                                      const struct ledger_counts *after,
                                      struct ledger_counts *delta)
{
    const uint64_t *b = (const uint64_t *)before, *a = (const uint64_t *)after;
    uint64_t *d = (uint64_t *)delta;
    for (size_t i = 0; i < sizeof *delta / sizeof(uint64_t); i++)
        d[i] = a[i] - b[i];
}

/* Mechanisms whose bytes are not payload: syscall arguments (paths,
 * structs) and file-system metadata.  The per-byte figures leave them out. */
static inline int bench_mech_is_payload(int mech)
{
    return mech != MECH_SYSCALL_ARGS && mech != MECH_FS_METADATA;
}

static inline int bench_kind_is_device(int kind)
{
    return kind == COPY_DEVICE_TO_MEMORY || kind == COPY_MEMORY_TO_DEVICE;
}

/* Payload bytes copied by the CPU (user<->kernel, kernel<->kernel,
 * cross-space, COW) in a delta. */
static inline uint64_t bench_ledger_cpu_bytes(const struct ledger_counts *d)
{
    uint64_t sum = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        for (int m = 0; m < MECH_COUNT; m++)
            if (!bench_kind_is_device(k) && bench_mech_is_payload(m))
                sum += d->bytes[k][m];
    return sum;
}

/* Payload bytes moved by a device (DMA, both directions) in a delta. */
static inline uint64_t bench_ledger_device_bytes(const struct ledger_counts *d)
{
    uint64_t sum = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        for (int m = 0; m < MECH_COUNT; m++)
            if (bench_kind_is_device(k) && bench_mech_is_payload(m))
                sum += d->bytes[k][m];
    return sum;
}

static inline uint64_t bench_ledger_zero_fill_bytes(const struct ledger_counts *d)
{
    uint64_t sum = 0;
    for (int m = 0; m < MECH_COUNT; m++)
        sum += d->zero_fill_bytes[m];
    return sum;
}

/* ---- page-fault counts (getrusage, Linux x86-64 struct rusage) ---------- */

struct bench_rusage {
    long utime[2], stime[2];
    long maxrss, ixrss, idrss, isrss;
    long minflt, majflt;
    long nswap, inblock, oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

#define BENCH_RUSAGE_SELF 0

struct bench_faults {
    long minor, major;
    int ok;   /* 0 when the kernel has no getrusage */
};

static inline struct bench_faults bench_faults_now(void)
{
    struct bench_rusage ru;
    struct bench_faults f = {0, 0, 0};
    memset(&ru, 0, sizeof ru);
    if (bench_syscall(BENCH_SYS_GETRUSAGE, BENCH_RUSAGE_SELF, (long)&ru, 0, 0, 0, 0) == 0) {
        f.minor = ru.minflt;
        f.major = ru.majflt;
        f.ok = 1;
    }
    return f;
}

/* ---- memory and cache helpers -------------------------------------------- */

#define BENCH_PAGE 4096
#define BENCH_MADV_DONTNEED   4    /* Linux include/uapi/asm-generic/mman-common.h */
#define BENCH_MADV_NOHUGEPAGE 15
#define BENCH_FADV_DONTNEED   4    /* posix_fadvise POSIX_FADV_DONTNEED on x86-64 */

static inline int bench_madvise(void *addr, size_t len, int advice)
{
    return (int)bench_syscall(BENCH_SYS_MADVISE, (long)addr, (long)len, advice, 0, 0, 0);
}

/*
 * The cold-cache hook.  Writes "1" (drop clean page-cache pages) to
 * /proc/sys/vm/drop_caches, which Linux implements for root and pagelab's
 * procfs is expected to implement with the same meaning; if that file is
 * missing, falls back to posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) on the
 * given file (Linux drops that file's clean cached pages).  Dirty pages are
 * never dropped, so callers fsync first.  Returns a short name of the method
 * that worked, or NULL if none did.
 */
static inline const char *bench_drop_caches(int fd)
{
    FILE *f = fopen("/proc/sys/vm/drop_caches", "w");
    if (f) {
        int ok = fputs("1\n", f) >= 0;
        ok = (fclose(f) == 0) && ok;
        if (ok)
            return "drop_caches";
    }
    if (fd >= 0 && bench_syscall(BENCH_SYS_FADVISE64, fd, 0, 0, BENCH_FADV_DONTNEED, 0, 0) == 0)
        return "fadvise";
    return NULL;
}

/*
 * Disk requests completed so far (reads + writes, flushes not counted) on
 * the virtio disks (vd*), from /proc/diskstats, which Linux and pagelab
 * write alike (Documentation/admin-guide/iostats.rst: fields 4 and 8 are
 * reads and writes completed); -1 when the file is missing.
 */
static inline long long bench_disk_requests(void)
{
    FILE *f = fopen("/proc/diskstats", "r");
    if (!f)
        return -1;
    char line[512], name[64];
    long long total = 0;
    unsigned major, minor;
    unsigned long long reads, rmerged, rsect, rms, writes;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%u %u %63s %llu %llu %llu %llu %llu", &major, &minor, name, &reads,
                   &rmerged, &rsect, &rms, &writes) == 8 &&
            name[0] == 'v' && name[1] == 'd' && name[2] && !name[3])
            total += (long long)(reads + writes);
    }
    fclose(f);
    return total;
}

/*
 * Linux's fault-around: how many bytes of cached file pages one read fault
 * maps.  Linux keeps the knob in debugfs, pagelab in /proc/sys/vm.  get:
 * the value and *where the file is (-1 when neither exists); set: 0 or -1.
 */
static const char *const bench_fault_around_files[] = {
    "/proc/sys/vm/fault_around_bytes", "/sys/kernel/debug/fault_around_bytes"};

static inline long bench_fault_around_get(const char **where)
{
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(bench_fault_around_files[i], "r");
        if (!f)
            continue;
        char line[32];
        long v;
        int ok = fgets(line, sizeof line, f) && sscanf(line, "%ld", &v) == 1;
        fclose(f);
        if (ok) {
            *where = bench_fault_around_files[i];
            return v;
        }
    }
    *where = NULL;
    return -1;
}

static inline int bench_fault_around_set(long bytes)
{
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(bench_fault_around_files[i], "w");
        if (!f)
            continue;
        int ok = fprintf(f, "%ld\n", bytes) > 0;
        ok = (fclose(f) == 0) && ok;
        return ok ? 0 : -1;
    }
    return -1;
}

/* How many pages of the mapping [map, map+len) are resident in memory, per
 * mincore(); -1 if the kernel has no mincore. */
static inline long bench_resident_pages(void *map, size_t len)
{
    size_t npages = (len + BENCH_PAGE - 1) / BENCH_PAGE;
    unsigned char *vec = malloc(npages ? npages : 1);
    if (!vec)
        return -1;
    long r = bench_syscall(BENCH_SYS_MINCORE, (long)map, (long)len, (long)vec, 0, 0, 0);
    long n = -1;
    if (r == 0) {
        n = 0;
        for (size_t i = 0; i < npages; i++)
            n += vec[i] & 1;
    }
    free(vec);
    return n;
}

/* Parses "4096", "64K", "1M", "2G" (powers of 1024). Returns 0 on error. */
static inline uint64_t bench_parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return 0;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    }
    if (*end == 'i' && end[1] == 'B')
        end += 2;
    return *end ? 0 : v;
}

/* Parses a list of sizes, "256,4K,64K", into out (at most max): the count,
 * or 0 when an item is not a size. */
static inline int bench_parse_sizes(const char *list, size_t *out, int max)
{
    int n = 0;
    char item[32];
    while (*list) {
        size_t len = strcspn(list, ",");
        if (len == 0 || len >= sizeof item || n == max)
            return 0;
        memcpy(item, list, len);
        item[len] = '\0';
        if (!(out[n++] = (size_t)bench_parse_size(item)))
            return 0;
        list += len + (list[len] == ',');
    }
    return n;
}

/* The message sizes of the throughput tests (--sizes). */
#define BENCH_MAX_SIZES 16
/* A throughput round moves --bytes, but no more than this many messages,
 * so that a sweep down to small messages (--sizes 256,...) keeps its time:
 * with the default 8 MiB, messages of 1 KiB and up move all of it. */
#define BENCH_MAX_MESSAGES 8192

static inline size_t bench_round_bytes(size_t total, size_t msg)
{
    return total / msg > BENCH_MAX_MESSAGES ? msg * BENCH_MAX_MESSAGES : total;
}

/* "64 MiB", "1 MiB", "40000 B": the size as a reader would write it. */
static inline const char *bench_size_name(uint64_t n)
{
    if (n >= (1u << 20) && n % (1u << 20) == 0)
        return bench_fmt("%llu MiB", (unsigned long long)(n >> 20));
    if (n >= 1024 && n % 1024 == 0)
        return bench_fmt("%llu KiB", (unsigned long long)(n >> 10));
    return bench_fmt("%llu B", (unsigned long long)n);
}

/* write()/read() until len bytes moved: 0, or -1 on an error or early EOF
 * (errno tells which). */
static inline int bench_write_full(int fd, const void *buf, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = write(fd, (const char *)buf + done, len - done);
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

static inline int bench_read_full(int fd, void *buf, size_t len)
{
    for (size_t done = 0; done < len;) {
        ssize_t n = read(fd, (char *)buf + done, len - done);
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

/* Exits with a message naming the failed call, like err(3). */
static inline void bench_die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, strerror(errno));
    exit(1);
}

/* ---- the IPC throughput harness ----------------------------------------
 * pipebench, sockbench, msgbench, shmbench and binderbench have one shape:
 * the same options, a stream of pattern bytes the receiver checks, rounds
 * of --bytes in messages of each --sizes, and 1-byte round trips; the rows
 * they print have the same columns (test, MB/s, median us, min us, p90 us,
 * sample).  What each does differently is the mechanism. */

struct bench_ipc {
    size_t total_bytes;            /* --bytes: a throughput round's bytes */
    int roundtrips;                /* --roundtrips: timed one by one */
    int rounds;                    /* --rounds: of each throughput size */
    size_t sizes[BENCH_MAX_SIZES]; /* --sizes: the message sizes */
    int nsizes;
};

#define BENCH_IPC_DEFAULTS \
    {.total_bytes = 8 << 20, .roundtrips = 2000, .rounds = 5, .sizes = {4096, 65536}, .nsizes = 2}

/* Takes argv[*i] (and its value) if it is one of the shared options
 * (--quick, --bytes N, --sizes LIST, --roundtrips N, --rounds R): 1 when
 * taken, 0 when it is not one of them, -1 when its value is bad. */
static inline int bench_ipc_option(struct bench_ipc *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    int has_value = *i + 1 < argc;
    if (!strcmp(a, "--quick")) {
        o->total_bytes = 1 << 20;
        o->roundtrips = 200;
        o->rounds = 3;
    } else if (!strcmp(a, "--bytes") && has_value) {
        o->total_bytes = bench_parse_size(argv[++*i]);
    } else if (!strcmp(a, "--sizes") && has_value) {
        if (!(o->nsizes = bench_parse_sizes(argv[++*i], o->sizes, BENCH_MAX_SIZES)))
            return -1;
    } else if (!strcmp(a, "--roundtrips") && has_value) {
        o->roundtrips = atoi(argv[++*i]);
    } else if (!strcmp(a, "--rounds") && has_value) {
        o->rounds = atoi(argv[++*i]);
    } else {
        return 0;
    }
    return 1;
}

static inline int bench_ipc_valid(const struct bench_ipc *o)
{
    return o->total_bytes > 0 && o->roundtrips >= 1 && o->rounds >= 1;
}

/* The usage line of a harness program (extra: its own options), exit 2. */
static inline void bench_ipc_usage(const char *prog, const char *extra)
{
    fprintf(stderr, "usage: %s [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R]%s "
                    "[--quick]\n", prog, extra);
    exit(2);
}

/* The whole command line of a program with only the shared options. */
static inline void bench_ipc_parse(struct bench_ipc *o, int argc, char **argv, const char *prog)
{
    for (int i = 1; i < argc; i++)
        if (bench_ipc_option(o, argc, argv, &i) <= 0)
            bench_ipc_usage(prog, "");
    if (!bench_ipc_valid(o))
        bench_ipc_usage(prog, "");
}

/* Byte i of the stream is (i * 7 + i / 4096) mod 256: a message-sized
 * shift or a lost chunk changes what the reader sees. */
static inline unsigned char bench_pattern_byte(size_t i)
{
    return (unsigned char)(i * 7 + i / 4096);
}

/* n bytes of the pattern, malloc'd (exits if there is no memory). */
static inline unsigned char *bench_pattern_stream(size_t n)
{
    unsigned char *s = malloc(n);
    if (!s)
        bench_die("malloc");
    for (size_t i = 0; i < n; i++)
        s[i] = bench_pattern_byte(i);
    return s;
}

/* The header of the harness's tables, the first column width wide. */
static inline void bench_ipc_table(struct bench_table *t, int width)
{
    static const char *const head[] = {"test", "MB/s", "median us", "min us", "p90 us", "sample"};
    const int widths[] = {width, 8, 9, 8, 8, 18};
    bench_table_init(t, 6, head, widths);
    bench_table_header(t);
}

/* A throughput row: ns[] are the rounds' times, each moving round_bytes in
 * messages of msg bytes; the us columns are per message. */
static inline void bench_throughput_row(const struct bench_table *t, const char *name,
                                        uint64_t *ns, int rounds, size_t round_bytes, size_t msg)
{
    struct bench_stats s = bench_summarize(ns, (size_t)rounds);
    double messages = (double)((round_bytes + msg - 1) / msg);
    const char *cells[] = {
        name,
        bench_fmt("%.1f", (double)round_bytes / (s.median / 1e9) / 1e6),
        bench_fmt("%.2f", s.median / 1e3 / messages),
        bench_fmt("%.2f", s.min / 1e3 / messages),
        bench_fmt("%.2f", s.p90 / 1e3 / messages),
        bench_fmt("%d x %s", rounds, bench_size_name(round_bytes)),
    };
    bench_table_row(t, cells);
}

/* A round-trip row: ns[] are n round trips' times. */
static inline void bench_round_trip_row(const struct bench_table *t, const char *name,
                                        uint64_t *ns, int n)
{
    struct bench_stats s = bench_summarize(ns, (size_t)n);
    const char *cells[] = {
        name, "-", bench_fmt("%.2f", s.median / 1e3), bench_fmt("%.2f", s.min / 1e3),
        bench_fmt("%.2f", s.p90 / 1e3), bench_fmt("%d round trips", n),
    };
    bench_table_row(t, cells);
}

/* The child of the 1-byte round trips: answers each byte it reads from in
 * with the byte + 1 on out, until end of file; never returns. */
static inline void bench_echo_child(int in, int out)
{
    unsigned char c;
    while (read(in, &c, 1) == 1) {
        c++;
        if (write(out, &c, 1) != 1)
            _exit(1);
    }
    _exit(0);
}

/* 1 when the chunk buf[0..n) read at stream offset `at` differs from the
 * pattern, on a sample of its bytes (every 509th and the last), so that
 * checking stays cheap beside the copy it checks. */
static inline int bench_pattern_bad(const unsigned char *buf, size_t n, size_t at)
{
    int bad = 0;
    for (size_t i = 0; i < n; i += 509)
        bad |= buf[i] != bench_pattern_byte(at + i);
    return bad | (n > 0 && buf[n - 1] != bench_pattern_byte(at + n - 1));
}

/* Waits for a throughput round's reader, which answered ack ('k': the
 * data was right) and must exit 0; exits, naming prog, otherwise. */
static inline void bench_reap_reader(const char *prog, pid_t pid, char ack)
{
    int status;
    waitpid(pid, &status, 0);
    if (ack != 'k' || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: the reader saw wrong data (ack %c, status %#x)\n", prog, ack,
                status);
        exit(1);
    }
}

/* A child that answers 1-byte round trips (bench_echo_child) over two
 * pipes: *to and *from are the parent's ends.  Returns the child's pid. */
static inline pid_t bench_echo_over_pipes(int *to, int *from)
{
    int down[2], up[2];
    if (pipe(down) != 0 || pipe(up) != 0)
        bench_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        bench_echo_child(down[0], up[1]);
    }
    close(down[0]);
    close(up[1]);
    *to = down[1];
    *from = up[0];
    return pid;
}

/* Times n 1-byte round trips one by one into ns[]: a byte written to fd
 * to, its answer (bench_echo_child) read from fd from.  Exits, naming
 * prog, when an answer is missing or wrong. */
static inline void bench_time_round_trips(const char *prog, int to, int from, uint64_t *ns, int n)
{
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)i, back = 0;
        uint64_t t0 = bench_now_ns();
        int bad = bench_write_full(to, &c, 1) || bench_read_full(from, &back, 1);
        ns[i] = bench_now_ns() - t0;
        if (bad || back != (unsigned char)(c + 1)) {
            fprintf(stderr, "%s: round trip %d answered %u to %u\n", prog, i, back, c);
            exit(1);
        }
    }
}

/* The throughput row of one message size: o->rounds rounds, each timed by
 * round(msg) (nanoseconds; it moves round_bytes). */
static inline void bench_ipc_throughput(const struct bench_table *t, const struct bench_ipc *o,
                                        size_t msg, size_t round_bytes,
                                        uint64_t (*round)(size_t msg))
{
    uint64_t *ns = calloc((size_t)o->rounds, sizeof *ns);
    if (!ns)
        bench_die("calloc");
    for (int r = 0; r < o->rounds; r++)
        ns[r] = round(msg);
    bench_throughput_row(t, bench_fmt("throughput %s", bench_size_name(msg)), ns, o->rounds,
                         round_bytes, msg);
    free(ns);
}

#endif
