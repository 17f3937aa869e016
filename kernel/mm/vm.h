/*
 * kernel/mm/vm.h: address spaces and their regions (VMAs).
 *
 * A struct vm_space is one process's user half: its own PML4 (the kernel
 * half shared, see paging.h) and an ordered array of non-overlapping
 * regions, found by binary search.  A region is anonymous (zero-filled on
 * first touch) or backed by an object that hands out pages at an offset:
 * an open file (its page cache), a shared anonymous object (vm_anon.c), a
 * boot module.  The region holds a reference on its object (ops->hold), so
 * a file mapping outlives close() of its descriptor and unlink() of its name.
 *
 * Nothing is mapped up front: vm_fault() resolves each first touch (only
 * MAP_POPULATE, vm_populate(), faults a range in at once).
 *   - shared region: the object's very frame is mapped (a file page is the
 *     page-cache frame: no copy); writes set the PTE's dirty bit, which is
 *     moved to the page cache (PG_DIRTY) before any write-back looks at it
 *     (vm_harvest_dirty), and when the PTE goes away;
 *   - private region: copy-on-write.  A file page is mapped read-only until
 *     the first write copies it; fork() shares every private frame read-only
 *     with PTE_COW set, and the first write copies it (copy_cow_page, counted
 *     in the ledger) or takes it over when no one else holds it any more.
 * Faults are counted per address space: major when the page had to be read
 * from the disk, minor otherwise (getrusage, /proc/PID/stat).
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
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/fault.h"

struct page;
struct vm_space;

/* Region protection and flags; PROT_* and MAP_* values are Linux's
   (include/uapi/asm-generic/mman-common.h), so syscalls pass them through. */
#define VM_PROT_READ  0x1
#define VM_PROT_WRITE 0x2
#define VM_PROT_EXEC  0x4

#define VMA_SHARED (1u << 0) /* writes are seen by every mapper (and the file) */
#define VMA_STACK  (1u << 1) /* the initial stack: named [stack] */
#define VMA_HEAP   (1u << 2) /* the brk area: named [heap] */
#define VMA_EXEC_IMAGE \
    (1u << 3) /* the program's own segments: the ledger files
                                      their faults under MECH_EXEC */
#define VMA_DENYWRITE \
    (1u << 4)              /* mprotect may not add PROT_WRITE: a shared map
                                      of a file opened read-only */
#define VMA_HUGE (1u << 5) /* 2 MiB pages (MAP_HUGETLB, anonymous) */
#define VMA_DONTCOPY \
    (1u << 6) /* fork leaves the region out of the child (Linux's
                 VM_DONTCOPY: a binder receive area belongs to one
                 process) */

#define VMA_LOCKED \
    (1u << 7) /* mlock: its pages stay in memory (Linux's VM_LOCKED);
                 not inherited by fork */
#define VMA_WRITTEN \
    (1u << 8)                     /* a shared page of it was written since the last msync:
                 the file's st_mtime and st_ctime are due (POSIX msync) */
#define VMA_DONTFORK   (1u << 9)  /* madvise(MADV_DONTFORK): left out of a fork's child */
#define VMA_WIPEONFORK (1u << 10) /* madvise(MADV_WIPEONFORK): the child's copy is empty */

#define VM_HUGE_PAGE_SIZE (2ull << 20) /* a PD-level page (SDM vol. 3A, 4.5, table 4-18) */

/* How /proc/PID/maps names a backed region (device, inode, path). */
struct vm_object_info {
    uint32_t dev_major, dev_minor;
    uint64_t ino;
    char name[128];
};

struct pcache_mapping;

