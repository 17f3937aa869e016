/* In-kernel tests of kmalloc (kmalloc.c, size_class.c, poison.c). */
#include "kernel/lib/cmdline.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/poison.h"

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

KTEST(kmalloc_every_size_class_is_16_byte_aligned_and_usable)
{
    static const size_t sizes[] = { 1,   8,   16,  17,  24,  32,  48,   64,   100,
                                    128, 200, 256, 300, 512, 777, 1024, 1500, 2048 };
    for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint8_t *p = kmalloc(sizes[i]);
        KASSERT(p != NULL);
        KEXPECT(((uint64_t)p & 15) == 0);
        memset(p, (int)i, sizes[i]);
        KEXPECT(p[sizes[i] - 1] == (uint8_t)i);
        kfree(p);
    }
}

KTEST(kmalloc_objects_do_not_overlap)
{
    enum { N = 300 };
    static uint8_t *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = kmalloc(24);
        KASSERT(p[i] != NULL);
        memset(p[i], i & 0xff, 24);
    }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < 24; j++)
            KEXPECT(p[i][j] == (i & 0xff));
    for (int i = 0; i < N; i++)
        kfree(p[i]);
}

KTEST(kmalloc_large_sizes_take_whole_pages)
{
    size_t sizes[] = { 2049, 4096, 4097, 3 * 4096, 1 << 20 };
    for (unsigned i = 0; i < 5; i++) {
        uint8_t *p = kmalloc(sizes[i]);
        KASSERT(p != NULL);
        KEXPECT(((uint64_t)p & (PAGE_SIZE - 1)) == 0);
        p[0] = 1;
        p[sizes[i] - 1] = 2;
        kfree(p);
    }
    KEXPECT(kmalloc((size_t)PAGE_SIZE << MAX_ORDER) == NULL);
}

KTEST(kmalloc_kzalloc_returns_zeroed_memory)
{
    uint8_t *p = kzalloc(1000);
    KASSERT(p != NULL);
    int nonzero = 0;
    for (int i = 0; i < 1000; i++)
        nonzero += p[i] != 0;
    KEXPECT(nonzero == 0);
    kfree(p);
}

KTEST(kmalloc_kfree_null_does_nothing)
{
    uint64_t before = free_frames();
    kfree(NULL);
    KEXPECT(free_frames() == before);
}

/* Many objects of every class, then all freed: the emptied slab pages go back. */
KTEST(kmalloc_frees_return_slab_pages_to_the_frame_allocator)
{
    enum { N = 512 };
    static void *p[N];
    for (int i = 0; i < N; i++)
        p[i] = kmalloc(16 << (i % 8));
    uint64_t full = free_frames();
    for (int i = 0; i < N; i++) {
        KASSERT(p[i] != NULL);
        kfree(p[i]);
    }
    KEXPECT(free_frames() > full);
}

/*
 * A class's page that empties while it is the class's only partial page is
 * kept (the next kmalloc of the class needs it), but only until another page
 * has room: tools/fuzz found free memory 4 KiB short after a run with the
 * heap back at its start, an empty 1 KiB-class page kept beside a partial one.
 */
KTEST(kmalloc_keeps_no_empty_page_beside_a_partial_one)
{
    enum { N = 64, SIZE = 1024, PER_PAGE = PAGE_SIZE / SIZE };
    static void *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = kmalloc(SIZE);
        KASSERT(p[i] != NULL);
    }
    /* The last object's page is a new one (N fill every page the class had
       room in): ours alone, and the class's only page with room. */
    struct page *last = virt_to_page(p[N - 1]);
    int ours = 0;
    for (int i = 0; i < N; i++)
        ours += virt_to_page(p[i]) == last;
    KASSERT(ours == last->slab_inuse && ours < N);
    for (int i = 0; i < N; i++)
        if (virt_to_page(p[i]) == last) {
            kfree(p[i]);
            p[i] = NULL;
        }
    KEXPECT(kmalloc_spare_empty_pages() == 0);
    /* A full page of ours gets room: the kept empty page must go now. */
    int full = 0;
    while (full < N && !(p[full] && virt_to_page(p[full])->slab_inuse == PER_PAGE))
        full++;
    KASSERT(full < N);
    kfree(p[full]);
    p[full] = NULL;
    KEXPECT(kmalloc_spare_empty_pages() == 0);
    for (int i = 0; i < N; i++)
        kfree(p[i]);
    KEXPECT(kmalloc_spare_empty_pages() == 0);
}

/* crash=NAME on the command line turns a test below into the bug it guards
   against; tests/suites/22_mm_crash.py expects the kernel to panic then. */
static bool crash_requested(const char *name)
{
    char what[32];
    return cmdline_get(kernel_cmdline(), "crash", what, sizeof what) && strcmp(what, name) == 0;
}

KTEST(kmalloc_freed_object_is_known_free_until_reused)
{
    void *p = kmalloc(200);
    KASSERT(p != NULL);
    KEXPECT(!kmalloc_is_free(p));
    kfree(p);
    KEXPECT(kmalloc_is_free(p));
    if (crash_requested("double_free")) {
        printk("kmalloc test: freeing %p a second time\n", p);
        kfree(p);
    }
    void *q = kmalloc(200);
    KEXPECT(q == p); /* the object freed last is reused first */
    KEXPECT(!kmalloc_is_free(q));
    kfree(q);
}

#if KMALLOC_POISON
KTEST(kmalloc_reuse_checks_and_renews_the_poison)
{
    uint8_t *p = kmalloc(96);
    KASSERT(p != NULL);
    kfree(p);
    if (crash_requested("write_after_free")) {
        printk("kmalloc test: writing byte %p of freed object %p\n", p + 77, p);
        p[77] = 0x42;
    }
    uint8_t *q = kmalloc(96);
    KASSERT(q == p);
    KEXPECT(poison_find_mismatch(q, 128, POISON_FRESH) == NULL);
    kfree(q);
}

KTEST(kmalloc_poison_marks_fresh_and_freed_memory)
{
    uint8_t *p = kmalloc(64);
    KASSERT(p != NULL);
    KEXPECT(poison_find_mismatch(p, 64, POISON_FRESH) == NULL);
    kfree(p);
    /* A use after free reads the free pattern (past the free-list link). */
    KEXPECT(poison_find_mismatch(p + 8, 56, POISON_FREE) == NULL);
}

KTEST(kmalloc_poison_check_finds_a_write_after_free)
{
    uint8_t *p = kmalloc(128);
    KASSERT(p != NULL);
    kfree(p);
    p[100] = 0; /* the bug kmalloc must notice when it reuses the object */
    KEXPECT(poison_find_mismatch(p + 8, 120, POISON_FREE) == p + 100);
    p[100] = POISON_FREE; /* repair, or the next kmalloc(128) would panic */
}
#endif

KTEST(kmalloc_stats_count_live_objects_and_their_pages)
{
    struct kmalloc_stats a, b, c;
    kmalloc_get_stats(&a);
    void *small = kmalloc(100);   /* the 128-byte class */
    void *large = kmalloc(10000); /* a 4-page block */
    KASSERT(small && large);
    kmalloc_get_stats(&b);
    KEXPECT(b.objects == a.objects + 2);
    KEXPECT(b.bytes == a.bytes + 128 + 4 * 4096);
    KEXPECT(b.pages >= a.pages + 4);
    kfree(small);
    kfree(large);
    kmalloc_get_stats(&c);
    KEXPECT(c.objects == a.objects);
    KEXPECT(c.bytes == a.bytes);
}
