/*
 * kernel/hw/trap.h: what the CPU and our entry stubs leave on the kernel
 * stack when an interrupt, exception or syscall enters the kernel (struct
 * trap_frame), the exception vectors and the page-fault error code (Intel
 * SDM vol. 3A, 6.3 table 6-1 and 4.7 figure 4-12).
 *
 * The CPU pushes ss, rsp, rflags, cs, rip (and some exceptions an error
 * code); the stubs of kernel/entry/trap_entry.S and kernel/entry/
 * syscall_entry.S push the rest in the order below, with the macros here,
 * so the two paths cannot disagree.  kernel/entry/trap.c checks the
 * offsets against the C struct at compile time.
 */
#ifndef PAGELAB_HW_TRAP_H
#define PAGELAB_HW_TRAP_H

/* Exception vectors (SDM vol. 3A, table 6-1). */
#define T_DIVIDE       0
#define T_DEBUG        1
#define T_NMI          2
#define T_BREAKPOINT   3
#define T_OVERFLOW     4
#define T_BOUND        5
#define T_INVALID_OP   6
#define T_NO_DEVICE    7
#define T_DOUBLE       8
#define T_INVALID_TSS  10
#define T_NO_SEGMENT   11
#define T_STACK        12
#define T_GPF          13
#define T_PAGE_FAULT   14
#define T_X87          16
#define T_ALIGNMENT    17
#define T_MACHINE      18
#define T_SIMD         19
#define IRQ_BASE       32    /* legacy IRQ n arrives on vector IRQ_BASE + n */
#define SYSCALL_VECTOR 0x100 /* trap_frame.vector of a syscall: no IDT vector */

/* Page-fault error code bits (SDM vol. 3A, 4.7, figure 4-12). */
#define PF_PRESENT (1u << 0) /* 0: page not present; 1: protection violation */
#define PF_WRITE   (1u << 1)
#define PF_USER    (1u << 2) /* the access came from ring 3 */
#define PF_RSVD    (1u << 3) /* a reserved bit was set in a paging entry */
#define PF_INSTR   (1u << 4) /* instruction fetch */
#define PF_PK      (1u << 5)
#define PF_SS      (1u << 6)

/* Offsets in struct trap_frame. */
#define TF_R11    (4 * 8)
#define TF_RBP    (8 * 8)
#define TF_RCX    (12 * 8)
#define TF_RAX    (14 * 8)
#define TF_VECTOR (15 * 8)
#define TF_RIP    (17 * 8)
#define TF_RFLAGS (19 * 8)
#define TF_RSP    (20 * 8)
#define TF_SIZE   (22 * 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code; /* 0 for vectors without one */
    /* pushed by the CPU */
    uint64_t rip, cs, rflags, rsp, ss;
};

static inline int trap_from_user(const struct trap_frame *tf) { return (tf->cs & 3) == 3; }
#endif

#ifdef __ASSEMBLER__
// clang-format off

/* Pushes rax..r15 below the vector number: the lower part of the frame. */
.macro TRAP_FRAME_PUSH_GPRS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

/* The reverse: leaves rsp at the vector number. */
.macro TRAP_FRAME_POP_GPRS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

/* The System V callee-saved registers, for code that switches stacks
   under a C caller (kernel/entry/switch.S, kernel/entry/usermode_test_entry.S). */
.macro PUSH_CALLEE_SAVED
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro POP_CALLEE_SAVED
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
.endm

#endif /* __ASSEMBLER__ */
// clang-format on

#endif
