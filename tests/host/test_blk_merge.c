/* Host tests of the block layer: the merge decision (blk_merge.c) and
   batches on a RAM disk (blk_request.c): adjacent blocks become one request
   of many segments within the device's limits, asynchronous page reads
   complete each page once all its pieces are in, errors reach the caller. */
#include "tests/host/fake_kernel.h"
#include "tests/host/check.h"
#include "tests/host/storage_sources.h"

static const struct blk_limits LIM = { 4, 8192, 16384, 8 };

TEST(merge_starts_a_request_when_none_is_open)
{
    struct blk_shape r = { 0 };
    CHECK(blk_merge_piece(&r, &LIM, 8, 0x10000, 4096, true) == BLK_MERGE_NEW_REQ);
}

TEST(merge_extends_a_segment_when_disk_and_memory_both_continue)
{
    struct blk_shape r = { 0 };
    blk_shape_add(&r, BLK_MERGE_NEW_REQ, 8, 0x10000, 4096, true);
    CHECK(blk_merge_piece(&r, &LIM, 16, 0x11000, 4096, true) == BLK_MERGE_EXTEND_SEG);
    /* disk continues, memory does not: a new segment */
    CHECK(blk_merge_piece(&r, &LIM, 16, 0x40000, 4096, true) == BLK_MERGE_NEW_SEG);
    /* disk does not continue: a new request */
    CHECK(blk_merge_piece(&r, &LIM, 24, 0x11000, 4096, true) == BLK_MERGE_NEW_REQ);
}

TEST(merge_respects_segment_size_segment_count_bytes_and_pages)
{
    struct blk_shape r = { 0 };
    blk_shape_add(&r, BLK_MERGE_NEW_REQ, 0, 0x10000, 4096, true);
    blk_shape_add(&r, BLK_MERGE_EXTEND_SEG, 8, 0x11000, 4096, true);
    /* the segment holds max_seg_bytes: the next adjacent piece needs its own */
    CHECK(blk_merge_piece(&r, &LIM, 16, 0x12000, 4096, true) == BLK_MERGE_NEW_SEG);
    blk_shape_add(&r, BLK_MERGE_NEW_SEG, 16, 0x12000, 4096, true);
    blk_shape_add(&r, BLK_MERGE_EXTEND_SEG, 24, 0x13000, 4096, true);
    /* 16384 bytes: full */
    CHECK(blk_merge_piece(&r, &LIM, 32, 0x14000, 512, true) == BLK_MERGE_NEW_REQ);

    struct blk_shape s = { 0 };
    for (int i = 0; i < 4; i++)
        blk_shape_add(&s, i ? BLK_MERGE_NEW_SEG : BLK_MERGE_NEW_REQ, i, 0x100000 * (i + 1), 512,
                      true);
    CHECK(blk_merge_piece(&s, &LIM, 4, 0x900000, 512, true) == BLK_MERGE_NEW_REQ); /* 4 segs */

    struct blk_limits few_pages = { 16, 8192, 16384, 2 };
    struct blk_shape t = { 0 };
    blk_shape_add(&t, BLK_MERGE_NEW_REQ, 0, 0x10000, 512, true);
    blk_shape_add(&t, BLK_MERGE_NEW_SEG, 1, 0x30000, 512, true);
    CHECK(blk_merge_piece(&t, &few_pages, 2, 0x50000, 512, true) == BLK_MERGE_NEW_REQ);
    CHECK(blk_merge_piece(&t, &few_pages, 2, 0x30200, 512, false) == BLK_MERGE_EXTEND_SEG);
}

static struct ramdisk *disk(void)
{
    static struct ramdisk *rd;
    if (!rd)
        rd = ramdisk_new("ram0", 4 << 20);
    for (uint64_t i = 0; i < rd->size; i++)
        rd->bytes[i] = (uint8_t)(i / PAGE_SIZE + i % 251);
    return rd;
}

static bool page_holds_disk_page(struct page *p, struct ramdisk *rd, uint64_t disk_page)
{
    return memcmp(page_to_virt(p), rd->bytes + disk_page * PAGE_SIZE, PAGE_SIZE) == 0;
}

TEST(a_batch_of_adjacent_pages_becomes_few_requests_within_the_limits)
{
    struct ramdisk *rd = disk();
    struct page *pages[32];
    for (int i = 0; i < 32; i++)
        REQUIRE(pages[i] = frame_alloc());
    uint64_t reads = rd->dev.reads;
    struct blk_batch b;
    blk_batch_init(&b, &rd->dev, BLK_READ, MECH_FILE_READ);
    for (int i = 0; i < 32; i++)
        REQUIRE(blk_batch_add(&b, (uint64_t)(100 + i) * PAGE_SIZE, pages[i], 0, PAGE_SIZE) == 0);
    CHECK(blk_batch_wait(&b) == 0);
    /* 128 KiB in requests of at most 64 KiB (RAMDISK_MAX_BYTES) and 8
       segments: 2 when the frames are adjacent in memory, at most 4 */
    CHECK(rd->dev.reads - reads >= 2 && rd->dev.reads - reads <= 4);
    for (int i = 0; i < 32; i++) {
        CHECK(page_holds_disk_page(pages[i], rd, 100 + i));
        page_put(pages[i]);
    }
}

