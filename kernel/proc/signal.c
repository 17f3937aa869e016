/*
 * kernel/proc/signal.c: sending signals, default actions, and running user
 * handlers with Linux's x86-64 signal frame (arch/x86/include/uapi/asm/
 * sigcontext.h, ucontext.h; the frame is what musl's and glibc's
 * SA_RESTORER trampolines expect when they call rt_sigreturn).
 */
#include "kernel/proc/signal.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/tty.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/io.h"
#include "kernel/hw/segments.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/task.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/fault.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/jobctl.h"
#include "kernel/proc/pgrp.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signalfd.h"

#define RED_ZONE         128 /* psABI 3.2.2: below rsp, owned by the function */
#define UC_FP_XSTATE     0x1
/* User-changeable RFLAGS bits: CF PF AF ZF SF TF DF OF AC (SDM vol. 1, 3.4.3). */
#define RFLAGS_USER_MASK 0x40dd5ull
#define MXCSR_OFFSET     24      /* in the FXSAVE area */
#define MXCSR_VALID      0xffbfu /* writable MXCSR bits on every SSE2 CPU */

struct sigcontext_linux {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate; /* user pointer to the FXSAVE image */
    uint64_t reserved1[8];
};

struct ucontext_linux {
    uint64_t uc_flags;
    uint64_t uc_link;
    uint64_t ss_sp; /* stack_t */
    int32_t ss_flags, ss_pad;
    uint64_t ss_size;
    struct sigcontext_linux mcontext;
    uint64_t sigmask;
};

struct rt_sigframe {
    uint64_t pretcode; /* the handler returns to the restorer */
    struct ucontext_linux uc;
    struct ksiginfo info;
};

_Static_assert(sizeof(struct sigcontext_linux) == 256, "Linux sigcontext is 256 bytes");
_Static_assert(sizeof(struct ucontext_linux) == 304, "Linux ucontext is 304 bytes");

static const uint64_t unblockable = SIGNAL_UNBLOCKABLE;

/* SIGCONT's default is to continue the process, which happens when it is
   sent (jobctl.c); once there it is ignored, as Linux's SIG_KERNEL_IGNORE. */
