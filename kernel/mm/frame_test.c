/* In-kernel tests of the frame allocator (frame.c, buddy.c). */
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

KTEST(frame_alloc_returns_distinct_page_aligned_frames)
{
    enum { N = 64 };
    struct page *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = frame_alloc();
        KASSERT(p[i] != NULL);
        KEXPECT((page_to_phys(p[i]) & (PAGE_SIZE - 1)) == 0);
        KEXPECT(p[i]->refcount == 1);
        for (int j = 0; j < i; j++)
            KEXPECT(page_to_phys(p[i]) != page_to_phys(p[j]));
    }
    for (int i = 0; i < N; i++)
        page_put(p[i]);
}

KTEST(frame_alloc_order_block_is_aligned_to_its_size)
{
    for (unsigned order = 0; order < MAX_ORDER; order++) {
        struct page *p = frame_alloc_order(order);
        KASSERT(p != NULL);
        KEXPECT((page_to_phys(p) & ((PAGE_SIZE << order) - 1)) == 0);
        frame_free_order(p, order);
    }
}

KTEST(frame_is_writable_through_the_direct_map)
{
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    uint8_t *v = page_to_virt(p);
    memset(v, 0x5a, PAGE_SIZE);
    KEXPECT(v[0] == 0x5a && v[PAGE_SIZE - 1] == 0x5a);
    KEXPECT(virt_to_page(v) == p);
    KEXPECT(phys_to_page(page_to_phys(p)) == p);
    page_put(p);
}

KTEST(frame_refcount_frees_only_at_zero)
{
    uint64_t before = free_frames();
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    KEXPECT(free_frames() == before - 1);
    page_get(p);
    KEXPECT(p->refcount == 2);
    page_put(p);
    KEXPECT(p->refcount == 1);
    KEXPECT(free_frames() == before - 1);
    page_put(p);
    KEXPECT(free_frames() == before);
}

KTEST(frame_free_count_returns_to_where_it_started)
{
    uint64_t before = free_frames();
    struct page *p[40];
    for (int i = 0; i < 40; i++) {
        p[i] = frame_alloc_order(i % 4);
        KASSERT(p[i] != NULL);
    }
    for (int i = 39; i >= 0; i -= 2)
        frame_free_order(p[i], i % 4);
    for (int i = 0; i < 40; i += 2)
        frame_free_order(p[i], i % 4);
    KEXPECT(free_frames() == before);
}

KTEST(frame_zeroed_frame_is_all_zero)
{
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    memset(page_to_virt(p), 0xff, PAGE_SIZE);
    page_put(p);
    p = frame_alloc_zeroed();
    KASSERT(p != NULL);
    const uint8_t *v = page_to_virt(p);
    int nonzero = 0;
    for (int i = 0; i < PAGE_SIZE; i++)
        nonzero += v[i] != 0;
    KEXPECT(nonzero == 0);
    page_put(p);
}

/* Splitting a top-order block into single frames and freeing them all must
   give the top-order block back (the buddies merged all the way up). */
KTEST(frame_buddies_merge_back_into_the_largest_block)
{
    struct page *big = frame_alloc_order(MAX_ORDER - 1);
    KASSERT(big != NULL);
    uint64_t base = page_to_phys(big);
    frame_free_order(big, MAX_ORDER - 1);

    enum { N = 1 << (MAX_ORDER - 1) };
    static struct page *singles[N];
    /* Take single frames until all those inside that block are handed out;
       frames from elsewhere are kept aside (chained through their memory). */
    struct page *aside = NULL;
    uint64_t inside = 0;
    while (inside < N) {
        struct page *p = frame_alloc();
        KASSERT(p != NULL);
        uint64_t pa = page_to_phys(p);
        if (pa >= base && pa < base + ((uint64_t)PAGE_SIZE << (MAX_ORDER - 1))) {
            singles[inside++] = p;
        } else {
            *(struct page **)page_to_virt(p) = aside;
            aside = p;
        }
    }
    while (aside) {
        struct page *next = *(struct page **)page_to_virt(aside);
        page_put(aside);
        aside = next;
    }
    for (int i = 0; i < N; i++)
        page_put(singles[i]);
    big = frame_alloc_order(MAX_ORDER - 1);
    KASSERT(big != NULL);
    KEXPECT(page_to_phys(big) == base);
    frame_free_order(big, MAX_ORDER - 1);
}

/* Takes every free frame, threading the blocks through their own memory;
   returns the chain and the number of frames in *taken. */
static struct page *take_every_frame(uint64_t *taken)
{
    struct page *chain = NULL, *p;
    *taken = 0;
    for (unsigned order = MAX_ORDER; order-- > 0;) {
        while ((p = frame_alloc_order(order)) != NULL) {
            *(struct page **)page_to_virt(p) = chain;
            chain = p;
            *taken += 1ull << order;
        }
    }
    return chain;
}

static void give_every_frame_back(struct page *chain)
{
    while (chain) {
        struct page *next = *(struct page **)page_to_virt(chain);
        page_put(chain);
        chain = next;
    }
}

/* Takes every frame (returns NULL, never panics), then gives them back.
   The reclaimers are off: this is about the buddy allocator alone. */
KTEST(frame_exhaustion_returns_null_then_recovers)
{
    struct frame_reclaimer *saved = frame_reclaimers_replace(NULL);
    uint64_t before = free_frames(), taken;
    struct page *chain = take_every_frame(&taken);
    KEXPECT(frame_alloc() == NULL);
    KEXPECT(free_frames() == 0);
    KEXPECT(taken == before);
    give_every_frame_back(chain);
    frame_reclaimers_replace(saved);
    KEXPECT(free_frames() == before);
    struct page *p = frame_alloc();
    KEXPECT(p != NULL);
    if (p)
        page_put(p);
}

/* A stand-in for the page cache: frees frames it was holding on to. */
static struct page *reclaim_stash[4];
static uint64_t reclaim_calls, reclaim_wanted;

static uint64_t test_reclaim(uint64_t want)
{
    uint64_t freed = 0;
    reclaim_calls++;
    reclaim_wanted = want;
    for (int i = 0; i < 4; i++) {
        if (reclaim_stash[i]) {
            page_put(reclaim_stash[i]);
            reclaim_stash[i] = NULL;
            freed++;
        }
    }
    return freed;
}

static struct frame_reclaimer test_reclaimer = { "test", test_reclaim, NULL, 0 };

/* With the allocator empty, frame_alloc asks the reclaimers and gets a
   frame one freed, instead of failing. */
KTEST(frame_alloc_takes_frames_from_a_reclaimer_when_empty)
{
    struct frame_reclaimer *saved = frame_reclaimers_replace(NULL);
    for (int i = 0; i < 4; i++)
        reclaim_stash[i] = frame_alloc();
    uint64_t taken;
    struct page *chain = take_every_frame(&taken);
    reclaim_calls = 0;
    frame_reclaimers_replace(&test_reclaimer);
    struct page *p = frame_alloc();
    frame_reclaimers_replace(NULL);
    KEXPECT(p != NULL);
    KEXPECT(reclaim_calls == 1);
    KEXPECT(reclaim_wanted >= 1);
    if (p)
        page_put(p);
    give_every_frame_back(chain);
    test_reclaim(0); /* frees what the reclaimer was not asked for */
    frame_reclaimers_replace(saved);
}

KTEST(frame_stats_account_for_all_usable_ram)
{
    struct frame_stats s;
    frame_stats(&s);
    KEXPECT(s.total > 0);
    KEXPECT(s.free + s.reserved <= s.total);
    KEXPECT(s.reserved > 0); /* at least the kernel image and the struct pages */
}
