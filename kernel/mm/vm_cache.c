/*
 * kernel/mm/vm_cache.c: what the page cache asks of address spaces (called
 * by kernel/mm/pagecache.c).  A file page is mapped only by
 * regions whose cache is its mapping, so walking every address space's
 * regions finds each PTE of it (a simple reverse map: few processes, few
 * regions each).
 */
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm_internal.h"

void vm_harvest_dirty(struct pcache_mapping *m)
{
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        struct vm_space *vm = list_entry(l, struct vm_space, all_link);
        for (int i = 0; i < vm->count; i++) {
            struct vma *v = &vm->vmas[i];
            if (v->cache && (v->flags & VMA_SHARED) && (!m || v->cache == m))
                vm_harvest_range(vm, v, v->start, v->end);
        }
    }
}

void vm_unmap_cache_pages(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        struct vm_space *vm = list_entry(l, struct vm_space, all_link);
        for (int i = 0; i < vm->count; i++) {
            struct vma *v = &vm->vmas[i];
            uint64_t npages = (v->end - v->start) / PAGE_SIZE;
            if (v->cache != m || v->pgoff + npages <= first || v->pgoff >= end)
                continue;
            uint64_t skip = first > v->pgoff ? first - v->pgoff : 0;
            uint64_t upto = end - v->pgoff < npages ? end - v->pgoff : npages;
            /* Private copies go too, as on Linux's truncate: past the end
               is SIGBUS. */
            vm_release_range(vm, v, v->start + skip * PAGE_SIZE, v->start + upto * PAGE_SIZE);
        }
    }
}

bool vm_cache_shared_maywrite(struct pcache_mapping *m)
{
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        struct vm_space *vm = list_entry(l, struct vm_space, all_link);
        for (int i = 0; i < vm->count; i++) {
            const struct vma *v = &vm->vmas[i];
            if (v->cache == m && (v->flags & VMA_SHARED) && !(v->flags & VMA_DENYWRITE))
                return true;
        }
    }
    return false;
}
