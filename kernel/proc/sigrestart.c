/*
 * kernel/proc/sigrestart.c: restarting a call a signal interrupted
 * (signal(7), "Interruption of system calls and library functions by
 * signal handlers").
 *
 * An interrupted blocking call returns -EINTR.  On the way back to user
 * mode it is restarted instead (rax back to the call's number, rip back
 * over the 2-byte `syscall` instruction) when
 *   - a handler with SA_RESTART runs, unless the call is one that is never
 *     restarted after a handler (timeouts, sigsuspend, poll ...);
 *   - no handler runs at all (a stop signal then SIGCONT, or a signal
 *     ignored by then), unless it is one of the calls signal(7) lists as
 *     failing with EINTR after a stop even so.
 * A handler without SA_RESTART sees EINTR.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/task.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "libc/include/pagelab/syscall_nr.h"

#define SYSCALL_INSN_LEN 2 /* 0f 05 */

/* Never restarted after a handler, SA_RESTART or not (signal(7)). */
static bool never_after_handler(long nr)
{
    switch (nr) {
    case SYS_poll:
    case SYS_ppoll:
    case SYS_select:
    case SYS_pselect6:
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
    case SYS_epoll_pwait2:
    case SYS_pause:
    case SYS_rt_sigsuspend:
    case SYS_rt_sigtimedwait:
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
    case SYS_semop:
    case SYS_semtimedop:
    case SYS_msgrcv:
    case SYS_msgsnd:
        return true;
    default:
        return false;
    }
}

/* Fail with EINTR after a stop and SIGCONT, no handler involved (Linux). */
static bool eintr_after_stop(long nr)
{
    switch (nr) {
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
    case SYS_epoll_pwait2:
    case SYS_semop:
    case SYS_semtimedop:
    case SYS_rt_sigtimedwait:
        return true;
    default:
        return false;
    }
}

void task_no_restart(void)
{
    if (current)
        current->sig.syscall_nr = -1;
}

void signal_restart_syscall(struct trap_frame *tf, const struct k_sigaction *act)
{
    struct proc *p = current;
    long nr = p->sig.syscall_nr;
    if (nr < 0 || tf->vector != SYSCALL_VECTOR || (long)tf->rax != -EINTR)
        return;
    bool restart =
        act ? (act->flags & SA_RESTART) && !never_after_handler(nr) : !eintr_after_stop(nr);
    if (!restart)
        return;
    p->sig.syscall_nr = -1; /* once */
    tf->rax = (uint64_t)nr;
    tf->rip -= SYSCALL_INSN_LEN;
}
