/*
 * kernel/mm/vm_fault.c: the page level of address spaces: demand paging,
 * copy-on-write, dirty bits, fork's sharing and unmapping.
 *
 * Frame ownership: every user PTE holds one reference on its frame
 * (page_get) and counts in page->mapcount; unmapping drops both.  A private
 * page that more than one PTE (or the page cache) holds is mapped read-only
 * with PTE_COW; the first write gets a copy.  A shared page is mapped with
 * the region's rights; for a page-cache page, the PTE's dirty bit says the
 * program wrote it, and is moved to PG_DIRTY (vm_harvest_range,
 * vm_unmap_pte) before write-back looks.
 *
 * A PTE may also hold a swap entry instead of a frame (a private page that
 * reclaim sent to swap, kernel/mm/vm_swap.c): a fault reads it back, fork
 * shares the entry, unmapping frees it.  A fault that finds no frame
 * reclaims memory itself and tries again before it reports out of memory.
 */
#include "kernel/lib/cpufeature.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/swap.h"
#include "kernel/mm/vm_internal.h"
#include "kernel/mm/vmscan.h"

uint64_t vm_total_faults, vm_total_major_faults;
uint64_t vm_fault_around_bytes = PAGE_SIZE;
uint64_t vm_fault_around_pages;

#define PT_SPAN (512 * PAGE_SIZE) /* what one page table maps: 2 MiB */

uint64_t vm_pte_flags(const struct vma *v, bool writable)
{
    uint64_t f = PTE_PRESENT | PTE_USER;
    if (writable)
        f |= PTE_WRITE;
    if (!(v->prot & VM_PROT_EXEC) && cpu_has(CPU_NX))
        f |= PTE_NX;
    return f;
}

bool vm_is_private_writable(const struct vma *v)
{
    return !(v->flags & VMA_SHARED) && (v->prot & VM_PROT_WRITE);
}

/* The next va to look at after va had no page table at all. */
static uint64_t skip_missing_table(uint64_t va) { return (va & ~(PT_SPAN - 1)) + PT_SPAN; }

/* Does this PTE hold a frame (present, or kept not-present under PROT_NONE)? */
static bool pte_mapped(pte_t e) { return e & (PTE_PRESENT | PTE_PROTNONE); }

/* Missing page tables are skipped whole.  Loops go on from *va + PAGE_SIZE. */
pte_t *vm_next_pte(uint64_t *pml4, uint64_t *va, uint64_t end, bool swap_too)
{
    while (*va < end) {
        pte_t *pte = pt_walk(pml4, *va, false);
        if (!pte) {
            *va = skip_missing_table(*va);
            continue;
        }
        if (pte_mapped(*pte) || (swap_too && pte_is_swap(*pte)))
            return pte;
        *va += PAGE_SIZE;
    }
    return NULL;
}

static pte_t *next_mapped_pte(uint64_t *pml4, uint64_t *va, uint64_t end)
{
    return vm_next_pte(pml4, va, end, false);
}

void vm_unmap_pte(struct vm_space *vm, uint64_t va)
{
    pte_t *pte = pt_walk(vm->pml4, va, false);
    if (pte && pte_is_swap(*pte)) {
        swp_entry_t e = pte_to_swp_entry(*pte);
        *pte = 0;
        vm->swap_pages--;
        swap_free(e);
        return;
    }
    if (!pte || !pte_mapped(*pte))
        return;
    pte_t old = *pte;
    *pte = 0;
    if (pt_active() == vm->pml4)
        tlb_flush_page(va);
    struct page *p = phys_to_page(old & PTE_ADDR_MASK);
    /* lab mmap: unmap_dirty */
    if ((old & PTE_DIRTY) && p->mapping)
        pcache_mark_dirty(p); /* a store through a shared map: keep it */
    /* lab end */
    p->mapcount--;
    vm->resident_pages--;
    page_put(p);
}

void vm_release_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end)
{
    if (v->flags & VMA_HUGE) {
        vm_huge_release(vm, start, end);
        return;
    }
    for (uint64_t va = start; vm_next_pte(vm->pml4, &va, end, true); va += PAGE_SIZE)
        vm_unmap_pte(vm, va);
}

