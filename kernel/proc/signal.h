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

#include "libc/include/pagelab/signal_values.h"

/* Signals 1..NSIG: the kernel keeps one bit and one action per signal
   (libc's NSIG is 65, one past the last, as glibc's is). */
#define NSIG      64

#define SIG_DFL   0
#define SIG_IGN   1

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
