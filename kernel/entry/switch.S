/*
 * kernel/entry/switch.S: switching kernel stacks, and the way back to user
 * mode through a struct trap_frame (layout in kernel/hw/trap.h).  The
 * scheduler (kernel/proc/sched.c) calls these; their declarations are in
 * kernel/proc/sched.h.
 */
#include "kernel/hw/trap.h"

    .cfi_sections .debug_frame
    .text
/* void context_switch(uint64_t *old_rsp (rdi), uint64_t new_rsp (rsi))
   Only the callee-saved registers need saving: the caller (schedule) is
   an ordinary C function and expects the others clobbered. */
    .globl context_switch
context_switch:
    PUSH_CALLEE_SAVED
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    POP_CALLEE_SAVED
    ret

/* A new process's stack: the switch frame returns here with rsp at its
   struct trap_frame. */
    .globl proc_first_return
proc_first_return:
    movq %rsp, %rdi
    call proc_return_to_user_prepare
    movq %rsp, %rdi
    jmp trap_frame_return

/* A new kernel thread: r12 = function, r13 = argument (set by kthread_create).
   The bottom of every kernel thread's stack: the CFI says there is no
   caller, so gdb's `bt` ends here instead of walking the stack's poison. */
    .globl kthread_first_entry
kthread_first_entry:
    .cfi_startproc simple
    .cfi_def_cfa rsp, 0
    .cfi_undefined rip
    sti
    movq %r13, %rdi
    xorl %ebp, %ebp
    call *%r12
    call kthread_exit
1:  hlt
    jmp 1b
    .cfi_endproc

/* void trap_frame_return(struct trap_frame *tf): noreturn.  The
   interrupt return (kernel/entry/trap_entry.S) pops the frame,
   swaps GS back for ring 3 and irets. */
    .globl trap_frame_return
trap_frame_return:
    cli
    movq %rdi, %rsp
    jmp trap_return

    .section .note.GNU-stack, "", @progbits
