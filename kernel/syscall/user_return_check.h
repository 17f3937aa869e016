/*
 * kernel/syscall/user_return_check.h: a debug-build self-check at every
 * return to user space (the end of each system call, of each trap from
 * user mode): after a syscall interrupts are on, and the task holds no
 * lock.  A kernel path
 * that forgets an unlock or an irq_restore is caught where it returns,
 * with the syscall's name, instead of hanging the machine later.
 */
#ifndef PAGELAB_SYSCALL_USER_RETURN_CHECK_H
#define PAGELAB_SYSCALL_USER_RETURN_CHECK_H

#include <stdint.h>

/* what: the syscall number, or -1 for a trap; panics when a check fails
   (debug builds: nothing with NDEBUG). */
void user_return_check(int64_t what);
/* What is wrong now, or NULL (the check itself, for its tests). */
const char *user_return_problem(int64_t what);

#endif
