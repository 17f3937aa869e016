/*
 * kernel/mm/vm_user_page.c: the frame behind a user address, for callers
 * that must name a word of user memory independently of the address space
 * it is seen through (a futex shared between processes is keyed by the
 * frame that holds it: two processes mapping one page of a file, of a
 * shared anonymous object or of System V shm wait on the same key).
 */
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm_internal.h"

static int user_page_locked(struct vm_space *vm, uint64_t addr, bool write,
                            struct vm_user_page *out)
{
    if (addr >= USER_TOP)
        return -EFAULT;
    struct vma *v = vm_find(vm, addr);
    /* As get_user_pages: the page must be accessible (PROT_NONE is EFAULT),
       and writable to be written. */
    if (!v || !(v->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)) ||
        (write && !(v->prot & VM_PROT_WRITE)))
        return -EFAULT;
    uint64_t pa;
    pte_t pte;
    if (!pt_lookup(vm->pml4, addr, &pa, &pte) || (write && !(pte & PTE_WRITE))) {
        /* Not touched yet, or (to be written) still shared copy-on-write:
           fault it in as an access would (a write-only region, which x86
           cannot map without reads, by a write). */
        bool by_write = write || !(v->prot & (VM_PROT_READ | VM_PROT_EXEC));
        unsigned err = PF_USER | (by_write ? PF_WRITE : 0);
        if (vm_fault(vm, addr, err) != FAULT_HANDLED || !pt_lookup(vm->pml4, addr, &pa, &pte))
            return -EFAULT;
    }
    /* A 2 MiB page's reference count lives in its first frame. */
    uint64_t frame = (pte & PTE_HUGE) ? pa & ~(VM_HUGE_PAGE_SIZE - 1) : pa & ~(PAGE_SIZE - 1ull);
    out->page = phys_to_page(frame);
    out->phys = pa;
    /* Other address spaces reach this very frame through a shared region or
       through the page cache (a private file page not yet copied); a private
       anonymous page is this space's alone. */
    out->shared = (v->flags & VMA_SHARED) || out->page->mapping != NULL;
    page_get(out->page);
    return 0;
}

int vm_user_page(struct vm_space *vm, uint64_t addr, struct vm_user_page *out)
{
    vm_lock(vm);
    int r = user_page_locked(vm, addr, false, out);
    vm_unlock(vm);
    return r;
}

int vm_user_page_to_write(struct vm_space *vm, uint64_t addr, struct vm_user_page *out)
{
    vm_lock(vm);
    int r = user_page_locked(vm, addr, true, out);
    vm_unlock(vm);
    return r;
}
