/* In-kernel tests of the page cache with a memory-backed mapping (the
   host tests cover the same logic; these prove it on real frames). */
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/pagecache.h"

static int test_reads, test_writes;
static uint8_t test_store[4][PAGE_SIZE];

static int store_read(struct pcache_mapping *m, struct page *p, enum copy_mech mech)
{
    test_reads++;
    memcpy(page_to_virt(p), test_store[p->index % 4], PAGE_SIZE);
    return 0;
}

static int store_write(struct pcache_mapping *m, struct page *p)
{
    test_writes++;
    memcpy(test_store[p->index % 4], page_to_virt(p), PAGE_SIZE);
    return 0;
}

static const struct pcache_ops store_ops = { .readpage = store_read, .writepage = store_write };

KTEST(pcache_second_lookup_hits_without_reading)
{
    struct pcache_mapping m;
    pcache_mapping_init(&m, &store_ops, NULL);
    test_reads = 0;
    int err;
    struct page *a = pcache_get(&m, 1, MECH_OTHER, &err);
    KASSERT(a != NULL);
    pcache_put(a);
    struct page *b = pcache_get(&m, 1, MECH_OTHER, &err);
    KEXPECT(a == b);
    KEXPECT(test_reads == 1);
    pcache_put(b);
    pcache_truncate(&m, 0);
    KEXPECT(m.nr_pages == 0);
}

KTEST(pcache_sync_writes_dirty_pages_back_once)
{
    struct pcache_mapping m;
    pcache_mapping_init(&m, &store_ops, NULL);
    test_writes = 0;
    int err;
    struct page *p = pcache_get(&m, 2, MECH_OTHER, &err);
    KASSERT(p != NULL);
    ((uint8_t *)page_to_virt(p))[0] = 0x5a;
    pcache_mark_dirty(p);
    pcache_put(p);
    KEXPECT(pcache_sync(&m) == 0);
    KEXPECT(test_store[2][0] == 0x5a);
    KEXPECT(pcache_sync(&m) == 0);
    KEXPECT(test_writes == 1);
    pcache_truncate(&m, 0);
}

KTEST(pcache_shrink_frees_frames_back_to_the_allocator)
{
    struct pcache_mapping m;
    pcache_mapping_init(&m, &store_ops, NULL);
    int err;
    for (int i = 0; i < 64; i++) {
        struct page *p = pcache_get(&m, (uint64_t)i + 100, MECH_OTHER, &err);
        KASSERT(p != NULL);
        pcache_put(p);
    }
    struct frame_stats before, after;
    frame_stats(&before);
    uint64_t n = pcache_shrink(1u << 30);
    frame_stats(&after);
    KEXPECT(n >= 64);
    KEXPECT(m.nr_pages == 0);
    KEXPECT(after.free >= before.free + 64);
}
