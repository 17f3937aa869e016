/*
 * kernel/mm/vm.c: address spaces and their sorted region arrays: lookup,
 * mapping and unmapping (splitting and merging regions), free gaps, brk,
 * fork and teardown.  See vm.h for the model.  Elsewhere: page-level work in
 * vm_fault.c, mprotect/msync/populate in vm_range.c, the page cache's
 * reverse lookups in vm_cache.c, huge pages in vm_huge.c.
 */
#include "kernel/mm/vm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm_internal.h"

struct vm_space *vm_current;
/* Every address space, for the page cache's reverse lookups (vm_cache.c). */
struct list_head vm_all_spaces = LIST_HEAD_INIT(vm_all_spaces);

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

struct vm_space *vm_create(void)
{
    struct vm_space *vm = kzalloc(sizeof *vm);
    if (!vm)
        return NULL;
    vm->pml4 = pt_create();
    if (!vm->pml4) {
        kfree(vm);
        return NULL;
    }
    vm->mmap_base = VM_MMAP_TOP;
    vm->users = 1;
    waitqueue_init(&vm->lock_waiters);
    list_add_tail(&vm->all_link, &vm_all_spaces);
    return vm;
}

void vm_set_exe(struct vm_space *vm, const struct vm_backing_ops *ops, void *obj)
{
    if (ops)
        ops->hold(obj);
    if (vm->exe_ops)
        vm->exe_ops->release(vm->exe_obj);
    vm->exe_ops = ops;
    vm->exe_obj = obj;
}

void vm_lock(struct vm_space *vm)
{
    void *me = sched_current_task();
    if (vm->lock_owner == me) {
        vm->lock_depth++;
        return;
    }
    wait_event(&vm->lock_waiters, vm->lock_owner == NULL);
    vm->lock_owner = me;
    vm->lock_depth = 1;
}

void vm_unlock(struct vm_space *vm)
{
    if (--vm->lock_depth > 0)
        return;
    vm->lock_owner = NULL;
    wake_up(&vm->lock_waiters);
}