TEST(pieces_that_do_not_continue_on_the_disk_go_in_separate_requests)
{
    struct ramdisk *rd = disk();
    struct page *a = frame_alloc(), *b2 = frame_alloc();
    REQUIRE(a && b2);
    uint64_t reads = rd->dev.reads;
    struct blk_batch b;
    blk_batch_init(&b, &rd->dev, BLK_READ, MECH_FILE_READ);
    CHECK(blk_batch_add(&b, 10 * PAGE_SIZE, a, 0, PAGE_SIZE) == 0);
    CHECK(blk_batch_add(&b, 50 * PAGE_SIZE, b2, 0, PAGE_SIZE) == 0);
    CHECK(blk_batch_wait(&b) == 0);
    CHECK(rd->dev.reads - reads == 2);
    CHECK(page_holds_disk_page(a, rd, 10) && page_holds_disk_page(b2, rd, 50));
    page_put(a);
    page_put(b2);
}

TEST(a_piece_past_the_end_of_the_disk_is_refused)
{
    struct ramdisk *rd = disk();
    struct page *p = frame_alloc();
    REQUIRE(p);
    struct blk_batch b;
    blk_batch_init(&b, &rd->dev, BLK_READ, MECH_FILE_READ);
    CHECK(blk_batch_add(&b, rd->size, p, 0, 512) == -EIO);
    CHECK(blk_batch_add(&b, rd->size - 512, p, 0, 1024) == -EIO);
    CHECK(blk_batch_wait(&b) == 0); /* nothing was sent */
    page_put(p);
}

TEST(a_failed_request_fails_the_batch)
{
    struct ramdisk *rd = disk();
    struct page *p = frame_alloc();
    REQUIRE(p);
    rd->fail_writes = 1;
    CHECK(blkdev_rw_page(&rd->dev, true, 0, p, 0, PAGE_SIZE, MECH_OTHER) == -EIO);
    CHECK(blkdev_rw_page(&rd->dev, true, 0, p, 0, PAGE_SIZE, MECH_OTHER) == 0);
    page_put(p);
}

/* Async page reads: a page whose blocks are split over two requests (not
   adjacent on the disk) completes when both are in. */
static struct pcache_mapping dummy_map;

static struct page *locked_cache_page(uint64_t index)
{
    bool raced;
    struct page *p = pcache_add(&dummy_map, index, true, &raced);
    if (p)
        page_get(p);
    return p;
}

TEST(async_read_completes_a_page_once_all_its_pieces_are_in)
{
    struct ramdisk *rd = disk();
    pcache_mapping_init(&dummy_map, &blkdev_pcache_ops, &rd->dev);
    struct page *p = locked_cache_page(0), *q = locked_cache_page(1);
    REQUIRE(p && q);
    uint64_t dma = fake_copied[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ];
    struct blk_batch b;
    blk_batch_init_async(&b, &rd->dev, MECH_FILE_READ);
    blk_read_page_begin(p);
    CHECK(blk_batch_add(&b, 20 * PAGE_SIZE, p, 0, 2048) == 0);
    CHECK(blk_batch_add(&b, 40 * PAGE_SIZE + 2048, p, 2048, 2048) == 0); /* sends the first */
    CHECK(p->flags & PG_LOCKED); /* the second half is still to come */
    blk_read_page_end(p, 0);
    CHECK(p->flags & PG_LOCKED);
    blk_read_page_begin(q);
    CHECK(blk_batch_add(&b, 41 * PAGE_SIZE, q, 0, PAGE_SIZE) == 0); /* joins the open request */
    blk_read_page_end(q, 0);
    blk_batch_submit(&b);
    CHECK(!(p->flags & PG_LOCKED) && (p->flags & PG_UPTODATE));
    CHECK(!(q->flags & PG_LOCKED) && (q->flags & PG_UPTODATE));
    CHECK(memcmp(page_to_virt(p), rd->bytes + 20 * PAGE_SIZE, 2048) == 0);
    CHECK(memcmp((uint8_t *)page_to_virt(p) + 2048, rd->bytes + 40 * PAGE_SIZE + 2048, 2048) == 0);
    CHECK(page_holds_disk_page(q, rd, 41));
    CHECK(fake_copied[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] - dma == 2 * PAGE_SIZE);
    pcache_put(p);
    pcache_put(q);
    pcache_truncate(&dummy_map, 0);
}

TEST(async_read_error_leaves_the_page_not_uptodate_but_unlocked)
{
    struct ramdisk *rd = disk();
    pcache_mapping_init(&dummy_map, &blkdev_pcache_ops, &rd->dev);
    struct page *p = locked_cache_page(3);
    REQUIRE(p);
    rd->fail_reads = 1;
    struct blk_batch b;
    blk_batch_init_async(&b, &rd->dev, MECH_FILE_READ);
    blk_read_page_begin(p);
    CHECK(blk_batch_add(&b, 3 * PAGE_SIZE, p, 0, PAGE_SIZE) == 0);
    blk_read_page_end(p, 0);
    blk_batch_submit(&b);
    CHECK(!(p->flags & PG_LOCKED));
    CHECK(!(p->flags & PG_UPTODATE));
    CHECK(p->flags & PG_IO_ERROR);
    pcache_put(p);
    pcache_truncate(&dummy_map, 0);
}
