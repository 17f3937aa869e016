/*
 * kernel/mm/paging.c: the page-table API on any PML4 (see paging.h).
 *
 * Tables are frames from the frame allocator (PG_PAGETABLE), reached through
 * the direct map.  Entries above the last level carry the loosest rights
 * (present, writable, and user in the user half): the last-level entry alone
 * decides what an access may do.  The kernel half (PML4 entries 256..511)
 * points at PDPTs that every address space shares, so a change there is seen
 * through every PML4 and is flushed whichever one was named.
 */
#include "kernel/mm/paging.h"
#include "kernel/lib/cpufeature.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pt_alloc.h"

#define ENTRIES           512
#define KERNEL_HALF_FIRST 256 /* PML4 index of the first kernel-half entry */

uint64_t *kernel_pml4;

static unsigned index_at(uint64_t va, int level) /* level 4 = PML4 .. 1 = PT */
{
    return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (ENTRIES - 1);
}

static uint64_t *table_of(pte_t entry) { return phys_to_virt(entry & PTE_ADDR_MASK); }

/* Canonical: bits 63..47 all equal (SDM vol. 1, 3.3.7.1). */
static bool canonical(uint64_t va)
{
    uint64_t top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

/* A zeroed frame for a page table, or NULL.  Not a payload zero-fill:
   page tables are kernel bookkeeping, so the ledger does not see it. */
uint64_t *pt_alloc_table(void)
{
    struct page *p = frame_alloc();
    if (!p)
        return NULL;
    p->flags |= PG_PAGETABLE;
    uint64_t *t = page_to_virt(p);
    memset(t, 0, PAGE_SIZE);
    return t;
}

void pt_free_table(uint64_t *table)
{
    struct page *p = virt_to_page(table);
    if (!(p->flags & PG_PAGETABLE))
        panic("pt_free_table: %p is not a page-table page", table);
    p->flags &= ~PG_PAGETABLE;
    page_put(p);
}

pte_t *pt_entry_at(uint64_t *pml4, uint64_t va, int last, bool create)
{
    if (!canonical(va))
        return NULL;
    uint64_t *table = pml4;
    for (int level = 4; level > last; level--) {
        pte_t *e = &table[index_at(va, level)];
        if (!(*e & PTE_PRESENT)) {
            if (!create)
                return NULL;
            uint64_t *next = pt_alloc_table();
            if (!next)
                return NULL;
            pte_t rights = PTE_PRESENT | PTE_WRITE | (va < USER_TOP ? PTE_USER : 0);
            *e = virt_to_phys(next) | rights;
        } else if (*e & PTE_HUGE) {
            return NULL; /* inside a 2 MiB or 1 GiB page: no lower table exists */
        }
        table = table_of(*e);
    }
    return &table[index_at(va, last)];
}

pte_t *pt_walk(uint64_t *pml4, uint64_t va, bool create)
{
    return pt_entry_at(pml4, va, 1, create);
}

/* Without EFER.NXE bit 63 is reserved: a PTE with it would fault on any access. */
static uint64_t usable_flags(uint64_t flags)
{
    flags &= ~PTE_ADDR_MASK;
    return cpu_has(CPU_NX) ? flags : flags & ~PTE_NX;
}

/* Does a change to va's PTE in pml4 affect the page tables the CPU uses now? */
static void flush_if_live(uint64_t *pml4, uint64_t va)
{
    if (va >= USER_TOP || pml4 == pt_active())
        tlb_flush_page(va);
}

int pt_map(uint64_t *pml4, uint64_t va, uint64_t pa, uint64_t flags)
{
    pte_t *pte = pt_walk(pml4, va, true);
    if (!pte)
        return -ENOMEM;
    if (*pte & PTE_PRESENT)
        return -EEXIST;
    /* A not-present entry is never cached in the TLB (SDM vol. 3A, 4.10.2.3). */
    *pte = (pa & PTE_ADDR_MASK) | usable_flags(flags) | PTE_PRESENT;
    return 0;
}

pte_t pt_unmap(uint64_t *pml4, uint64_t va)
{
    pte_t *pte = pt_walk(pml4, va, false);
    if (!pte || !(*pte & PTE_PRESENT))
        return 0;
    pte_t old = *pte;
    *pte = 0;
    flush_if_live(pml4, va);
    return old;
}

int pt_protect(uint64_t *pml4, uint64_t va, uint64_t flags)
{
    pte_t *pte = pt_walk(pml4, va, false);
    if (!pte || !(*pte & PTE_PRESENT))
        return -ENOENT;
    *pte = (*pte & PTE_ADDR_MASK) | usable_flags(flags) | PTE_PRESENT;
    flush_if_live(pml4, va);
    return 0;
}

bool pt_lookup(uint64_t *pml4, uint64_t va, uint64_t *pa, pte_t *pte_out)
{
    if (!canonical(va))
        return false;
    uint64_t *table = pml4;
    for (int level = 4; level >= 1; level--) {
        pte_t e = table[index_at(va, level)];
        if (!(e & PTE_PRESENT))
            return false;
        /* PS in a PDPT entry is a 1 GiB page, in a PD entry a 2 MiB page. */
        bool leaf = level == 1 || ((level == 2 || level == 3) && (e & PTE_HUGE));
        if (leaf) {
            uint64_t page_bytes = 1ull << (PAGE_SHIFT + 9 * (level - 1));
            uint64_t frame = e & PTE_ADDR_MASK & ~(page_bytes - 1);
            if (pa)
                *pa = frame + (va & (page_bytes - 1));
            if (pte_out)
                *pte_out = e;
            return true;
        }
        table = table_of(e);
    }
    return false;
}

uint64_t *pt_create(void)
{
    uint64_t *pml4 = pt_alloc_table();
    if (!pml4)
        return NULL;
    for (int i = KERNEL_HALF_FIRST; i < ENTRIES; i++)
        pml4[i] = kernel_pml4[i];
    return pml4;
}

/* Frees the tables below entry e of a table at the given level (3 = PDPT). */
static void free_subtree(pte_t e, int level)
{
    uint64_t *table = table_of(e);
    if (level > 1)
        for (int i = 0; i < ENTRIES; i++)
            if ((table[i] & PTE_PRESENT) && !(table[i] & PTE_HUGE))
                free_subtree(table[i], level - 1);
    pt_free_table(table);
}

void pt_destroy(uint64_t *pml4)
{
    if (pml4 == kernel_pml4 || pml4 == pt_active())
        panic("pt_destroy: %p is the kernel's or the active PML4", pml4);
    for (int i = 0; i < KERNEL_HALF_FIRST; i++)
        if (pml4[i] & PTE_PRESENT)
            free_subtree(pml4[i], 3);
    pt_free_table(pml4);
}

void pt_activate(uint64_t *pml4) { write_cr3(virt_to_phys(pml4)); }

uint64_t *pt_active(void) { return phys_to_virt(read_cr3() & PTE_ADDR_MASK); }

void tlb_flush_page(uint64_t va) { invlpg(va); }

/* Reloading CR3 keeps global entries; toggling CR4.PGE drops them too
   (SDM vol. 3A, 4.10.4.1). */
void tlb_flush_all(void)
{
    uint64_t cr4 = read_cr4();
    if (cr4 & CR4_PGE) {
        write_cr4(cr4 & ~CR4_PGE);
        write_cr4(cr4);
    } else {
        write_cr3(read_cr3());
    }
}
