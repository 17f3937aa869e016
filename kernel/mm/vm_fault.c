/*
 * kernel/mm/vm_fault.c: the page level of address spaces: demand paging,
 * copy-on-write, fork's sharing and unmapping.
 *
 * Frame ownership: every user PTE holds one reference on its frame
 * (page_get) and counts in page->mapcount; unmapping drops both.  A private
 * page that more than one PTE (or the page cache) holds is mapped read-only
 * with PTE_COW; the first write gets a copy.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm_internal.h"

static uint64_t pte_flags_for(const struct vma *v, bool writable)
{
    uint64_t f = PTE_PRESENT | PTE_USER;
    if (writable)
        f |= PTE_WRITE;
    if (!(v->prot & VM_PROT_EXEC))
        f |= PTE_NX;
    return f;
}

/* Does a write to this region's pages need copy-on-write? */
static bool is_private_writable(const struct vma *v)
{
    return !(v->flags & VMA_SHARED) && (v->prot & VM_PROT_WRITE);
}

static void unmap_one(struct vm_space *vm, uint64_t va)
{
    pte_t old = pt_unmap(vm->pml4, va);
    if (!(old & PTE_PRESENT))
        return;
    struct page *p = phys_to_page(old & PTE_ADDR_MASK);
    p->mapcount--;
    vm->resident_pages--;
    page_put(p);
}

void vm_release_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        pte_t *pte = pt_walk(vm->pml4, va, false);
        if (pte && (*pte & PTE_PRESENT))
            unmap_one(vm, va);
    }
}

/* Maps frame p at va with flags, taking a reference for the PTE. */
static int map_frame(struct vm_space *vm, uint64_t va, struct page *p, uint64_t flags)
{
    int r = pt_map(vm->pml4, va, page_to_phys(p), flags);
    if (r)
        return r;
    page_get(p);
    p->mapcount++;
    vm->resident_pages++;
    return 0;
}

int vm_share_range(struct vm_space *parent, struct vm_space *child, struct vma *v)
{
    for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
        pte_t *pte = pt_walk(parent->pml4, va, false);
        if (!pte || !(*pte & PTE_PRESENT))
            continue;
        pte_t flags = *pte & ~PTE_ADDR_MASK & ~(PTE_ACCESSED | PTE_DIRTY);
        if (is_private_writable(v) && (flags & (PTE_WRITE | PTE_COW))) {
            flags = (flags & ~PTE_WRITE) | PTE_COW;
            *pte = (*pte & ~PTE_WRITE) | PTE_COW;
        }
        struct page *p = phys_to_page(*pte & PTE_ADDR_MASK);
        if (map_frame(child, va, p, flags))
            return -ENOMEM;
    }
    return 0;
}

static enum copy_mech mech_of(const struct vma *v)
{
    return (v->flags & VMA_EXEC_IMAGE) ? MECH_EXEC : MECH_MMAP_FAULT;
}

/* A fresh zero-filled anonymous frame (a zero-fill, not a copy). */
static struct page *zero_page(enum copy_mech mech)
{
    struct page *p = frame_alloc();
    if (!p)
        return NULL;
    memset(page_to_virt(p), 0, PAGE_SIZE);
    ledger_zero_fill(mech, PAGE_SIZE);
    p->flags |= PG_ANON;
    return p;
}

/* First touch of a page not present: zero-fill, or the object's page
   (copied at once for a private write, else mapped). */
static enum fault_result fault_in(struct vm_space *vm, struct vma *v, uint64_t va, bool write)
{
    struct page *p;
    bool writable = v->prot & VM_PROT_WRITE;
    bool cow = false;
    if (!v->ops) {
        p = zero_page(mech_of(v));
        if (!p)
            return FAULT_OOM;
    } else {
        struct page *src = v->ops->get_page(v->obj, v->pgoff + (va - v->start) / PAGE_SIZE);
        if (!src)
            return FAULT_SIGBUS;
        if (write && is_private_writable(v)) {
            p = frame_alloc();
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
            if (is_private_writable(v)) {
                writable = false;
                cow = true;
            }
        }
    }
    int r = map_frame(vm, va, p, pte_flags_for(v, writable) | (cow ? PTE_COW : 0));
    page_put(p);   /* the PTE holds its own reference now */
    return r ? FAULT_OOM : FAULT_HANDLED;
}

/* A write to a present copy-on-write page. */
static enum fault_result break_cow(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *pte)
{
    struct page *old = phys_to_page(*pte & PTE_ADDR_MASK);
    if (old->refcount == 1 && !old->mapping) {
        /* Nobody else holds it: take it over without copying. */
        *pte = (*pte | PTE_WRITE) & ~PTE_COW;
        tlb_flush_page(va);
        return FAULT_HANDLED;
    }
    struct page *p = frame_alloc();
    if (!p)
        return FAULT_OOM;
    copy_cow_page(page_to_virt(p), page_to_virt(old), (old->flags & PG_ANON) ? MECH_FORK : mech_of(v));
    p->flags |= PG_ANON;
    unmap_one(vm, va);
    int r = map_frame(vm, va, p, pte_flags_for(v, true));
    page_put(p);
    return r ? FAULT_OOM : FAULT_HANDLED;
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

enum fault_result vm_fault(struct vm_space *vm, uint64_t addr, unsigned err)
{
    if (addr >= USER_TOP || (err & PF_RSVD))
        return FAULT_SIGSEGV;
    struct vma *v = vm_find(vm, addr);
    if (!v || !access_allowed(v, err))
        return FAULT_SIGSEGV;
    uint64_t va = addr & ~(uint64_t)(PAGE_SIZE - 1);
    pte_t *pte = pt_walk(vm->pml4, va, false);
    if (!pte || !(*pte & PTE_PRESENT))
        return fault_in(vm, v, va, err & PF_WRITE);
    if ((err & PF_WRITE) && (*pte & PTE_COW))
        return break_cow(vm, v, va, pte);
    /* Present and allowed: another path fixed it already (or a stale TLB entry). */
    tlb_flush_page(va);
    return FAULT_HANDLED;
}