/* What a backed region asks its object for. */
struct vm_backing_ops {
    /* Returns the page holding bytes [pgoff * 4096, +4096) of the object with
       a reference the caller owns, or NULL (past the end: SIGBUS), or
       ERR_PTR(-ENOMEM) when no frame could be had now (the fault reclaims
       memory and asks again).  Sets
       *waited_for_io (when not NULL) if the page had to be read from a
       device: the fault is then a major one. */
    struct page *(*get_page)(void *obj, uint64_t pgoff, bool *waited_for_io);
    void (*hold)(void *obj);    /* a new region refers to obj */
    void (*release)(void *obj); /* a region that referred to obj is gone */
    /* Optional: the page cache the pages come from (files), so that dirty
       bits, write-back and truncation can find the regions mapping it. */
    struct pcache_mapping *(*page_cache)(void *obj);
    /* Optional: fills what /proc/PID/maps shows for the region. */
    void (*describe)(void *obj, struct vm_object_info *out);
    /* The mechanism the ledger files this object's faults under (mapped
       pages, copy-on-write copies); MECH_OTHER (unset): MECH_MMAP_FAULT. */
    enum copy_mech mech;
    /* Optional: mmap(2) is about to map obj from page pgoff at
       [start, start+len) of vm with prot (VM_PROT_*), as Linux's f_op->mmap
       sees the new vma.  It may refuse (-errno: mmap fails with it, nothing
       changed), or add VMA_* bits to *flags.  Not called when a region is
       split, merged or copied by fork: those call hold. */
    int (*attach)(void *obj, struct vm_space *vm, uint64_t start, uint64_t len, uint64_t pgoff,
                  uint32_t prot, uint32_t *flags);
    /* Optional: msync found that a shared region of obj was written
       through since the last msync (the file's times are marked then). */
    void (*written)(void *obj);
};

struct vma {
    uint64_t start, end;              /* page aligned, [start, end) */
    uint32_t prot;                    /* VM_PROT_* */
    uint32_t flags;                   /* VMA_* */
    const struct vm_backing_ops *ops; /* NULL: anonymous */
    void *obj;
    uint64_t pgoff;               /* object page mapped at start */
    struct pcache_mapping *cache; /* ops->page_cache(obj), or NULL */
};

struct vm_space {
    int users; /* tasks running in it (CLONE_VM); the process layer counts */
    /* The threads of a process fault and map concurrently, and a fault may
       sleep (the disk): vm_lock keeps the regions still meanwhile (Linux's
       mmap_lock, one writer).  The owner may take it again. */
    void *lock_owner; /* the task holding it, or NULL */
    int lock_depth;
    struct waitqueue lock_waiters;
    uint64_t *pml4;
    struct vma *vmas; /* sorted by start, non-overlapping */
    int count, capacity;
    uint64_t brk_start, brk; /* the heap is [brk_start, page_up(brk)) */
    uint64_t resident_pages; /* user pages currently mapped (4 KiB units) */
    uint64_t peak_resident;  /* the most resident_pages has been (VmHWM, ru_maxrss) */
    uint32_t membarrier;     /* membarrier(2) registrations of this address space */
    uint64_t swap_pages;     /* PTEs holding a swap entry (VmSwap) */
    uint32_t def_flags;      /* VMA_* every new region gets (mlockall MCL_FUTURE) */
    /* Resolved faults (getrusage): major ones had to read the backing store. */
    uint64_t minor_faults, major_faults;
    char exe_path[128]; /* the program's path: names VMA_EXEC_IMAGE file
                                     regions in /proc/PID/maps */
    /* The program file (Linux's mm->exe_file: /proc/PID/exe), held through
       its ops; NULL for none. */
    const struct vm_backing_ops *exe_ops;
    void *exe_obj;
    /* mmap without a hint searches down from here: VM_MMAP_TOP, less a
       random offset chosen by execve (address-space layout randomization). */
    uint64_t mmap_base;
    struct list_head all_link; /* on the list of every address space */
};

/* n more pages mapped in vm: counted, and the high-water mark kept. */
static inline void vm_resident_add(struct vm_space *vm, uint64_t n)
{
    vm->resident_pages += n;
    if (vm->resident_pages > vm->peak_resident)
        vm->peak_resident = vm->resident_pages;
}

#define VM_MMAP_TOP   0x00007f0000000000ull /* mmap without a hint searches down from here */
#define VM_STACK_TOP  0x00007ffffffff000ull
#define VM_STACK_SIZE (8ull << 20)

struct vm_space *vm_create(void);
/* Makes (ops, obj) the program file of vm (holding it; the old one is
   released); NULL ops: none. */
void vm_set_exe(struct vm_space *vm, const struct vm_backing_ops *ops, void *obj);
/* Takes / releases vm's lock (sleeping while another task holds it). */
void vm_lock(struct vm_space *vm);
void vm_unlock(struct vm_space *vm);
/* Unmaps everything, drops every frame reference, frees the page tables.
   The space must not be active (switch to kernel_pml4 first). */
void vm_destroy(struct vm_space *vm);
/* A copy-on-write copy for fork (VMA_DONTCOPY regions left out).  NULL
   when out of memory. */
struct vm_space *vm_fork(struct vm_space *parent);