void vm_harvest_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end)
{
    /* lab mmap: harvest */
    bool live = pt_active() == vm->pml4;
    pte_t *pte;
    for (uint64_t va = start; (pte = next_mapped_pte(vm->pml4, &va, end)); va += PAGE_SIZE) {
        if (!(*pte & PTE_DIRTY))
            continue;
        *pte &= ~PTE_DIRTY;
        /* The TLB remembers the page as dirty: without the flush the CPU
           would not set the bit again on the next store. */
        if (live)
            tlb_flush_page(va);
        struct page *p = phys_to_page(*pte & PTE_ADDR_MASK);
        if (p->mapping) {
            pcache_mark_dirty(p);
            v->flags |= VMA_WRITTEN; /* msync marks the file's times */
        }
    }
    /* lab end */
}

/* Maps frame p at va with flags, taking a reference for the PTE.  slot is
   va's empty PTE when the caller has already walked to it (the fault path),
   or NULL to walk (and create tables) here. */
int vm_map_frame_at(struct vm_space *vm, uint64_t va, pte_t *slot, struct page *p, uint64_t flags)
{
    if (slot) {
        /* Not present before, so no TLB entry to flush (SDM vol. 3A, 4.10.2.3). */
        *slot = page_to_phys(p) | flags | PTE_PRESENT;
    } else {
        int r = pt_map(vm->pml4, va, page_to_phys(p), flags);
        if (r)
            return r;
    }
    page_get(p);
    p->mapcount++;
    vm_resident_add(vm, 1);
    return 0;
}

static int map_frame(struct vm_space *vm, uint64_t va, struct page *p, uint64_t flags)
{
    return vm_map_frame_at(vm, va, NULL, p, flags);
}

int vm_share_range(struct vm_space *parent, struct vm_space *child, struct vma *v)
{
    if (v->flags & VMA_HUGE)
        return vm_huge_share(parent, child, v);
    pte_t *pte;
    for (uint64_t va = v->start; (pte = vm_next_pte(parent->pml4, &va, v->end, true));
         va += PAGE_SIZE) {
        if (pte_is_swap(*pte)) {
            if (vm_swap_copy_pte(child, va, *pte))
                return -ENOMEM;
            continue;
        }
        pte_t flags = *pte & ~PTE_ADDR_MASK & ~(PTE_ACCESSED | PTE_DIRTY);
        /* lab cow: share */
        if (vm_is_private_writable(v) && (flags & (PTE_WRITE | PTE_COW))) {
            flags = (flags & ~PTE_WRITE) | PTE_COW;
            *pte = (*pte & ~PTE_WRITE) | PTE_COW;
        }
        /* lab end */
        struct page *p = phys_to_page(*pte & PTE_ADDR_MASK);
        if (map_frame(child, va, p, flags))
            return -ENOMEM;
        if (flags & PTE_PROTNONE) /* pt_map made it present: undo that */
            *pt_walk(child->pml4, va, false) &= ~PTE_PRESENT;
    }
    return 0;
}

/* May a private page be written in place (no one else can see it)? */
static bool private_page_exclusive(const struct page *p, pte_t pte)
{
    return !(pte & PTE_COW) && !p->mapping && p->refcount == 1;
}

