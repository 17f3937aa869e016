/* Host tests of the buddy allocator core (kernel/mm/buddy.c). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/mm/buddy.c"

#define NPAGES 4096   /* four top-order blocks */

static struct page pages[NPAGES];
static struct buddy b;

static void fresh(uint64_t first, uint64_t count)
{
    buddy_init(&b, pages, NPAGES);
    buddy_add_range(&b, first, count);
}

/* The free lists agree with free_pages, heads are aligned and flagged, no
   two free blocks overlap, and no free block has a free buddy of its order
   (it would have been merged). */
static bool invariants_hold(const bool *allocated)
{
    static bool covered[NPAGES];
    memset(covered, 0, sizeof covered);
    uint64_t sum = 0;
    for (unsigned o = 0; o < MAX_ORDER; o++) {
        uint64_t blocks = 0;
        struct list_head *pos;
        list_for_each(pos, &b.free[o]) {
            struct page *p = list_entry(pos, struct page, list);
            uint64_t pfn = buddy_pfn(&b, p);
            if (!(p->flags & PG_BUDDY) || p->order != o || (pfn & ((1u << o) - 1)))
                return false;
            for (uint64_t i = pfn; i < pfn + (1u << o); i++) {
                if (covered[i] || (allocated && allocated[i]) || (pages[i].flags & PG_RESERVED))
                    return false;
                covered[i] = true;
            }
            uint64_t bud = pfn ^ (1u << o);
            if (o < MAX_ORDER - 1 && bud < NPAGES && (pages[bud].flags & PG_BUDDY) &&
                pages[bud].order == o)
                return false;
            sum += 1u << o;
            blocks++;
        }
        if (blocks != b.free_blocks[o])
            return false;
    }
    return sum == b.free_pages;
}

TEST(everything_reserved_after_init_so_alloc_fails)
{
    buddy_init(&b, pages, NPAGES);
    CHECK(buddy_alloc(&b, 0) == NULL);
    CHECK(b.free_pages == 0);
    CHECK(pages[17].flags & PG_RESERVED);
}

TEST(aligned_range_becomes_top_order_blocks)
{
    fresh(0, NPAGES);
    CHECK(b.free_pages == NPAGES);
    CHECK(b.free_blocks[MAX_ORDER - 1] == NPAGES >> (MAX_ORDER - 1));
    for (unsigned o = 0; o < MAX_ORDER - 1; o++)
        CHECK(b.free_blocks[o] == 0);
    CHECK(invariants_hold(NULL));
}

TEST(unaligned_range_is_cut_into_aligned_blocks)
{
    fresh(3, 1000);   /* frames 3 .. 1002 */
    CHECK(b.free_pages == 1000);
    CHECK(invariants_hold(NULL));
    CHECK(pages[2].flags & PG_RESERVED);
    CHECK(pages[1003].flags & PG_RESERVED);
    CHECK(!(pages[3].flags & PG_RESERVED));
}

TEST(single_frame_alloc_splits_one_block_per_order)
{
    fresh(0, 1u << (MAX_ORDER - 1));
    struct page *p = buddy_alloc(&b, 0);
    REQUIRE(p != NULL);
    CHECK(buddy_pfn(&b, p) == 0);
    for (unsigned o = 0; o < MAX_ORDER - 1; o++)
        CHECK(b.free_blocks[o] == 1);
    CHECK(b.free_blocks[MAX_ORDER - 1] == 0);
    CHECK(invariants_hold(NULL));
}

TEST(freeing_merges_buddies_back_to_the_top_order)
{
    fresh(0, 1u << (MAX_ORDER - 1));
    struct page *p = buddy_alloc(&b, 0);
    REQUIRE(p != NULL);
    CHECK(buddy_free(&b, p, 0));
    CHECK(b.free_blocks[MAX_ORDER - 1] == 1);
    for (unsigned o = 0; o < MAX_ORDER - 1; o++)
        CHECK(b.free_blocks[o] == 0);
    CHECK(invariants_hold(NULL));
}

TEST(every_block_is_aligned_to_its_size)
{
    fresh(0, NPAGES);
    for (unsigned o = 0; o < MAX_ORDER; o++) {
        struct page *p = buddy_alloc(&b, o);
        REQUIRE(p != NULL);
        CHECK((buddy_pfn(&b, p) & ((1u << o) - 1)) == 0);
        CHECK(p->order == o);
        CHECK(!(p->flags & PG_BUDDY));
    }
    CHECK(invariants_hold(NULL));
}

TEST(order_out_of_range_is_refused)
{
    fresh(0, NPAGES);
    CHECK(buddy_alloc(&b, MAX_ORDER) == NULL);
    CHECK(b.free_pages == NPAGES);
}

