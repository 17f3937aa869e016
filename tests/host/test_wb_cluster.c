/* Host tests of write-back clustering (kernel/mm/wb_cluster.c): dirty pages
   sorted into file order, batches cut at gaps, dirty expiry. */
#include <stdint.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/mm/wb_cluster.c"

static int sorted_with_items(const uint64_t *keys, void **items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i && keys[i - 1] > keys[i])
            return 0;
        if ((uint64_t)(uintptr_t)items[i] != keys[i] * 10) /* each item follows its key */
            return 0;
    }
    return 1;
}

TEST(sort_puts_pages_in_file_order_and_keeps_each_with_its_index)
{
    enum { N = 1000 };
    static uint64_t keys[N];
    static void *items[N];
    uint64_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        keys[i] = (x >> 33) % 5000; /* duplicates possible */
        items[i] = (void *)(uintptr_t)(keys[i] * 10);
    }
    wb_sort(keys, items, N);
    CHECK(sorted_with_items(keys, items, N));
}

TEST(sort_of_sorted_or_tiny_input_changes_nothing)
{
    uint64_t keys[] = { 1, 2, 3, 7, 8 };
    void *items[] = { (void *)10, (void *)20, (void *)30, (void *)70, (void *)80 };
    wb_sort(keys, items, 5);
    CHECK(sorted_with_items(keys, items, 5));
    wb_sort(keys, items, 1);
    wb_sort(keys, items, 0);
    CHECK(keys[0] == 1);
}

TEST(sort_of_reversed_input)
{
    uint64_t keys[64];
    void *items[64];
    for (int i = 0; i < 64; i++) {
        keys[i] = 64 - i;
        items[i] = (void *)(uintptr_t)(keys[i] * 10);
    }
    wb_sort(keys, items, 64);
    CHECK(sorted_with_items(keys, items, 64));
    CHECK(keys[0] == 1 && keys[63] == 64);
}

TEST(batch_takes_everything_that_fits)
{
    uint64_t keys[] = { 0, 1, 2, 10, 11 };
    CHECK(wb_batch_len(keys, 5, 8) == 5);
    CHECK(wb_batch_len(keys, 5, 5) == 5);
}

TEST(batch_ends_at_a_gap_rather_than_inside_a_run)
{
    /* runs 0..5 and 9..14; max 8 would cut the second run after 9, 10 */
    uint64_t keys[] = { 0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14 };
    CHECK(wb_batch_len(keys, 12, 8) == 6);
}

TEST(batch_cuts_a_run_too_long_for_one_batch_at_the_maximum)
{
    uint64_t keys[20];
    for (int i = 0; i < 20; i++)
        keys[i] = 100 + i;
    CHECK(wb_batch_len(keys, 20, 8) == 8);
    /* a gap only in the first half of the batch: not worth a batch half empty */
    uint64_t k2[] = { 0, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
    CHECK(wb_batch_len(k2, 10, 8) == 8);
}

TEST(expiry_counts_from_when_the_mapping_became_dirty)
{
    uint64_t s = 1000000000ull;
    CHECK(!wb_expired(5 * s, 5 * s, 30 * s));
    CHECK(!wb_expired(5 * s, 34 * s, 30 * s));
    CHECK(wb_expired(5 * s, 35 * s, 30 * s));
    CHECK(wb_expired(5 * s, 5 * s, 0)); /* expiry 0: everything dirty is due */
    CHECK(!wb_expired(5 * s, 4 * s, 0)); /* a clock behind the stamp: not due */
}
