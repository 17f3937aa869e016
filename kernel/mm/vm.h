/*
 * kernel/mm/vm.h: address spaces and their regions (VMAs).
 *
 * A struct vm_space is one process's user half: its own PML4 (the kernel
 * half shared, see paging.h) and an ordered array of non-overlapping
 * regions, found by binary search.  A region is anonymous (zero-filled on
 * first touch) or backed by an object that hands out pages at an offset
 * (a file's page cache; a boot module), mapped shared or private.
 *
 * Nothing is mapped up front: vm_fault() resolves each first touch.
 * Private pages are copy-on-write: a file page is mapped read-only until the
 * first write copies it; fork() shares every private frame read-only with
 * PTE_COW set, and the first write copies it (copy_cow_page, counted in the
 * ledger) or takes it over when no one else holds it any more.
 *
 * Locking: one CPU; an address space is changed only by its own process
 * (faults, syscalls) or by fork/exit with interrupts on but no other user of
 * it, so no lock is needed yet.
 */
#ifndef PAGELAB_MM_VM_H
#define PAGELAB_MM_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/mm/fault.h"

struct page;

/* Region protection and flags; PROT_* and MAP_* values are Linux's
   (include/uapi/asm-generic/mman-common.h), so syscalls pass them through. */
#define VM_PROT_READ   0x1
#define VM_PROT_WRITE  0x2
#define VM_PROT_EXEC   0x4

#define VMA_SHARED     (1u << 0)   /* writes are seen by every mapper (and the file) */
#define VMA_STACK      (1u << 1)   /* the initial stack: named [stack] */
#define VMA_HEAP       (1u << 2)   /* the brk area: named [heap] */
#define VMA_EXEC_IMAGE (1u << 3)   /* the program's own segments: the ledger files
                                      their faults under MECH_EXEC */

/* What a backed region asks its object for. */
struct vm_backing_ops {
    /* Returns the page holding bytes [pgoff * 4096, +4096) of the object with
       a reference the caller owns, or NULL (past the end: SIGBUS). */
    struct page *(*get_page)(void *obj, uint64_t pgoff);
    void (*hold)(void *obj);      /* a new region refers to obj */
    void (*release)(void *obj);   /* a region that referred to obj is gone */
};

struct vma {
    uint64_t start, end;          /* page aligned, [start, end) */
    uint32_t prot;                /* VM_PROT_* */
    uint32_t flags;               /* VMA_* */
    const struct vm_backing_ops *ops;   /* NULL: anonymous */
    void *obj;
    uint64_t pgoff;               /* object page mapped at start */
};

struct vm_space {
    uint64_t *pml4;
    struct vma *vmas;             /* sorted by start, non-overlapping */
    int count, capacity;
    uint64_t brk_start, brk;      /* the heap is [brk_start, page_up(brk)) */
    uint64_t resident_pages;      /* user pages currently mapped */
    /* Resolved faults (getrusage): major ones had to read the backing store. */
    uint64_t minor_faults, major_faults;
};

#define VM_MMAP_TOP      0x00007f0000000000ull   /* mmap without a hint searches down from here */
#define VM_STACK_TOP     0x00007ffffffff000ull
#define VM_STACK_SIZE    (8ull << 20)

struct vm_space *vm_create(void);
/* Unmaps everything, drops every frame reference, frees the page tables.
   The space must not be active (switch to kernel_pml4 first). */
void vm_destroy(struct vm_space *vm);
/* A copy-on-write copy for fork.  NULL when out of memory. */
struct vm_space *vm_fork(struct vm_space *parent);

/* Adds a region [start, start+len) replacing whatever was mapped there.
   ops/obj NULL for anonymous memory.  Returns 0 or -ENOMEM / -EINVAL. */
int vm_map(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
           const struct vm_backing_ops *ops, void *obj, uint64_t pgoff);
/* Removes [start, start+len) (splitting regions), dropping its pages. */
int vm_unmap(struct vm_space *vm, uint64_t start, uint64_t len);
/* Drops the pages of [start, start+len) but keeps the regions (MADV_DONTNEED):
   anonymous memory reads as zeros again, private file pages are re-read. */
int vm_drop_pages(struct vm_space *vm, uint64_t start, uint64_t len);
/* A free gap of len bytes, searching down from VM_MMAP_TOP; 0 if none. */
uint64_t vm_find_free(struct vm_space *vm, uint64_t len);
/* The region containing addr, or NULL.  O(log n). */
struct vma *vm_find(struct vm_space *vm, uint64_t addr);
/* Moves the program break (brk(2) semantics): returns the new break, or the
   old one if the request cannot be met. */
uint64_t vm_set_brk(struct vm_space *vm, uint64_t new_brk);

/* Resolves a fault at addr (error code bits from fault.h) in vm. */
enum fault_result vm_fault(struct vm_space *vm, uint64_t addr, unsigned error_code);

/* The space of the running process (set by the scheduler); used by the
   fault resolver hook. */
extern struct vm_space *vm_current;
void vm_init(void);

#endif
