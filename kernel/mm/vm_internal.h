/* kernel/mm/vm_internal.h: page-level helpers shared by vm.c, vm_fault.c and vm_huge.c. */
#ifndef PAGELAB_MM_VM_INTERNAL_H
#define PAGELAB_MM_VM_INTERNAL_H

#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"

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
