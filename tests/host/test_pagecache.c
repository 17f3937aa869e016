/* Host tests of the page cache (kernel/mm/pagecache.c) with a fake backing
   store: an array of pages whose reads and writes are counted. */
#include "tests/host/fake_kernel.h"
#include "tests/host/check.h"
#include "tests/host/storage_sources.h"

#define STORE_PAGES 512
static uint8_t store[STORE_PAGES][PAGE_SIZE];
static int reads, writes, fail_next_read;

static int store_readpage(struct pcache_mapping *m, struct page *p, enum copy_mech mech)
{
    if (fail_next_read) {
        fail_next_read = 0;
        return -EIO;
    }
    reads++;
    memcpy(page_to_virt(p), store[p->index], PAGE_SIZE);
    return 0;
}

static int store_writepage(struct pcache_mapping *m, struct page *p)
{
    writes++;
    memcpy(store[p->index], page_to_virt(p), PAGE_SIZE);
    return 0;
}

static const struct pcache_ops store_ops = { .readpage = store_readpage, .writepage = store_writepage };

/* The batch operations, counted: how many calls, and the pages of each
   write-back batch in the order given. */
static int readpages_calls, writepages_calls, fail_next_writepages;
static uint64_t last_batch[1024];
static unsigned last_batch_n;

static void store_readpages(struct pcache_mapping *m, struct page **pages, unsigned n,
                            enum copy_mech mech)
{
    readpages_calls++;
    for (unsigned i = 0; i < n; i++) {
        reads++;
        memcpy(page_to_virt(pages[i]), store[pages[i]->index], PAGE_SIZE);
        pcache_end_read(pages[i]);
    }
}

static int store_writepages(struct pcache_mapping *m, struct page **pages, unsigned n)
{
    writepages_calls++;
    if (fail_next_writepages) {
        fail_next_writepages = 0;
        return -EIO;
    }
    last_batch_n = n;
    for (unsigned i = 0; i < n; i++) {
        if (i < 1024)
            last_batch[i] = pages[i]->index;
        writes++;
        memcpy(store[pages[i]->index], page_to_virt(pages[i]), PAGE_SIZE);
    }
    return 0;
}

static const struct pcache_ops batch_ops = { .readpages = store_readpages,
                                             .writepages = store_writepages };

static void reset(struct pcache_mapping *m)
{
    fake_frames_init();
    fake_frame_limit = FAKE_FRAMES;
    if (m->ops)
        pcache_truncate(m, 0);
    pcache_mapping_init(m, &store_ops, NULL);
    for (int i = 0; i < STORE_PAGES; i++)
        memset(store[i], i, PAGE_SIZE);
    reads = writes = fail_next_read = 0;
    readpages_calls = writepages_calls = fail_next_writepages = 0;
    last_batch_n = 0;
}

static struct pcache_mapping bmap_; /* a mapping with the batch operations */

static void reset_batch(void)
{
    reset(&bmap_);
    pcache_truncate(&bmap_, 0);
    pcache_mapping_init(&bmap_, &batch_ops, NULL);
}

static struct pcache_mapping map;

TEST(second_get_is_a_hit_without_io)
{
    reset(&map);
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    int err;
    struct page *a = pcache_get(&map, 3, MECH_FILE_READ, &err);
    REQUIRE(a);
    CHECK(((uint8_t *)page_to_virt(a))[100] == 3);
    pcache_put(a);
    struct page *b = pcache_get(&map, 3, MECH_FILE_READ, &err);
    CHECK(b == a);
    CHECK(reads == 1);
    pcache_put(b);
    pcache_get_stats(&after);
    CHECK(after.hits - before.hits == 1);
    CHECK(after.misses - before.misses == 1);
    CHECK(map.nr_pages == 1);
}

TEST(get_holds_a_reference_for_the_caller)
{
    reset(&map);
    int err;
    struct page *p = pcache_get(&map, 1, MECH_FILE_READ, &err);
    REQUIRE(p);
    CHECK(p->refcount == 2);     /* the cache's and ours */
    pcache_put(p);
    CHECK(p->refcount == 1);
}

