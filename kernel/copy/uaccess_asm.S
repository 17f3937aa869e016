/*
 * kernel/copy/uaccess_asm.S: the instructions that touch user memory.
 *
 * Each access that may fault on a bad user address has an exception-table
 * entry (kernel/arch/extable.h) whose continuation reports the failure, so
 * a bad pointer costs the caller -EFAULT instead of a kernel panic.  SMAP
 * is opened and closed by the C callers (kernel/copy/uaccess.c).
 *
 * The ABI: rdi, rsi, rdx are the first three arguments; rax the result.
 */
#define EXTABLE(fault, fixup)        \
    .pushsection .extable, "a";      \
    .balign 8;                       \
    .quad fault, fixup;              \
    .popsection

    .text

/* size_t uaccess_copy(void *dst, const void *src, size_t n):
   returns the number of bytes NOT copied (0 on success). */
    .globl uaccess_copy
    .type uaccess_copy, @function
uaccess_copy:
    movq %rdx, %rcx
1:  rep movsb
2:  movq %rcx, %rax             /* the fault leaves rcx = bytes still to go */
    ret
    EXTABLE(1b, 2b)
    .size uaccess_copy, . - uaccess_copy

/* size_t uaccess_clear(void *dst, size_t n): bytes NOT cleared. */
    .globl uaccess_clear
    .type uaccess_clear, @function
uaccess_clear:
    movq %rsi, %rcx
    xorl %eax, %eax
1:  rep stosb
2:  movq %rcx, %rax
    ret
    EXTABLE(1b, 2b)
    .size uaccess_clear, . - uaccess_clear

/* long uaccess_strncpy(char *dst, const char *src, size_t max):
   copies up to and including the NUL, at most max bytes.  Returns the
   string's length, max if no NUL came within max bytes, or on a fault
   ~(bytes copied so far), a negative number. */
    .globl uaccess_strncpy
    .type uaccess_strncpy, @function
uaccess_strncpy:
    xorl %eax, %eax
3:  cmpq %rdx, %rax
    je 5f
1:  movb (%rsi, %rax), %cl
    movb %cl, (%rdi, %rax)
    testb %cl, %cl
    jz 5f
    incq %rax
    jmp 3b
5:  ret
2:  notq %rax
    ret
    EXTABLE(1b, 2b)
    .size uaccess_strncpy, . - uaccess_strncpy

    .section .note.GNU-stack, "", @progbits
