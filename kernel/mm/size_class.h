/*
 * kernel/mm/size_class.h: kmalloc's size classes, pure C.
 *
 * Class i holds objects of 16 << i bytes (16 .. 2048), carved from one
 * 4 KiB page each; anything larger is a whole buddy block of 2^order pages.
 */
#ifndef PAGELAB_MM_SIZE_CLASS_H
#define PAGELAB_MM_SIZE_CLASS_H

#include <stddef.h>

#define KMALLOC_MIN_SIZE    16
#define KMALLOC_MAX_SMALL   2048
#define KMALLOC_CLASS_COUNT 8 /* 16, 32, ..., 2048 */

/* The class for size bytes (size 0 gets the smallest), or -1 if too large. */
int size_class_of(size_t size);
size_t size_class_bytes(int cls);
/* Smallest order with (page_size << order) >= size. */
unsigned size_to_order(size_t size, size_t page_size);

#endif