TEST(dirty_page_is_written_back_on_sync_only_once)
{
    reset(&map);
    int err;
    struct page *p = pcache_get(&map, 5, MECH_FILE_WRITE, &err);
    REQUIRE(p);
    memset(page_to_virt(p), 0x77, 10);
    pcache_mark_dirty(p);
    pcache_put(p);
    CHECK(map.nr_dirty == 1);
    CHECK(store[5][0] == 5);
    CHECK(pcache_sync(&map) == 0);
    CHECK(store[5][0] == 0x77 && store[5][10] == 5);
    CHECK(writes == 1);
    CHECK(map.nr_dirty == 0);
    CHECK(pcache_sync(&map) == 0);
    CHECK(writes == 1);
}

TEST(failed_read_leaves_nothing_cached_and_reports_eio)
{
    reset(&map);
    int err = 0;
    fail_next_read = 1;
    struct page *p = pcache_get(&map, 7, MECH_FILE_READ, &err);
    CHECK(p == NULL);
    CHECK(err == -EIO);
    CHECK(map.nr_pages == 0);
    p = pcache_get(&map, 7, MECH_FILE_READ, &err);
    CHECK(p != NULL);
    if (p)
        pcache_put(p);
}

TEST(overwrite_get_zero_fills_without_reading)
{
    reset(&map);
    struct page *p = pcache_get_for_overwrite(&map, 9, MECH_FILE_WRITE);
    REQUIRE(p);
    CHECK(reads == 0);
    CHECK(((uint8_t *)page_to_virt(p))[4095] == 0);
    CHECK(p->flags & PG_UPTODATE);
    pcache_put(p);
}

TEST(shrink_evicts_clean_unreferenced_pages_and_writes_dirty_first)
{
    reset(&map);
    int err;
    struct page *held = pcache_get(&map, 0, MECH_FILE_READ, &err);
    REQUIRE(held);
    for (int i = 1; i < 10; i++) {
        struct page *p = pcache_get(&map, i, MECH_FILE_READ, &err);
        REQUIRE(p);
        if (i == 4) {
            ((uint8_t *)page_to_virt(p))[0] = 0xee;
            pcache_mark_dirty(p);
        }
        pcache_put(p);
    }
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    uint64_t n = pcache_shrink(100);
    pcache_get_stats(&after);
    CHECK(n == 9);                       /* all but the held page */
    CHECK(map.nr_pages == 1);
    CHECK(store[4][0] == 0xee);          /* written back before it went */
    CHECK(after.evictions - before.evictions == 9);
    CHECK(pcache_lookup(&map, 0) == held);
    pcache_put(held);
    pcache_put(held);
}

TEST(low_memory_makes_the_cache_evict_its_own_pages)
{
    reset(&map);
    pcache_truncate(&bmap_, 0);
    fake_frame_limit = fake_in_use + PCACHE_LOW_FREE_FRAMES + 8;
    int err;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < STORE_PAGES; i++) {
            struct page *p = pcache_get(&map, (uint64_t)i, MECH_FILE_READ, &err);
            REQUIRE(p);
            pcache_put(p);
        }
    }
    struct frame_stats fs;
    frame_stats(&fs);
    CHECK(fs.free > 0);
    CHECK(map.nr_pages <= STORE_PAGES);
    struct pcache_stats st;
    pcache_get_stats(&st);
    CHECK(st.evictions > 0);
    fake_frame_limit = FAKE_FRAMES;
}

TEST(truncate_drops_pages_from_index_and_discards_dirt)
{
    reset(&map);
    int err;
    for (int i = 0; i < 6; i++) {
        struct page *p = pcache_get(&map, (uint64_t)i, MECH_FILE_READ, &err);
        REQUIRE(p);
        pcache_mark_dirty(p);
        pcache_put(p);
    }
    pcache_truncate(&map, 3);
    CHECK(map.nr_pages == 3);
    CHECK(map.nr_dirty == 3);
    CHECK(pcache_lookup(&map, 4) == NULL);
    pcache_sync(&map);
    CHECK(writes == 3);
}

TEST(flusher_writes_back_only_mappings_dirty_longer_than_the_expiry)
{
    reset(&map);
    int err;
    struct page *p = pcache_get(&map, 2, MECH_FILE_READ, &err);
    REQUIRE(p);
    pcache_mark_dirty(p);
    pcache_put(p);
    uint64_t expire = (uint64_t)pcache_tunables.dirty_expire_cs * 10000000ull;
    uint64_t t0 = map.dirtied_ns;
    pcache_writeback_expired(t0 + expire / 2);
    CHECK(writes == 0);
    CHECK(map.nr_dirty == 1);
    pcache_writeback_expired(t0 + expire);
    CHECK(writes == 1);
    CHECK(map.nr_dirty == 0);
}