/* Adds a region [start, start+len) replacing whatever was mapped there.
   ops/obj NULL for anonymous memory.  Returns 0 or -ENOMEM / -EINVAL, or
   the error of ops->attach (which is asked first). */
int vm_map(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot, uint32_t flags,
           const struct vm_backing_ops *ops, void *obj, uint64_t pgoff);
/* Removes [start, start+len) (splitting regions), dropping its pages. */
int vm_unmap(struct vm_space *vm, uint64_t start, uint64_t len);
/* Drops the pages of [start, start+len) but keeps the regions (MADV_DONTNEED):
   anonymous memory reads as zeros again, private file pages are re-read. */
int vm_drop_pages(struct vm_space *vm, uint64_t start, uint64_t len);
/* A free gap of len bytes, searching down from vm->mmap_base; 0 if none. */
uint64_t vm_find_free(struct vm_space *vm, uint64_t len);
/* The region containing addr, or NULL.  O(log n). */
struct vma *vm_find(struct vm_space *vm, uint64_t addr);
/* Changes the protection of [start, start+len) (mprotect(2)), splitting
   regions and updating present PTEs (copy-on-write pages stay read-only).
   0, -ENOMEM (a hole in the range), -EACCES (write on a shared map of a
   read-only file), -EINVAL (part of a huge page).  As on Linux, the part
   before a hole or a refusing region is changed even when an error is
   returned. */
int vm_protect(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t prot);
/* msync(2) of [start, start+len): dirty bits of shared file pages go to the
   page cache; with sync set, those pages are written back now.  0, -ENOMEM
   (part of the range unmapped: the rest is still synced) or -EIO. */
int vm_msync(struct vm_space *vm, uint64_t start, uint64_t len, bool sync);
/* Faults every page of [start, start+len) in now (MAP_POPULATE). */
void vm_populate(struct vm_space *vm, uint64_t start, uint64_t len);
/* What region v's mapped pages cost (vm_usage.c), in bytes, as Linux's
   /proc/PID/smaps counts them: a page mapped in N page tables is shared
   and adds PAGE_SIZE/N to Pss (kept << VM_PSS_SHIFT for precision). */
#define VM_PSS_SHIFT 12
struct vm_usage {
    uint64_t rss, pss_scaled, shared_clean, shared_dirty, private_clean, private_dirty, anonymous;
};
void vm_usage_of(struct vm_space *vm, const struct vma *v, struct vm_usage *u);
/* mincore(2): vec[i] = 1 if page i from start (page aligned) is resident
   (mapped here, or in the page cache for a file region), else 0; -ENOMEM
   if a page is in no region. */
int vm_resident(struct vm_space *vm, uint64_t start, uint64_t npages, uint8_t *vec);
/* mremap(2) of [old, old+old_len) (page aligned, lengths rounded up) to
   new_len bytes: shrinks in place, grows in place when the space after is
   free, else (may_move) moves the region's page-table entries, frames
   untouched, to a free range or to fixed (nonzero: replacing what is
   there).  old_len 0 maps a shared region a second time.  The new start,
   or -EFAULT (the old range is not inside one region), -ENOMEM (no room;
   cannot grow in place without may_move), -EINVAL (huge pages; a private
   region with old_len 0; System V segments cannot move). */
long vm_remap(struct vm_space *vm, uint64_t old, uint64_t old_len, uint64_t new_len, bool may_move,
              uint64_t fixed);
/* The same, saying whether every accessible page could be faulted in: 0,
   or -ENOMEM (no memory even after reclaim), -EFAULT (a hole, or past
   the end of a file).  PROT_NONE regions are passed over. */
int vm_populate_range(struct vm_space *vm, uint64_t start, uint64_t len);
/* mlock/munlock of [start, start+len) (page aligned): the regions get or
   lose VMA_LOCKED (split as needed).  0, -ENOMEM (part of the range is
   not mapped), -EINVAL (overflow).  The caller populates. */
int vm_set_locked(struct vm_space *vm, uint64_t start, uint64_t len, bool lock);
/* Sets, then clears, region flags over [start, start+len) (page aligned),
   splitting regions at its ends and merging what becomes alike.  0, or
   -ENOMEM if part of it is not mapped (the mapped parts change anyway, as
   on Linux) or a split found no memory. */
