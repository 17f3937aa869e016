/*
 * kernel/mm/fault.c: handle_page_fault(), the one path of every page fault.
 *
 * The decisions, in order:
 *   1. A reserved bit in a paging entry means corrupt page tables: never
 *      resolvable.
 *   2. A user address (below USER_TOP): ask the address-space layer
 *      (user_fault_resolver).  If it cannot resolve a fault that kernel code
 *      took inside a checked user copy, the exception table turns the fault
 *      into -EFAULT for the copy.  Kernel code touching user memory anywhere
 *      else is a kernel bug, and is not even shown to the resolver.
 *   3. A kernel address: nothing maps kernel memory lazily, so it is an
 *      error (a kernel bug, or SIGSEGV for a user program poking at it).
 * The caller (kernel/arch/trap.c) turns a result other than FAULT_HANDLED
 * into a panic or a signal.
 */
#include <stdbool.h>
#include "kernel/mm/fault.h"
#include "kernel/arch/extable.h"
#include "kernel/arch/trap.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/layout.h"

/* Set to 1 to log every page fault (build-time debug switch). */
#define PAGE_FAULT_DEBUG 0

enum fault_result (*user_fault_resolver)(uint64_t addr, unsigned error_code);

/* Moves a faulting copy instruction to its -EFAULT exit. */
static bool apply_fixup(struct trap_frame *tf)
{
    const struct extable_entry *e = extable_find(tf->rip);
    if (!e)
        return false;
    tf->rip = e->fixup_rip;
    return true;
}

static enum fault_result user_address_fault(struct trap_frame *tf, uint64_t addr)
{
    bool kernel_mode = !trap_from_user(tf);
    if (kernel_mode && !extable_find(tf->rip))
        return FAULT_SIGSEGV;
    enum fault_result r = user_fault_resolver ? user_fault_resolver(addr, tf->error_code)
                                              : FAULT_SIGSEGV;
    if (r != FAULT_HANDLED && kernel_mode && apply_fixup(tf))
        return FAULT_HANDLED;
    return r;
}

enum fault_result handle_page_fault(struct trap_frame *tf, uint64_t cr2)
{
    enum fault_result r;
    if (tf->error_code & PF_RSVD)
        r = FAULT_SIGSEGV;
    else if (cr2 < USER_TOP)
        r = user_address_fault(tf, cr2);
    else
        r = FAULT_SIGSEGV;
    if (PAGE_FAULT_DEBUG) {
        char what[96];
        fault_describe(tf->error_code, what, sizeof what);
        printk("page fault: %#lx at rip %#lx: %s -> %d\n", cr2, tf->rip, what, r);
    }
    return r;
}