/* A reader of one page at a time, through pcache_read_page with a
   read-ahead state, as read() and faults do. */
static int read_pages(struct pcache_mapping *m, pcache_ra *ra, const uint64_t *idx, int n,
                      uint64_t limit)
{
    for (int i = 0; i < n; i++) {
        struct pcache_read rq = { ra, limit, 1, MECH_FILE_READ };
        int err;
        struct page *p = pcache_read_page(m, idx[i], &rq, &err, NULL);
        if (!p || ((uint8_t *)page_to_virt(p))[7] != (uint8_t)idx[i])
            return -1;
        pcache_put(p);
        ra_note_read(ra, idx[i]);
    }
    return 0;
}

TEST(sequential_reads_are_served_by_read_ahead_in_few_large_batches)
{
    reset_batch();
    pcache_tunables.read_ahead_kb = 128;
    pcache_ra ra;
    ra_state_init(&ra);
    uint64_t idx[400];
    for (int i = 0; i < 400; i++)
        idx[i] = (uint64_t)i;
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    REQUIRE(read_pages(&bmap_, &ra, idx, 400, STORE_PAGES) == 0);
    pcache_get_stats(&after);
    CHECK(after.misses - before.misses == 1);     /* only the very first page */
    CHECK(after.ra_hits - before.ra_hits == 399); /* the rest came by read-ahead */
    /* windows of 4, 8, 16, then 32 pages: 1 + 2 + 12 batches for 400 pages */
    CHECK(readpages_calls >= 10 && readpages_calls <= 20);
    CHECK(after.ra_async - before.ra_async >= 10);
    /* read-ahead stayed near the reader: at most one window beyond it */
    CHECK(bmap_.nr_pages <= 400 + 64);
}

TEST(random_reads_read_single_pages)
{
    reset_batch();
    pcache_ra ra;
    ra_state_init(&ra);
    uint64_t idx[] = { 300, 17, 250, 90, 401, 5, 333 };
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    REQUIRE(read_pages(&bmap_, &ra, idx, 7, STORE_PAGES) == 0);
    pcache_get_stats(&after);
    CHECK(reads == 7);
    CHECK(readpages_calls == 7);
    CHECK(after.ra_pages == before.ra_pages);
}

TEST(read_ahead_stops_at_the_end_of_the_object)
{
    reset_batch();
    pcache_ra ra;
    ra_state_init(&ra);
    uint64_t idx[] = { 0, 1, 2 };
    REQUIRE(read_pages(&bmap_, &ra, idx, 3, 3) == 0);
    CHECK(bmap_.nr_pages == 3);
    CHECK(reads == 3);
}

TEST(read_ahead_pages_dropped_unread_count_as_read_ahead_misses)
{
    reset_batch();
    pcache_ra ra;
    ra_state_init(&ra);
    uint64_t idx[] = { 0 };
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    REQUIRE(read_pages(&bmap_, &ra, idx, 1, STORE_PAGES) == 0);
    pcache_truncate(&bmap_, 0);
    pcache_get_stats(&after);
    CHECK(after.ra_pages - before.ra_pages == 3); /* window of 4 for one page */
    CHECK(after.ra_unused - before.ra_unused == 3);
    CHECK(after.ra_hits == before.ra_hits);
}

static void dirty_page(struct pcache_mapping *m, uint64_t index, uint8_t value)
{
    struct page *p = pcache_get_for_overwrite(m, index, MECH_FILE_WRITE);
    if (!p)
        abort();
    memset(page_to_virt(p), value, PAGE_SIZE);
    pcache_mark_dirty(p);
    pcache_put(p);
}

