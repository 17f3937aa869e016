/*
 * kernel/entry/trap.c: where every interrupt and exception lands.
 *
 * trap_dispatch() sorts the vector: an IRQ goes to the interrupt
 * controller and the handlers drivers registered, then (the timer's) to
 * the scheduler; a page fault to handle_page_fault() (kernel/mm/fault.c);
 * any other exception is reported.  An exception the kernel cannot resolve
 * is fatal in kernel mode (report + panic) and a signal in user mode
 * (kernel/proc/signal.c).  Before going back to ring 3, pending signals are
 * acted on.
 */
#include "kernel/entry/trap.h"
#include "kernel/drivers/clock.h"
#include "kernel/drivers/pic.h"
#include "kernel/entry/gdt.h"
#include "kernel/entry/idt.h"
#include "kernel/entry/usermode_test.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/backtrace.h"
#include "kernel/syscall/user_return_check.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/fault.h"
#include "kernel/mm/kstack.h"
#include "kernel/proc/oom.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

/* The assembly offsets (kernel/hw/trap.h) must follow struct trap_frame. */
_Static_assert(__builtin_offsetof(struct trap_frame, r11) == TF_R11, "TF_R11");
_Static_assert(__builtin_offsetof(struct trap_frame, rbp) == TF_RBP, "TF_RBP");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == TF_RCX, "TF_RCX");
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == TF_RAX, "TF_RAX");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(__builtin_offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

struct usermode_test_run *usermode_test_run;

/* CR2 as read on entry to the page fault being reported: resolving it may
   have taken (and fixed up) other faults that replaced CR2 since. */
static const struct trap_frame *fault_frame;
static uint64_t fault_cr2;

/* Names and mnemonics, SDM vol. 3A, table 6-1. */
static const struct {
    const char *name;
    const char *mnemonic;
    int signo; /* for a user-mode exception; 0: always fatal */
} exceptions[32] = {
    [0] = { "divide error", "#DE", SIGFPE },
    [1] = { "debug", "#DB", SIGTRAP },
    [2] = { "non-maskable interrupt", "NMI", 0 },
    [3] = { "breakpoint", "#BP", SIGTRAP },
    [4] = { "overflow", "#OF", SIGSEGV },
    [5] = { "bound range exceeded", "#BR", SIGSEGV },
    [6] = { "invalid opcode", "#UD", SIGILL },
    [7] = { "device not available", "#NM", SIGFPE },
    [8] = { "double fault", "#DF", 0 },
    [9] = { "coprocessor segment overrun", "", SIGFPE },
    [10] = { "invalid TSS", "#TS", SIGSEGV },
    [11] = { "segment not present", "#NP", SIGBUS },
    [12] = { "stack-segment fault", "#SS", SIGBUS },
    [13] = { "general protection", "#GP", SIGSEGV },
    [14] = { "page fault", "#PF", SIGSEGV },
    [15] = { "reserved", "", SIGSEGV },
    [16] = { "x87 floating-point error", "#MF", SIGFPE },
    [17] = { "alignment check", "#AC", SIGBUS },
    [18] = { "machine check", "#MC", 0 },
    [19] = { "SIMD floating-point exception", "#XM", SIGFPE },
    [20] = { "virtualization exception", "#VE", 0 },
    [21] = { "control protection", "#CP", SIGSEGV },
    [28] = { "hypervisor injection", "#HV", 0 },
    [29] = { "VMM communication", "#VC", 0 },
    [30] = { "security exception", "#SX", 0 },
};

const char *trap_name(uint64_t vector)
{
    if (vector < 32)
        return exceptions[vector].name ? exceptions[vector].name : "reserved";
    if (vector >= IRQ_BASE && vector < IRQ_BASE + PIC_IRQ_COUNT)
        return "interrupt";
    return "?";
}

void trap_init(void)
{
    gdt_init();
    idt_init();
    pic_init();
}

static void print_registers(const struct trap_frame *tf)
{
    pr_emerg("  RAX %016lx  RBX %016lx  RCX %016lx\n", tf->rax, tf->rbx, tf->rcx);
    pr_emerg("  RDX %016lx  RSI %016lx  RDI %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    pr_emerg("  RBP %016lx  R8  %016lx  R9  %016lx\n", tf->rbp, tf->r8, tf->r9);
    pr_emerg("  R10 %016lx  R11 %016lx  R12 %016lx\n", tf->r10, tf->r11, tf->r12);
    pr_emerg("  R13 %016lx  R14 %016lx  R15 %016lx\n", tf->r13, tf->r14, tf->r15);
    pr_emerg("  CR0 %016lx  CR3 %016lx  CR4 %016lx\n", read_cr0(), read_cr3(), read_cr4());
}

void trap_print(const struct trap_frame *tf)
{
    char sym[96];
    const char *mnemonic =
        tf->vector < 32 && exceptions[tf->vector].mnemonic ? exceptions[tf->vector].mnemonic : "";
    pr_emerg("trap: %s (%s, vector %lu) in %s mode, error code %#lx\n", trap_name(tf->vector),
             mnemonic, tf->vector, trap_from_user(tf) ? "user" : "kernel", tf->error_code);
    if (tf->vector == T_PAGE_FAULT) {
        char what[96];
        fault_describe(tf->error_code, what, sizeof what);
        uint64_t e = tf->error_code;
        pr_emerg("  CR2 %#018lx: %s\n", tf == fault_frame ? fault_cr2 : read_cr2(), what);
        pr_emerg("  error code bits: P=%d W=%d U=%d RSVD=%d I=%d\n", !!(e & PF_PRESENT),
                 !!(e & PF_WRITE), !!(e & PF_USER), !!(e & PF_RSVD), !!(e & PF_INSTR));
    }
    ksym_format(tf->rip, sym, sizeof sym);
    pr_emerg("  RIP %#018lx <%s>  CS %#lx  RFLAGS %#lx\n", tf->rip, sym, tf->cs, tf->rflags);
    pr_emerg("  RSP %#018lx  SS %#lx\n", tf->rsp, tf->ss);
    print_registers(tf);
    if (tf->vector == T_DOUBLE && ist_stack_overflowed(IST_DOUBLE_FAULT))
        pr_emerg("  the double-fault stack overflowed its bottom canary\n");
    /* A double fault's CR2 is the page fault's that caused it: a push the
       CPU could not make, the usual end of a kernel stack overflow. */
    uint64_t cr2 = tf == fault_frame ? fault_cr2 : read_cr2();
    if ((tf->vector == T_DOUBLE || tf->vector == T_PAGE_FAULT) && kstack_guard_page(cr2))
        pr_emerg("  kernel stack overflow: %#lx is the guard page below a kernel stack\n", cr2);
    if (!trap_from_user(tf)) {
        pr_emerg("  faulting function: %s\n", sym);
        backtrace_print(tf->rbp);
    }
}

/* A fatal kernel exception: the report, then panic's own trace. */
static void __attribute__((noreturn)) trap_fatal(struct trap_frame *tf, const char *why)
{
    console_verbose(); /* the report is for whoever watches the console */
    trap_print(tf);
    panic("trap: %s at rip %#lx (%s)", trap_name(tf->vector), tf->rip, why);
}

/* A ktest's bare ring-3 code (usermode_test.c) has no process to signal:
   the exception is recorded and the CPU goes back to the test. */
static void end_usermode_test(struct trap_frame *tf, int signo, uint64_t addr)
{
    struct usermode_test_run *run = usermode_test_run;
    run->signo = signo;
    run->addr = addr;
    run->frame = *tf;
    run->rsp = (uint64_t)__builtin_frame_address(0);
    run->gs_base = rdmsr(MSR_GS_BASE);
    run->calls++;
    tf->rip = run->resume_rip;
    tf->cs = KERNEL_CS;
    tf->ss = KERNEL_DS;
    tf->rsp = run->resume_rsp;
    tf->rflags = RFLAGS_IF | RFLAGS_ALWAYS1;
}

static void user_exception(struct trap_frame *tf, int signo, uint64_t addr)
{
    if (!signo)
        trap_fatal(tf, "fatal exception");
    if (usermode_test_run)
        end_usermode_test(tf, signo, addr);
    else
        signal_user_fault(tf, signo, addr, trap_name(tf->vector));
}

static int page_fault_signal(enum fault_result r)
{
    switch (r) {
    case FAULT_SIGBUS:
        return SIGBUS;
    case FAULT_OOM:
        return SIGKILL;
    default:
        return SIGSEGV;
    }
}

static void page_fault(struct trap_frame *tf)
{
    /* CR2 first: a nested fault once interrupts are on would replace it. */
    struct page_fault f = { read_cr2(), (unsigned)tf->error_code, tf->rip, trap_from_user(tf) };
    /* Resolving may mean waiting for the disk: let IRQs in if the
       interrupted code allowed them. */
    if (tf->rflags & RFLAGS_IF)
        irq_enable();
    enum fault_result r = handle_page_fault(&f);
    irq_disable();
    if (r == FAULT_HANDLED)
        return;
    if (r == FAULT_FIXUP) {
        tf->rip = f.rip; /* the checked copy returns -EFAULT */
        return;
    }
    fault_frame = tf;
    fault_cr2 = f.addr;
    if (!f.user_mode)
        trap_fatal(tf, "kernel page fault");
    /* Out of memory even after reclaim: the largest process dies (this
       one, or another, and then the access is tried again). */
    if (r == FAULT_OOM && !usermode_test_run && oom_kill_for_fault())
        return;
    user_exception(tf, page_fault_signal(r), f.addr);
}

static void irq(struct trap_frame *tf)
{
    unsigned line = tf->vector - IRQ_BASE;
    if (!pic_handle_irq(line))
        return; /* spurious */
    /* After the EOI: the scheduler may switch to another task here. */
    if (line != TIMER_IRQ)
        return;
    if (usermode_test_run) /* no task to account to: the test counts */
        usermode_test_run->ticks_from_user += trap_from_user(tf);
    else
        sched_tick(tf);
}

void trap_dispatch(struct trap_frame *tf)
{
    if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + PIC_IRQ_COUNT)
        irq(tf);
    else if (tf->vector == T_PAGE_FAULT)
        page_fault(tf);
    else if (!trap_from_user(tf))
        trap_fatal(tf, "kernel exception");
    else
        user_exception(tf, tf->vector < 32 ? exceptions[tf->vector].signo : 0, tf->rip);
    if (trap_from_user(tf) && !usermode_test_run) {
        user_return_check(-1);
        proc_return_to_user_prepare(tf);
    }
}
