/*
 * swapdemo: use several times the machine's memory and watch it go to swap
 * and come back, with nothing lost.
 *
 *     swapdemo [MIB]     (default: three times MemTotal, at most what RAM
 *                         and swap can hold)
 *
 * Start pagelab with little memory and a swap disk (make run MEM=64M
 * SWAP=256M, or tools/run-in-vm --mem 64M --swap 256M -- swapdemo).
 * swapdemo maps MIB of anonymous memory and fills it 8 MiB at a time, each
 * page with numbers derived from its index, remembering a checksum per
 * chunk.  After each chunk it prints what the kernel did meanwhile:
 *
 *   MemFree   free RAM (/proc/meminfo): stays low, kswapd keeps it there
 *   SwapUsed  SwapTotal - SwapFree: grows as pages go out
 *   out, in   /proc/vmstat pswpout, pswpin: pages written to / read from swap
 *   majflt    this process's major faults (getrusage): pages it waited for
 *             the disk to bring back
 *   ledger    MiB the swap device moved by DMA, out / in (the copy ledger's
 *             "swap" mechanism, whole kernel); "n/a" on Linux
 *
 * Then it reads every chunk back, in the same order (the oldest pages come
 * from swap first), and compares checksums: "nothing lost" or the chunks
 * that differ (exit status 1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <pagelab/syscalls.h>
#include "benchlib.h"

#define PAGE  4096ul
#define MIB   (1024ul * 1024)
#define CHUNK (8 * MIB)

/* Swap's device bytes so far (whole kernel): out, in.  -1: no ledger. */
static void ledger_swap(long *out_mib, long *in_mib)
{
    struct ledger_counts c;
    if (pagelab_ledger_get(LEDGER_GLOBAL, &c) != 0) {
        *out_mib = *in_mib = -1;
        return;
    }
    *out_mib = (long)(c.bytes[COPY_MEMORY_TO_DEVICE][MECH_SWAP] / MIB);
    *in_mib = (long)(c.bytes[COPY_DEVICE_TO_MEMORY][MECH_SWAP] / MIB);
}

static void row(const char *phase, size_t mib)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long out, in;
    ledger_swap(&out, &in);
    char ledger[48] = "n/a";
    if (out >= 0)
        snprintf(ledger, sizeof ledger, "%ld / %ld", out, in);
    long used = bench_proc_field("/proc/meminfo", "SwapTotal") - bench_proc_field("/proc/meminfo", "SwapFree");
    printf("%-6s %6zu %9ld %9ld %9ld %9ld %8ld  %s\n", phase, mib,
           bench_proc_field("/proc/meminfo", "MemFree") / 1024, used / 1024,
           bench_proc_field("/proc/vmstat", "pswpout"), bench_proc_field("/proc/vmstat", "pswpin"),
           ru.ru_majflt, ledger);
    fflush(stdout);
}

/* Page p's contents: 512 words from a small generator seeded by p. */
static uint64_t fill_page(uint64_t *w, uint64_t p)
{
    uint64_t x = p * 0x9e3779b97f4a7c15ull + 1, sum = 0;
    for (unsigned i = 0; i < PAGE / 8; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        w[i] = x;
        sum += x * (i + 1);
    }
    return sum;
}

static uint64_t sum_page(const uint64_t *w)
{
    uint64_t sum = 0;
    for (unsigned i = 0; i < PAGE / 8; i++)
        sum += w[i] * (i + 1);
    return sum;
}

int main(int argc, char **argv)
{
    long ram_kb = bench_proc_field("/proc/meminfo", "MemTotal");
    long swap_kb = bench_proc_field("/proc/meminfo", "SwapTotal");
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : (size_t)ram_kb * 3 / 1024;
    size_t fits = (size_t)(ram_kb + swap_kb) / 1024 * 8 / 10;
    if (argc <= 1 && mib > fits)
        mib = fits;
    mib = (mib + 7) / 8 * 8;
    size_t chunks = mib * MIB / CHUNK;
    printf("swapdemo: %zu MiB of anonymous memory, %ld MiB of RAM, %ld MiB of swap\n", mib,
           ram_kb / 1024, swap_kb / 1024);
    uint8_t *m = mmap(NULL, mib * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t *sums = calloc(chunks ? chunks : 1, sizeof *sums);
    if (m == MAP_FAILED || !sums) {
        perror("swapdemo: mmap");
        return 2;
    }
    printf("%-6s %6s %9s %9s %9s %9s %8s  %s\n", "phase", "MiB", "MemFree", "SwapUsed", "out",
           "in", "majflt", "ledger MiB out / in");
    row("start", 0);
    for (size_t c = 0; c < chunks; c++) {
        for (size_t p = 0; p < CHUNK / PAGE; p++) {
            uint64_t page = c * (CHUNK / PAGE) + p;
            sums[c] += fill_page((uint64_t *)(m + page * PAGE), page);
        }
        row("write", (c + 1) * CHUNK / MIB);
    }
    size_t bad = 0;
    for (size_t c = 0; c < chunks; c++) {
        uint64_t sum = 0;
        for (size_t p = 0; p < CHUNK / PAGE; p++)
            sum += sum_page((uint64_t *)(m + (c * (CHUNK / PAGE) + p) * PAGE));
        if (sum != sums[c]) {
            printf("chunk %zu (MiB %zu-%zu): checksum %016llx, wrote %016llx\n", c,
                   c * CHUNK / MIB, (c + 1) * CHUNK / MIB, (unsigned long long)sum,
                   (unsigned long long)sums[c]);
            bad++;
        }
        row("read", (c + 1) * CHUNK / MIB);
    }
    if (bad) {
        printf("swapdemo: %zu of %zu chunks differ: data was lost\n", bad, chunks);
        return 1;
    }
    printf("swapdemo: nothing lost: all %zu chunks (%zu MiB) read back with their checksums\n",
           chunks, mib);
    return 0;
}
