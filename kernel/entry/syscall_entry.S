/*
 * kernel/entry/syscall_entry.S: the syscall instruction lands here (LSTAR)
 * in ring 0 with interrupts off (SFMASK clears IF), rcx = user rip,
 * r11 = user rflags and rsp still the user's (SDM vol. 2B, SYSCALL).
 *
 * We switch to the process's kernel stack and build a struct trap_frame
 * (kernel/entry/trap.h) exactly as an interrupt from user mode would, so
 * fork, signals and exec treat both alike.  One CPU, interrupts off: a
 * plain global holds the user rsp for the few instructions until it is
 * pushed.  SWAPGS on entry and exit keeps the arch layer's rule: inside
 * the kernel the GS base is the kernel's (kernel/entry/trap_entry.S).
 */
#include "kernel/hw/layout.h"
#include "kernel/hw/segments.h"
#include "kernel/hw/trap.h"

    .bss
    .balign 8
syscall_user_rsp_scratch:
    .quad 0

    .text
    .globl syscall_entry
syscall_entry:
    swapgs
    movq %rsp, syscall_user_rsp_scratch(%rip)
    movq cpu_tss+TSS_RSP0_OFFSET(%rip), %rsp   /* the process's kernel stack (kernel/proc/sched.c) */
    pushq $USER_DS                          /* ss */
    pushq syscall_user_rsp_scratch(%rip)    /* rsp */
    pushq %r11                              /* rflags */
    pushq $USER_CS                          /* cs */
    pushq %rcx                              /* rip */
    pushq $0                                /* error code */
    pushq $SYSCALL_VECTOR                   /* vector */
    TRAP_FRAME_PUSH_GPRS
    xorl %ebp, %ebp                         /* end of the backtrace chain */
    movq %rsp, %rdi
    sti
    call syscall_dispatch
    cli

    /* sysret reloads rip from rcx and rflags from r11: usable only when the
       frame still says so (an ordinary syscall) and rip is canonical; a
       non-canonical rip would fault in ring 0 after sysret's privilege
       change on Intel CPUs.  Signal delivery, sigreturn and exec go by iretq. */
    movq TF_RIP(%rsp), %rax
    cmpq TF_RCX(%rsp), %rax
    jne 1f
    movq TF_RFLAGS(%rsp), %rax
    cmpq TF_R11(%rsp), %rax
    jne 1f
    movq $USER_TOP, %rax
    cmpq %rax, TF_RIP(%rsp)
    jae 1f

    TRAP_FRAME_POP_GPRS
    movq 40(%rsp), %rsp                     /* vector, error, rip, cs, rflags | rsp */
    swapgs
    sysretq

    /* The interrupt return path (it swaps GS back for ring 3 itself). */
1:  jmp trap_return

    .section .note.GNU-stack, "", @progbits
