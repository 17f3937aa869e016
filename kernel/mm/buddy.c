/* kernel/mm/buddy.c: the buddy allocator core (see buddy.h).  No locks, no
   kernel calls: the caller serialises. */
#include "kernel/mm/buddy.h"

void buddy_init(struct buddy *b, struct page *pages, uint64_t npages)
{
    b->pages = pages;
    b->npages = npages;
    b->free_pages = 0;
    for (unsigned o = 0; o < MAX_ORDER; o++) {
        list_init(&b->free[o]);
        b->free_blocks[o] = 0;
    }
    for (uint64_t i = 0; i < npages; i++) {
        struct page *p = &pages[i];
        *p = (struct page){ .flags = PG_RESERVED };
        list_init(&p->list);
    }
}

static void push_free(struct buddy *b, uint64_t pfn, unsigned order)
{
    struct page *p = &b->pages[pfn];
    p->flags |= PG_BUDDY;
    p->order = order;
    list_add(&p->list, &b->free[order]);
    b->free_blocks[order]++;
}

static void pop_free(struct buddy *b, struct page *p)
{
    list_del(&p->list);
    p->flags &= ~PG_BUDDY;
    b->free_blocks[p->order]--;
}

/* Frees a block, merging it with its buddy as long as that one is free too. */
static void free_and_merge(struct buddy *b, uint64_t pfn, unsigned order)
{
    b->free_pages += 1ull << order;
    while (order < MAX_ORDER - 1) {
        uint64_t buddy_pfn = pfn ^ (1ull << order);
        if (buddy_pfn >= b->npages)
            break;
        struct page *bp = &b->pages[buddy_pfn];
        if (!(bp->flags & PG_BUDDY) || bp->order != order)
            break;
        pop_free(b, bp);
        pfn &= ~(1ull << order);
        order++;
    }
    push_free(b, pfn, order);
}

void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count)
{
    uint64_t end = pfn + count;
    if (end > b->npages)
        end = b->npages;
    for (uint64_t i = pfn; i < end; i++)
        b->pages[i].flags &= ~PG_RESERVED;
    /* Largest aligned blocks that fit, so that init costs O(blocks), not O(frames). */
    while (pfn < end) {
        unsigned order = 0;
        while (order + 1 < MAX_ORDER && (pfn & ((2ull << order) - 1)) == 0 &&
               pfn + (2ull << order) <= end)
            order++;
        free_and_merge(b, pfn, order);
        pfn += 1ull << order;
    }
}

struct page *buddy_alloc(struct buddy *b, unsigned order)
{
    if (order >= MAX_ORDER)
        return NULL;
    unsigned o = order;
    while (o < MAX_ORDER && list_empty(&b->free[o]))
        o++;
    if (o == MAX_ORDER)
        return NULL;
    struct page *head = list_first_entry(&b->free[o], struct page, list);
    pop_free(b, head);
    uint64_t pfn = buddy_pfn(b, head);
    /* Split: the upper half of each too-large block goes back on a free list. */
    while (o > order) {
        o--;
        push_free(b, pfn + (1ull << o), o);
    }
    head->order = order;
    b->free_pages -= 1ull << order;
    return head;
}

bool buddy_free(struct buddy *b, struct page *head, unsigned order)
{
    if (order >= MAX_ORDER || head < b->pages || head >= b->pages + b->npages)
        return false;
    uint64_t pfn = buddy_pfn(b, head);
    if ((pfn & ((1ull << order) - 1)) != 0 || pfn + (1ull << order) > b->npages)
        return false;
    if (head->flags & (PG_RESERVED | PG_BUDDY))
        return false;
    list_init(&head->list);
    free_and_merge(b, pfn, order);
    return true;
}
