/*
 * kernel/mm/poison.h: memory poisoning for kmalloc debug builds, pure C.
 *
 * Freed objects are filled with POISON_FREE and fresh ones with POISON_FRESH,
 * so a use after free or a read of uninitialised memory shows a recognisable
 * byte; a write into a freed object is caught when the object is reused.
 * Built unless NDEBUG is defined (make NDEBUG=1).
 */
#ifndef PAGELAB_MM_POISON_H
#define PAGELAB_MM_POISON_H

#include <stddef.h>
#include <stdint.h>

#define POISON_FREE  0x6b
#define POISON_FRESH 0xa5

#ifdef NDEBUG
#define KMALLOC_POISON 0
#else
#define KMALLOC_POISON 1
#endif

void poison_fill(void *p, size_t n, uint8_t byte);
/* The first byte of [p, p+n) that is not byte, or NULL if all are. */
const uint8_t *poison_find_mismatch(const void *p, size_t n, uint8_t byte);

#endif
