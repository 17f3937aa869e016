/*
 * kernel/arch/trap.h: interrupts and exceptions.
 *
 * Every vector enters through a stub that pushes the registers into a
 * struct trap_frame and calls trap_dispatch().  The layout is fixed by
 * kernel/arch/trap_entry.S (the stubs push rax..r15 after the vector number
 * and error code; the CPU pushed rip..ss before them).
 */
#ifndef PAGELAB_ARCH_TRAP_H
#define PAGELAB_ARCH_TRAP_H

#include <stdint.h>

struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;
    uint64_t error_code;   /* 0 for vectors without one */
    /* pushed by the CPU */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Exception vectors (SDM vol. 3A, table 6-1). */
#define T_DIVIDE     0
#define T_DEBUG      1
#define T_NMI        2
#define T_BREAKPOINT 3
#define T_OVERFLOW   4
#define T_BOUND      5
#define T_INVALID_OP 6
#define T_NO_DEVICE  7
#define T_DOUBLE     8
#define T_INVALID_TSS 10
#define T_NO_SEGMENT 11
#define T_STACK      12
#define T_GPF        13
#define T_PAGE_FAULT 14
#define T_X87        16
#define T_ALIGNMENT  17
#define T_MACHINE    18
#define T_SIMD       19

#define IRQ_BASE     32      /* legacy IRQ n arrives on vector IRQ_BASE + n */

static inline int trap_from_user(const struct trap_frame *tf) { return (tf->cs & 3) == 3; }

typedef void (*irq_handler_t)(void *arg);

/* Sets up the GDT, TSS (with an IST stack for double faults) and the IDT. */
void trap_init(void);
/* Routes legacy/PCI interrupt line irq (0..23) to fn and unmasks it. */
void irq_register(unsigned irq, irq_handler_t fn, void *arg);
/* Removes a handler added by irq_register(); the line is masked when its
   last handler goes. */
void irq_unregister(unsigned irq, irq_handler_t fn, void *arg);

/* Prints the registers, the decoded exception and a symbolized backtrace. */
void trap_print(const struct trap_frame *tf);

/* Called by every stub in trap_entry.S with the frame it built. */
void trap_dispatch(struct trap_frame *tf);
/* The tail of trap_entry.S: pops a struct trap_frame at rsp and irets.
   A new thread can start here to enter user mode for the first time.
   Entry from and exit to ring 3 execute SWAPGS (see trap_entry.S). */
void trap_return(void);

/* The exception's name, e.g. "page fault" ("?" for an unknown vector). */
const char *trap_name(uint64_t vector);

/*
 * Exceptions raised in user mode go here (installed by the process layer)
 * with the Linux signal number to deliver (SIGSEGV 11, SIGBUS 7, SIGILL 4,
 * SIGFPE 8, SIGTRAP 5, SIGKILL 9 when a fault cannot get memory), the
 * address involved (CR2 for a page fault, else the faulting rip) and a
 * short description.  When it returns, the trap returns to tf (which the
 * hook may have changed).  NULL: a user-mode exception is a kernel bug.
 */
extern void (*trap_user_fault_hook)(struct trap_frame *tf, int signo, uint64_t addr,
                                    const char *what);

#endif
