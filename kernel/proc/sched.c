/*
 * kernel/proc/sched.c: round-robin scheduling, sleeping and waking (the
 * scheduler's side of kernel/lib/wait.h), timed sleeps, and the CPU state
 * that follows the running task (the TSS's rsp0, CR3, the FS base, the FPU).
 *
 * The run queue holds runnable processes other than the running one.  All
 * of it is changed with interrupts off (one CPU), and schedule() switches
 * with interrupts off; the process switched to restores its own flags.
 */
#include "kernel/proc/sched.h"
#include "kernel/proc/loadavg.h"
#include "kernel/copy/ledger.h"
#include "kernel/drivers/clock.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/ktimer.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/itimer.h"
#include "kernel/proc/ptimer.h"
#include "kernel/proc/signal.h"

struct tss cpu_tss;

static struct list_head run_queue = LIST_HEAD_INIT(run_queue);
/* Sleepers with a deadline (wake_at_ns != 0), woken by the tick. */
static struct list_head timed_sleepers = LIST_HEAD_INIT(timed_sleepers);
static struct proc *idle_proc;

void sched_make_runnable(struct proc *p)
{
    uint64_t flags = irq_save();
    p->state = PROC_RUNNABLE;
    if (p != current && p != idle_proc) {
        list_del(&p->run_link);
        list_add_tail(&p->run_link, &run_queue);
    }
    irq_restore(flags);
}

uint64_t proc_cpu_ns(const struct proc *p)
{
    uint64_t ns = p->cpu_ns;
    if (p == current)
        ns += clock_monotonic_ns() - p->on_cpu_since_ns;
    return ns;
}

/* Everything the CPU must know about the process it now runs. */
static void switch_cpu_state(struct proc *prev, struct proc *next)
{
    uint64_t now = clock_monotonic_ns();
    if (prev) {
        prev->cpu_ns += now - prev->on_cpu_since_ns;
        fpu_save(prev->fpu);
    }
    next->on_cpu_since_ns = now;
    fpu_restore(next->fpu);
    /* Interrupts and syscalls from ring 3 land on the top of its kernel
       stack (kernel/entry/syscall_entry.S reads rsp0 too). */
    cpu_tss.rsp[0] = (uint64_t)(next->kstack + KSTACK_SIZE);
    if (next->vm) {
        /* Threads of one process share the page tables: reloading CR3
           would only flush the TLB. */
        if (next->vm != vm_current)
            pt_activate(next->vm->pml4);
        wrmsr(MSR_FS_BASE, next->fs_base);
    }
    vm_current = next->vm;
    ledger_current = &next->group->ledger; /* counted per process */
}

void schedule(void)
{
    uint64_t flags = irq_save();
    struct proc *prev = current;
    if (prev->state == PROC_RUNNABLE && prev != idle_proc)
        list_add_tail(&prev->run_link, &run_queue);
    struct proc *next = idle_proc;
    if (!list_empty(&run_queue)) {
        next = list_first_entry(&run_queue, struct proc, run_link);
        list_del(&next->run_link);
    }
    next->ticks_left = sched_next_slice(next);
    if (next != prev) {
        switch_cpu_state(prev, next);
        current = next;
        context_switch(&prev->saved_rsp, next->saved_rsp);
        /* Back on our own stack: a task that ended and switched to us no
           longer runs on its kernel stack, so it is freed now rather
           than whenever the CPU next idles (MemFree settles at once). */
        proc_reap_dead();
    }
    irq_restore(flags);
}

void sched_yield(void) { schedule(); }

/* context_switch's frame on a switched-out stack, in words from saved_rsp:
   PUSH_CALLEE_SAVED's r15 r14 r13 r12 rbx rbp, then the return address. */
#define SWITCH_FRAME_RBP 5
#define SWITCH_FRAME_RET 6

void sched_switched_out_frame(const struct proc *p, uint64_t *ret, uint64_t *rbp)
{
    const uint64_t *frame = (const uint64_t *)p->saved_rsp;
    *rbp = frame[SWITCH_FRAME_RBP];
    *ret = frame[SWITCH_FRAME_RET];
}