/* Index of the first region whose end is above addr (count if none). */
int vm_index_above(const struct vm_space *vm, uint64_t addr)
{
    int lo = 0, hi = vm->count;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (vm->vmas[mid].end <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

struct vma *vm_find(struct vm_space *vm, uint64_t addr)
{
    int i = vm_index_above(vm, addr);
    if (i < vm->count && vm->vmas[i].start <= addr)
        return &vm->vmas[i];
    return NULL;
}

static int reserve(struct vm_space *vm, int extra)
{
    if (vm->count + extra <= vm->capacity)
        return 0;
    int cap = vm->capacity ? vm->capacity * 2 : 8;
    while (cap < vm->count + extra)
        cap *= 2;
    struct vma *n = kmalloc(sizeof *n * cap);
    if (!n)
        return -ENOMEM;
    if (vm->count)
        memcpy(n, vm->vmas, sizeof *n * vm->count);
    kfree(vm->vmas);
    vm->vmas = n;
    vm->capacity = cap;
    return 0;
}

static void insert_at(struct vm_space *vm, int i, const struct vma *v)
{
    memmove(&vm->vmas[i + 1], &vm->vmas[i], sizeof *v * (vm->count - i));
    vm->vmas[i] = *v;
    vm->count++;
}

static void remove_at(struct vm_space *vm, int i)
{
    memmove(&vm->vmas[i], &vm->vmas[i + 1], sizeof vm->vmas[0] * (vm->count - i - 1));
    vm->count--;
}

/* Huge regions split only at 2 MiB boundaries (Linux hugetlbfs: EINVAL).
   For munmap the end is rounded up to a huge page, as Linux does. */
bool vm_huge_boundary_ok(struct vm_space *vm, uint64_t addr)
{
    struct vma *v = vm_find(vm, addr);
    return !v || !(v->flags & VMA_HUGE) || v->start == addr || addr % VM_HUGE_PAGE_SIZE == 0;
}

static uint64_t huge_round_end(struct vm_space *vm, uint64_t end)
{
    struct vma *v = vm_find(vm, end - 1);
    if (v && (v->flags & VMA_HUGE))
        end = (end + VM_HUGE_PAGE_SIZE - 1) & ~(VM_HUGE_PAGE_SIZE - 1);
    return end;
}

int vm_unmap(struct vm_space *vm, uint64_t start, uint64_t len)
{
    if (start % PAGE_SIZE || len == 0 || start >= USER_TOP || len > USER_TOP - start)
        return -EINVAL;
    uint64_t end = huge_round_end(vm, page_up(start + len));
    if (!vm_huge_boundary_ok(vm, start) || !vm_huge_boundary_ok(vm, end))
        return -EINVAL;
    /* A split in the middle of one region needs a slot. */
    if (reserve(vm, 1))
        return -ENOMEM;
    int i = vm_index_above(vm, start);
    while (i < vm->count && vm->vmas[i].start < end) {
        struct vma *v = &vm->vmas[i];
        uint64_t cut_start = v->start > start ? v->start : start;
        uint64_t cut_end = v->end < end ? v->end : end;
        vm_release_range(vm, v, cut_start, cut_end);
        if (cut_start > v->start && cut_end < v->end) {
            struct vma tail = *v;
            tail.pgoff += (cut_end - v->start) / PAGE_SIZE;
            tail.start = cut_end;
            v->end = cut_start;
            if (tail.ops)
                tail.ops->hold(tail.obj);
            insert_at(vm, i + 1, &tail);
            break;
        } else if (cut_start > v->start) {
            v->end = cut_start;
            i++;
        } else if (cut_end < v->end) {
            v->pgoff += (cut_end - v->start) / PAGE_SIZE;
            v->start = cut_end;
            break;
        } else {
            if (v->ops)
                v->ops->release(v->obj);
            remove_at(vm, i);
        }
    }
    return 0;
}

/* Can b continue a without a seam (same object at the next offset, same
   rights)?  Linux merges such neighbours too, so /proc/PID/maps shows one
   line for two adjacent anonymous mmaps. */
static bool mergeable(const struct vma *a, const struct vma *b)
{
    if (a->end != b->start || a->prot != b->prot || a->flags != b->flags || a->ops != b->ops ||
        a->obj != b->obj || (a->flags & (VMA_HUGE | VMA_STACK)))
        return false;
    return !a->ops || a->pgoff + (a->end - a->start) / PAGE_SIZE == b->pgoff;
}

/* Merges region i + 1 into region i if they continue each other. */
bool vm_merge_pair(struct vm_space *vm, int i)
{
    if (i < 0 || i + 1 >= vm->count || !mergeable(&vm->vmas[i], &vm->vmas[i + 1]))
        return false;
    vm->vmas[i].end = vm->vmas[i + 1].end;
    if (vm->vmas[i + 1].ops)
        vm->vmas[i + 1].ops->release(vm->vmas[i + 1].obj);
    remove_at(vm, i + 1);
    return true;
}

/* Merges region i with its neighbours where possible. */
static void merge_neighbours(struct vm_space *vm, int i)
{
    vm_merge_pair(vm, i);
    vm_merge_pair(vm, i - 1);
}

/* Makes addr a region boundary: a region that straddles it becomes two.
   0 or -ENOMEM. */
int vm_split_at(struct vm_space *vm, uint64_t addr)
{
    int i = vm_index_above(vm, addr);
    if (i >= vm->count || vm->vmas[i].start >= addr)
        return 0;
    if (reserve(vm, 1))
        return -ENOMEM;
    struct vma *v = &vm->vmas[i];
    struct vma tail = *v;
    tail.start = addr;
    if (tail.ops) {
        tail.pgoff += (addr - v->start) / PAGE_SIZE;
        tail.ops->hold(tail.obj);
    }
    v->end = addr;
    insert_at(vm, i + 1, &tail);
    return 0;
}

int vm_map(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
           const struct vm_backing_ops *ops, void *obj, uint64_t pgoff)
{
    if (start % PAGE_SIZE || len == 0 || start >= USER_TOP || len > USER_TOP - start)
        return -EINVAL;
    if (ops && ops->attach) {
        int refused = ops->attach(obj, vm, start, len, pgoff, prot, &flags);
        if (refused)
            return refused;
    }
    int r = vm_unmap(vm, start, len);
    if (r == 0)
        r = reserve(vm, 1);
    if (r)
        return r;
    struct vma v = {
        start, page_up(start + len), prot, flags | vm->def_flags, ops, obj, pgoff, NULL
    };
    if (ops) {
        ops->hold(obj);
        if (ops->page_cache)
            v.cache = ops->page_cache(obj);
    }
    int i = vm_index_above(vm, start);
    insert_at(vm, i, &v);
    merge_neighbours(vm, i);
    return 0;
}

int vm_drop_pages(struct vm_space *vm, uint64_t start, uint64_t len)
{
    if (start % PAGE_SIZE || start >= USER_TOP || len > USER_TOP - start)
        return -EINVAL;
    uint64_t end = huge_round_end(vm, page_up(start + len));
    if (!vm_huge_boundary_ok(vm, start))
        return -EINVAL; /* only whole huge pages can be dropped */
    for (int i = vm_index_above(vm, start); i < vm->count && vm->vmas[i].start < end; i++) {
        struct vma *v = &vm->vmas[i];
        vm_release_range(vm, v, v->start > start ? v->start : start, v->end < end ? v->end : end);
    }
    return 0;
}

uint64_t vm_find_free_aligned(struct vm_space *vm, uint64_t len, uint64_t align)
{
    const uint64_t lowest = 16 * PAGE_SIZE; /* keep the null-pointer pages free */
    len = page_up(len);
    uint64_t top = vm->mmap_base;
    for (int i = vm->count - 1; i >= -1; i--) {
        if (i >= 0 && vm->vmas[i].start >= top)
            continue;
        uint64_t floor = i >= 0 ? vm->vmas[i].end : lowest;
        if (floor < top && top - floor >= len) {
            uint64_t at = (top - len) & ~(align - 1);
            if (at >= floor)
                return at;
        }
        if (i >= 0)
            top = vm->vmas[i].start;
    }
    return 0;
}

uint64_t vm_find_free(struct vm_space *vm, uint64_t len)
{
    return vm_find_free_aligned(vm, len, PAGE_SIZE);
}

uint64_t vm_set_brk(struct vm_space *vm, uint64_t new_brk)
{
    if (new_brk < vm->brk_start || new_brk >= VM_MMAP_TOP)
        return vm->brk;
    uint64_t old_end = page_up(vm->brk), new_end = page_up(new_brk);
    if (new_end > old_end) {
        /* Growing must not run into another region. */
        int i = vm_index_above(vm, old_end);
        if (i < vm->count && vm->vmas[i].start < new_end)
            return vm->brk;
        if (vm_map(vm, old_end, new_end - old_end, VM_PROT_READ | VM_PROT_WRITE, VMA_HEAP, NULL,
                   NULL, 0))
            return vm->brk;
        vm_merge_heap(vm);
        if (vm->def_flags & VMA_LOCKED) /* mlockall(MCL_FUTURE): in memory now */
            vm_populate(vm, old_end, new_end - old_end);
    } else if (new_end < old_end) {
        vm_unmap(vm, new_end, old_end - new_end);
    }
    vm->brk = new_brk;
    return new_brk;
}

/* Adjacent heap regions (brk grown in steps) become one region. */
void vm_merge_heap(struct vm_space *vm)
{
    for (int i = 1; i < vm->count; i++) {
        struct vma *a = &vm->vmas[i - 1], *b = &vm->vmas[i];
        if ((a->flags & VMA_HEAP) && (b->flags & VMA_HEAP) && a->end == b->start &&
            a->prot == b->prot && a->flags == b->flags) {
            a->end = b->end;
            remove_at(vm, i);
            i--;
        }
    }
}

void vm_destroy(struct vm_space *vm)
{
    if (pt_active() == vm->pml4)
        panic("vm_destroy: address space %p is still active", (void *)vm);
    for (int i = 0; i < vm->count; i++) {
        struct vma *v = &vm->vmas[i];
        vm_release_range(vm, v, v->start, v->end);
        if (v->ops)
            v->ops->release(v->obj);
    }
    vm_set_exe(vm, NULL, NULL);
    kfree(vm->vmas);
    pt_destroy(vm->pml4);
    vm_scan_forget(vm);
    list_del(&vm->all_link);
    kfree(vm);
}

struct vm_space *vm_fork(struct vm_space *parent)
{
    struct vm_space *child = vm_create();
    if (!child)
        return NULL;
    if (reserve(child, parent->count)) {
        vm_destroy(child);
        return NULL;
    }
    child->brk_start = parent->brk_start;
    child->brk = parent->brk;
    child->mmap_base = parent->mmap_base;
    strlcpy(child->exe_path, parent->exe_path, sizeof child->exe_path);
    vm_set_exe(child, parent->exe_ops, parent->exe_obj);
    for (int i = 0; i < parent->count; i++) {
        struct vma *v = &parent->vmas[i];
        if (v->flags & (VMA_DONTCOPY | VMA_DONTFORK))
            continue;
        child->vmas[child->count++] = *v;
        /* Memory locks are not inherited (mlock(2)). */
        child->vmas[child->count - 1].flags &= ~VMA_LOCKED;
        if (v->ops)
            v->ops->hold(v->obj);
        /* MADV_WIPEONFORK (private anonymous only): the child starts it
           empty, zeros at its first touch. */
        if (!(v->flags & VMA_WIPEONFORK) && vm_share_range(parent, child, v)) {
            vm_destroy(child);
            return NULL;
        }
    }
    /* The parent's writable PTEs just became read-only. */
    if (pt_active() == parent->pml4)
        tlb_flush_all();
    return child;
}

/* Moves the page-table entries of [from, from+len) to [to, to+len): the
   same frames, mapped at the new place (no copy, counts unchanged). */
static int move_ptes(struct vm_space *vm, uint64_t from, uint64_t to, uint64_t len)
{
    for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
        pte_t *src = pt_walk(vm->pml4, from + off, false);
        if (!src || !*src)
            continue;
        pte_t *dst = pt_walk(vm->pml4, to + off, true);
        if (!dst)
            return -ENOMEM;
        *dst = *src;
        *src = 0;
        tlb_flush_page(from + off);
    }
    return 0;
}

long vm_remap(struct vm_space *vm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move,
              uint64_t fixed)
{
    struct vma *v = vm_find(vm, old);
    if (!v || (old_len && old + old_len > v->end))
        return -EFAULT; /* the old range is not one mapping */
    if (v->flags & VMA_HUGE)
        return -EINVAL; /* 2 MiB pages are not moved or resized here */
    if (old_len == 0) {
        /* A second mapping of the same shared pages (Linux allows it for
           shared mappings only). */
        if (!(v->flags & VMA_SHARED))
            return -EINVAL;
        if (!may_move)
            return -ENOMEM;
        uint64_t at = fixed ? fixed : vm_find_free(vm, new_len);
        if (!at)
            return -ENOMEM;
        int r = vm_map(vm, at, new_len, v->prot, v->flags, v->ops, v->obj,
                       v->pgoff + (old - v->start) / PAGE_SIZE);
        return r ? r : (long)at;
    }
    if (!fixed && new_len <= old_len) {
        if (new_len < old_len) {
            int r = vm_unmap(vm, old + new_len, old_len - new_len);
            if (r)
                return r;
        }
        return (long)old;
    }
    /* Grow in place when the old range ends its region and the space after
       it is free. */
    uint64_t grow_end = old + new_len;
    if (!fixed && old + old_len == v->end && grow_end <= USER_TOP && grow_end > old &&
        !vm_range_used(vm, v->end, grow_end - v->end)) {
        v->end = grow_end;
        return (long)old;
    }
    if (!may_move)
        return -ENOMEM;
    if (v->ops && v->ops->attach)
        return -EINVAL; /* objects that track where they are mapped (System V shm) stay */
    uint64_t to = fixed;
    if (fixed) {
        int r = vm_unmap(vm, fixed, new_len);
        if (r)
            return r;
    } else if (!(to = vm_find_free(vm, new_len))) {
        return -ENOMEM;
    }
    /* The old range becomes a region of its own, then moves. */
    if (vm_split_at(vm, old) || vm_split_at(vm, old + old_len) || reserve(vm, 1))
        return -ENOMEM;
    int i = vm_index_above(vm, old);
    struct vma moved = vm->vmas[i];
    uint64_t keep = old_len < new_len ? old_len : new_len;
    if (keep < old_len) /* a move that also shrinks: the tail goes first */
        vm_release_range(vm, &vm->vmas[i], old + keep, old + old_len);
    int r = move_ptes(vm, old, to, keep);
    if (r)
        return r;
    remove_at(vm, i);
    moved.start = to;
    moved.end = to + new_len;
    int j = vm_index_above(vm, to);
    insert_at(vm, j, &moved);
    merge_neighbours(vm, j);
    return (long)to;
}
