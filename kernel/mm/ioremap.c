/* kernel/mm/ioremap.c: uncached mappings of device memory (see ioremap.h).
   A bump pointer over the window: mappings are never taken down. */
#include "kernel/mm/ioremap.h"
#include <stddef.h>
#include "kernel/lib/spinlock.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/paging.h"

static struct spinlock ioremap_lock = SPINLOCK_INIT("ioremap");
static uint64_t next_va = IOREMAP_BASE;

void *ioremap(uint64_t pa, uint64_t size)
{
    uint64_t first = pa & ~(uint64_t)(PAGE_SIZE - 1);
    uint64_t bytes = ((pa + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1)) - first;
    uint64_t flags = spin_lock_irqsave(&ioremap_lock);
    void *result = NULL;
    if (size == 0 || bytes > IOREMAP_BASE + IOREMAP_SIZE - next_va)
        goto out;
    uint64_t va = next_va;
    for (uint64_t off = 0; off < bytes; off += PAGE_SIZE) {
        /* -ENOMEM leaves the pages mapped so far in place; the window moves
           past them anyway, so nothing is mapped twice. */
        if (pt_map(kernel_pml4, va + off, first + off,
                   PTE_WRITE | PTE_PCD | PTE_PWT | PTE_NX | PTE_GLOBAL) != 0) {
            next_va = va + off + PAGE_SIZE;
            goto out;
        }
    }
    next_va = va + bytes;
    result = (void *)(va + (pa - first));
out:
    spin_unlock_irqrestore(&ioremap_lock, flags);
    return result;
}
