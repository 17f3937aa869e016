/*
 * kernel/mm/vm_huge.c: MAP_HUGETLB regions, anonymous memory in 2 MiB pages.
 *
 * One fault maps a whole 2 MiB frame block (order 9 from the buddy
 * allocator, so aligned to 2 MiB) with one page-directory entry, zero-filled
 * first.  Such a region moves only in whole huge pages: munmap and mprotect
 * must start (and, for mprotect, end) on a 2 MiB boundary inside it (EINVAL
 * otherwise, as on Linux's hugetlbfs).  fork shares a MAP_SHARED huge page
 * and gives the child its own copy of a MAP_PRIVATE one at once (no
 * copy-on-write at this size).
 */
#include "kernel/lib/cpufeature.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm_internal.h"

#define HUGE_ORDER  9 /* 2^9 frames = 2 MiB */
#define HUGE_FRAMES (1u << HUGE_ORDER)

static uint64_t huge_flags(const struct vma *v)
{
    uint64_t f = PTE_PRESENT | PTE_USER;
    if (v->prot & VM_PROT_WRITE)
        f |= PTE_WRITE;
    if (!(v->prot & VM_PROT_EXEC))
        f |= PTE_NX;
    return f;
}

static int map_huge(struct vm_space *vm, const struct vma *v, uint64_t va, struct page *p)
{
    int r = pt_map_huge(vm->pml4, va, page_to_phys(p), huge_flags(v));
    if (r)
        return r;
    p->mapcount++;
    vm_resident_add(vm, HUGE_FRAMES);
    return 0;
}

enum fault_result vm_huge_fault(struct vm_space *vm, struct vma *v, uint64_t addr)
{
    uint64_t va = addr & ~(VM_HUGE_PAGE_SIZE - 1);
    if (pt_walk_huge(vm->pml4, va)) {
        tlb_flush_page(addr);
        return FAULT_HANDLED;
    }
    struct page *p = frame_alloc_order(HUGE_ORDER);
    if (!p)
        return FAULT_OOM;
    vm_clear(page_to_virt(p), VM_HUGE_PAGE_SIZE);
    ledger_zero_fill(MECH_MMAP_FAULT, VM_HUGE_PAGE_SIZE);
    p->flags |= PG_ANON;
    if (map_huge(vm, v, va, p)) {
        page_put(p);
        return FAULT_OOM;
    }
    return FAULT_HANDLED; /* the PD entry owns the allocation's reference */
}

void vm_huge_release(struct vm_space *vm, uint64_t start, uint64_t end)
{
    for (uint64_t va = start & ~(VM_HUGE_PAGE_SIZE - 1); va < end; va += VM_HUGE_PAGE_SIZE) {
        pte_t old = pt_unmap_huge(vm->pml4, va);
        if (!(old & (PTE_PRESENT | PTE_PROTNONE)))
            continue;
        struct page *p = phys_to_page(old & PTE_ADDR_MASK);
        p->mapcount--;
        vm->resident_pages -= HUGE_FRAMES;
        page_put(p);
    }
}

int vm_huge_share(struct vm_space *parent, struct vm_space *child, struct vma *v)
{
    for (uint64_t va = v->start; va < v->end; va += VM_HUGE_PAGE_SIZE) {
        pte_t *e = pt_walk_huge(parent->pml4, va);
        if (!e)
            continue;
        struct page *src = phys_to_page(*e & PTE_ADDR_MASK), *p = src;
        if (v->flags & VMA_SHARED) {
            page_get(src);
        } else {
            p = frame_alloc_order(HUGE_ORDER);
            if (!p)
                return -ENOMEM;
            p->flags |= PG_ANON;
            for (unsigned i = 0; i < HUGE_FRAMES; i++)
                copy_cow_page((uint8_t *)page_to_virt(p) + i * PAGE_SIZE,
                              (uint8_t *)page_to_virt(src) + i * PAGE_SIZE, MECH_FORK);
        }
        if (map_huge(child, v, va, p)) {
            page_put(p);
            return -ENOMEM;
        }
        pte_t *child_entry = pt_walk_huge(child->pml4, va);
        if (*e & PTE_PROTNONE) /* map_huge made it present: keep it inaccessible */
            *child_entry = (*child_entry & ~PTE_PRESENT) | PTE_PROTNONE;
    }
    return 0;
}

void vm_huge_reprotect(struct vm_space *vm, struct vma *v)
{
    for (uint64_t va = v->start; va < v->end; va += VM_HUGE_PAGE_SIZE) {
        pte_t *e = pt_walk_huge(vm->pml4, va);
        if (!e)
            continue;
        pte_t keep = *e & (PTE_ADDR_MASK | PTE_ACCESSED | PTE_DIRTY | PTE_HUGE);
        *e = keep | huge_flags(v);
        if (!(v->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
            *e = (*e & ~PTE_PRESENT) | PTE_PROTNONE; /* every access faults */
        if (!cpu_has(CPU_NX))
            *e &= ~PTE_NX;
        if (pt_active() == vm->pml4)
            tlb_flush_page(va);
    }
}
