/*
 * kernel/arch/trap.c: where every interrupt and exception lands.
 *
 * trap_dispatch() sorts the vector: an IRQ goes to the PIC layer and its
 * registered handlers; a page fault to handle_page_fault() (kernel/mm/
 * fault.c); any other exception is reported.  An exception the kernel
 * cannot resolve is fatal in kernel mode (report + panic) and a signal in
 * user mode (trap_user_fault_hook).
 */
#include "kernel/arch/trap.h"
#include "kernel/arch/trap_frame_asm.h"
#include "kernel/arch/clock.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/idt.h"
#include "kernel/arch/io.h"
#include "kernel/arch/pic.h"
#include "kernel/lib/backtrace.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/fault.h"

/* Linux's signal numbers (asm-generic/signal.h), which user programs see. */
enum { SIG_TRAP = 5, SIG_BUS = 7, SIG_FPE = 8, SIG_ILL = 4, SIG_KILL = 9, SIG_SEGV = 11 };


/* The assembly offsets (trap_frame_asm.h) must follow struct trap_frame. */
_Static_assert(__builtin_offsetof(struct trap_frame, r11) == TF_R11, "TF_R11");
_Static_assert(__builtin_offsetof(struct trap_frame, rbp) == TF_RBP, "TF_RBP");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == TF_RCX, "TF_RCX");
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == TF_RAX, "TF_RAX");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == TF_VECTOR, "TF_VECTOR");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == TF_RIP, "TF_RIP");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == TF_RFLAGS, "TF_RFLAGS");
_Static_assert(__builtin_offsetof(struct trap_frame, rsp) == TF_RSP, "TF_RSP");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

void (*trap_user_fault_hook)(struct trap_frame *tf, int signo, uint64_t addr, const char *what);

/* CR2 as read on entry to the page fault being reported: resolving it may
   have taken (and fixed up) other faults that replaced CR2 since. */
static const struct trap_frame *fault_frame;
static uint64_t fault_cr2;

/* Names and mnemonics, SDM vol. 3A, table 6-1. */
static const struct {
    const char *name;
    const char *mnemonic;
    int signo;            /* for a user-mode exception; 0: always fatal */
} exceptions[32] = {
    [0] = { "divide error", "#DE", SIG_FPE },
    [1] = { "debug", "#DB", SIG_TRAP },
    [2] = { "non-maskable interrupt", "NMI", 0 },
    [3] = { "breakpoint", "#BP", SIG_TRAP },
    [4] = { "overflow", "#OF", SIG_SEGV },
    [5] = { "bound range exceeded", "#BR", SIG_SEGV },
    [6] = { "invalid opcode", "#UD", SIG_ILL },
    [7] = { "device not available", "#NM", SIG_FPE },
    [8] = { "double fault", "#DF", 0 },
    [9] = { "coprocessor segment overrun", "", SIG_FPE },
    [10] = { "invalid TSS", "#TS", SIG_SEGV },
    [11] = { "segment not present", "#NP", SIG_BUS },
    [12] = { "stack-segment fault", "#SS", SIG_BUS },
    [13] = { "general protection", "#GP", SIG_SEGV },
    [14] = { "page fault", "#PF", SIG_SEGV },
    [15] = { "reserved", "", SIG_SEGV },
    [16] = { "x87 floating-point error", "#MF", SIG_FPE },
    [17] = { "alignment check", "#AC", SIG_BUS },
    [18] = { "machine check", "#MC", 0 },
    [19] = { "SIMD floating-point exception", "#XM", SIG_FPE },
    [20] = { "virtualization exception", "#VE", 0 },
    [21] = { "control protection", "#CP", SIG_SEGV },
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
    printk("  RAX %016lx  RBX %016lx  RCX %016lx\n", tf->rax, tf->rbx, tf->rcx);
    printk("  RDX %016lx  RSI %016lx  RDI %016lx\n", tf->rdx, tf->rsi, tf->rdi);
    printk("  RBP %016lx  R8  %016lx  R9  %016lx\n", tf->rbp, tf->r8, tf->r9);
    printk("  R10 %016lx  R11 %016lx  R12 %016lx\n", tf->r10, tf->r11, tf->r12);
    printk("  R13 %016lx  R14 %016lx  R15 %016lx\n", tf->r13, tf->r14, tf->r15);
    printk("  CR0 %016lx  CR3 %016lx  CR4 %016lx\n", read_cr0(), read_cr3(), read_cr4());
}

