/*
 * kernel/proc/syscall.h: the system-call interface, Linux x86-64 ABI:
 * rax = number (Linux's arch/x86/entry/syscalls/syscall_64.tbl), arguments
 * in rdi, rsi, rdx, r10, r8, r9, result (or -errno) in rax.  rcx and r11 are
 * clobbered by the syscall instruction itself (SDM vol. 2B, SYSCALL).
 */
#ifndef PAGELAB_PROC_SYSCALL_H
#define PAGELAB_PROC_SYSCALL_H

#include <stdint.h>
#include "kernel/arch/trap.h"

#include "kernel/proc/syscall_consts.h"   /* SYSCALL_VECTOR: the frame's "vector" */

typedef long (*syscall_fn)(struct trap_frame *tf, uint64_t a0, uint64_t a1, uint64_t a2,
                           uint64_t a3, uint64_t a4, uint64_t a5);

#define SYSCALL_MAX 1100

/* Registers a handler for syscall number nr (used by fs/, ipc/ ...).
   Numbers below 1000 are Linux's; pagelab's own calls use 1000 and up. */
void syscall_register(unsigned nr, syscall_fn fn);

/* Sets the syscall MSRs (EFER.SCE, STAR, LSTAR, SFMASK). */
void syscall_init(void);

/* Kernel stack top for syscall entry: the running process's (set on switch). */
extern uint64_t syscall_kernel_rsp;

/* Called from syscall entry with the user registers. */
void syscall_dispatch(struct trap_frame *tf);
/* Last work before any return to user mode: signals, rescheduling. */
void proc_return_to_user_prepare(struct trap_frame *tf);

#define SYSCALL_ARGS struct trap_frame *tf, uint64_t a0, uint64_t a1, uint64_t a2, \
                     uint64_t a3, uint64_t a4, uint64_t a5

#endif
