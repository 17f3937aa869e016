/* In-kernel tests of the frame allocation sites (frame_sites.c). */
#include "kernel/lib/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/frame_sites.h"
#include "kernel/mm/kmalloc.h"

/*
 * Allocating helpers of their own, so that their frames are told apart from
 * everyone else's by the function that allocated them.  noipa: not inlined
 * nor cloned under another name; and each does something after its call,
 * since "return frame_alloc();" becomes a jump (a sibling call) and the
 * frames would be its caller's.
 */
#define HELPER            static __attribute__((noipa))
#define AFTER_THE_CALL(p) __asm__ volatile("" : "+r"(p))

HELPER struct page *take_frame(void)
{
    struct page *p = frame_alloc();
    AFTER_THE_CALL(p);
    return p;
}

HELPER struct page *take_block(unsigned order)
{
    struct page *p = frame_alloc_order(order);
    AFTER_THE_CALL(p);
    return p;
}

HELPER struct page *take_zeroed(void)
{
    struct page *p = frame_alloc_zeroed();
    AFTER_THE_CALL(p);
    return p;
}

/* Two callers of one wrapper: the report tells them apart. */
HELPER struct page *wrapper(void)
{
    struct page *p = frame_alloc();
    AFTER_THE_CALL(p);
    return p;
}

HELPER struct page *first_caller(void)
{
    struct page *p = wrapper();
    AFTER_THE_CALL(p);
    return p;
}

HELPER struct page *second_caller(void)
{
    struct page *p = wrapper();
    AFTER_THE_CALL(p);
    return p;
}

HELPER void *take_big_object(void)
{
    void *o = kmalloc(3 * PAGE_SIZE);
    AFTER_THE_CALL(o);
    return o;
}

KTEST(frame_sites_count_the_frames_a_function_allocated_until_they_are_freed)
{
    enum { N = 7 };
    if (!FRAME_SITES)
        return;
    uint64_t before = frame_sites_held(take_frame, NULL);
    struct page *p[N];
    for (int i = 0; i < N; i++) {
        p[i] = take_frame();
        KASSERT(p[i] != NULL);
    }
    KEXPECT(frame_sites_held(take_frame, NULL) == before + N);
    for (int i = 0; i < N; i++)
        page_put(p[i]);
    KEXPECT(frame_sites_held(take_frame, NULL) == before);
}

KTEST(frame_sites_count_every_frame_of_a_block)
{
    if (!FRAME_SITES)
        return;
    uint64_t before = frame_sites_held(take_block, NULL);
    struct page *p = take_block(3);
    KASSERT(p != NULL);
    KEXPECT(frame_sites_held(take_block, NULL) == before + 8);
    frame_free_order(p, 3);
    KEXPECT(frame_sites_held(take_block, NULL) == before);
}

KTEST(frame_sites_name_the_caller_of_frame_alloc_zeroed_not_frame_c)
{
    if (!FRAME_SITES)
        return;
    uint64_t before = frame_sites_held(take_zeroed, NULL);
    struct page *p = take_zeroed();
    KASSERT(p != NULL);
    KEXPECT(frame_sites_held(take_zeroed, NULL) == before + 1);
    page_put(p);
}

KTEST(frame_sites_tell_apart_the_callers_of_a_wrapper)
{
    if (!FRAME_SITES)
        return;
    uint64_t a0 = frame_sites_held(wrapper, first_caller);
    uint64_t b0 = frame_sites_held(wrapper, second_caller);
    struct page *a = first_caller(), *b = second_caller(), *b2 = second_caller();
    KASSERT(a && b && b2);
    KEXPECT(frame_sites_held(wrapper, first_caller) == a0 + 1);
    KEXPECT(frame_sites_held(wrapper, second_caller) == b0 + 2);
    KEXPECT(frame_sites_held(wrapper, NULL) == a0 + b0 + 3);
    page_put(a);
    page_put(b);
    page_put(b2);
    KEXPECT(frame_sites_held(wrapper, NULL) == a0 + b0);
}

/* kmalloc's own blocks are attributed to kmalloc's caller, as the heap
   report (kmalloc_sites.h) attributes its objects. */
KTEST(frame_sites_give_a_large_kmalloc_to_the_caller_of_kmalloc)
{
    if (!FRAME_SITES)
        return;
    uint64_t before = frame_sites_held(NULL, take_big_object);
    void *o = take_big_object(); /* 3 pages: a block of 4 */
    KASSERT(o != NULL);
    KEXPECT(frame_sites_held(NULL, take_big_object) == before + 4);
    KEXPECT(frame_sites_held(take_big_object, NULL) == 0); /* kmalloc allocated them */
    kfree(o);
    KEXPECT(frame_sites_held(NULL, take_big_object) == before);
}

KTEST(frame_sites_total_with_free_and_reserved_frames_is_all_ram)
{
    struct frame_sites_totals t;
    frame_sites_totals(&t);
    if (!FRAME_SITES)
        return;
    KEXPECT(t.allocated > 0);
    KEXPECT(t.untracked == 0);
    KEXPECT(t.allocated + t.free + t.reserved == t.total);
}
