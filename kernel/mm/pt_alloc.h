/* kernel/mm/pt_alloc.h: page-table pages (mm-internal, used by paging*.c). */
#ifndef PAGELAB_MM_PT_ALLOC_H
#define PAGELAB_MM_PT_ALLOC_H

#include <stdint.h>

/* A zeroed frame flagged PG_PAGETABLE, through the direct map; NULL when out of memory. */
uint64_t *pt_alloc_table(void);
/* Returns a table taken with pt_alloc_table; panics if it is not one. */
void pt_free_table(uint64_t *table);

#endif