static bool default_is_ignore(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

bool signal_default_stops(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

bool signal_is_ignored(const struct proc *p, int sig)
{
    uint64_t h = p->sig.hand->action[sig - 1].handler;
    return h == SIG_IGN || (h == SIG_DFL && default_is_ignore(sig));
}

/* Signals that would do something if p returned to user mode now: its
   own and its process's, unless blocked or ignored. */
uint64_t signal_deliverable(const struct proc *p)
{
    uint64_t set =
        (p->sig.pending.set | p->group->shared_pending.set) & (~p->sig.blocked | unblockable);
    for (int sig = 1; sig <= NSIG && set; sig++)
        if ((set & sig_bit(sig)) && signal_is_ignored(p, sig) && sig != SIGKILL)
            set &= ~sig_bit(sig);
    return set;
}

/* A stopped process's tasks leave their interruptible sleeps too, to stop
   on their way back to user mode (and restart the call once continued). */
bool signal_pending_current(void)
{
    return current && !current->is_kthread &&
           (signal_deliverable(current) != 0 || current->group->stopped);
}

/* A sleeper re-checks its condition and sees the signal (sleeps that must
   not be interrupted just go back to sleep). */
static bool wake_for(struct proc *t, int sig)
{
    if (t->state == PROC_ZOMBIE)
        return false;
    if (t->sig.sigwait_set & sig_bit(sig)) { /* rt_sigtimedwait takes it */
        sched_wake(t);
        return true;
    }
    if (t->sig.blocked & sig_bit(sig) & ~unblockable)
        return false;
    if (t->state == PROC_SLEEPING && (signal_deliverable(t) & sig_bit(sig)))
        sched_wake(t);
    return true;
}

/* Linux's rules for init (SIGNAL_UNKILLABLE): a signal it has no handler
   for is dropped, SIGKILL and SIGSTOP included; only its own faults can
   end it.  Kernel threads take no signals at all. */
static bool immune(const struct proc *p, int sig)
{
    return p->is_kthread ||
           (p->tgid == INIT_PID && p->sig.hand->action[sig - 1].handler == SIG_DFL);
}

void signal_kill_thread(struct proc *t)
{
    uint64_t flags = irq_save();
    sigpending_add_bare(&t->sig.pending, SIGKILL);
    wake_for(t, SIGKILL);
    irq_restore(flags);
}

/* Linux's sig_ignored: an ignored signal is dropped when sent, unless the
   task it is sent to blocks it (the action may change before it unblocks,
   and sigwait takes blocked signals). */
static bool dropped(const struct proc *t, int sig)
{
    return sig != SIGKILL && signal_is_ignored(t, sig) && !(t->sig.blocked & sig_bit(sig));
}

/* Queues info in sp: a real-time signal from kill() that cannot be queued
   still becomes pending (without its siginfo); sigqueue's fails.  The
   process's POSIX timers hold their part of RLIMIT_SIGPENDING (ptimer.h);
   a timer's own signal (reserved) was charged when the timer was made and
   is always queued, as Linux preallocates it. */
static int enqueue(struct thread_group *g, struct sigpending *sp, const struct ksiginfo *info,
                   bool reserved)
{
    uint64_t rlim = g->rlim[RLIMIT_SIGPENDING].cur, timers = (uint64_t)g->ptimer_count;
    uint64_t limit = reserved ? UINT64_MAX : rlim > timers ? rlim - timers : 0;
    int r = sigpending_add(sp, info, &g->sigq_count, limit);
    if (r && (info->si_signo < SIGRTMIN_KERNEL || info->si_code == SI_USER ||
              info->si_code == SI_KERNEL)) {
        sigpending_add_bare(sp, info->si_signo);
        r = 0;
    }
    if (!r)
        signalfd_notify(); /* its readers may take it (signalfd.h) */
    return r;
}

/* kill()'s siginfo: SI_USER from the running process. */
static struct ksiginfo user_info(int sig)
{
    struct ksiginfo info = { .si_signo = sig, .si_code = SI_USER };
    if (current && !current->is_kthread) {
        struct task_cred c;
        task_current_cred(&c);
        info.kill.pid = c.pid;
        info.kill.uid = c.uid;
    }
    return info;
}

static int send_thread(struct proc *t, const struct ksiginfo *info, bool reserved)
{
    int sig = info->si_signo;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (sig == 0 || t->state == PROC_ZOMBIE || immune(t, sig))
        return 0;
    uint64_t flags = irq_save();
    jobctl_signal_sent(t->group, sig);
    int r = 0;
    if (!dropped(t, sig)) {
        r = enqueue(t->group, &t->sig.pending, info, reserved);
        if (!r)
            wake_for(t, sig);
    }
    irq_restore(flags);
    return r;
}

int signal_send_thread_info(struct proc *t, const struct ksiginfo *info)
{
    return send_thread(t, info, false);
}

int signal_send_thread(struct proc *t, int sig)
{
    struct ksiginfo info = user_info(sig);
    info.si_code = SI_TKILL;
    return signal_send_thread_info(t, &info);
}

static int send_process(struct proc *p, const struct ksiginfo *info, bool reserved)
{
    int sig = info->si_signo;
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    struct thread_group *g = p->group;
    if (sig == 0 || p->is_kthread || g->live == 0 || immune(p, sig))
        return 0;
    uint64_t flags = irq_save();
    jobctl_signal_sent(g, sig);
    if (dropped(p, sig)) {
        irq_restore(flags);
        return 0;
    }
    int r = enqueue(g, &g->shared_pending, info, reserved);
    if (r) {
        irq_restore(flags);
        return r;
    }
    /* The first thread that does not block it (p first, as Linux tries the
       one named) is woken to take it; with all blocking, it waits. */
    if (!wake_for(p, sig)) {
        struct list_head *l;
        list_for_each(l, &g->threads)
        {
            if (wake_for(list_entry(l, struct proc, group_link), sig))
                break;
        }
    }
    irq_restore(flags);
    return 0;
}

int signal_send_info(struct proc *p, const struct ksiginfo *info)
{
    return send_process(p, info, false);
}

int signal_send_timer(struct proc *p, struct proc *thread, const struct ksiginfo *info)
{
    return thread ? send_thread(thread, info, true) : send_process(p, info, true);
}

int signal_send(struct proc *p, int sig)
{
    struct ksiginfo info = user_info(sig);
    return signal_send_info(p, &info);
}

void signal_discard(struct proc *p, uint64_t mask)
{
    struct thread_group *g = p->group;
    uint64_t flags = irq_save();
    sigpending_flush(&g->shared_pending, mask, &g->sigq_count);
    struct list_head *l;
    list_for_each(l, &g->threads)
    {
        sigpending_flush(&list_entry(l, struct proc, group_link)->sig.pending, mask,
                         &g->sigq_count);
    }
    irq_restore(flags);
}

bool signal_dequeue(uint64_t mask, struct ksiginfo *info)
{
    struct proc *p = current;
    uint64_t flags = irq_save();
    uint64_t own = p->sig.pending.set & mask;
    uint64_t shared = p->group->shared_pending.set & mask;
    bool found = false;
    if (own || shared) {
        struct sigpending *sp = own ? &p->sig.pending : &p->group->shared_pending;
        int sig = __builtin_ctzll(own ? own : shared) + 1;
        found = sigpending_take(sp, sig, info, &p->group->sigq_count);
        if (found && info->si_code == SI_TIMER)
            ptimer_signal_taken(p->group, info);
    }
    irq_restore(flags);
    return found;
}

int signal_send_group(int pgid, int sig)
{
    int found = 0, r = 0;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pgid == pgid && proc_is_leader(p) && !p->is_kthread && p->group->live > 0) {
            found++;
            r = signal_send(p, sig);
        }
    }
    return found ? r : -ESRCH;
}

