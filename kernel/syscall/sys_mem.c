/*
 * kernel/syscall/sys_mem.c: brk, mmap, munmap, mprotect, msync, madvise and
 * mincore, with
 * Linux's flag values (include/uapi/asm-generic/mman-common.h, mman.h) and
 * Linux's errors, checked in the order Linux's do_mmap checks them, so a
 * program sees the same errno on both kernels (tests/user/mmaptest.c runs on
 * the Linux host first to prove the expectations).
 *
 * The work is done by the address-space layer (mm/vm.h); files are mapped
 * through their file_ops->mmap, so this file knows nothing of ext2.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/devfs.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/memfs/memfs.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "libc/include/pagelab/mman_values.h"

/* MAP_NORESERVE is accepted and needs nothing: swap is never reserved ahead
   (Linux's default overcommit heuristic does not either).  MAP_LOCKED
   locks the region (mlock) and faults it in.
   What MAP_SHARED_VALIDATE accepts on a file: Linux's LEGACY_MAP_MASK
   (include/linux/mman.h; no file here supports MAP_SYNC). */
#define MAP_VALIDATED                                                                        \
    (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
     MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |         \
     MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

/* Each call changes or reads the regions under the address space's lock
   (vm_lock): the other threads of the process fault and map meanwhile. */
static bool can_read(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool can_write(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

static long brk_locked(uint64_t brk)
{
    struct vm_space *vm = current->vm;
    if (brk == 0)
        return (long)vm->brk;
    return (long)vm_set_brk(vm, brk);
}

/* What one mmap call asks for, once its arguments are checked. */
struct mmap_req {
    uint64_t addr, len, align;
    uint32_t prot, vma_flags;
    int flags;
    struct file *file; /* NULL: anonymous */
    uint64_t pgoff;
};

/* Where the mapping goes: the fixed address, a free hint, or the highest
   free gap below VM_MMAP_TOP.  0 if the address space has no room. */
static uint64_t place(struct vm_space *vm, const struct mmap_req *r)
{
    if (r->flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
        return r->addr;
    uint64_t hint = r->addr & ~(r->align - 1);
    if (hint >= PAGE_SIZE * 16 && hint < VM_MMAP_TOP && r->len <= VM_MMAP_TOP - hint &&
        !vm_range_used(vm, hint, r->len))
        return hint;
    return vm_find_free_aligned(vm, r->len, r->align);
}

/* The type and access checks of do_mmap: -errno or 0. */
static long check_access(struct mmap_req *r)
{
    int type = r->flags & MAP_TYPE;
    if (r->file && type == MAP_SHARED_VALIDATE && (r->flags & ~MAP_VALIDATED))
        return -EOPNOTSUPP;
    if (type != MAP_SHARED && type != MAP_SHARED_VALIDATE && type != MAP_PRIVATE)
        return -EINVAL;
    bool shared = type != MAP_PRIVATE;
    r->vma_flags = shared ? VMA_SHARED : 0;
    if (!r->file)
        return 0;
    if (shared && !can_write(r->file)) {
        if (r->prot & PROT_WRITE)
            return -EACCES;
        r->vma_flags |= VMA_DENYWRITE; /* nor may mprotect add it later */
    }
    if (!can_read(r->file))
        return -EACCES;
    if (devfs_file_is_zero(r->file)) {
        r->file = NULL; /* /dev/zero: anonymous memory, private or shared */
        return 0;
    }
    if (!r->file->fops || !r->file->fops->mmap)
        return -ENODEV;
    /* A memfd sealed against writes: no writable shared mapping, and a
       read-only one may never become writable (Linux's memfd_check_seals_mmap). */
    if (shared && (memfs_inode_seals(r->file->inode) & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))) {
        if (r->prot & PROT_WRITE)
            return -EPERM;
        r->vma_flags |= VMA_DENYWRITE;
    }
    return 0;
}

/* Creates the region for r at at: its object (a file, a shared anonymous
   object, or none) and MAP_POPULATE's faults. */
static long map_region(struct vm_space *vm, struct mmap_req *r, uint64_t at)
{
    const struct vm_backing_ops *ops = NULL;
    void *obj = NULL;
    bool shared = r->vma_flags & VMA_SHARED, huge = r->vma_flags & VMA_HUGE;
    int err;
    if (r->file) {
        if ((err = r->file->fops->mmap(r->file, &ops, &obj)))
            return err;
    } else if (shared && !huge) {
        ops = &vm_anon_shared_ops;
        if (!(obj = vm_anon_shared_create(r->len / PAGE_SIZE)))
            return -ENOMEM;
    }
    err = vm_map(vm, at, r->len, r->prot, r->vma_flags, ops, obj, r->pgoff);
    if (ops == &vm_anon_shared_ops)
        ops->release(obj); /* the creation reference: the region holds its own */
    if (err)
        return err;
    /* Shared huge pages have no object to meet in after fork: they are
       allocated now, so parent and child map the same ones. */
    bool locked = (r->vma_flags & VMA_LOCKED) || (vm->def_flags & VMA_LOCKED);
    if ((r->flags & MAP_POPULATE) || (shared && huge) || locked)
        vm_populate(vm, at, r->len);
    return (long)at;
}

static long mmap_locked(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t offset)
{
    struct mmap_req r = { .addr = addr,
                          .prot = (uint32_t)prot,
                          .flags = flags,
                          .align = PAGE_SIZE,
                          .pgoff = offset / PAGE_SIZE };
    struct vm_space *vm = current->vm;
    if (offset % PAGE_SIZE)
        return -EINVAL;
    if (!(r.flags & MAP_ANONYMOUS)) {
        if (!(r.file = syscall_fd(fd)))
            return -EBADF;
        if (r.flags & MAP_HUGETLB)
            return -EINVAL; /* only hugetlbfs files have huge pages */
    } else if (r.flags & MAP_HUGETLB) {
        r.align = VM_HUGE_PAGE_SIZE;
    }
    if (len == 0)
        return -EINVAL;
    if (r.prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    r.len = (len + r.align - 1) & ~(r.align - 1);
    if (r.len < len || r.len > USER_TOP)
        return -ENOMEM;
    if (r.file && r.pgoff + r.len / PAGE_SIZE < r.pgoff)
        return -EOVERFLOW;
    if (r.flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (r.addr > USER_TOP - r.len)
            return -ENOMEM;
        if (r.addr % r.align)
            return -EINVAL;
    }
    uint64_t at = place(vm, &r);
    if (!at)
        return -ENOMEM;
    if ((r.flags & MAP_FIXED_NOREPLACE) && vm_range_used(vm, at, r.len))
        return -EEXIST;
    long err = check_access(&r);
    if (err)
        return err;
    if (r.flags & MAP_HUGETLB)
        r.vma_flags |= VMA_HUGE;
    if (r.flags & MAP_LOCKED)
        r.vma_flags |= VMA_LOCKED;
    if (!r.file)
        r.pgoff = 0;
    return map_region(vm, &r, at);
}

static long munmap_locked(uint64_t addr, uint64_t len)
{
    if (addr % PAGE_SIZE || len == 0)
        return -EINVAL;
    return vm_unmap(current->vm, addr, len);
}

static long mprotect_locked(uint64_t start, uint64_t len, int prot)
{
    if (start % PAGE_SIZE)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    if (len == 0)
        return 0;
    uint64_t end = page_up(start + len);
    if (end <= start)
        return -ENOMEM;
    if (end > USER_TOP)
        return -ENOMEM;
    return vm_protect(current->vm, start, end - start, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
}

static long msync_locked(uint64_t start, uint64_t len, int flags)
{
    if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
        return -EINVAL;
    if (start % PAGE_SIZE || ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    uint64_t end = page_up(start + len);
    if (end < start)
        return -ENOMEM;
    if (end == start)
        return 0;
    if (end > USER_TOP)
        return -ENOMEM;
    /* MS_ASYNC: the dirty bits reach the page cache now and the periodic
       write-back stores them.  MS_INVALIDATE has nothing to drop: a mapping
       and the file share one copy of each page. */
    return vm_msync(current->vm, start, end - start, flags & MS_SYNC);
}

/* MADV_WILLNEED: a file region's pages are read into the page cache now
   (not mapped: the later faults are minor).  Anonymous memory has nothing
   to bring in. */
static void will_need(uint64_t addr, uint64_t len)
{
    struct vm_space *vm = current->vm;
    for (int i = 0; i < vm->count; i++) {
        const struct vma *v = &vm->vmas[i];
        if (!v->ops || v->end <= addr || v->start >= addr + len)
            continue;
        uint64_t from = v->start > addr ? v->start : addr;
        uint64_t to = v->end < addr + len ? v->end : addr + len;
        for (uint64_t va = from; va < to; va += PAGE_SIZE) {
            struct page *p = v->ops->get_page(v->obj, v->pgoff + (va - v->start) / PAGE_SIZE, NULL);
            if (!p)
                break; /* past the file's end */
            page_put(p);
        }
    }
}

/* Is every region over [addr, addr+len) private anonymous memory (what
   MADV_FREE and MADV_WIPEONFORK accept), and, for MADV_FREE, not locked? */
static bool private_anonymous(uint64_t addr, uint64_t len, uint32_t refuse)
{
    const struct vm_space *vm = current->vm;
    for (int i = 0; i < vm->count; i++) {
        const struct vma *v = &vm->vmas[i];
        if (v->end <= addr || v->start >= addr + len)
            continue;
        if (v->ops || (v->flags & (VMA_SHARED | refuse)))
            return false;
    }
    return true;
}

static long madvise_locked(uint64_t addr, uint64_t len, int advice)
{
    len = page_up(len);
    if (addr % PAGE_SIZE)
        return -EINVAL;
    switch (advice) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE:
        return 0; /* hints: the fault path's read-ahead and huge pages decide */
    case MADV_WILLNEED:
        if (!vm_range_mapped(current->vm, addr, len))
            return -ENOMEM;
        will_need(addr, len);
        return 0;
    case MADV_DONTNEED:
        /* Linux: -ENOMEM if part of the range is not mapped. */
        if (!vm_range_mapped(current->vm, addr, len))
            return -ENOMEM;
        return vm_drop_pages(current->vm, addr, len);
    case MADV_FREE:
        /* The contents may go whenever memory is short, and read as zeros
           then; here they go at once (Linux frees them lazily). */
        if (!private_anonymous(addr, len, VMA_LOCKED | VMA_HUGE))
            return -EINVAL;
        if (!vm_range_mapped(current->vm, addr, len))
            return -ENOMEM;
        return vm_drop_pages(current->vm, addr, len);
    case MADV_DONTFORK:
        return vm_set_flags(current->vm, addr, len, VMA_DONTFORK, 0);
    case MADV_DOFORK:
        return vm_set_flags(current->vm, addr, len, 0, VMA_DONTFORK);
    case MADV_WIPEONFORK:
        if (!private_anonymous(addr, len, 0))
            return -EINVAL;
        return vm_set_flags(current->vm, addr, len, VMA_WIPEONFORK, 0);
    case MADV_KEEPONFORK:
        return vm_set_flags(current->vm, addr, len, 0, VMA_WIPEONFORK);
    default:
        return -EINVAL;
    }
}

long sys_brk(uint64_t brk)
{
    vm_lock(current->vm);
    long r = brk_locked(brk);
    vm_unlock(current->vm);
    return r;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t offset)
{
    vm_lock(current->vm);
    long r = mmap_locked(addr, len, prot, flags, fd, offset);
    vm_unlock(current->vm);
    return r;
}

long sys_munmap(uint64_t addr, uint64_t len)
{
    vm_lock(current->vm);
    long r = munmap_locked(addr, len);
    vm_unlock(current->vm);
    return r;
}

long sys_mprotect(uint64_t start, uint64_t len, int prot)
{
    vm_lock(current->vm);
    long r = mprotect_locked(start, len, prot);
    vm_unlock(current->vm);
    return r;
}

long sys_msync(uint64_t start, uint64_t len, int flags)
{
    vm_lock(current->vm);
    long r = msync_locked(start, len, flags);
    vm_unlock(current->vm);
    return r;
}

/* mincore(2): one byte per page, 1 if resident; EINVAL for an unaligned
   start, ENOMEM for a hole or a range past the user half, EFAULT for vec. */
static long mincore_locked(uint64_t addr, uint64_t len, uint64_t uvec)
{
    if (addr % PAGE_SIZE)
        return -EINVAL;
    if (addr >= USER_TOP || len > USER_TOP - addr)
        return -ENOMEM;
    uint64_t npages = page_up(len) / PAGE_SIZE;
    uint8_t chunk[256];
    for (uint64_t done = 0; done < npages;) {
        uint64_t n = npages - done < sizeof chunk ? npages - done : sizeof chunk;
        int r = vm_resident(current->vm, addr + done * PAGE_SIZE, n, chunk);
        if (r)
            return r;
        if (copy_to_user((void *)(uvec + done), chunk, n, MECH_SYSCALL_ARGS))
            return -EFAULT;
        done += n;
    }
    return 0;
}

long sys_mincore(uint64_t addr, uint64_t len, uint64_t vec)
{
    vm_lock(current->vm);
    long r = mincore_locked(addr, len, vec);
    vm_unlock(current->vm);
    return r;
}

#define MREMAP_MAYMOVE   1 /* include/uapi/linux/mman.h */
#define MREMAP_FIXED     2
#define MREMAP_DONTUNMAP 4

/* mremap(2)'s argument checks in Linux's order, then vm_remap. */
static long mremap_locked(uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
                          uint64_t new_addr)
{
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if (flags & MREMAP_DONTUNMAP)
        return -EINVAL; /* not implemented: keeping the old range mapped empty */
    if (old % PAGE_SIZE)
        return -EINVAL;
    old_len = page_up(old_len);
    new_len = page_up(new_len);
    if (new_len == 0 || old >= USER_TOP || old_len > USER_TOP - old || new_len > USER_TOP)
        return -EINVAL;
    uint64_t fixed = 0;
    if (flags & MREMAP_FIXED) {
        if (new_addr % PAGE_SIZE || new_addr >= USER_TOP || new_len > USER_TOP - new_addr)
            return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL; /* the ranges overlap */
        fixed = new_addr;
    }
    return vm_remap(current->vm, old, old_len, new_len, flags & MREMAP_MAYMOVE, fixed);
}

long sys_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr)
{
    vm_lock(current->vm);
    long r = mremap_locked(old, old_len, new_len, flags, new_addr);
    vm_unlock(current->vm);
    return r;
}

long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
    vm_lock(current->vm);
    long r = madvise_locked(addr, len, advice);
    vm_unlock(current->vm);
    return r;
}
