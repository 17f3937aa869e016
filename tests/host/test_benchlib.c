/* Host tests of the benchmark toolkit user/benchlib.h: the statistics, the
 * size parser and the sums that turn a ledger delta into per-byte figures. */
#include "tests/host/check.h"
#include "user/benchlib.h"

TEST(median_of_odd_and_even_counts)
{
    uint64_t odd[] = {9, 1, 5};
    CHECK(bench_median(odd, 3) == 5);
    uint64_t even[] = {10, 40, 20, 30};
    CHECK(bench_median(even, 4) == 25);
}

TEST(summary_gives_min_max_and_90th_percentile)
{
    uint64_t s[10];
    for (int i = 0; i < 10; i++)
        s[i] = (uint64_t)(100 - 10 * i);   /* 100, 90, ..., 10 */
    struct bench_stats st = bench_summarize(s, 10);
    CHECK(st.n == 10);
    CHECK(st.min == 10 && st.max == 100);
    CHECK(st.p90 == 100);   /* index 9 of 10 sorted samples */
    CHECK(st.median == 55);
}

TEST(summary_of_nothing_is_zero)
{
    struct bench_stats st = bench_summarize(NULL, 0);
    CHECK(st.n == 0 && st.median == 0);
}

TEST(sizes_parse_with_binary_suffixes)
{
    CHECK(bench_parse_size("40000") == 40000);
    CHECK(bench_parse_size("64K") == 65536);
    CHECK(bench_parse_size("16M") == 16u << 20);
    CHECK(bench_parse_size("1MiB") == 1u << 20);
    CHECK(bench_parse_size("2G") == 2ull << 30);
    CHECK(bench_parse_size("") == 0);
    CHECK(bench_parse_size("12Q") == 0);
}

TEST(ledger_delta_subtracts_every_field)
{
    static struct ledger_counts a, b, d;
    a.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] = 100;
    b.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] = 4196;
    a.mapped_pages[MECH_MMAP_FAULT] = 1;
    b.mapped_pages[MECH_MMAP_FAULT] = 3;
    bench_ledger_delta(&a, &b, &d);
    CHECK(d.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] == 4096);
    CHECK(d.mapped_pages[MECH_MMAP_FAULT] == 2);
    CHECK(d.ops[COPY_USER_TO_KERNEL][MECH_PIPE] == 0);
}

TEST(cpu_sum_counts_cpu_kinds_and_leaves_out_device_and_non_payload)
{
    static struct ledger_counts d;
    d.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] = 4096;
    d.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] = 4096;
    d.bytes[COPY_COW_PAGE][MECH_MMAP_FAULT] = 4096;
    d.bytes[COPY_USER_TO_KERNEL][MECH_SYSCALL_ARGS] = 17;     /* a path: not payload */
    d.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] = 8192;
    d.bytes[COPY_DEVICE_TO_MEMORY][MECH_FS_METADATA] = 1024;  /* an inode block */
    d.bytes[COPY_MEMORY_TO_DEVICE][MECH_WRITEBACK] = 4096;
    CHECK(bench_ledger_cpu_bytes(&d) == 3 * 4096);
    CHECK(bench_ledger_device_bytes(&d) == 8192 + 4096);
}

TEST(zero_fill_sum_covers_every_mechanism)
{
    static struct ledger_counts d;
    d.zero_fill_bytes[MECH_MMAP_FAULT] = 4096;
    d.zero_fill_bytes[MECH_SHM] = 8192;
    CHECK(bench_ledger_zero_fill_bytes(&d) == 12288);
}

TEST(size_names_read_like_a_person_wrote_them)
{
    CHECK(strcmp(bench_size_name(64u << 20), "64 MiB") == 0);
    CHECK(strcmp(bench_size_name(4096), "4 KiB") == 0);
    CHECK(strcmp(bench_size_name(40000), "40000 B") == 0);
}