void signal_exec_reset(struct sighand *h)
{
    for (int i = 0; i < NSIG; i++) {
        if (h->action[i].handler != SIG_IGN)
            h->action[i].handler = SIG_DFL;
        h->action[i].flags = 0;
        h->action[i].restorer = 0;
        h->action[i].mask = 0;
    }
}

const char *signal_name(int sig)
{
    static const char *const names[] = {
        [SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
        [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
        [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
        [SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN",
        [SIGTTOU] = "SIGTTOU",
    };
    if (sig > 0 && sig < (int)(sizeof names / sizeof names[0]) && names[sig])
        return names[sig];
    return "signal";
}

static void save_registers(struct sigcontext_linux *sc, const struct trap_frame *tf)
{
    *sc = (struct sigcontext_linux){
        .r8 = tf->r8,
        .r9 = tf->r9,
        .r10 = tf->r10,
        .r11 = tf->r11,
        .r12 = tf->r12,
        .r13 = tf->r13,
        .r14 = tf->r14,
        .r15 = tf->r15,
        .rdi = tf->rdi,
        .rsi = tf->rsi,
        .rbp = tf->rbp,
        .rbx = tf->rbx,
        .rdx = tf->rdx,
        .rax = tf->rax,
        .rcx = tf->rcx,
        .rsp = tf->rsp,
        .rip = tf->rip,
        .eflags = tf->rflags,
        .cs = USER_CS,
        .ss = USER_DS,
        .err = tf->error_code,
        .trapno = tf->vector,
    };
}

#define SS_ONSTACK    1 /* include/uapi/linux/signal.h */
#define SS_DISABLE    2
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ   2048

static bool on_alt_stack(const struct signal_state *s, uint64_t sp)
{
    return s->alt_size && sp > s->alt_sp &&
           sp - s->alt_sp <= s->alt_size; /* Linux: (sp, sp + size] */
}

static void alt_stack_of(const struct signal_state *s, uint64_t user_sp, struct alt_stack *out)
{
    out->sp = s->alt_sp;
    out->size = s->alt_size;
    out->pad = 0;
    out->flags = !s->alt_size ? SS_DISABLE : on_alt_stack(s, user_sp) ? SS_ONSTACK : 0;
    if (s->alt_autodisarm)
        out->flags |= (int32_t)SS_AUTODISARM;
}

int signal_altstack(const struct alt_stack *ss, struct alt_stack *old, uint64_t user_sp)
{
    struct signal_state *s = &current->sig;
    if (old)
        alt_stack_of(s, user_sp, old);
    if (!ss)
        return 0;
    if (on_alt_stack(s, user_sp))
        return -EPERM;
    int mode = ss->flags & ~(int32_t)SS_AUTODISARM;
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == SS_DISABLE) {
        s->alt_sp = s->alt_size = 0;
        s->alt_autodisarm = false;
        return 0;
    }
    if (ss->size < MINSIGSTKSZ)
        return -ENOMEM;
    s->alt_sp = ss->sp;
    s->alt_size = ss->size;
    s->alt_autodisarm = (ss->flags & (int32_t)SS_AUTODISARM) != 0;
    return 0;
}

uint64_t signal_frame_size(void)
{
    return RED_ZONE + FPU_STATE_SIZE + 64 + sizeof(struct rt_sigframe) + 16 + 8;
}

/* Builds the frame on the user stack and points tf at the handler.
   Returns false if the stack is unusable (the caller kills). */
static bool setup_frame(struct trap_frame *tf, const struct k_sigaction *act,
                        const struct ksiginfo *info, uint64_t saved_mask)
{
    struct proc *p = current;
    uint64_t sp = tf->rsp - RED_ZONE;
    struct alt_stack alt;
    alt_stack_of(&p->sig, tf->rsp, &alt); /* the frame records it for rt_sigreturn */
    if ((act->flags & SA_ONSTACK) && p->sig.alt_size && !on_alt_stack(&p->sig, tf->rsp)) {
        sp = p->sig.alt_sp + p->sig.alt_size; /* no red zone: nothing runs there yet */
        if (p->sig.alt_autodisarm)            /* the handler may switch away and back */
            p->sig.alt_sp = p->sig.alt_size = 0;
    }
    uint64_t fpstate = (sp - FPU_STATE_SIZE) & ~63ull;
    sp = ((fpstate - sizeof(struct rt_sigframe)) & ~15ull) - 8; /* as after a call */

    struct rt_sigframe f;
    memset(&f, 0, sizeof f);
    f.pretcode = act->restorer;
    f.uc.uc_flags = 0;
    f.uc.ss_sp = alt.sp;
    f.uc.ss_flags = alt.flags;
    f.uc.ss_size = alt.size;
    save_registers(&f.uc.mcontext, tf);
    f.uc.mcontext.oldmask = saved_mask;
    f.uc.mcontext.fpstate = fpstate;
    f.uc.mcontext.cr2 = info->si_code == SI_KERNEL ? info->addr : 0;
    f.uc.sigmask = saved_mask; /* rt_sigreturn restores it */
    f.info = *info;

    fpu_save(p->fpu);
    if (copy_to_user((void *)fpstate, p->fpu, FPU_STATE_SIZE, MECH_OTHER) ||
        copy_to_user((void *)sp, &f, sizeof f, MECH_OTHER))
        return false;

    tf->rip = act->handler;
    tf->rsp = sp;
    tf->rdi = (uint64_t)info->si_signo;
    tf->rsi = sp + offsetof(struct rt_sigframe, info);
    tf->rdx = sp + offsetof(struct rt_sigframe, uc);
    tf->rax = 0;
    tf->rflags &= ~RFLAGS_DF; /* DF clear on entry (psABI) */
    fpu_init_state(p->fpu);   /* handlers start with a clean FPU, as on Linux */
    fpu_restore(p->fpu);
    return true;
}

/* Runs sig's handler (true: its frame is on the user stack), or its
   default action (which may end the process). */
static bool act_on_signal(struct trap_frame *tf, const struct ksiginfo *info);

/* After a mask swapped in by sigsuspend, ppoll & co.: the own mask comes
   back now unless a handler's frame carries it (rt_sigreturn restores it). */
static bool act_on(struct trap_frame *tf, const struct ksiginfo *info)
{
    struct proc *p = current;
    bool frame = act_on_signal(tf, info);
    if (!frame && p->sig.restore_saved) {
        p->sig.blocked = p->sig.saved_blocked;
        p->sig.restore_saved = false;
    }
    return frame;
}

static bool act_on_signal(struct trap_frame *tf, const struct ksiginfo *info)
{
    struct proc *p = current;
    int sig = info->si_signo;
    struct k_sigaction *act = &p->sig.hand->action[sig - 1];
    if (sig != SIGKILL && act->handler == SIG_IGN)
        return false;
    if (sig == SIGKILL || act->handler == SIG_DFL) {
        if (default_is_ignore(sig) && sig != SIGKILL)
            return false;
        proc_exit(wait_status_signaled(sig));
    }
    /* A mask swapped in by ppoll & co. is the handler's; the frame returns
       to the process's own one. */
    uint64_t saved = p->sig.restore_saved ? p->sig.saved_blocked : p->sig.blocked;
    p->sig.restore_saved = false;
    signal_restart_syscall(tf, act); /* before the frame saves the registers */
    if (!(act->flags & SA_RESTORER) || !setup_frame(tf, act, info, saved)) {
        pr_err("pid %d (%s): %s: cannot run its handler (no restorer or bad stack)\n", p->tgid,
               p->comm, signal_name(sig));
        proc_exit(wait_status_signaled(sig == SIGSEGV ? sig : SIGSEGV));
    }
    p->sig.blocked |= act->mask & ~unblockable;
    if (!(act->flags & SA_NODEFER))
        p->sig.blocked |= sig_bit(sig);
    if (act->flags & SA_RESETHAND)
        act->handler = SIG_DFL;
    return true;
}

void signal_mask_swap_in(uint64_t mask)
{
    struct proc *p = current;
    if (!p->sig.restore_saved)
        p->sig.saved_blocked = p->sig.blocked;
    p->sig.restore_saved = true;
    p->sig.blocked = mask & ~unblockable;
}

void signal_mask_swap_out(bool interrupted)
{
    struct proc *p = current;
    if (!p->sig.restore_saved || interrupted)
        return; /* interrupted: signal_deliver restores it after the handler's frame */
    p->sig.blocked = p->sig.saved_blocked;
    p->sig.restore_saved = false;
}

void signal_deliver(struct trap_frame *tf)
{
    struct proc *p = current;
    if (!p || p->is_kthread || !trap_from_user(tf))
        return;
    for (;;) {
        if (p->group->stopped)
            jobctl_stopped_wait(); /* until SIGCONT or SIGKILL */
        uint64_t set = signal_deliverable(p);
        if (!set && p->sig.restore_saved) {
            /* Interrupted, but no handler to run (the signal was ignored by
               then): the own mask comes back, and may let another signal in. */
            p->sig.blocked = p->sig.saved_blocked;
            p->sig.restore_saved = false;
            set = signal_deliverable(p);
        }
        if (!set)
            break;
        /* The task's own signals first, then its process's (as Linux). */
        struct ksiginfo info;
        if (!signal_dequeue(set, &info))
            break;
        int sig = info.si_signo;
        if (sig != SIGKILL && signal_default_stops(sig) &&
            p->sig.hand->action[sig - 1].handler == SIG_DFL) {
            /* The terminal's stops are not for a group nobody could
               continue (POSIX, as Linux): only SIGSTOP stops it. */
            if (sig == SIGSTOP || !pgrp_orphaned(p->pgid))
                jobctl_stop(sig);
            continue;
        }
        if (act_on(tf, &info))
            return; /* a handler's frame: restarting was decided there */
    }
    /* No handler ran: an interrupted call starts again (stop signals,
       ignored ones), as Linux restarts its ERESTART* calls. */
    signal_restart_syscall(tf, NULL);
}

/* "write to unmapped address 0x1000": what a page fault tried, and why it failed. */
static void describe_page_fault(const struct trap_frame *tf, uint64_t addr, char *buf, size_t size)
{
    unsigned err = (unsigned)tf->error_code;
    const char *access = (err & PF_INSTR)   ? "instruction fetch from"
                         : (err & PF_WRITE) ? "write to"
                                            : "read from";
    const struct vma *v = vm_current ? vm_find(vm_current, addr) : NULL;
    const char *kind = !v                                               ? "unmapped address"
                       : (err & PF_WRITE) && !(v->prot & VM_PROT_WRITE) ? "read-only address"
                       : (err & PF_INSTR) && !(v->prot & VM_PROT_EXEC)  ? "non-executable address"
                       : (err & PF_RSVD)                                ? "corrupt page table at"
                                                                        : "inaccessible address";
    snprintf(buf, size, "%s %s %#lx", access, kind, addr);
}

void signal_user_fault(struct trap_frame *tf, int sig, uint64_t addr, const char *what)
{
    struct proc *p = current;
    const struct k_sigaction *act = &p->sig.hand->action[sig - 1];
    bool handled = sig != SIGKILL && act->handler != SIG_DFL && act->handler != SIG_IGN &&
                   !(p->sig.blocked & sig_bit(sig));
    if (handled) {
        struct ksiginfo info = { .si_signo = sig, .si_code = SI_KERNEL, .addr = addr };
        act_on(tf, &info);
        return;
    }
    char desc[96];
    if (tf->vector == T_PAGE_FAULT)
        describe_page_fault(tf, addr, desc, sizeof desc);
    else
        snprintf(desc, sizeof desc, "%s", what);
    /* The whole process dies of it; in a threaded one, say which thread. */
    char who[24] = "";
    if (!proc_is_leader(p) || p->group->live > 1)
        snprintf(who, sizeof who, " tid %d", p->pid);
    pr_err("pid %d (%s)%s: %s: %s at rip %#lx\n", p->tgid, p->comm, who, signal_name(sig), desc,
           tf->rip);
    proc_exit(wait_status_signaled(sig));
}

long signal_return(struct trap_frame *tf)
{
    struct proc *p = current;
    struct ucontext_linux uc;
    uint64_t frame_sp = tf->rsp; /* on the alternate stack if the handler ran there */
    if (copy_from_user(&uc, (void *)tf->rsp, sizeof uc, MECH_OTHER))
        goto bad;
    const struct sigcontext_linux *sc = &uc.mcontext;
    if (sc->fpstate) {
        if (copy_from_user(p->fpu, (void *)sc->fpstate, FPU_STATE_SIZE, MECH_OTHER))
            goto bad;
        uint32_t *mxcsr = (uint32_t *)(p->fpu + MXCSR_OFFSET);
        *mxcsr &= MXCSR_VALID; /* fxrstor faults on reserved MXCSR bits */
        fpu_restore(p->fpu);
    }
    tf->r8 = sc->r8;
    tf->r9 = sc->r9;
    tf->r10 = sc->r10;
    tf->r11 = sc->r11;
    tf->r12 = sc->r12;
    tf->r13 = sc->r13;
    tf->r14 = sc->r14;
    tf->r15 = sc->r15;
    tf->rdi = sc->rdi;
    tf->rsi = sc->rsi;
    tf->rbp = sc->rbp;
    tf->rbx = sc->rbx;
    tf->rdx = sc->rdx;
    tf->rcx = sc->rcx;
    tf->rsp = sc->rsp;
    tf->rip = sc->rip;
    tf->rflags = (sc->eflags & RFLAGS_USER_MASK) | RFLAGS_IF | RFLAGS_ALWAYS1;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
    p->sig.blocked = uc.sigmask & ~unblockable;
    /* The alternate stack as the frame says (Linux's restore_altstack, with
       the frame's stack pointer: a refusal, such as EPERM while the frame
       is on the current alternate stack, is ignored). */
    struct alt_stack alt = { uc.ss_sp, uc.ss_flags, 0, uc.ss_size };
    (void)signal_altstack(&alt, NULL, frame_sp);
    p->sig.syscall_nr = -1; /* the restored rax is no call's result */
    return (long)sc->rax;
bad:
    pr_err("pid %d (%s): rt_sigreturn with a bad frame at %#lx: SIGSEGV\n", p->tgid, p->comm,
           tf->rsp);
    proc_exit(wait_status_signaled(SIGSEGV));
}

/* CLONE_CHILD_SETTID: the new task writes its id into its own memory as it
   first enters user mode (a bad address is ignored, as on Linux). */
static void set_child_tid(struct proc *p)
{
    int tid = p->pid;
    (void)copy_to_user((void *)p->set_child_tid, &tid, sizeof tid, MECH_SYSCALL_ARGS);
    p->set_child_tid = 0;
}

void proc_return_to_user_prepare(struct trap_frame *tf)
{
    sched_preempt_if_due();
    if (current && current->set_child_tid)
        set_child_tid(current);
    signal_deliver(tf);
}

/* The terminal's side of job control (kernel/drivers/tty.h). */
static int current_group(void) { return current ? current->pgid : 0; }

static void signal_group(int pgrp, int sig) { signal_send_group(pgrp, sig); }

static int background_read(int fg_pgrp)
{
    struct proc *p = current;
    if (!p || p->is_kthread || p->pgid == fg_pgrp)
        return 0;
    if (signal_is_ignored(p, SIGTTIN) || (p->sig.blocked & sig_bit(SIGTTIN)) ||
        pgrp_orphaned(p->pgid))
        return -EIO; /* nobody would continue it (termios(3)) */
    signal_send_group(p->pgid, SIGTTIN);
    return -EINTR;
}

static const struct tty_job_control tty_jobs = { current_group, signal_group, background_read };

void signal_init(void) { tty_set_job_control(&tty_jobs); }
