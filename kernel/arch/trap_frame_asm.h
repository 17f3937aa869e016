/*
 * kernel/arch/trap_frame_asm.h: the struct trap_frame layout (kernel/arch/
 * trap.h) for assembly, and the register pushes that build it.  Shared by
 * every path that builds or unwinds a trap frame: the interrupt stubs
 * (kernel/arch/trap_entry.S) and the syscall entry (kernel/proc/
 * syscall_entry.S), so the two cannot disagree on the order.
 * trap.c checks the offsets against the C struct at compile time.
 */
#ifndef PAGELAB_ARCH_TRAP_FRAME_ASM_H
#define PAGELAB_ARCH_TRAP_FRAME_ASM_H

/* Offsets in struct trap_frame. */
#define TF_R11     (4 * 8)
#define TF_RBP     (8 * 8)
#define TF_RCX     (12 * 8)
#define TF_RAX     (14 * 8)
#define TF_VECTOR  (15 * 8)
#define TF_RIP     (17 * 8)
#define TF_RFLAGS  (19 * 8)
#define TF_RSP     (20 * 8)
#define TF_SIZE    (22 * 8)

#ifdef __ASSEMBLER__

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
   under a C caller (kernel/proc/switch.S, kernel/arch/usermode_test_entry.S). */
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
#endif
