/*
 * kernel/mm/paging.h: 4-level x86-64 page tables (Intel SDM vol. 3A, 4.5).
 *
 *   virtual address bits: 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0 offset
 *
 * Each address space has its own PML4; entries 256..511 (the kernel half) are
 * shared by all of them, so a kernel mapping made once is seen everywhere.
 * Functions here work on any PML4 and flush the TLB when it is the active one.
 */
#ifndef PAGELAB_MM_PAGING_H
#define PAGELAB_MM_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/hw/pte.h"

typedef uint64_t pte_t;

extern uint64_t *kernel_pml4;

/* Builds the final kernel page tables: the direct map of all RAM with 2 MiB
   pages, the kernel image with per-section permissions (text RX, rodata R,
   data RW+NX), and no identity map.  Enables NX, SMEP and SMAP when present. */
void paging_init(void);

/* Maps one 4 KiB page.  Returns 0, -ENOMEM (no frame for a table) or
   -EEXIST (va already mapped; use pt_unmap first). */
int pt_map(uint64_t *pml4, uint64_t va, uint64_t pa, uint64_t flags);
/* Unmaps one page; returns the old PTE (0 if nothing was mapped). */
pte_t pt_unmap(uint64_t *pml4, uint64_t va);
/* Replaces the flags of a present page, keeping its frame; -ENOENT if not present. */
int pt_protect(uint64_t *pml4, uint64_t va, uint64_t flags);
/* Returns a pointer to va's last-level PTE, creating tables if create is set;
   NULL if absent (or -ENOMEM when creating).  Never returns a 2 MiB entry. */
pte_t *pt_walk(uint64_t *pml4, uint64_t va, bool create);
/* Translates va: true and *pa if mapped (4 KiB or 2 MiB). */
bool pt_lookup(uint64_t *pml4, uint64_t va, uint64_t *pa, pte_t *pte);

/* 2 MiB pages (paging_huge.c): a PD entry with PTE_HUGE.  pa and va 2 MiB
   aligned; -EEXIST when something (a page or a non-empty page table) is
   mapped in that 2 MiB already. */
int pt_map_huge(uint64_t *pml4, uint64_t va, uint64_t pa, uint64_t flags);
/* The PD entry mapping va as a 2 MiB page (present, or kept under
   PTE_PROTNONE), or NULL. */
pte_t *pt_walk_huge(uint64_t *pml4, uint64_t va);
/* Unmaps the 2 MiB page at va; returns the old entry (0 if none). */
pte_t pt_unmap_huge(uint64_t *pml4, uint64_t va);

/* A new address space: a PML4 with the kernel half shared. NULL when out of memory. */
uint64_t *pt_create(void);
/* Frees every page-table page of the user half and the PML4 (not the mapped frames). */
void pt_destroy(uint64_t *pml4);
void pt_activate(uint64_t *pml4);
uint64_t *pt_active(void);

void tlb_flush_page(uint64_t va);
void tlb_flush_all(void);

#endif