int vm_set_flags(struct vm_space *vm, uint64_t start, uint64_t len, uint32_t set, uint32_t clear);
/* mlockall(MCL_CURRENT) / munlockall: every region. */
void vm_set_locked_all(struct vm_space *vm, bool lock);
/* Pages of locked regions (VmLck). */
uint64_t vm_locked_pages(const struct vm_space *vm);
/* Is every page of [start, start+len) inside some region? */
bool vm_range_mapped(struct vm_space *vm, uint64_t start, uint64_t len);
/* Does any region overlap [start, start+len)? */
bool vm_range_used(struct vm_space *vm, uint64_t start, uint64_t len);
/* A free gap of len bytes aligned to align, searching down from vm->mmap_base; 0 if none. */
uint64_t vm_find_free_aligned(struct vm_space *vm, uint64_t len, uint64_t align);

/* Page-cache side (called by mm/pagecache.c): moves the dirty bits of every
   shared PTE mapping m's pages (m NULL: every file) to PG_DIRTY. */
void vm_harvest_dirty(struct pcache_mapping *m);
/* Unmaps, in every address space, the pages of m with index in [first, end)
   (the file shrank: a later touch there is SIGBUS; or a hole was punched:
   a later touch maps the hole's new page).  Private copies go too. */
void vm_unmap_cache_pages(struct pcache_mapping *m, uint64_t first, uint64_t end);
/* Does some shared region map m's pages with write access, or could it get
   write access back with mprotect (not VMA_DENYWRITE)?  Linux's
   mapping_writably_mapped: F_SEAL_WRITE is refused (EBUSY) while one does. */
bool vm_cache_shared_maywrite(struct pcache_mapping *m);

/* A shared anonymous object of npages zero pages (MAP_SHARED|MAP_ANONYMOUS):
   its ops and a new object with one reference for the caller to hand to
   vm_map (which takes its own) and then drop with ops->release. */
extern const struct vm_backing_ops vm_anon_shared_ops;
void *vm_anon_shared_create(uint64_t npages);
/* The same, its first touches zero-filling pages under mech (System V shm:
   MECH_SHM) instead of MECH_MMAP_FAULT. */
void *vm_anon_shared_create_as(uint64_t npages, enum copy_mech mech);
/* Pages of a shared anonymous object that have been touched (hold a frame). */
uint64_t vm_anon_shared_resident(void *obj);
/* Its pages out on swap now. */
uint64_t vm_anon_shared_swapped(void *obj);
/* SHM_LOCK / SHM_UNLOCK: a locked object's pages are never swapped. */
void vm_anon_shared_set_locked(void *obj, bool locked);

/* The frame behind user address addr of vm (vm_user_page.c), faulted in
   for reading when not present yet: 0, or -EFAULT when addr is not mapped
   readable.  page is referenced for the caller (page_put when done); shared
   says whether other address spaces can map the frame (a shared region, or
   a page-cache page), so that it, not (vm, addr), names the memory. */
struct vm_user_page {
    struct page *page;
    uint64_t phys; /* addr's physical address */
    bool shared;
};
int vm_user_page(struct vm_space *vm, uint64_t addr, struct vm_user_page *out);
/* The same for writing into it (process_vm_writev): the region must be
   writable, and a page still shared copy-on-write is copied first. */
int vm_user_page_to_write(struct vm_space *vm, uint64_t addr, struct vm_user_page *out);

/* Moves the program break (brk(2) semantics): returns the new break, or the
   old one if the request cannot be met. */
uint64_t vm_set_brk(struct vm_space *vm, uint64_t new_brk);

/* Resolves a fault at addr (error code bits from fault.h) in vm. */
enum fault_result vm_fault(struct vm_space *vm, uint64_t addr, unsigned error_code);

/* The space of the running process (set by the scheduler): the one a
   fault on a user address is resolved in (kernel/mm/fault.c). */
extern struct vm_space *vm_current;
/* Faults resolved since boot, all processes (/proc/vmstat pgfault, pgmajfault). */
extern uint64_t vm_total_faults, vm_total_major_faults;
/* Fault-around (Linux's fault_around_bytes, /proc/sys/vm/fault_around_bytes
   here): a read fault on a file mapping also maps the cached pages around
   it, within an aligned window of this many bytes (a power of two, 4096 =
   the faulting page alone, the default: one fault, one page).  At most
   VM_FAULT_AROUND_MAX. */
extern uint64_t vm_fault_around_bytes;
#define VM_FAULT_AROUND_MAX (512 * PAGE_SIZE) /* one page table */
extern uint64_t vm_fault_around_pages;        /* pages mapped by fault-around, since boot */

#endif
