/*
 * kernel/entry/trap_entry.S: the entry stubs of every IDT vector in use.
 *
 * The CPU pushes ss, rsp, rflags, cs, rip (and for some exceptions an error
 * code).  Each stub makes the stack look the same for every vector (pushes
 * a 0 error code where the CPU pushes none, then the vector number); the
 * common part pushes the general registers in the order of struct
 * trap_frame (kernel/entry/trap.h), calls trap_dispatch(tf) and returns
 * with iretq.  22 quadwords are pushed in all, so the C code runs with the
 * 16-byte stack alignment the ABI wants (the CPU aligns rsp before it
 * pushes, SDM vol. 3A, 6.14.2).
 *
 * GS: inside the kernel the GS base is the kernel's (per-CPU data, once
 * someone needs it); in user mode it is the user's.  SWAPGS exchanges the
 * two (the other one waits in MSR_KERNEL_GS_BASE), so it runs on entry
 * from ring 3 and on exit to ring 3, decided by the CS in the frame.
 *
 * The CFI below describes the frame to gdb (.debug_frame), so `bt` in
 * handle_page_fault continues into the interrupted code.
 */
#include "kernel/hw/segments.h"
#include "kernel/hw/trap.h"

    .cfi_sections .debug_frame

.macro TRAP_NOERR vec
    .globl trap_vector_\vec
trap_vector_\vec:
    pushq $0
    pushq $\vec
    jmp trap_common
.endm

.macro TRAP_ERR vec
    .globl trap_vector_\vec
trap_vector_\vec:
    pushq $\vec
    jmp trap_common
.endm

    .text
    .globl trap_common
trap_common:
    .cfi_startproc simple
    .cfi_signal_frame
    /* On entry rsp points at the vector number; describe where the
       interrupted rip and rsp are. */
    .cfi_def_cfa rsp, 16 + 40
    .cfi_offset rip, -40
    .cfi_offset rsp, -16
    testb $3, 24(%rsp)          /* the interrupted CS: from ring 3? */
    jz 1f
    swapgs
1:  TRAP_FRAME_PUSH_GPRS
    .cfi_def_cfa rsp, TF_SIZE
    .cfi_offset rbp, TF_RBP - TF_SIZE
    .cfi_offset rip, TF_RIP - TF_SIZE
    .cfi_offset rsp, TF_RSP - TF_SIZE
    cld                         /* the ABI wants DF clear in C code */
    /* Close SMAP's window if the trap hit inside a user copy (the CPU
       keeps RFLAGS.AC on entry).  popfq rather than clac: clac is #UD on
       CPUs without SMAP. */
    pushfq
    andq $~(1 << 18), (%rsp)    /* RFLAGS.AC, SDM vol. 1, 3.4.3.3 */
    popfq
    movq %rsp, %rdi
    call trap_dispatch

    /* Also the path by which a new thread first enters user mode: its
       kernel stack is made to hold a trap frame, and it returns here. */
    .globl trap_return
trap_return:
    TRAP_FRAME_POP_GPRS
    addq $16, %rsp              /* vector and error code */
    testb $3, 8(%rsp)           /* the CS we return to: ring 3? */
    jz 2f
    swapgs
2:  iretq
    .cfi_endproc

/* Exceptions with an error code (SDM vol. 3A, table 6-1): 8, 10-14, 17, 21, 29, 30. */
TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR   29
TRAP_ERR   30
TRAP_NOERR 31
/* Legacy IRQs 0..15 through the 8259 PICs (kernel/drivers/pic.c). */
.irp v, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
TRAP_NOERR \v
.endr

/* The stub addresses, indexed by vector, for idt.c. */
    .section .rodata
    .balign 8
    .globl trap_vectors
trap_vectors:
.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47
    .quad trap_vector_\v
.endr

    .section .note.GNU-stack, "", @progbits
