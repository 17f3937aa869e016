/* kernel/entry/crashtest.c: deliberate kernel exceptions (crashtest.h).
   noipa keeps each crash in a function of its own, so the report's
   symbolized rip names it. */
#include "kernel/entry/crashtest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include <stdint.h>

__attribute__((noipa)) static void crashtest_invalid_opcode(void) { __asm__ volatile("ud2"); }

__attribute__((noipa)) static uint64_t crashtest_page_fault(void)
{
    return *(volatile uint64_t *)CRASHTEST_BAD_ADDRESS;
}

__attribute__((noipa)) static uint64_t crashtest_divide_error(volatile uint64_t divisor)
{
    uint64_t q;
    /* An explicit div: the compiler may not fold or trap it itself. */
    __asm__ volatile("divq %2" : "=a"(q) : "a"(1ull), "r"((uint64_t)divisor), "d"(0ull));
    return q;
}

/* The stack pointer is moved to an unmapped page, so the CPU cannot push
   the page fault's frame: a fault while delivering a fault is a double
   fault, which the IDT sends to its own IST stack (gdt.c). */
__attribute__((noipa)) static void crashtest_double_fault(void)
{
    __asm__ volatile("movq %0, %%rsp\n\tpushq $0" ::"r"(CRASHTEST_BAD_ADDRESS) : "memory");
}

void crashtest_run(const char *cmdline)
{
    char what[16];
    if (!cmdline_get(cmdline, "crashtest", what, sizeof what))
        return;
    pr_notice("crashtest: %s\n", what);
    if (strcmp(what, "ud2") == 0)
        crashtest_invalid_opcode();
    else if (strcmp(what, "pagefault") == 0)
        crashtest_page_fault();
    else if (strcmp(what, "divide") == 0)
        crashtest_divide_error(0);
    else if (strcmp(what, "doublefault") == 0)
        crashtest_double_fault();
    panic("crashtest: '%s' did not crash (known: ud2, pagefault, divide, doublefault)", what);
}
