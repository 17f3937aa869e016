/*
 * kernel/entry/usermode_test_entry.S: a round trip to ring 3 for the trap
 * tests (usermode_test.c), before processes exist.
 *
 * usermode_test_enter(rip, rsp) saves the callee-saved registers and its
 * stack pointer, then irets to ring 3.  The trap code (usermode_test.h)
 * rewrites the frame of the first exception to come back at
 * usermode_test_resume in ring 0, which restores them and returns from
 * usermode_test_enter.
 */
#include "kernel/hw/cpu.h"
#include "kernel/hw/segments.h"
#include "kernel/hw/trap.h"

    .text
    .globl usermode_test_enter
    .type usermode_test_enter, @function
usermode_test_enter:
    PUSH_CALLEE_SAVED
    leaq 40(%rsp), %rbp           /* frame pointer: where rbp was saved */
    movq %rsp, usermode_test_saved_rsp(%rip)
    pushq $USER_DS
    pushq %rsi
    pushq $(RFLAGS_IF | RFLAGS_ALWAYS1)
    pushq $USER_CS
    pushq %rdi
    swapgs                      /* like trap_return on its way to ring 3 */
    iretq

    .globl usermode_test_resume
usermode_test_resume:
    movq usermode_test_saved_rsp(%rip), %rsp
    POP_CALLEE_SAVED
    ret
    .size usermode_test_enter, . - usermode_test_enter

    .bss
    .balign 8
    .globl usermode_test_saved_rsp
usermode_test_saved_rsp:
    .quad 0

    .section .note.GNU-stack, "", @progbits
