/* In-kernel tests of the return-to-user self-check (user_return_check.h). */
#include "kernel/fs/vfs.h"
#include "kernel/hw/io.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/sleeplock.h"
#include "kernel/lib/spinlock.h"
#include "kernel/syscall/user_return_check.h"

static struct spinlock test_lock = SPINLOCK_INIT("user_return_check_test");

KTEST(return_to_user_check_catches_a_held_lock_or_interrupts_off)
{
    KEXPECT(user_return_problem(0) == NULL);
    uint64_t flags = spin_lock_irqsave(&test_lock);
    const char *with_spinlock = user_return_problem(-1); /* a trap: interrupts may be off */
    const char *irqs_off = user_return_problem(0);
    spin_unlock_irqrestore(&test_lock, flags);
    KEXPECT(with_spinlock != NULL);
    KEXPECT(irqs_off != NULL);
    sleeplock_acquire(&namespace_lock);
    const char *with_sleeplock = user_return_problem(0);
    sleeplock_release(&namespace_lock);
    KEXPECT(with_sleeplock != NULL);
    KEXPECT(user_return_problem(0) == NULL);
}
