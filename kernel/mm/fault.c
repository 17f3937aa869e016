/*
 * kernel/mm/fault.c: handle_page_fault(), the one path of every page fault.
 *
 * The decisions, in order:
 *   1. A reserved bit in a paging entry means corrupt page tables: never
 *      resolvable.
 *   2. A user address (below USER_TOP): resolve it in the running process's
 *      address space (vm_fault).  If that fails for a fault that kernel code
 *      took inside a checked user copy, the exception table turns the fault
 *      into -EFAULT for the copy (FAULT_FIXUP).  Kernel code touching user
 *      memory anywhere else is a kernel bug, and is not even resolved.
 *   3. A kernel address: nothing maps kernel memory lazily, so it is an
 *      error (a kernel bug, or SIGSEGV for a user program poking at it).
 * The caller (kernel/entry/trap.c) turns a result other than FAULT_HANDLED
 * or FAULT_FIXUP into a panic or a signal.
 */
#include "kernel/mm/fault.h"
#include "kernel/copy/extable.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/vm.h"

/* Set to 1 to log every page fault (build-time debug switch). */
#define PAGE_FAULT_DEBUG 0

static enum fault_result user_address_fault(struct page_fault *f)
{
    const struct extable_entry *fixup = f->user_mode ? NULL : extable_find(f->rip);
    if (!f->user_mode && !fixup)
        return FAULT_SIGSEGV;
    /* Faults are counted (minor/major) by vm_fault itself, which knows
       whether the page came from the disk. */
    struct vm_space *vm = vm_current;
    enum fault_result r = FAULT_SIGSEGV;
    if (vm) {
        vm_lock(vm); /* another thread may be changing the regions */
        r = vm_fault(vm, f->addr, f->error_code);
        vm_unlock(vm);
    }
    if (r != FAULT_HANDLED && fixup) {
        f->rip = fixup->fixup_rip;
        return FAULT_FIXUP;
    }
    return r;
}

enum fault_result handle_page_fault(struct page_fault *f)
{
    enum fault_result r;
    if (f->error_code & PF_RSVD)
        r = FAULT_SIGSEGV;
    else if (f->addr < USER_TOP)
        r = user_address_fault(f);
    else
        r = FAULT_SIGSEGV;
    if (PAGE_FAULT_DEBUG) {
        char what[96];
        fault_describe(f->error_code, what, sizeof what);
        pr_debug("page fault: %#lx at rip %#lx: %s -> %d\n", f->addr, f->rip, what, r);
    }
    return r;
}