/* --- the scheduler's side of kernel/lib/wait.h --- */

struct proc *sched_current_task(void) { return current; }

void sched_block(uint64_t deadline_ns)
{
    current->state = PROC_SLEEPING;
    current->wake_at_ns = deadline_ns;
    if (deadline_ns)
        list_add_tail(&current->timer_link, &timed_sleepers);
    schedule();
    if (deadline_ns)
        list_del(&current->timer_link);
    current->wake_at_ns = 0;
}

void sched_wake(struct proc *p)
{
    uint64_t flags = irq_save();
    if (p->state == PROC_SLEEPING)
        sched_make_runnable(p);
    irq_restore(flags);
}

bool sched_signal_pending(void) { return signal_pending_current(); }

int sched_sleep_until(uint64_t deadline_ns)
{
    uint64_t flags = irq_save();
    int r = 0;
    while (clock_monotonic_ns() < deadline_ns) {
        if (signal_pending_current()) {
            r = -EINTR;
            break;
        }
        sched_block(deadline_ns);
    }
    irq_restore(flags);
    return r;
}

static void wake_expired_sleepers(void)
{
    uint64_t now = clock_monotonic_ns();
    struct list_head *l;
    list_for_each(l, &timed_sleepers)
    {
        struct proc *p = list_entry(l, struct proc, timer_link);
        if (p->wake_at_ns <= now)
            sched_wake(p);
    }
}

/*
 * After every timer interrupt (interrupts off; the entry code calls it
 * after the driver's handler and the EOI).  Only user code is preempted:
 * kernel code runs until it sleeps or returns to user mode, so kernel data
 * (the page cache, file systems, address spaces) needs no locks against
 * other processes on our one CPU.  Ticks spent in the kernel count against
 * the time slice too, and a slice used up there ends on the way back to
 * user mode (sched_preempt_if_due), as Linux's need_resched does: else a
 * process that is nearly always inside system calls (a write() loop) would
 * never give the CPU up, and kernel threads such as the flusher would
 * starve behind it.
 */
void sched_tick(struct trap_frame *tf)
{
    if (!current) /* ticks before sched_start() */
        return;
    if (trap_from_user(tf))
        current->user_ticks++;
    else if (current != idle_proc)
        current->system_ticks++;
    if (current != idle_proc && !current->is_kthread && current->group) {
        itimer_cpu_tick(current->group, trap_from_user(tf));
        ptimer_cpu_tick(current->group);
    }
    wake_expired_sleepers();
    uint64_t now = clock_monotonic_ns();
    ktimer_tick(now);
    loadavg_tick(now);
    current->ticks_left--;
    if (!trap_from_user(tf) && current != idle_proc)
        return;
    if (current->ticks_left <= 0)
        schedule();
}

void sched_preempt_if_due(void)
{
    if (current && current != idle_proc && current->ticks_left <= 0)
        schedule();
}

static void idle_loop(void *unused)
{
    for (;;) {
        /* sti; hlt: the instruction after sti runs before any interrupt,
           so no wake-up can be lost between the check and the halt. */
        __asm__ volatile("sti; hlt" ::: "memory");
        proc_reap_dead();
        if (!list_empty(&run_queue))
            schedule();
    }
}

void sched_init(void)
{
    fpu_init();
    idle_proc = kthread_create("idle", idle_loop, NULL);
    if (!idle_proc)
        panic("sched_init: no memory for the idle thread");
    list_del(&idle_proc->run_link);
    /* The idle thread is pid 0, as on Unix; the next process is pid 1 (init). */
    proc_pid_reset(idle_proc, 0);
}

void sched_start(void)
{
    irq_disable();
    struct proc *next = idle_proc;
    if (!list_empty(&run_queue)) {
        next = list_first_entry(&run_queue, struct proc, run_link);
        list_del(&next->run_link);
    }
    switch_cpu_state(NULL, next);
    current = next;
    uint64_t boot_rsp;
    context_switch(&boot_rsp, next->saved_rsp);
    panic("sched_start: the boot context was resumed");
}
