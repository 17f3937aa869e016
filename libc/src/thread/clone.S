/*
 * clone.S: the two pieces of thread life that must not use the stack.
 *
 * __thread_clone(flags, stack, ptid, ctid, tls, fn): clone(2) (number 56;
 * arguments rdi rsi rdx r10 r8).  fn is stored on the new stack first, so
 * the child, which starts with the parent's registers on that stack, pops
 * and calls it; fn never returns.  The parent returns the new thread's id
 * or -errno.
 *
 * __unmap_self_and_exit(base, size): munmap (11) of the mapping holding
 * the caller's own stack, then exit (60) of the thread, in registers only.
 */
    .text
    .globl __thread_clone
    .type __thread_clone, @function
__thread_clone:
    sub $8, %rsi
    mov %r9, (%rsi)
    mov %rcx, %r10
    mov $56, %eax
    syscall
    test %rax, %rax
    jnz 1f
    xor %ebp, %ebp          /* the child: an empty frame chain */
    pop %rax
    call *%rax
    ud2
1:  ret
    .size __thread_clone, .-__thread_clone

    .globl __unmap_self_and_exit
    .type __unmap_self_and_exit, @function
__unmap_self_and_exit:
    mov $11, %eax
    syscall
    xor %edi, %edi
    mov $60, %eax
    syscall
    ud2
    .size __unmap_self_and_exit, .-__unmap_self_and_exit

    .section .note.GNU-stack,"",@progbits
