/*
 * kernel/mm/fault.h: the page-fault path.
 *
 * handle_page_fault() (kernel/mm/fault.c) is the one place every page fault
 * goes through: set a gdb breakpoint there.  It asks the address-space layer
 * what to do about a user address and gets back an answer, never a kill from
 * deep inside; the trap layer turns the answer into a signal.
 */
#ifndef PAGELAB_MM_FAULT_H
#define PAGELAB_MM_FAULT_H

#include <stdint.h>

struct trap_frame;

/* Page-fault error code bits (SDM vol. 3A, 4.7, figure 4-12). */
#define PF_PRESENT  (1u << 0)   /* 0: page not present; 1: protection violation */
#define PF_WRITE    (1u << 1)
#define PF_USER     (1u << 2)   /* the access came from ring 3 */
#define PF_RSVD     (1u << 3)   /* a reserved bit was set in a paging entry */
#define PF_INSTR    (1u << 4)   /* instruction fetch */
#define PF_PK       (1u << 5)
#define PF_SS       (1u << 6)

enum fault_result {
    FAULT_HANDLED,   /* the mapping was fixed: retry the instruction */
    FAULT_SIGSEGV,   /* no mapping, or the access is not allowed */
    FAULT_SIGBUS,    /* mapped, but no backing (past the end of a file) */
    FAULT_OOM,       /* no memory to resolve it */
};

/*
 * Resolver for faults on user addresses, installed by the address-space
 * layer (NULL until processes exist): asked with the faulting address and
 * error code, in the context of the current address space.
 */
extern enum fault_result (*user_fault_resolver)(uint64_t addr, unsigned error_code);

/* Handles the fault described by tf (CR2 read inside).  Returns the result;
   for kernel-mode faults on user addresses during a checked copy it applies
   the exception-table fix-up and returns FAULT_HANDLED. */
enum fault_result handle_page_fault(struct trap_frame *tf, uint64_t cr2);

/* Writes a one-line description of an error code, e.g.
   "user write to a non-present page". */
void fault_describe(unsigned error_code, char *buf, unsigned size);

#endif
