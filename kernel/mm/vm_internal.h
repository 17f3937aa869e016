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

/* PTE-level helpers (vm_fault.c). */
/* The first PTE at or after *va, below end, that holds a frame (present,
   or kept under PROT_NONE), or with swap_too any non-empty PTE (a swap
   entry too); *va moved to it.  NULL when none is left. */
pte_t *vm_next_pte(uint64_t *pml4, uint64_t *va, uint64_t end, bool swap_too);
/* PTE flags for a page of region v (present, user, NX unless executable). */
uint64_t vm_pte_flags(const struct vma *v, bool writable);
/* Does a write to region v's pages need copy-on-write? */
bool vm_is_private_writable(const struct vma *v);
/* Maps frame p at va (slot: va's PTE if already walked to, holding no
   frame) with flags, taking a reference for the PTE.  0 or -ENOMEM. */
int vm_map_frame_at(struct vm_space *vm, uint64_t va, pte_t *slot, struct page *p, uint64_t flags);
/* Clears va's PTE (a frame: its dirty bit goes to the page cache, the
   reference is dropped; a swap entry: freed). */
void vm_unmap_pte(struct vm_space *vm, uint64_t va);
/* A write to a present, read-only private page (copy-on-write). */
enum fault_result vm_break_cow(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *pte);

/* Swap (vm_swap.c). */
/* A fault on a swap PTE: the page is read back (or found in the swap
   cache) and mapped; may sleep.  *major when it was read. */
enum fault_result vm_swap_fault(struct vm_space *vm, uint64_t va, pte_t orig, bool write,
                                bool *major);
/* Fork: the child's PTE at va gets the parent's swap entry too. */
int vm_swap_copy_pte(struct vm_space *child, uint64_t va, pte_t swp);
/* May a write take over this page in place (nobody else can see it)?  A
   page in the swap cache that only this PTE uses leaves the cache. */
bool vm_swap_reuse(struct page *p);
/* vm is going away: the reclaim clock must not stay on it. */
void vm_scan_forget(struct vm_space *vm);

/* 2 MiB pages (vm_huge.c). */
enum fault_result vm_huge_fault(struct vm_space *vm, struct vma *v, uint64_t addr);
void vm_huge_release(struct vm_space *vm, uint64_t start, uint64_t end);
int vm_huge_share(struct vm_space *parent, struct vm_space *child, struct vma *v);
void vm_huge_reprotect(struct vm_space *vm, struct vma *v);

#endif