TEST(exhaustion_returns_null_and_freeing_recovers)
{
    fresh(0, NPAGES);
    static struct page *got[NPAGES];
    for (int i = 0; i < NPAGES; i++) {
        got[i] = buddy_alloc(&b, 0);
        REQUIRE(got[i] != NULL);
    }
    CHECK(buddy_alloc(&b, 0) == NULL);
    CHECK(b.free_pages == 0);
    for (int i = 0; i < NPAGES; i++)
        CHECK(buddy_free(&b, got[i], 0));
    CHECK(b.free_pages == NPAGES);
    CHECK(b.free_blocks[MAX_ORDER - 1] == NPAGES >> (MAX_ORDER - 1));
    CHECK(invariants_hold(NULL));
}

TEST(large_request_fails_when_memory_is_fragmented)
{
    fresh(0, 1u << (MAX_ORDER - 1));
    static struct page *got[1u << (MAX_ORDER - 1)];
    for (unsigned i = 0; i < 1u << (MAX_ORDER - 1); i++)
        got[i] = buddy_alloc(&b, 0);
    /* Free every other frame: half the memory is free, no two frames adjacent. */
    for (unsigned i = 0; i < 1u << (MAX_ORDER - 1); i += 2)
        CHECK(buddy_free(&b, got[i], 0));
    CHECK(b.free_pages == 1u << (MAX_ORDER - 2));
    CHECK(buddy_alloc(&b, 1) == NULL);
    CHECK(buddy_alloc(&b, 0) != NULL);
}

TEST(bad_frees_are_refused_without_damage)
{
    fresh(8, NPAGES - 8);
    struct page *p = buddy_alloc(&b, 2);
    REQUIRE(p != NULL);
    uint64_t before = b.free_pages;
    CHECK(!buddy_free(&b, p + 1, 2));          /* misaligned for its order */
    CHECK(!buddy_free(&b, &pages[0], 0));      /* reserved frame */
    CHECK(!buddy_free(&b, p, MAX_ORDER));      /* no such order */
    CHECK(!buddy_free(&b, pages + NPAGES, 0)); /* past the end */
    CHECK(b.free_pages == before);
    CHECK(buddy_free(&b, p, 2));
    CHECK(!buddy_free(&b, p, 2));              /* double free */
    CHECK(b.free_pages == before + 4);
    CHECK(invariants_hold(NULL));
}

/* Random allocations and frees against a model of which frames are taken. */
TEST(random_alloc_free_matches_a_model)
{
    enum { LIVE_MAX = 200, STEPS = 100000 };   /* about half the frames in use */
    static bool allocated[NPAGES];
    static struct { struct page *p; unsigned order; } live[LIVE_MAX];
    memset(allocated, 0, sizeof allocated);
    int nlive = 0;
    uint64_t used = 0;
    fresh(5, NPAGES - 5);
    uint64_t total = NPAGES - 5;
    srand(12345);
    for (int step = 0; step < STEPS; step++) {
        bool do_alloc = nlive == 0 || (nlive < LIVE_MAX && rand() % 100 < 55);
        if (do_alloc) {
            unsigned order = (unsigned)(rand() % 6);
            struct page *p = buddy_alloc(&b, order);
            if (!p) {
                /* Allowed only when no free block of that order or larger exists. */
                uint64_t big = 0;
                for (unsigned o = order; o < MAX_ORDER; o++)
                    big += b.free_blocks[o];
                REQUIRE(big == 0);
                continue;
            }
            uint64_t pfn = buddy_pfn(&b, p);
            REQUIRE((pfn & ((1u << order) - 1)) == 0);
            for (uint64_t i = pfn; i < pfn + (1u << order); i++) {
                REQUIRE(!allocated[i]);
                REQUIRE(!(pages[i].flags & PG_RESERVED));
                allocated[i] = true;
            }
            live[nlive].p = p;
            live[nlive].order = order;
            nlive++;
            used += 1u << order;
        } else {
            int k = rand() % nlive;
            uint64_t pfn = buddy_pfn(&b, live[k].p);
            for (uint64_t i = pfn; i < pfn + (1u << live[k].order); i++)
                allocated[i] = false;
            REQUIRE(buddy_free(&b, live[k].p, live[k].order));
            used -= 1u << live[k].order;
            live[k] = live[--nlive];
        }
        REQUIRE(b.free_pages == total - used);
        if (step % 8 == 0)
            REQUIRE(invariants_hold(allocated));
    }
    while (nlive > 0) {
        nlive--;
        REQUIRE(buddy_free(&b, live[nlive].p, live[nlive].order));
    }
    CHECK(b.free_pages == total);
    CHECK(invariants_hold(NULL));
    /* Everything merged again: frames 5..4095 as an aligned cut gives one
       block per set bit of the aligned pieces, the same as a fresh add. */
    static uint64_t blocks_after[MAX_ORDER];
    memcpy(blocks_after, b.free_blocks, sizeof blocks_after);
    fresh(5, NPAGES - 5);
    CHECK(memcmp(blocks_after, b.free_blocks, sizeof blocks_after) == 0);
}
