/*
 * kernel/mm/vm_usage.c: what a region's pages cost, as Linux's
 * /proc/PID/smaps counts it (fs/proc/task_mmu.c), and which of its pages
 * are resident (mincore(2)).
 *
 * A page mapped by N page tables (its mapcount) is shared: each of the N
 * mappers is charged 1/N of it in Pss, so the Pss of every process mapping
 * a library adds up to the frames it really occupies.  That is how a
 * student sees libc's text resident once however many programs run.
 */
#include "kernel/hw/pte.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_internal.h"

void vm_usage_of(struct vm_space *vm, const struct vma *v, struct vm_usage *u)
{
    memset(u, 0, sizeof *u);
    for (uint64_t va = v->start; va < v->end; va += PAGE_SIZE) {
        uint64_t pa;
        pte_t pte;
        if (!pt_lookup(vm->pml4, va, &pa, &pte))
            continue;
        /* A 2 MiB page's count lives in its head frame. */
        struct page *p = phys_to_page((pte & PTE_HUGE) ? pa & ~(VM_HUGE_PAGE_SIZE - 1) : pa);
        if (!p)
            continue;
        uint64_t maps = p->mapcount > 0 ? (uint64_t)p->mapcount : 1;
        bool dirty = (pte & PTE_DIRTY) || (p->flags & PG_DIRTY);
        u->rss += PAGE_SIZE;
        u->pss_scaled += ((uint64_t)PAGE_SIZE << VM_PSS_SHIFT) / maps;
        if (maps > 1)
            *(dirty ? &u->shared_dirty : &u->shared_clean) += PAGE_SIZE;
        else
            *(dirty ? &u->private_dirty : &u->private_clean) += PAGE_SIZE;
        if (!p->mapping)
            u->anonymous += PAGE_SIZE;
    }
}

int vm_resident(struct vm_space *vm, uint64_t start, uint64_t npages, uint8_t *vec)
{
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t va = start + i * PAGE_SIZE;
        int k = vm_index_above(vm, va);
        if (k >= vm->count || vm->vmas[k].start > va)
            return -ENOMEM; /* a hole: mincore(2) says ENOMEM */
        const struct vma *v = &vm->vmas[k];
        bool in = pt_lookup(vm->pml4, va, NULL, NULL);
        if (!in && v->cache) {
            /* A file page counts when the page cache holds it, mapped here
               or not (Linux looks in the file's cache). */
            struct page *p = pcache_lookup(v->cache, v->pgoff + (va - v->start) / PAGE_SIZE);
            if (p) {
                in = true;
                pcache_put(p);
            }
        }
        vec[i] = in ? 1 : 0;
    }
    return 0;
}
