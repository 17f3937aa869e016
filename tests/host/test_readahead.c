/* Host tests of the read-ahead window (kernel/mm/readahead_window.c): the
   arithmetic of Linux's on-demand read-ahead, driven by a simulated reader.
   Sizes are in pages; max 32 is Linux's default 128 KiB window. */
#include <stdint.h>
#include "tests/host/check.h"
#include "kernel/mm/readahead_window.c"

#define MAX 32

TEST(first_window_is_four_times_a_small_request_twice_a_medium_one_else_max)
{
    CHECK(ra_init_size(1, MAX) == 4);
    CHECK(ra_init_size(2, MAX) == 4);  /* 2 > 32/32: medium, doubled */
    CHECK(ra_init_size(3, MAX) == 8);  /* rounded up to 4, doubled */
    CHECK(ra_init_size(8, MAX) == 16);
    CHECK(ra_init_size(9, MAX) == MAX);
    CHECK(ra_init_size(1000, MAX) == MAX);
}

TEST(window_grows_fourfold_then_twofold_then_stays_at_max)
{
    CHECK(ra_next_size(1, MAX) == 4);
    CHECK(ra_next_size(4, MAX) == 8);   /* 4 >= 32/16: doubles */
    CHECK(ra_next_size(16, MAX) == 32);
    CHECK(ra_next_size(32, MAX) == MAX);
    CHECK(ra_next_size(1, 256) == 4);
    CHECK(ra_next_size(8, 256) == 32);  /* under 256/16: fourfold */
}

TEST(a_miss_at_the_start_of_a_file_opens_a_window_with_its_marker_right_after_the_request)
{
    struct ra_state ra;
    ra_state_init(&ra);
    struct ra_window w = ra_on_miss(&ra, 0, 1, MAX);
    CHECK(w.start == 0);
    CHECK(w.size == 4);
    CHECK(w.async_size == 3); /* marker on page 1: the next read starts the next window */
}

/* A reader of one page at a time: each window starts when the reader
   reaches the previous window's marker; the sizes grow to the maximum. */
TEST(sequential_reader_sees_windows_grow_to_the_maximum_and_stay_ahead)
{
    struct ra_state ra;
    ra_state_init(&ra);
    struct ra_window w = ra_on_miss(&ra, 0, 1, MAX);
    uint64_t marker = w.start + w.size - w.async_size;
    uint64_t read_up_to = w.start + w.size; /* pages [0, read_up_to) are cached */
    uint32_t sizes[16];
    int nsizes = 0;
    for (uint64_t page = 1; page < 400; page++) {
        CHECK(page < read_up_to); /* never a miss: read-ahead stays ahead */
        if (page == marker) {
            w = ra_on_marker(&ra, page, 1, MAX, read_up_to);
            REQUIRE(w.size > 0);
            CHECK(w.start == read_up_to); /* the next window follows the last */
            if (nsizes < 16)
                sizes[nsizes++] = w.size;
            read_up_to = w.start + w.size;
            marker = w.start + w.size - w.async_size;
        }
        ra_note_read(&ra, page);
    }
    REQUIRE(nsizes >= 4);
    CHECK(sizes[0] == 8);
    CHECK(sizes[1] == 16);
    CHECK(sizes[2] == 32);
    CHECK(sizes[3] == MAX);
    CHECK(sizes[nsizes - 1] == MAX);
}

TEST(a_miss_far_from_the_last_read_reads_only_the_request_and_keeps_the_state)
{
    struct ra_state ra;
    ra_state_init(&ra);
    ra_on_miss(&ra, 0, 1, MAX);
    ra_note_read(&ra, 0);
    struct ra_state before = ra;
    struct ra_window w = ra_on_miss(&ra, 500, 1, MAX);
    CHECK(w.start == 500 && w.size == 1 && w.async_size == 0);
    CHECK(ra.start == before.start && ra.size == before.size);
}

TEST(after_random_reads_a_sequential_run_starts_small_again)
{
    struct ra_state ra;
    ra_state_init(&ra);
    /* grow a window first */
    ra_on_miss(&ra, 0, 1, MAX);
    ra_on_marker(&ra, 1, 1, MAX, 4);
    ra_on_marker(&ra, 4, 1, MAX, 12);
    CHECK(ra.size == 16);
    /* random reads collapse it: each reads one page */
    uint64_t pages[] = { 900, 37, 4000, 123 };
    for (int i = 0; i < 4; i++) {
        struct ra_window w = ra_on_miss(&ra, pages[i], 1, MAX);
        CHECK(w.size == 1 && w.async_size == 0);
        ra_note_read(&ra, pages[i]);
    }
    /* then a read right after the last one: a fresh small window */
    struct ra_window w = ra_on_miss(&ra, 124, 1, MAX);
    CHECK(w.start == 124 && w.size == 4 && w.async_size == 3);
}

TEST(a_request_larger_than_the_window_may_use_what_the_device_takes_at_once)
{
    CHECK(ra_max_for(256, 32, 256) == 256); /* a 1 MiB read on a 1 MiB-request disk */
    CHECK(ra_max_for(512, 32, 256) == 256);
    CHECK(ra_max_for(16, 32, 256) == 32);
    CHECK(ra_max_for(256, 32, 0) == 32); /* device unknown */
    struct ra_state ra;
    ra_state_init(&ra);
    struct ra_window w = ra_on_miss(&ra, 0, 256, ra_max_for(256, 32, 256));
    CHECK(w.start == 0 && w.size == 256);
}

TEST(read_ahead_off_reads_just_the_request)
{
    struct ra_state ra;
    ra_state_init(&ra);
    struct ra_window w = ra_on_miss(&ra, 0, 3, 0);
    CHECK(w.start == 0 && w.size == 3 && w.async_size == 0);
    w = ra_on_marker(&ra, 1, 1, 0, 3);
    CHECK(w.size == 0);
}

TEST(a_marker_the_state_does_not_know_sizes_the_window_from_what_is_cached)
{
    struct ra_state ra;
    ra_state_init(&ra);
    /* another reader's window: pages 100..115 cached, marker at 104 */
    struct ra_window w = ra_on_marker(&ra, 104, 1, MAX, 116);
    CHECK(w.start == 116);
    CHECK(w.size == ra_next_size(116 - 104 + 1, MAX));
    /* nothing cached ahead within reach: no read-ahead */
    w = ra_on_marker(&ra, 5000, 1, MAX, 5000 + MAX + 1);
    CHECK(w.size == 0);
}

TEST(a_window_grown_by_large_reads_is_kept_at_a_marker_near_the_end_of_a_read)
{
    struct ra_state ra;
    ra_state_init(&ra);
    ra.size = 254;
    CHECK(ra_marker_max(&ra, 2, 32, 254) == 254);  /* the read wants 2 more pages */
    CHECK(ra_marker_max(&ra, 300, 32, 254) == 254);
    ra.size = 1000;
    CHECK(ra_marker_max(&ra, 2, 32, 254) == 254);  /* never beyond one request */
    ra.size = 8;
    CHECK(ra_marker_max(&ra, 2, 32, 254) == 32);   /* small windows grow as usual */
    CHECK(ra_marker_max(&ra, 2, 32, 0) == 32);
}
