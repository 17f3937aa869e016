/*
 * kernel/mm/vm_mlock.c: locking memory in (mlock, munlock, mlockall,
 * munlockall).  A locked region (VMA_LOCKED) is passed over by reclaim
 * (vm_swap.c), so its pages stay in memory once faulted in; mlock faults
 * them in at once (vm_populate), pages out on swap included.  Locks are
 * per region, as Linux's VM_LOCKED: not inherited by fork, gone with the
 * address space at exec.
 */
#include "kernel/lib/errno.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/vm_internal.h"

int vm_set_locked(struct vm_space *vm, uint64_t start, uint64_t len, bool lock)
{
    uint64_t end = start + len;
    if (end < start)
        return -EINVAL;
    if (end == start)
        return 0;
    if (!vm_range_mapped(vm, start, len))
        return -ENOMEM;
    /* 2 MiB pages are never reclaimed: a range ending inside one just
       takes the whole region with it. */
    if (vm_huge_boundary_ok(vm, start) && vm_split_at(vm, start))
        return -ENOMEM;
    if (vm_huge_boundary_ok(vm, end) && vm_split_at(vm, end))
        return -ENOMEM;
    int first = vm_index_above(vm, start);
    for (int i = first; i < vm->count && vm->vmas[i].start < end; i++) {
        if (lock)
            vm->vmas[i].flags |= VMA_LOCKED;
        else
            vm->vmas[i].flags &= ~VMA_LOCKED;
    }
    for (int j = first > 0 ? first - 1 : 0; j < vm->count && vm->vmas[j].start <= end;)
        if (!vm_merge_pair(vm, j))
            j++;
    return 0;
}

void vm_set_locked_all(struct vm_space *vm, bool lock)
{
    for (int i = 0; i < vm->count; i++) {
        if (lock)
            vm->vmas[i].flags |= VMA_LOCKED;
        else
            vm->vmas[i].flags &= ~VMA_LOCKED;
    }
    for (int j = 0; j < vm->count;)
        if (!vm_merge_pair(vm, j))
            j++;
}

uint64_t vm_locked_pages(const struct vm_space *vm)
{
    uint64_t n = 0;
    for (int i = 0; i < vm->count; i++)
        if (vm->vmas[i].flags & VMA_LOCKED)
            n += (vm->vmas[i].end - vm->vmas[i].start) / PAGE_SIZE;
    return n;
}
