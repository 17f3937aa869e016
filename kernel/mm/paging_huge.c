/*
 * kernel/mm/paging_huge.c: 2 MiB user pages, a page-directory entry with the
 * PS bit (PTE_HUGE) instead of a pointer to a page table (SDM vol. 3A, 4.5,
 * table 4-18).  Used by MAP_HUGETLB regions (vm_huge.c); pt_destroy already
 * knows not to free such an entry as a table.
 */
#include "kernel/lib/cpufeature.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/pt_alloc.h"

#define ENTRIES   512
#define HUGE_SIZE (2ull << 20)
#define PD_LEVEL  2 /* pt_entry_at's level of the page directory */

static bool table_empty(const uint64_t *t)
{
    for (int i = 0; i < ENTRIES; i++)
        if (t[i] & PTE_PRESENT)
            return false;
    return true;
}

int pt_map_huge(uint64_t *pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    if (va % HUGE_SIZE || pa % HUGE_SIZE || va >= USER_TOP)
        return -EINVAL;
    pte_t *e = pt_entry_at(pml4, va, PD_LEVEL, true);
    if (!e)
        return -ENOMEM;
    if (*e & PTE_PRESENT) {
        if (*e & PTE_HUGE)
            return -EEXIST;
        /* An empty page table left from 4 KiB pages unmapped earlier. */
        uint64_t *pt = phys_to_virt(*e & PTE_ADDR_MASK);
        if (!table_empty(pt))
            return -EEXIST;
        *e = 0;
        if (pml4 == pt_active())
            tlb_flush_all();
        pt_free_table(pt);
    }
    if (!cpu_has(CPU_NX))
        flags &= ~PTE_NX;
    *e = (pa & PTE_ADDR_MASK) | (flags & ~PTE_ADDR_MASK) | PTE_PRESENT | PTE_HUGE;
    return 0;
}

pte_t *pt_walk_huge(uint64_t *pml4, uint64_t va)
{
    pte_t *e = pt_entry_at(pml4, va, PD_LEVEL, false);
    /* PTE_PROTNONE: a huge page kept not-present under PROT_NONE. */
    return e && (*e & (PTE_PRESENT | PTE_PROTNONE)) && (*e & PTE_HUGE) ? e : NULL;
}

pte_t pt_unmap_huge(uint64_t *pml4, uint64_t va)
{
    pte_t *e = pt_walk_huge(pml4, va);
    if (!e)
        return 0;
    pte_t old = *e;
    *e = 0;
    if (pml4 == pt_active())
        tlb_flush_page(va);
    return old;
}
