/*
 * kernel/mm/buddy.h: the buddy allocator core, pure C.
 *
 * It knows nothing of physical memory: it hands out blocks of 2^order
 * struct pages from an array in which pages[pfn] describes frame pfn.  A free
 * block of order k starts at a pfn that is a multiple of 2^k; its "buddy" is
 * the block at pfn ^ 2^k.  Freeing a block merges it with its buddy while the
 * buddy is free and of the same order, so every operation is O(MAX_ORDER).
 * The kernel wraps it with a lock (kernel/mm/frame.c); tests/host/test_buddy.c
 * drives it on the host.
 */
#ifndef PAGELAB_MM_BUDDY_H
#define PAGELAB_MM_BUDDY_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/lib/list.h"
#include "kernel/mm/frame.h"

struct buddy {
    struct page *pages;               /* pages[pfn] describes frame pfn */
    uint64_t npages;                  /* frames 0 .. npages-1 are described */
    struct list_head free[MAX_ORDER]; /* free blocks, by order (heads have PG_BUDDY) */
    uint64_t free_blocks[MAX_ORDER];
    uint64_t free_pages;
};

/* Describes npages frames, all reserved (PG_RESERVED, refcount 0). */
void buddy_init(struct buddy *b, struct page *pages, uint64_t npages);
/* Gives frames [pfn, pfn+count) to the allocator; they must be reserved. */
void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count);
/* Takes a block of 2^order frames (head->order = order); NULL if none is free. */
struct page *buddy_alloc(struct buddy *b, unsigned order);
/* Returns a block taken with buddy_alloc.  false (and nothing changes) when the
   block cannot be a live allocation: out of range, misaligned, reserved, or
   already free. */
bool buddy_free(struct buddy *b, struct page *head, unsigned order);

static inline uint64_t buddy_pfn(const struct buddy *b, const struct page *p)
{
    return (uint64_t)(p - b->pages);
}

#endif
