/*
 * kernel/arch/usermode_test_entry.S: a round trip to ring 3 for the trap
 * tests (usermode_test.c), before processes exist.
 *
 * usermode_test_enter(rip, rsp) saves the callee-saved registers and its
 * stack pointer, then irets to ring 3.  The test's trap_user_fault_hook
 * rewrites the trap frame to come back at usermode_test_resume in ring 0,
 * which restores them and returns from usermode_test_enter.
 */
#include "kernel/arch/gdt.h"

#define RFLAGS_IF_RESERVED 0x202   /* IF, and bit 1 which is always 1 */

    .text
    .globl usermode_test_enter
    .type usermode_test_enter, @function
usermode_test_enter:
    pushq %rbp
    movq %rsp, %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, usermode_test_saved_rsp(%rip)
    pushq $USER_DS
    pushq %rsi
    pushq $RFLAGS_IF_RESERVED
    pushq $USER_CS
    pushq %rdi
    swapgs                      /* like trap_return on its way to ring 3 */
    iretq

    .globl usermode_test_resume
usermode_test_resume:
    movq usermode_test_saved_rsp(%rip), %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size usermode_test_enter, . - usermode_test_enter

    .bss
    .balign 8
    .globl usermode_test_saved_rsp
usermode_test_saved_rsp:
    .quad 0

    .section .note.GNU-stack, "", @progbits
