/*
 * kernel/proc/sys_mem.c: brk, and mmap/munmap/madvise of anonymous memory
 * (Linux values for PROT_*, MAP_*, MADV_*; mman-common.h).  File mappings
 * go through mmap_file_hook once the VFS provides it.
 */
#include "kernel/lib/errno.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"
#include "kernel/proc/sys_mem.h"

#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_TYPE       0x0f
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_NORESERVE  0x4000
#define MAP_POPULATE   0x8000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_KNOWN      (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE | \
                        MAP_POPULATE | MAP_FIXED_NOREPLACE | 0x100 /* MAP_GROWSDOWN */ | \
                        0x2000 /* MAP_LOCKED */ | 0x10000 /* MAP_NONBLOCK */ | 0x20000 /* MAP_STACK */)
#define MADV_NORMAL    0
#define MADV_RANDOM    1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED  3
#define MADV_DONTNEED  4

long (*mmap_file_hook)(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);

static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

static long sys_brk(SYSCALL_ARGS)
{
    struct vm_space *vm = current->vm;
    if (a0 == 0)
        return (long)vm->brk;
    return (long)vm_set_brk(vm, a0);
}

/* Where a new mapping of len bytes goes, following addr/flags; 0 if nowhere. */
static uint64_t place(struct vm_space *vm, uint64_t addr, uint64_t len, int flags)
{
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))
        return addr;
    if (addr && addr >= PAGE_SIZE * 16 && addr + len <= VM_MMAP_TOP) {
        /* A hint: use it if that range is free. */
        bool free = true;
        for (uint64_t a = addr; a < addr + len && free; a += PAGE_SIZE)
            free = vm_find(vm, a) == NULL;
        if (free)
            return addr;
    }
    return vm_find_free(vm, len);
}

static long sys_mmap(SYSCALL_ARGS)
{
    uint64_t addr = a0, len = a1, off = a5;
    int prot = (int)a2, flags = (int)a3, fd = (int)a4;
    if (len == 0 || addr % PAGE_SIZE || off % PAGE_SIZE)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    int type = flags & MAP_TYPE;
    if ((type != MAP_SHARED && type != MAP_PRIVATE) || (flags & ~MAP_KNOWN))
        return -EINVAL;
    len = page_up(len);
    if (len == 0 || len >= USER_TOP)
        return -ENOMEM;
    if (!(flags & MAP_ANONYMOUS))
        return mmap_file_hook ? mmap_file_hook(addr, len, prot, flags, fd, off) : -ENODEV;
    struct vm_space *vm = current->vm;
    if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr >= USER_TOP || len > USER_TOP - addr))
        return -EINVAL;
    if (flags & MAP_FIXED_NOREPLACE)
        for (uint64_t a = addr; a < addr + len; a += PAGE_SIZE)
            if (vm_find(vm, a))
                return -EEXIST;
    uint64_t at = place(vm, addr, len, flags);
    if (!at)
        return -ENOMEM;
    /* A shared anonymous mapping is shared with children after fork. */
    int r = vm_map(vm, at, len, (uint32_t)prot, type == MAP_SHARED ? VMA_SHARED : 0, NULL, NULL, 0);
    return r ? r : (long)at;
}

static long sys_munmap(SYSCALL_ARGS)
{
    if (a0 % PAGE_SIZE || a1 == 0)
        return -EINVAL;
    return vm_unmap(current->vm, a0, a1);
}

static long sys_madvise(SYSCALL_ARGS)
{
    uint64_t addr = a0, len = page_up(a1);
    int advice = (int)a2;
    if (addr % PAGE_SIZE)
        return -EINVAL;
    switch (advice) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
        return 0;   /* hints: nothing to do without read-ahead or swap */
    case MADV_DONTNEED:
        /* Linux: -ENOMEM if part of the range is not mapped. */
        for (uint64_t a = addr; a < addr + len; a += PAGE_SIZE)
            if (!vm_find(current->vm, a))
                return -ENOMEM;
        return vm_drop_pages(current->vm, addr, len);
    default:
        return -EINVAL;
    }
}

void sys_mem_init(void)
{
    syscall_register(NR_brk, sys_brk);
    syscall_register(NR_mmap, sys_mmap);
    syscall_register(NR_munmap, sys_munmap);
    syscall_register(NR_madvise, sys_madvise);
}