void vm_reprotect_pages(struct vm_space *vm, struct vma *v)
{
    if (v->flags & VMA_HUGE) {
        vm_huge_reprotect(vm, v);
        return;
    }
    bool live = pt_active() == vm->pml4;
    bool want_write = v->prot & VM_PROT_WRITE;
    pte_t *pte;
    for (uint64_t va = v->start; (pte = next_mapped_pte(vm->pml4, &va, v->end)); va += PAGE_SIZE) {
        struct page *p = phys_to_page(*pte & PTE_ADDR_MASK);
        bool shared = v->flags & VMA_SHARED;
        bool writable = want_write && (shared || private_page_exclusive(p, *pte));
        /* A private page others may still see stays copy-on-write. */
        bool cow = !shared && ((*pte & PTE_COW) || (want_write && !writable));
        pte_t keep = *pte & (PTE_ADDR_MASK | PTE_ACCESSED | PTE_DIRTY);
        *pte = keep | vm_pte_flags(v, writable) | (cow ? PTE_COW : 0);
        if (!(v->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
            *pte = (*pte & ~PTE_PRESENT) | PTE_PROTNONE;
        if (live)
            tlb_flush_page(va);
    }
}

static enum copy_mech mech_of(const struct vma *v)
{
    if (v->flags & VMA_EXEC_IMAGE)
        return MECH_EXEC;
    return v->ops && v->ops->mech != MECH_OTHER ? v->ops->mech : MECH_MMAP_FAULT;
}

struct page *vm_zero_page(enum copy_mech mech)
{
    struct page *p = frame_alloc_user();
    if (!p)
        return NULL;
    vm_clear(page_to_virt(p), PAGE_SIZE);
    ledger_zero_fill(mech, PAGE_SIZE);
    p->flags |= PG_ANON;
    return p;
}

/* Fault-around (Linux's do_fault_around + filemap_map_pages): after a read
   fault at va mapped its page, maps the other pages of the aligned window
   of vm_fault_around_bytes around it, within the region and within va's
   page table, that the cache holds ready (uptodate, no I/O, no read-ahead
   marker: a reader must still reach that one by a fault).  Nothing is read
   from the disk here, and each page counts as a mapped page in the ledger,
   not as a fault. */
static void fault_around(struct vm_space *vm, struct vma *v, uint64_t va, uint64_t flags)
{
    uint64_t bytes = vm_fault_around_bytes;
    if (bytes <= PAGE_SIZE || !v->cache)
        return;
    uint64_t start = va & ~(bytes - 1), end = start + bytes;
    uint64_t table = va & ~(PT_SPAN - 1);
    if (start < v->start)
        start = v->start;
    if (start < table)
        start = table;
    if (end > v->end)
        end = v->end;
    if (end > table + PT_SPAN)
        end = table + PT_SPAN;
    for (uint64_t a = start; a < end; a += PAGE_SIZE) {
        if (a == va)
            continue;
        pte_t *pte = pt_walk(vm->pml4, a, false);
        if (!pte || *pte) /* mapped, or a private copy out on swap */
            continue;
        struct page *p = pcache_lookup_ready(v->cache, v->pgoff + (a - v->start) / PAGE_SIZE);
        if (!p)
            continue;
        vm_map_frame_at(vm, a, pte, p, flags);
        page_put(p); /* the PTE holds its own reference now */
        ledger_map_existing(mech_of(v), 1);
        vm_fault_around_pages++;
    }
}

/* First touch of a page not present: zero-fill, or the object's page
   (copied at once for a private write, else mapped). */
static enum fault_result fault_in(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *slot,
                                  bool write, bool *major)
{
    struct page *p;
    bool writable = v->prot & VM_PROT_WRITE;
    bool cow = false;
    if (!v->ops) {
        /* lab pagefault: zero */
        p = vm_zero_page(mech_of(v));
        if (!p)
            return FAULT_OOM;
        /* lab end */
    } else {
        struct page *src = v->ops->get_page(v->obj, v->pgoff + (va - v->start) / PAGE_SIZE, major);
        if (IS_ERR(src))
            return FAULT_OOM;
        if (!src)
            return FAULT_SIGBUS;
        /* lab mmap: private */
        if (write && vm_is_private_writable(v)) {
            p = frame_alloc_user();
            if (!p) {
                page_put(src);
                return FAULT_OOM;
            }
            copy_cow_page(page_to_virt(p), page_to_virt(src), mech_of(v));
            p->flags |= PG_ANON;
            page_put(src);
        } else {
            p = src;
            ledger_map_existing(mech_of(v), 1);
            if (vm_is_private_writable(v)) {
                writable = false;
                cow = true;
            }
        }
        /* lab end */
    }
    uint64_t flags = vm_pte_flags(v, writable) | (cow ? PTE_COW : 0);
    int r = vm_map_frame_at(vm, va, slot, p, flags);
    page_put(p); /* the PTE holds its own reference now */
    if (r)
        return FAULT_OOM;
    if (v->ops && !write)
        fault_around(vm, v, va, flags);
    return FAULT_HANDLED;
}

enum fault_result vm_break_cow(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *pte)
{
    struct page *old = phys_to_page(*pte & PTE_ADDR_MASK);
    /* lab cow: reuse */
    if (vm_swap_reuse(old) || (old->refcount == 1 && !old->mapping)) {
        /* Nobody else holds it: take it over without copying. */
        *pte = (*pte | PTE_WRITE) & ~PTE_COW;
        tlb_flush_page(va);
        return FAULT_HANDLED;
    }
    /* lab end */
    struct page *p = frame_alloc_user();
    if (!p)
        return FAULT_OOM;
    copy_cow_page(page_to_virt(p), page_to_virt(old),
                  (old->flags & PG_ANON) ? MECH_FORK : mech_of(v));
    p->flags |= PG_ANON;
    /* Swap the frame under the PTE in place: the copy gets the PTE's
       reference, the old frame loses one. */
    *pte = page_to_phys(p) | vm_pte_flags(v, true) | PTE_PRESENT;
    tlb_flush_page(va);
    p->mapcount++;
    old->mapcount--;
    page_put(old);
    return FAULT_HANDLED; /* p's allocation reference is now the PTE's */
}

static bool access_allowed(const struct vma *v, unsigned err)
{
    if ((err & PF_WRITE) && !(v->prot & VM_PROT_WRITE))
        return false;
    if ((err & PF_INSTR) && !(v->prot & VM_PROT_EXEC))
        return false;
    if (!(err & (PF_WRITE | PF_INSTR)) && !(v->prot & (VM_PROT_READ | VM_PROT_EXEC)))
        return false;
    return true;
}

static enum fault_result resolve(struct vm_space *vm, struct vma *v, uint64_t addr, unsigned err,
                                 bool *major)
{
    if (v->flags & VMA_HUGE)
        return vm_huge_fault(vm, v, addr);
    uint64_t va = addr & ~(uint64_t)(PAGE_SIZE - 1);
    pte_t *pte = pt_walk(vm->pml4, va, false);
    if (pte && pte_is_swap(*pte))
        return vm_swap_fault(vm, va, *pte, err & PF_WRITE, major);
    if (!pte || !pte_mapped(*pte))
        return fault_in(vm, v, va, pte, err & PF_WRITE, major);
    if ((err & PF_WRITE) && !(*pte & PTE_WRITE)) {
        if (!(v->flags & VMA_SHARED))
            return vm_break_cow(vm, v, va, pte);
        *pte |= PTE_WRITE; /* a shared page the region may write again */
    }
    /* Present and allowed: another path fixed it already (or a stale TLB entry). */
    tlb_flush_page(va);
    return FAULT_HANDLED;
}

/* Reclaim rounds a fault may run before it reports out of memory. */
#define DIRECT_RECLAIM_TRIES 16

enum fault_result vm_fault(struct vm_space *vm, uint64_t addr, unsigned err)
{
    if (addr >= USER_TOP || (err & PF_RSVD))
        return FAULT_SIGSEGV;
    bool major = false;
    enum fault_result r;
    for (int tries = 0;; tries++) {
        /* Found again on every round: reclaim sleeps, and the regions may
           have changed meanwhile. */
        struct vma *v = vm_find(vm, addr);
        if (!v || !access_allowed(v, err))
            return FAULT_SIGSEGV;
        r = resolve(vm, v, addr, err, &major);
        if (r != FAULT_OOM || tries == DIRECT_RECLAIM_TRIES)
            break;
        /* No frame: take some back (writing pages to swap if need be),
           then try again; out of memory only when nothing can be had. */
        if (!vmscan_direct_reclaim() && frame_free_count() <= frame_wmark.min)
            break;
    }
    if (r == FAULT_HANDLED) {
        vm_total_faults++;
        if (major) {
            vm->major_faults++;
            vm_total_major_faults++;
        } else {
            vm->minor_faults++;
        }
    }
    return r;
}
