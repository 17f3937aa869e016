/*
 * kernel/mm/kmalloc.h: small kernel objects.  Size classes from 16 bytes to
 * 2 KiB are carved from whole pages; larger requests take whole buddy blocks.
 * Debug builds poison freed memory (0x6b) and fresh memory (0xa5) so that a
 * use after free or an uninitialised read shows up as a recognisable pattern.
 */
#ifndef PAGELAB_MM_KMALLOC_H
#define PAGELAB_MM_KMALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *kmalloc(size_t size); /* NULL when out of memory; 16-byte aligned */
void *kzalloc(size_t size); /* zero-filled */
void kfree(void *p);        /* kfree(NULL) does nothing */

/* What kmalloc holds now (/proc/meminfo's KernelHeap, leak tests): bytes
   handed out (whole size classes and whole blocks, as they are charged),
   objects handed out, and frames taken from the frame allocator. */
struct kmalloc_stats {
    uint64_t bytes, objects, pages;
};
void kmalloc_get_stats(struct kmalloc_stats *out);

/* For tests: the empty slab pages that classes keep beside another
   partial page (0: a class keeps an empty page only as its last one). */
unsigned kmalloc_spare_empty_pages(void);

/* Is p a freed kmalloc object (the test kfree uses to catch double frees)? */
bool kmalloc_is_free(const void *p);

#endif
