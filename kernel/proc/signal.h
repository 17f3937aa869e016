/*
 * kernel/proc/signal.h: POSIX signals with Linux's numbers and structures
 * (signal(7), include/uapi/asm-generic/signal.h, arch/x86 sigframe layout).
 *
 * A signal is made pending by kill(), ^C, a fault or a child's exit, and is
 * acted on when the process is about to return to user mode: ignored,
 * terminating it (the default for most), or running its handler on its user
 * stack with a frame that rt_sigreturn undoes.
 */
#ifndef PAGELAB_PROC_SIGNAL_H
#define PAGELAB_PROC_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/proc/siginfo.h"
#include "libc/include/pagelab/signal_values.h"

/* Signals 1..NSIG: the kernel keeps one bit and one action per signal
   (libc's NSIG is 65, one past the last, as glibc's is). */
#define NSIG 64

#define SIG_DFL 0
#define SIG_IGN 1

static inline uint64_t sig_bit(int sig) { return 1ull << (sig - 1); }

/* struct sigaction as the rt_sigaction syscall passes it (kernel_sigaction). */
struct k_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

struct sighand;

/* Per task: its mask and the signals sent to it alone (tkill, tgkill, its
   faults); the handlers are shared (thread_group.h, struct sighand) and
   signals sent to the process wait in its group's shared_pending. */
struct signal_state {
    struct sigpending pending;
    uint64_t blocked;
    struct sighand *hand;
    /* ppoll, pselect6, epoll_pwait, rt_sigsuspend: the mask to restore once
       the call's own mask has served (signal_mask_swap_in). */
    uint64_t saved_blocked;
    bool restore_saved;
    /* sigaltstack(2): the alternate stack of this thread (size 0: none) and
       its SS_AUTODISARM flag; handlers with SA_ONSTACK run on it. */
    uint64_t alt_sp, alt_size;
    bool alt_autodisarm;
    /* The syscall this task is returning from (-1: none, or its return
       must not be restarted): SA_RESTART and stop signals restart it. */
    long syscall_nr;
    /* rt_sigtimedwait: the signals it waits for (they wake it, blocked
       or ignored as they may be). */
    uint64_t sigwait_set;
};

struct proc;
struct trap_frame;

/* sigaltstack(2) for the caller, stack_t values already copied in (ss NULL:
   query only); *old gets the previous setting.  0, -EPERM (changing it
   while running on it), -EINVAL (bad flags), -ENOMEM (smaller than
   MINSIGSTKSZ). */
struct alt_stack {
    uint64_t sp;
    int32_t flags, pad;
    uint64_t size;
};
int signal_altstack(const struct alt_stack *ss, struct alt_stack *old, uint64_t user_sp);

/* Makes sig pending for p's process (kill(2): process-directed): one of its
   threads that does not block sig takes it (p itself if it can), and is
   woken if it sleeps.  0 or -EINVAL. */
int signal_send(struct proc *p, int sig);
/* Makes sig pending for task t alone (tkill, tgkill).  0 or -EINVAL. */
int signal_send_thread(struct proc *t, int sig);
/* The same with the siginfo the receiver sees (sigqueue, SIGCHLD, tkill):
   0, -EINVAL, or -EAGAIN when a real-time signal cannot be queued. */
int signal_send_info(struct proc *p, const struct ksiginfo *info);
int signal_send_thread_info(struct proc *t, const struct ksiginfo *info);
/* A POSIX timer's signal (kernel/proc/ptimer.c) to p's process, or to
   thread when it is not NULL: queued whatever RLIMIT_SIGPENDING says, the
   timer having been charged for it when it was made. */
int signal_send_timer(struct proc *p, struct proc *thread, const struct ksiginfo *info);
/* Takes the lowest signal of mask pending for the running task (its own
   first, then its process's) into *info; false if none. */
bool signal_dequeue(uint64_t mask, struct ksiginfo *info);
/* Drops every pending instance of the signals in mask in p's process and
   all its threads (sigaction to SIG_IGN, SIGCONT and the stop signals). */
void signal_discard(struct proc *p, uint64_t mask);
/* Is sig's default action to stop the process (SIGSTOP, SIGTSTP, SIGTTIN,
   SIGTTOU)? */
bool signal_default_stops(int sig);
/* SIGKILL to task t from the kernel itself (exit_group, execve ending the
   other threads): init's and every task's, no immunity. */
void signal_kill_thread(struct proc *t);
/* Sends sig to every process of process group pgid; -ESRCH if none. */
int signal_send_group(int pgid, int sig);
/* Is a signal waiting that should interrupt the running process's sleep? */
bool signal_pending_current(void);

/* ppoll, pselect6, epoll_pwait: the running process blocks `mask` instead
   of its own set for the rest of the call (SIGKILL and SIGSTOP stay
   unblockable).  signal_mask_swap_out(interrupted) ends it: the own set
   comes back at once, or, when the call was interrupted (-EINTR), after
   the handler of the signal that interrupted it has been set up, so that
   the handler runs under the call's mask and returns to the own set (the
   signal frame saves the own set), as on Linux. */
void signal_mask_swap_in(uint64_t mask);
void signal_mask_swap_out(bool interrupted);

/* Acts on pending signals before returning to user mode with frame tf. */
void signal_deliver(struct trap_frame *tf);
/* Resets handlers to SIG_DFL (ignored ones stay ignored) for execve. */
void signal_exec_reset(struct sighand *h);
/* The signals that would interrupt p now (pending for it or its process,
   not blocked, not ignored). */
uint64_t signal_deliverable(const struct proc *p);
const char *signal_name(int sig);
/* The most stack a signal frame takes (AT_MINSIGSTKSZ: what a handler's
   stack must hold besides the handler's own needs). */
uint64_t signal_frame_size(void);

/* Does sig do nothing to p now (SIG_IGN, or a default of "ignore")? */
bool signal_is_ignored(const struct proc *p, int sig);
/* SIGKILL and SIGSTOP: never blocked, caught or ignored. */
#define SIGNAL_UNBLOCKABLE ((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)))

/* An exception in user code (from the entry code, kernel/entry/trap.c): sig
   is the signal it means (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGKILL
   when a fault found no memory), addr the address involved (CR2 for a page
   fault, else the faulting rip), what the exception's name.  The handler
   runs if the program has one; otherwise one line says what happened and
   the process dies of the signal. */
void signal_user_fault(struct trap_frame *tf, int sig, uint64_t addr, const char *what);

/* rt_sigreturn: restores the registers and mask saved by the handler's
   frame on the user stack at tf->rsp; returns the restored rax.  A bad
   frame kills the process. */
long signal_return(struct trap_frame *tf);

/* The last work before any return to user mode (syscall, interrupt, a new
   process's first entry): pending signals are acted on. */
void proc_return_to_user_prepare(struct trap_frame *tf);

/* The return from an interrupted call (-EINTR in tf->rax) with act the
   handler about to run (NULL: none ran): restarts the call, as Linux does
   for SA_RESTART and for signals that ran no handler (a stop, then
   SIGCONT), except the calls signal(7) says are never restarted
   (kernel/proc/sigrestart.c). */
struct k_sigaction;
void signal_restart_syscall(struct trap_frame *tf, const struct k_sigaction *act);

/* Hands the terminals their job-control operations. */
void signal_init(void);

#endif
