/*
 * kernel/syscall/sys_process_vm.c: process_vm_readv(2) and
 * process_vm_writev(2): bytes between the caller's memory and another
 * process's, in one CPU copy, through the other's frames (vm_user_page),
 * which are faulted in as the other's own accesses would fault them (a
 * write copies a copy-on-write page first).  Only the owner of a process
 * (or root) may reach into it, as ptrace's rule on Linux.  The transfer
 * stops at the first remote byte that cannot be reached: the bytes moved
 * until then, or EFAULT if none.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/iovec.h"
#include "kernel/copy/iov_iter.h"
#include "kernel/copy/uaccess.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"

/* Moves bytes between the local iterator and [raddr, raddr + len) of vm,
   page by page; the bytes moved (short at the first remote fault) or an
   error of the local side. */
static long move_segment(struct vm_space *vm, uint64_t raddr, size_t len, struct iov_iter *local,
                         bool write, bool *stop)
{
    size_t done = 0;
    while (done < len && local->left) {
        uint64_t at = raddr + done;
        size_t chunk = PAGE_SIZE - at % PAGE_SIZE;
        if (chunk > len - done)
            chunk = len - done;
        if (chunk > local->left)
            chunk = local->left;
        struct vm_user_page up;
        if ((write ? vm_user_page_to_write(vm, at, &up) : vm_user_page(vm, at, &up)) != 0) {
            *stop = true;
            break;
        }
        void *remote = phys_to_virt(up.phys);
        long e = write ? iov_iter_copy_in(local, remote, chunk)
                       : iov_iter_copy_out(local, remote, chunk);
        page_put(up.page);
        if (e)
            return e;
        done += chunk;
    }
    return (long)done;
}

static long process_vm(int pid, uint64_t lvec, uint64_t liovcnt, uint64_t rvec, uint64_t riovcnt,
                       uint64_t flags, bool write)
{
    if (flags)
        return -EINVAL;
    /* The caller's side is checked and capped as a read's; the other's
       addresses mean nothing here (Linux's iovec_from_user for them). */
    uint64_t ltotal;
    struct iovec_linux *lv, *rv;
    long err = import_iovec(lvec, liovcnt, &lv, &ltotal);
    if (err)
        return err;
    if ((err = iovec_from_user(rvec, riovcnt, &rv))) {
        kfree(lv);
        return err;
    }
    uint64_t rtotal = 0;
    for (uint64_t i = 0; i < riovcnt; i++) {
        if (rv[i].len > INT64_MAX - rtotal) { /* lengths that overflow */
            kfree(lv);
            kfree(rv);
            return -EINVAL;
        }
        rtotal += rv[i].len;
    }
    struct proc *p = pid > 0 ? proc_find(pid) : NULL;
    long moved = 0;
    if (!p || !p->vm || p->state == PROC_ZOMBIE) {
        moved = -ESRCH;
    } else if (!cred_may_inspect(p)) {
        moved = -EPERM;
    } else {
        struct iov_iter local;
        iov_iter_init(&local, lv, (int)liovcnt, ltotal, true, MECH_OTHER);
        bool stop = false;
        for (uint64_t i = 0; i < riovcnt && !stop && local.left; i++) {
            long r = move_segment(p->vm, rv[i].base, rv[i].len, &local, write, &stop);
            if (r < 0) {
                moved = moved ? moved : r;
                break;
            }
            moved += r;
        }
        if (moved == 0 && stop)
            moved = -EFAULT;
    }
    kfree(lv);
    kfree(rv);
    return moved;
}

long sys_process_vm_readv(int pid, uint64_t lvec, uint64_t liovcnt, uint64_t rvec, uint64_t riovcnt,
                          uint64_t flags)
{
    return process_vm(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
}

long sys_process_vm_writev(int pid, uint64_t lvec, uint64_t liovcnt, uint64_t rvec,
                           uint64_t riovcnt, uint64_t flags)
{
    return process_vm(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
}
