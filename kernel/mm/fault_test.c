/*
 * kernel/mm/fault_test.c: handle_page_fault()'s decisions, called directly
 * with made-up trap frames (no real fault is taken here).
 */
#include "kernel/mm/fault.h"
#include "kernel/arch/extable.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/trap.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/layout.h"

#define SOME_USER_ADDRESS 0x0000000012345000ull

extern const struct extable_entry extable_start[], extable_end[];
void kmain(void);

static uint64_t resolver_addr;
static unsigned resolver_code;
static enum fault_result resolver_answer;

static enum fault_result recording_resolver(uint64_t addr, unsigned error_code)
{
    resolver_addr = addr;
    resolver_code = error_code;
    return resolver_answer;
}

static struct trap_frame frame(uint64_t rip, uint64_t cs, unsigned error_code)
{
    struct trap_frame tf;
    memset(&tf, 0, sizeof tf);
    tf.vector = T_PAGE_FAULT;
    tf.rip = rip;
    tf.cs = cs;
    tf.error_code = error_code;
    return tf;
}

KTEST(extable_has_an_entry_for_each_user_access)
{
    /* uaccess_copy, uaccess_clear, uaccess_strncpy */
    KEXPECT(extable_end - extable_start >= 3);
    for (const struct extable_entry *e = extable_start; e < extable_end; e++)
        KEXPECT(extable_find(e->fault_rip) == e);
    KEXPECT(extable_find((uint64_t)kmain) == 0);
}

KTEST(kernel_fault_on_user_address_in_a_copy_is_fixed_up)
{
    const struct extable_entry *e = &extable_start[0];
    struct trap_frame tf = frame(e->fault_rip, KERNEL_CS, PF_WRITE);
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_HANDLED);
    KEXPECT(tf.rip == e->fixup_rip);
}

KTEST(kernel_fault_outside_a_copy_is_not_fixed_up)
{
    struct trap_frame tf = frame((uint64_t)kmain, KERNEL_CS, 0);
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_SIGSEGV);
    KEXPECT(tf.rip == (uint64_t)kmain);
}

KTEST(copy_fault_on_kernel_address_is_not_fixed_up)
{
    const struct extable_entry *e = &extable_start[0];
    struct trap_frame tf = frame(e->fault_rip, KERNEL_CS, 0);
    KEXPECT(handle_page_fault(&tf, KERNEL_VMA) == FAULT_SIGSEGV);
    KEXPECT(tf.rip == e->fault_rip);
}

KTEST(user_fault_goes_to_the_resolver_and_returns_its_answer)
{
    enum fault_result (*saved)(uint64_t, unsigned) = user_fault_resolver;
    struct trap_frame tf = frame(0x401000, USER_CS, PF_USER | PF_WRITE | PF_PRESENT);
    user_fault_resolver = 0;
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_SIGSEGV);
    user_fault_resolver = recording_resolver;
    resolver_answer = FAULT_HANDLED;
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS + 8) == FAULT_HANDLED);
    KEXPECT(resolver_addr == SOME_USER_ADDRESS + 8);
    KEXPECT(resolver_code == (PF_USER | PF_WRITE | PF_PRESENT));
    resolver_answer = FAULT_SIGBUS;
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_SIGBUS);
    /* user access to kernel memory is never the resolver's business */
    resolver_addr = 0;
    KEXPECT(handle_page_fault(&tf, KERNEL_VMA) == FAULT_SIGSEGV);
    KEXPECT(resolver_addr == 0);
    user_fault_resolver = saved;
}

KTEST(resolved_fault_inside_a_copy_retries_instead_of_failing)
{
    enum fault_result (*saved)(uint64_t, unsigned) = user_fault_resolver;
    const struct extable_entry *e = &extable_start[0];
    struct trap_frame tf = frame(e->fault_rip, KERNEL_CS, PF_WRITE);
    user_fault_resolver = recording_resolver;
    resolver_answer = FAULT_HANDLED;
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_HANDLED);
    KEXPECT(tf.rip == e->fault_rip);   /* not moved to the -EFAULT exit */
    user_fault_resolver = saved;
}

KTEST(reserved_bit_fault_is_never_resolved)
{
    enum fault_result (*saved)(uint64_t, unsigned) = user_fault_resolver;
    struct trap_frame tf = frame(0x401000, USER_CS, PF_USER | PF_RSVD | PF_PRESENT);
    user_fault_resolver = recording_resolver;
    resolver_answer = FAULT_HANDLED;
    KEXPECT(handle_page_fault(&tf, SOME_USER_ADDRESS) == FAULT_SIGSEGV);
    user_fault_resolver = saved;
}
