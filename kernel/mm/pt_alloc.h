/* kernel/mm/pt_alloc.h: page-table pages and the walk (mm-internal, used by paging*.c). */
#ifndef PAGELAB_MM_PT_ALLOC_H
#define PAGELAB_MM_PT_ALLOC_H

#include <stdint.h>
#include "kernel/mm/paging.h"

/* A zeroed frame flagged PG_PAGETABLE, through the direct map; NULL when out of memory. */
uint64_t *pt_alloc_table(void);
/* Returns a table taken with pt_alloc_table; panics if it is not one. */
void pt_free_table(uint64_t *table);
/* The entry for va in its level-LAST table (4 = PML4 .. 1 = PT), creating the
   tables above it if create (loosest rights: present, writable, user in the
   user half).  NULL for a non-canonical va, a missing table without create,
   no memory, or a huge page above LAST. */
pte_t *pt_entry_at(uint64_t *pml4, uint64_t va, int last, bool create);

#endif
