/*
 * kernel/syscall/sys_mlock.c: mlock, munlock, mlockall, munlockall, mlock2
 * with Linux's flags and errors (mm/mlock.c): ranges are widened to whole
 * pages, a range with a hole is -ENOMEM, pages that cannot be brought in
 * make mlock fail with -EAGAIN (the lock stays, as on Linux).  Every
 * process here may lock without limit, as root (CAP_IPC_LOCK) may on Linux.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "libc/include/pagelab/mman_values.h"

/* Linux's __mlock_posix_error_return: a failed populate means EAGAIN
   (no memory) or ENOMEM (a hole). */
static long populate_error(int err)
{
    return err == -EFAULT ? -ENOMEM : err == -ENOMEM ? -EAGAIN : err;
}

static long do_mlock(uint64_t start, uint64_t len, bool lock, bool populate)
{
    uint64_t off = start % PAGE_SIZE;
    start -= off;
    if (len + off < len)
        return -ENOMEM;
    len = (len + off + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    if (len == 0 && off)
        return -ENOMEM; /* the rounding wrapped */
    if (start >= USER_TOP || len > USER_TOP - start)
        return -ENOMEM;
    struct vm_space *vm = current->vm;
    int err = vm_set_locked(vm, start, len, lock);
    if (err || !populate || len == 0)
        return err;
    return populate_error(vm_populate_range(vm, start, len));
}

long sys_mlock(uint64_t start, uint64_t len) { return do_mlock(start, len, true, true); }

long sys_munlock(uint64_t start, uint64_t len) { return do_mlock(start, len, false, false); }

long sys_mlock2(uint64_t start, uint64_t len, int flags)
{
    if (flags & ~MLOCK_ONFAULT)
        return -EINVAL;
    return do_mlock(start, len, true, !(flags & MLOCK_ONFAULT));
}

long sys_mlockall(int flags)
{
    if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return -EINVAL;
    struct vm_space *vm = current->vm;
    if (flags & MCL_FUTURE)
        vm->def_flags |= VMA_LOCKED;
    else
        vm->def_flags &= ~VMA_LOCKED;
    if (flags & MCL_CURRENT) {
        vm_set_locked_all(vm, true);
        /* Linux ignores what populate could not do here. */
        if (!(flags & MCL_ONFAULT))
            for (int i = 0; i < vm->count; i++)
                vm_populate_range(vm, vm->vmas[i].start, vm->vmas[i].end - vm->vmas[i].start);
    }
    return 0;
}

long sys_munlockall(void)
{
    struct vm_space *vm = current->vm;
    vm->def_flags &= ~VMA_LOCKED;
    vm_set_locked_all(vm, false);
    return 0;
}
