/*
 * syscall_raw.h: the Linux x86-64 system call instruction.  Number in rax,
 * arguments in rdi, rsi, rdx, r10, r8, r9; the kernel clobbers rcx and r11
 * and returns -errno (-4095..-1) on failure.
 */
#ifndef LIBC_SYSCALL_RAW_H
#define LIBC_SYSCALL_RAW_H
#include <sys/syscall.h>

static inline long __sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

#define __sys0(n) __sys6(n, 0, 0, 0, 0, 0, 0)
#define __sys1(n, a) __sys6(n, (long)(a), 0, 0, 0, 0, 0)
#define __sys2(n, a, b) __sys6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define __sys3(n, a, b, c) __sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __sys4(n, a, b, c, d) __sys6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* Turns a raw return into the C convention: -1 with errno set. */
long __syscall_ret(long r);

#endif
