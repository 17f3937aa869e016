/* kernel/mm/vm_internal.h: page-level helpers shared by vm.c, vm_fault.c, vm_huge.c and vm_anon.c. */
#ifndef PAGELAB_MM_VM_INTERNAL_H
#define PAGELAB_MM_VM_INTERNAL_H

#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"

/* Clears bytes (a multiple of 8) eight at a time: `rep stosq` is 512
   iterations for a page, where a byte-wise clear would be 4096 (each one
   costly under QEMU/TCG). */
static inline void vm_clear(void *dst, uint64_t bytes)
{
    uint64_t n = bytes / 8;
    __asm__ volatile("rep stosq" : "+D"(dst), "+c"(n) : "a"(0ull) : "memory");
}

/* A fresh zero-filled anonymous frame, counted as a zero-fill of mech (not
   a copy); NULL when out of memory (vm_fault.c). */
struct page *vm_zero_page(enum copy_mech mech);

/* Every address space (vm_create adds, vm_destroy removes). */
extern struct list_head vm_all_spaces;

/* The region array (vm.c). */
/* Index of the first region whose end is above addr (count if none). */
int vm_index_above(const struct vm_space *vm, uint64_t addr);
/* Makes addr a region boundary (a region straddling it becomes two): 0 or -ENOMEM. */
int vm_split_at(struct vm_space *vm, uint64_t addr);
/* Merges region i + 1 into region i if it continues it; true if merged. */
bool vm_merge_pair(struct vm_space *vm, int i);
/* May a range start or end at addr (not inside a huge page)? */
bool vm_huge_boundary_ok(struct vm_space *vm, uint64_t addr);

/* Unmaps the pages of [start, end) inside region v and drops their frames
   (a dirty bit of a page-cache page is moved to the cache first). */
void vm_release_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end);
/* Maps region v's present pages into child as fork does (private ones
   copy-on-write in both).  0 or -ENOMEM. */
int vm_share_range(struct vm_space *parent, struct vm_space *child, struct vma *v);
void vm_merge_heap(struct vm_space *vm);
/* Rewrites the present PTEs of region v after its prot changed. */
void vm_reprotect_pages(struct vm_space *vm, struct vma *v);
/* Moves dirty bits of v's PTEs in [start, end) to the page cache. */
void vm_harvest_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end);

/* 2 MiB pages (vm_huge.c). */
enum fault_result vm_huge_fault(struct vm_space *vm, struct vma *v, uint64_t addr);
void vm_huge_release(struct vm_space *vm, uint64_t start, uint64_t end);
int vm_huge_share(struct vm_space *parent, struct vm_space *child, struct vma *v);
void vm_huge_reprotect(struct vm_space *vm, struct vma *v);

#endif
