/* signal.c: signal dispositions and masks over rt_sigaction / rt_sigprocmask. */
#include <signal.h>
#include <errno.h>
#include <unistd.h>
#include "libc_internal.h"

/* The kernel's struct sigaction for x86-64 (handler, flags, restorer, mask):
 * a different order from the user's, so it is translated here. */
struct k_sigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

/* After a handler returns, the kernel's signal frame sends it here;
 * rt_sigreturn restores the interrupted context from that frame. */
void __restore_rt(void);
__asm__(".text\n"
        ".globl __restore_rt\n"
        ".type __restore_rt, @function\n"
        "__restore_rt:\n"
        "    mov $15, %eax\n"      /* SYS_rt_sigreturn */
        "    syscall\n"
        "    hlt\n");

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    struct k_sigaction kact, kold;
    if (act) {
        kact.handler = (void *)act->sa_handler;
        kact.flags = (unsigned long)(unsigned)act->sa_flags | SA_RESTORER;
        kact.restorer = __restore_rt;
        kact.mask = act->sa_mask.__bits;
    }
    long r = __sys4(SYS_rt_sigaction, sig, act ? &kact : 0, old ? &kold : 0, sizeof(unsigned long));
    if (r < 0)
        return (int)__syscall_ret(r);
    if (old) {
        old->sa_handler = (void (*)(int))kold.handler;
        old->sa_flags = (int)kold.flags;
        old->sa_restorer = kold.restorer;
        old->sa_mask.__bits = kold.mask;
    }
    return 0;
}

/* BSD semantics, as glibc gives: the handler stays installed and
 * interrupted system calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act = { 0 }, old = { 0 };
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    if (sigaction(sig, &act, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return (int)__syscall_ret(__sys4(SYS_rt_sigprocmask, how, set, old, sizeof(unsigned long)));
}

int sigpending(sigset_t *set)
{
    return (int)__syscall_ret(__sys2(SYS_rt_sigpending, set, sizeof(unsigned long)));
}

int sigsuspend(const sigset_t *mask)
{
    return (int)__syscall_ret(__sys2(SYS_rt_sigsuspend, mask, sizeof(unsigned long)));
}

int kill(pid_t pid, int sig) { return (int)__syscall_ret(__sys2(SYS_kill, pid, sig)); }
int killpg(pid_t pgrp, int sig) { return kill(-pgrp, sig); }
/* To the calling thread (as musl: tkill of its own id). */
int raise(int sig)
{
    return (int)__syscall_ret(__sys2(SYS_tkill, __sys0(SYS_gettid), sig));
}

static int valid(int sig)
{
    if (sig < 1 || sig >= NSIG) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

int sigemptyset(sigset_t *set) { set->__bits = 0; return 0; }
int sigfillset(sigset_t *set) { set->__bits = ~0UL; return 0; }

int sigaddset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    set->__bits |= 1UL << (sig - 1);
    return 0;
}

int sigdelset(sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    set->__bits &= ~(1UL << (sig - 1));
    return 0;
}

int sigismember(const sigset_t *set, int sig)
{
    if (!valid(sig))
        return -1;
    return (set->__bits >> (sig - 1)) & 1;
}
