/*
 * crt0.S: the program entry point.  Linux's initial stack (System V x86-64
 * ABI 3.4.1): rsp points at argc, then argv[], NULL, envp[], NULL, auxv.
 * rsp is 16-byte aligned here; we pass it to __libc_start, which never returns.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xor %ebp, %ebp            /* outermost frame, for backtraces */
    mov %rsp, %rdi
    and $-16, %rsp
    call __libc_start
    hlt
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
