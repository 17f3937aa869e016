/*
 * swapbench: how fast pages go to swap and come back.
 *
 *     swapbench [--mib N] [--faults F] [--quick]
 *
 * Run on a machine with little memory and a swap disk (pagelab:
 * tools/run-in-vm --mem 64M --swap 256M; Linux 6.1 in the same QEMU:
 * tools/run-on-linux --mem 64M --swap 256M).  N MiB of anonymous memory
 * (default: twice MemTotal) are
 *
 *   page-out   written once, in order: once RAM is full every new page
 *              needs an old one written to swap.  MiB/s of pages written
 *              to swap (/proc/vmstat pswpout) over the whole pass;
 *   page-in    read back in the same order: the oldest pages went first
 *              and come back first.  MiB/s of pages read from swap
 *              (pswpin), whatever the kernel's swap readahead did;
 *   fault      single-word reads of random pages of the first half (out
 *              on swap after the page-in pass), each timed, until F of
 *              them were major faults (getrusage): the latency of one
 *              swap-in fault, median and 90th percentile.
 *
 * --quick: 16 MiB and 20 faults (a check that it runs).  Each pass checks
 * the pages' contents (a word per page naming it): a
 * wrong one fails the run.  Runs on Linux and pagelab alike; build with
 * `musl-gcc -static` for Linux.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "benchlib.h"

#define PAGE 4096ul
#define MIB  (1024ul * 1024)

struct rusage_min {
    long utime[2], stime[2];
    long maxrss, ixrss, idrss, isrss, minflt, majflt, rest[8];
};

static long majflt(void)
{
    struct rusage_min ru;
    if (bench_syscall(BENCH_SYS_GETRUSAGE, 0, (long)&ru, 0, 0, 0, 0) != 0)
        return -1;
    return ru.majflt;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next_random(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static int bad_pages;

static void pass(const char *name, volatile uint64_t *m, size_t pages, int write)
{
    long out0 = bench_proc_field("/proc/vmstat", "pswpout"), in0 = bench_proc_field("/proc/vmstat", "pswpin");
    uint64_t t0 = bench_now_ns();
    for (size_t p = 0; p < pages; p++) {
        volatile uint64_t *w = m + p * (PAGE / 8);
        if (write) {
            w[0] = p;
            w[PAGE / 8 - 1] = ~p;
        } else if (w[0] != p || w[PAGE / 8 - 1] != ~p) {
            bad_pages++;
        }
    }
    double s = (double)(bench_now_ns() - t0) / 1e9;
    long out = bench_proc_field("/proc/vmstat", "pswpout") - out0;
    long in = bench_proc_field("/proc/vmstat", "pswpin") - in0;
    long pages_moved = write ? out : in;
    double rate = s > 0 ? (double)pages_moved * PAGE / MIB / s : 0.0;
    printf("%-9s %8.1f %10ld %10ld %9.2f %10.1f\n", name, (double)pages * PAGE / MIB, out, in, s,
           rate);
    bench_figure_f(name, "swap MiB/s", rate); /* for tools/bench (BENCH_FIGURES=1) */
}

int main(int argc, char **argv)
{
    size_t mib = 0, faults = 400;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mib") && i + 1 < argc)
            mib = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--faults") && i + 1 < argc)
            faults = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--quick"))
            mib = 16, faults = 20; /* a check that it runs (tests) */
        else {
            fprintf(stderr, "usage: swapbench [--mib N] [--faults F] [--quick]\n");
            return 2;
        }
    }
    long ram_kb = bench_proc_field("/proc/meminfo", "MemTotal");
    long swap_kb = bench_proc_field("/proc/meminfo", "SwapTotal");
    if (!mib)
        mib = (size_t)ram_kb * 2 / 1024;
    if (swap_kb <= 0)
        printf("swapbench: no swap: the figures below measure no swapping\n");
    size_t pages = mib * MIB / PAGE;
    uint64_t *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        perror("swapbench: mmap");
        return 2;
    }
    bench_syscall(BENCH_SYS_MADVISE, (long)m, (long)(pages * PAGE), 15 /* MADV_NOHUGEPAGE */, 0,
                  0, 0);
    printf("swapbench: %zu MiB of anonymous memory, %ld MiB of RAM, %ld MiB of swap\n", mib,
           ram_kb / 1024, swap_kb / 1024);
    printf("%-9s %8s %10s %10s %9s %10s\n", "pass", "MiB", "pswpout", "pswpin", "seconds",
           "swap MiB/s");
    pass("page-out", m, pages, 1);
    pass("page-in", m, pages, 0);

    /* Random pages of the first half, out on swap now, one touch each;
       only the touches that were major faults count. */
    uint64_t *ns = malloc(faults * sizeof *ns);
    size_t n = 0, tried = 0, minor = 0;
    if (!ns)
        return 2;
    while (n < faults && tried < 20 * faults) {
        tried++;
        size_t p = next_random() % (pages / 2);
        long maj = majflt();
        uint64_t t0 = bench_now_ns();
        uint64_t v = ((volatile uint64_t *)m)[p * (PAGE / 8)];
        uint64_t t = bench_now_ns() - t0;
        if (v != p)
            bad_pages++;
        if (majflt() == maj) {
            minor++; /* resident: read ahead with a neighbour, or touched before */
            continue;
        }
        ns[n++] = t;
    }
    struct bench_stats st = bench_summarize(ns, n);
    printf("fault     %zu swap-in faults timed (%zu touches found the page resident): "
           "median %.1f us, p90 %.1f us, min %.1f us\n",
           n, minor, st.median / 1e3, st.p90 / 1e3, st.min / 1e3);
    bench_figure_f("swap-in fault", "median us", st.median / 1e3);
    bench_figure_f("swap-in fault", "p90 us", st.p90 / 1e3);
    if (bad_pages) {
        printf("swapbench: %d pages read back wrong\n", bad_pages);
        return 1;
    }
    printf("swapbench: every page read back right\n");
    return 0;
}
