/*
 * kernel/mm/vm_range.c: operations on a range of an address space that the
 * memory syscalls need besides map and unmap: mprotect (split, change the
 * rights, rewrite the PTEs, merge back), msync (dirty bits to the page
 * cache, then write-back), MAP_POPULATE, and range queries.
 */
#include "kernel/lib/errno.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm_internal.h"

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

bool vm_range_mapped(struct vm_space *vm, uint64_t start, uint64_t len)
{
    uint64_t end = start + len, at = start;
    for (int i = vm_index_above(vm, start); i < vm->count && at < end; i++) {
        if (vm->vmas[i].start > at)
            return false;
        at = vm->vmas[i].end;
    }
    return at >= end;
}

bool vm_range_used(struct vm_space *vm, uint64_t start, uint64_t len)
{
    int i = vm_index_above(vm, start);
    return i < vm->count && vm->vmas[i].start < start + len;
}

/* How far [start, end) can be changed to prot, as Linux's mprotect walks it:
   up to the first hole (-ENOMEM) or the first region that may not become
   writable (-EACCES); the part before is changed all the same. */
static uint64_t protect_limit(struct vm_space *vm, uint64_t start, uint64_t end, uint32_t prot,
                              int *err)
{
    uint64_t at = start;
    *err = 0;
    for (int i = vm_index_above(vm, start); at < end; i++) {
        if (i >= vm->count || vm->vmas[i].start > at) {
            *err = -ENOMEM;
            return at;
        }
        if ((prot & VM_PROT_WRITE) && (vm->vmas[i].flags & VMA_DENYWRITE)) {
            *err = -EACCES;
            return at;
        }
        at = vm->vmas[i].end;
    }
    return end;
}

int vm_set_flags(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t set, uint32_t clear)
{
    uint64_t end = start + len;
    if (end <= start)
        return 0;
    /* 2 MiB pages are never split: a range ending inside one takes the
       whole region with it. */
    if (vm_huge_boundary_ok(vm, start) && vm_split_at(vm, start))
        return -ENOMEM;
    if (vm_huge_boundary_ok(vm, end) && vm_split_at(vm, end))
        return -ENOMEM;
    int first = vm_index_above(vm, start);
    for (int i = first; i < vm->count && vm->vmas[i].start < end; i++)
        vm->vmas[i].flags = (vm->vmas[i].flags | set) & ~clear;
    for (int j = first > 0 ? first - 1 : 0; j < vm->count && vm->vmas[j].start <= end;)
        if (!vm_merge_pair(vm, j))
            j++;
    return vm_range_mapped(vm, start, len) ? 0 : -ENOMEM;
}

int vm_protect(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot)
{
    if (start % PAGE_SIZE || start >= USER_TOP || len > USER_TOP - start)
        return -EINVAL;
    if (len == 0)
        return 0;
    int err;
    uint64_t end = protect_limit(vm, start, page_up(start + len), prot, &err);
    if (end == start)
        return err;
    if (!vm_huge_boundary_ok(vm, start) || !vm_huge_boundary_ok(vm, end))
        return -EINVAL;
    if (vm_split_at(vm, start) || vm_split_at(vm, end))
        return -ENOMEM;
    int first = vm_index_above(vm, start);
    for (int i = first; i < vm->count && vm->vmas[i].start < end; i++) {
        vm->vmas[i].prot = prot;
        vm_reprotect_pages(vm, &vm->vmas[i]);
    }
    /* Put back together what the change made alike again. */
    for (int j = first > 0 ? first - 1 : 0; j < vm->count && vm->vmas[j].start <= end;)
        if (!vm_merge_pair(vm, j))
            j++;
    return err;
}

int vm_msync(struct vm_space *vm, uint64_t start, uint64_t len, bool sync)
{
    uint64_t end = page_up(start + len);
    int err = vm_range_mapped(vm, start, end - start) ? 0 : -ENOMEM;
    for (int i = vm_index_above(vm, start); i < vm->count && vm->vmas[i].start < end; i++) {
        struct vma *v = &vm->vmas[i];
        if (!v->cache || !(v->flags & VMA_SHARED))
            continue;
        uint64_t from = v->start > start ? v->start : start, to = v->end < end ? v->end : end;
        vm_harvest_range(vm, v, from, to);
        /* POSIX: st_mtime and st_ctime are marked between a write through
           the mapping and the next msync of it. */
        if ((v->flags & VMA_WRITTEN) && v->ops && v->ops->written) {
            v->flags &= ~VMA_WRITTEN;
            v->ops->written(v->obj);
        }
        if (!sync)
            continue;
        uint64_t first = v->pgoff + (from - v->start) / PAGE_SIZE;
        int e = pcache_sync_range(v->cache, first, first + (to - from) / PAGE_SIZE);
        if (e && !err)
            err = e;
    }
    return err;
}

int vm_populate_range(struct vm_space *vm, uint64_t start, uint64_t len)
{
    for (uint64_t va = start; va < start + len; va += PAGE_SIZE) {
        struct vma *v = vm_find(vm, va);
        if (!v)
            return -EFAULT;
        if (!(v->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC))) {
            va = v->end - PAGE_SIZE;
            continue;
        }
        /* A private writable page is faulted as a write (its own copy now),
           as Linux does; anything else as a read. */
        bool write = (v->prot & VM_PROT_WRITE) && !(v->flags & VMA_SHARED);
        enum fault_result r = vm_fault(vm, va, PF_USER | (write ? PF_WRITE : 0));
        if (r != FAULT_HANDLED)
            return r == FAULT_OOM ? -ENOMEM : -EFAULT;
        v = vm_find(vm, va);
        if (v && (v->flags & VMA_HUGE))
            va = (va & ~(VM_HUGE_PAGE_SIZE - 1)) + VM_HUGE_PAGE_SIZE - PAGE_SIZE;
    }
    return 0;
}

void vm_populate(struct vm_space *vm, uint64_t start, uint64_t len)
{
    vm_populate_range(vm, start, len);
}