void trap_print(const struct trap_frame *tf)
{
    char sym[96];
    const char *mnemonic = tf->vector < 32 && exceptions[tf->vector].mnemonic
                               ? exceptions[tf->vector].mnemonic : "";
    printk("trap: %s (%s, vector %lu) in %s mode, error code %#lx\n", trap_name(tf->vector),
           mnemonic, tf->vector, trap_from_user(tf) ? "user" : "kernel", tf->error_code);
    if (tf->vector == T_PAGE_FAULT) {
        char what[96];
        fault_describe(tf->error_code, what, sizeof what);
        uint64_t e = tf->error_code;
        printk("  CR2 %#018lx: %s\n", tf == fault_frame ? fault_cr2 : read_cr2(), what);
        printk("  error code bits: P=%d W=%d U=%d RSVD=%d I=%d\n", !!(e & PF_PRESENT),
               !!(e & PF_WRITE), !!(e & PF_USER), !!(e & PF_RSVD), !!(e & PF_INSTR));
    }
    ksym_format(tf->rip, sym, sizeof sym);
    printk("  RIP %#018lx <%s>  CS %#lx  RFLAGS %#lx\n", tf->rip, sym, tf->cs, tf->rflags);
    printk("  RSP %#018lx  SS %#lx\n", tf->rsp, tf->ss);
    print_registers(tf);
    if (tf->vector == T_DOUBLE && ist_stack_overflowed(IST_DOUBLE_FAULT))
        printk("  the double-fault stack overflowed its bottom canary\n");
    if (!trap_from_user(tf)) {
        printk("  faulting function: %s\n", sym);
        backtrace_print(tf->rbp);
    }
}

/* A fatal kernel exception: the report, then panic's own trace. */
static void __attribute__((noreturn)) trap_fatal(struct trap_frame *tf, const char *why)
{
    trap_print(tf);
    panic("trap: %s at rip %#lx (%s)", trap_name(tf->vector), tf->rip, why);
}

static void user_exception(struct trap_frame *tf, int signo, uint64_t addr)
{
    if (!trap_user_fault_hook || !signo)
        trap_fatal(tf, signo ? "user-mode exception and no process layer" : "fatal exception");
    trap_user_fault_hook(tf, signo, addr, trap_name(tf->vector));
}

static int page_fault_signal(enum fault_result r)
{
    switch (r) {
    case FAULT_SIGBUS: return SIG_BUS;
    case FAULT_OOM: return SIG_KILL;
    default: return SIG_SEGV;
    }
}

static void page_fault(struct trap_frame *tf)
{
    /* CR2 first: a nested fault once interrupts are on would replace it. */
    uint64_t cr2 = read_cr2();
    /* Resolving may mean waiting for the disk: let IRQs in if the
       interrupted code allowed them. */
    if (tf->rflags & RFLAGS_IF_BIT)
        irq_enable();
    enum fault_result r = handle_page_fault(tf, cr2);
    irq_disable();
    if (r == FAULT_HANDLED)
        return;
    fault_frame = tf;
    fault_cr2 = cr2;
    if (!trap_from_user(tf))
        trap_fatal(tf, "kernel page fault");
    user_exception(tf, page_fault_signal(r), cr2);
}

static void irq(struct trap_frame *tf)
{
    unsigned line = tf->vector - IRQ_BASE;
    if (!pic_handle_irq(line))
        return;   /* spurious */
    /* After the EOI: the scheduler may switch threads from the hook. */
    if (line == TIMER_IRQ && timer_tick_hook)
        timer_tick_hook(tf);
}

void trap_dispatch(struct trap_frame *tf)
{
    if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + PIC_IRQ_COUNT) {
        irq(tf);
        return;
    }
    if (tf->vector == T_PAGE_FAULT) {
        page_fault(tf);
        return;
    }
    if (!trap_from_user(tf))
        trap_fatal(tf, "kernel exception");
    user_exception(tf, tf->vector < 32 ? exceptions[tf->vector].signo : 0, tf->rip);
}