TEST(write_back_hands_dirty_pages_over_sorted_in_one_batch)
{
    reset_batch();
    /* dirtied in a scrambled order */
    for (int i = 0; i < 100; i++)
        dirty_page(&bmap_, (uint64_t)((i * 37) % 100), 0xc0);
    CHECK(bmap_.nr_dirty == 100);
    CHECK(pcache_sync(&bmap_) == 0);
    CHECK(writepages_calls == 1);
    REQUIRE(last_batch_n == 100);
    bool sorted = true;
    for (unsigned i = 0; i < 100; i++)
        sorted &= last_batch[i] == i;
    CHECK(sorted);
    CHECK(bmap_.nr_dirty == 0);
    CHECK(store[42][0] == 0xc0);
}

TEST(sync_range_writes_only_the_range)
{
    reset_batch();
    for (int i = 0; i < 20; i++)
        dirty_page(&bmap_, (uint64_t)i, 0x11);
    CHECK(pcache_sync_range(&bmap_, 5, 10) == 0);
    CHECK(writes == 5);
    CHECK(bmap_.nr_dirty == 15);
    CHECK(last_batch[0] == 5 && last_batch[4] == 9);
}

TEST(failed_write_back_keeps_the_pages_dirty_and_reports_the_error)
{
    reset_batch();
    for (int i = 0; i < 4; i++)
        dirty_page(&bmap_, (uint64_t)i, 0x22);
    fail_next_writepages = 1;
    CHECK(pcache_sync(&bmap_) == -EIO);
    CHECK(bmap_.nr_dirty == 4);
    CHECK(pcache_sync(&bmap_) == 0);
    CHECK(bmap_.nr_dirty == 0);
    CHECK(store[3][0] == 0x22);
}

TEST(flusher_writes_the_oldest_mappings_and_leaves_young_ones)
{
    reset_batch();
    reset(&map);
    uint64_t expire = (uint64_t)pcache_tunables.dirty_expire_cs * 10000000ull;
    fake_monotonic_ns = 10 * expire;
    dirty_page(&bmap_, 1, 0x33); /* old */
    fake_monotonic_ns += expire / 2;
    dirty_page(&map, 2, 0x44); /* young */
    pcache_writeback_expired(fake_monotonic_ns + expire / 2 + 1);
    CHECK(bmap_.nr_dirty == 0);
    CHECK(map.nr_dirty == 1);
    pcache_writeback_expired(fake_monotonic_ns + expire);
    CHECK(map.nr_dirty == 0);
    struct pcache_stats st;
    pcache_get_stats(&st);
    CHECK(st.writeback_expired >= 2);
}

TEST(reclaim_writes_back_dirty_pages_in_clusters_then_evicts_them)
{
    reset_batch();
    reset(&map);
    for (int i = 0; i < 64; i++)
        dirty_page(&bmap_, (uint64_t)i, 0x55);
    uint64_t n = pcache_shrink(32);
    CHECK(n >= 32);
    CHECK(writepages_calls >= 1 && writepages_calls <= 2);
    CHECK(store[10][0] == 0x55);
    pcache_truncate(&bmap_, 0);
}

/* fallocate's PUNCH_HOLE and fadvise's DONTNEED work on a range of pages. */
static bool held(uint64_t index)
{
    struct page *p = pcache_lookup(&map, index);
    if (p)
        pcache_put(p);
    return p != NULL;
}

TEST(truncate_range_drops_only_the_range)
{
    reset(&map);
    int err;
    for (uint64_t i = 0; i < 8; i++) {
        struct page *p = pcache_get(&map, i, MECH_FILE_READ, &err);
        REQUIRE(p);
        pcache_put(p);
    }
    pcache_truncate_range(&map, 2, 5);
    CHECK(map.nr_pages == 5);
    CHECK(held(1) && !held(2) && !held(4));
    CHECK(held(5) && held(7));
}

TEST(evict_range_leaves_referenced_and_dirty_pages)
{
    reset(&map);
    int err;
    struct page *kept = NULL;
    for (uint64_t i = 0; i < 6; i++) {
        struct page *p = pcache_get(&map, i, MECH_FILE_READ, &err);
        REQUIRE(p);
        if (i == 1)
            kept = p; /* still referenced by us */
        else if (i == 2)
            pcache_mark_dirty(p);
        if (i != 1)
            pcache_put(p);
    }
    CHECK(pcache_evict_range(&map, 0, 4) == 2); /* pages 0 and 3 */
    CHECK(!held(0) && !held(3));
    CHECK(held(1) && held(2) && held(4));
    pcache_put(kept);
}
