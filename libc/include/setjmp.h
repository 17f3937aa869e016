/* setjmp.h (C11 7.13): non-local jumps.  The buffer holds the callee-saved
 * registers of the System V x86-64 ABI: rbx, rbp, r12-r15, rsp and the
 * return address. */
#ifndef _SETJMP_H
#define _SETJMP_H

typedef unsigned long jmp_buf[8];

int setjmp(jmp_buf env) __attribute__((returns_twice));
void longjmp(jmp_buf env, int value) __attribute__((noreturn));

#endif
