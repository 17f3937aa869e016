/* Host tests of the page cache (kernel/mm/pagecache.c) with a fake backing
   store: an array of pages whose reads and writes are counted. */
#include "tests/host/fake_kernel.h"
#include "tests/host/check.h"
#include "tests/host/storage_sources.h"

#define STORE_PAGES 64
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
