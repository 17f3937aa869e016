/* kernel/mm/vm_internal.h: page-level helpers shared by vm.c and vm_fault.c. */
#ifndef PAGELAB_MM_VM_INTERNAL_H
#define PAGELAB_MM_VM_INTERNAL_H

#include "kernel/mm/vm.h"

/* Unmaps the pages of [start, end) inside region v and drops their frames. */
void vm_release_range(struct vm_space *vm, struct vma *v, uint64_t start, uint64_t end);
/* Maps region v's present pages into child as fork does (private ones
   copy-on-write in both).  0 or -ENOMEM. */
int vm_share_range(struct vm_space *parent, struct vm_space *child, struct vma *v);
void vm_merge_heap(struct vm_space *vm);

#endif
