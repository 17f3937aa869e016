/*
 * kernel/proc/syscall.c: syscall MSR set-up and the dispatcher.  Handlers
 * are registered by number from each subsystem's init, so this table knows
 * no subsystem.
 */
#include "kernel/proc/syscall.h"
#include "kernel/arch/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

/* SDM vol. 4, table 2-2; vol. 3A, 5.8.8 "Fast System Calls in 64-Bit Mode". */
#define MSR_EFER      0xc0000080
#define EFER_SCE      (1ull << 0)
#define MSR_STAR      0xc0000081
#define MSR_LSTAR     0xc0000082
#define MSR_SFMASK    0xc0000084
#define RFLAGS_TF     (1ull << 8)
#define RFLAGS_DF     (1ull << 10)
#define RFLAGS_AC     (1ull << 18)
/* syscall loads CS = STAR[47:32] (kernel code 0x08), SS = +8; sysret loads
   CS = STAR[63:48] + 16 (0x23 user code), SS = STAR[63:48] + 8 (0x1b). */
#define STAR_SYSCALL_CS 0x08ull
#define STAR_SYSRET_BASE 0x10ull

extern void syscall_entry(void);
uint64_t syscall_kernel_rsp;

static syscall_fn table[SYSCALL_MAX];
static uint8_t reported_unknown[SYSCALL_MAX / 8 + 1];

void syscall_register(unsigned nr, syscall_fn fn)
{
    if (nr >= SYSCALL_MAX || (table[nr] && table[nr] != fn))
        panic("syscall_register: number %u taken or out of range", nr);
    table[nr] = fn;
}

void syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    wrmsr(MSR_STAR, (STAR_SYSRET_BASE << 48) | (STAR_SYSCALL_CS << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    wrmsr(MSR_SFMASK, RFLAGS_IF_BIT | RFLAGS_DF | RFLAGS_AC | RFLAGS_TF);
}

static long unknown_syscall(uint64_t nr)
{
    if (nr < SYSCALL_MAX) {
        if (reported_unknown[nr / 8] & (1u << (nr % 8)))
            return -ENOSYS;
        reported_unknown[nr / 8] |= 1u << (nr % 8);
    }
    printk("pid %d (%s): unknown syscall %lu: ENOSYS\n", current->pid, current->comm, nr);
    return -ENOSYS;
}

void syscall_dispatch(struct trap_frame *tf)
{
    uint64_t nr = tf->rax;
    syscall_fn fn = nr < SYSCALL_MAX ? table[nr] : NULL;
    long r = fn ? fn(tf, tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9) : unknown_syscall(nr);
    /* rt_sigreturn returns the rax it restored; execve returns 0, the rax
       a new program starts with. */
    tf->rax = (uint64_t)r;
    proc_return_to_user_prepare(tf);
}

void proc_return_to_user_prepare(struct trap_frame *tf)
{
    signal_deliver(tf);
}
