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

#define NSIG      64
#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGURG    23
#define SIGWINCH  28

#define SIG_DFL   0
#define SIG_IGN   1

#define SA_SIGINFO   0x00000004
#define SA_RESTORER  0x04000000
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000
#define SA_NODEFER   0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK    0
#define SIG_UNBLOCK  1
#define SIG_SETMASK  2

static inline uint64_t sig_bit(int sig) { return 1ull << (sig - 1); }

/* struct sigaction as the rt_sigaction syscall passes it (kernel_sigaction). */
struct k_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

struct signal_state {
    uint64_t pending;
    uint64_t blocked;
    struct k_sigaction action[NSIG];
};

struct proc;
struct trap_frame;

/* Makes sig pending for p (waking it if it sleeps). 0 or -EINVAL. */
int signal_send(struct proc *p, int sig);
/* Sends sig to every process of group pgid; -ESRCH if none. */
int signal_send_group(int pgid, int sig);
/* Acts on pending signals before returning to user mode with frame tf. */
void signal_deliver(struct trap_frame *tf);
/* Resets handlers to SIG_DFL (ignored ones stay ignored) for execve. */
void signal_exec_reset(struct signal_state *s);
const char *signal_name(int sig);

long sys_rt_sigaction(int sig, uint64_t uact, uint64_t uold, uint64_t sigsetsize);
long sys_rt_sigprocmask(int how, uint64_t uset, uint64_t uold, uint64_t sigsetsize);
long sys_rt_sigreturn(struct trap_frame *tf);
long sys_kill(int pid, int sig);
/* Installs the fault hook and registers the signal syscalls. */
void signal_init(void);

#endif
