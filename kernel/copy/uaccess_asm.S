/*
 * kernel/copy/uaccess_asm.S: the instructions that touch user memory.
 *
 * Each access that may fault on a bad user address has an exception-table
 * entry (kernel/copy/extable.h) whose continuation reports the failure, so
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
   returns the number of bytes NOT copied (0 on success).
   32 bytes per loop turn in four qword loads and four stores, then the 0-31
   left over with rep movsb.  Under QEMU's TCG a rep string instruction runs
   one element per turn of a translated loop, so byte-wise rep movsb is ~8x
   slower than qwords, and the plain unrolled loop beat rep movsq by ~1.7x
   on pipebench (docs/benchmarks.md).  A fault anywhere in a turn resumes at
   rep movsb from the start of that turn (nothing of it is counted yet), so
   the copy stops at the exact first inaccessible byte and the count of bytes
   moved (for the ledger) is exact. */
    .globl uaccess_copy
    .type uaccess_copy, @function
uaccess_copy:
    movq %rdx, %rcx
    cmpq $32, %rcx
    jb 2f
10: movq 0(%rsi), %r8
11: movq 8(%rsi), %r9
12: movq 16(%rsi), %r10
13: movq 24(%rsi), %r11
14: movq %r8, 0(%rdi)
15: movq %r9, 8(%rdi)
16: movq %r10, 16(%rdi)
17: movq %r11, 24(%rdi)
    addq $32, %rsi
    addq $32, %rdi
    subq $32, %rcx
    cmpq $32, %rcx
    jae 10b
2:  rep movsb
3:  movq %rcx, %rax             /* a fault leaves rcx = bytes still to go */
    ret
    EXTABLE(10b, 2b)
    EXTABLE(11b, 2b)
    EXTABLE(12b, 2b)
    EXTABLE(13b, 2b)
    EXTABLE(14b, 2b)
    EXTABLE(15b, 2b)
    EXTABLE(16b, 2b)
    EXTABLE(17b, 2b)
    EXTABLE(2b, 3b)
    .size uaccess_copy, . - uaccess_copy

/* size_t uaccess_clear(void *dst, size_t n): bytes NOT cleared.  Qwords,
   then the tail; a fault among the qwords is retried byte by byte, as in
   uaccess_copy. */
    .globl uaccess_clear
    .type uaccess_clear, @function
uaccess_clear:
    movq %rsi, %rcx
    shrq $3, %rcx
    andl $7, %esi
    xorl %eax, %eax
1:  rep stosq
    movq %rsi, %rcx
2:  rep stosb
3:  movq %rcx, %rax
    ret
4:  leaq (%rsi, %rcx, 8), %rcx
    xorl %eax, %eax
    jmp 2b
    EXTABLE(1b, 4b)
    EXTABLE(2b, 3b)
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
