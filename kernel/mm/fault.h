/*
 * kernel/mm/fault.h: the page-fault path.
 *
 * handle_page_fault() (kernel/mm/fault.c) is the one place every page fault
 * goes through: set a gdb breakpoint there.  The entry code (kernel/entry/
 * trap.c) describes the fault with a struct page_fault and gets back an
 * answer, never a kill from deep inside; it turns the answer into a retry,
 * a signal or a panic.  The error-code bits (PF_*) are in kernel/hw/trap.h.
 */
#ifndef PAGELAB_MM_FAULT_H
#define PAGELAB_MM_FAULT_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/trap.h"

enum fault_result {
    FAULT_HANDLED, /* the mapping was fixed: retry the instruction */
    FAULT_FIXUP,   /* a checked user copy faulted: continue at fault->rip,
                        the copy's -EFAULT exit (kernel/copy/extable.h) */
    FAULT_SIGSEGV, /* no mapping, or the access is not allowed */
    FAULT_SIGBUS,  /* mapped, but no backing (past the end of a file) */
    FAULT_OOM,     /* no memory to resolve it */
};

/* What the CPU reported. */
struct page_fault {
    uint64_t addr;       /* CR2 */
    unsigned error_code; /* PF_* bits */
    uint64_t rip;        /* the faulting instruction; the fix-up sets it */
    bool user_mode;      /* taken in ring 3 */
};

/* Resolves the fault in the running process's address space (vm_current).
   For a kernel-mode fault on a user address during a checked copy that
   cannot be resolved it returns FAULT_FIXUP with f->rip moved to the copy's
   exit. */
enum fault_result handle_page_fault(struct page_fault *f);

/* Writes a one-line description of an error code, e.g.
   "user write to a non-present page". */
void fault_describe(unsigned error_code, char *buf, unsigned size);

#endif
