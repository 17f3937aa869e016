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
    if (start + len < start)
        return -EINVAL;
    if (!vm_range_mapped(vm, start, len))
        return -ENOMEM;
    return vm_set_flags(vm, start, len, lock ? VMA_LOCKED : 0, lock ? 0 : VMA_LOCKED);
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
