/* kernel/syscall/user_return_check.c: see user_return_check.h. */
#include "kernel/syscall/user_return_check.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/sleeplock.h"
#include "kernel/lib/spinlock.h"
#include "kernel/proc/proc.h"
#include "kernel/syscall/syscall.h"

#define RFLAGS_IF_BIT (1ull << 9)

static const char *name_of(int64_t what)
{
    if (what < 0)
        return "a trap from user mode";
    return what < SYSCALL_MAX && syscall_names[what] ? syscall_names[what] : "an unknown syscall";
}

const char *user_return_problem(int64_t what)
{
    uint64_t rflags;
    __asm__ volatile("pushfq; popq %0" : "=r"(rflags));
    /* a trap handler runs with interrupts off (iretq turns them back on) */
    if (what >= 0 && !(rflags & RFLAGS_IF_BIT))
        return "interrupts off on return to user space";
    if (spinlocks_held)
        return "spinlock held on return to user space";
    if (namespace_lock.owner == current)
        return "lock held on return to user space (the namespace lock)";
    return NULL;
}

void user_return_check(int64_t what)
{
#ifndef NDEBUG
    const char *problem = user_return_problem(what);
    if (problem)
        panic("%s, after %s (pid %d)", problem, name_of(what), current->pid);
#endif
}
