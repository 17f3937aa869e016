/*
 * kernel/mm/fault_test.c: handle_page_fault()'s decisions, called directly
 * with made-up fault descriptions (no real fault is taken here), against a
 * small address space installed as vm_current for the test.
 */
#include "kernel/mm/fault.h"
#include "kernel/copy/extable.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/ktest.h"
#include "kernel/mm/vm_test_util.h"

#define REGION   0x0000000012340000ull /* one read-only anonymous page */
#define UNMAPPED 0x0000000012345000ull /* nothing here */

extern const struct extable_entry extable_start[], extable_end[];
void kmain(void);

static struct page_fault fault(uint64_t addr, uint64_t rip, bool user, unsigned error_code)
{
    return (struct page_fault){ addr, error_code, rip, user };
}

/* Runs with vm_current = a space holding REGION (read-only); restores it. */
static struct vm_space *saved_vm;

static struct vm_space *enter_test_space(void)
{
    struct vm_space *vm = vm_create();
    if (!vm || vm_map(vm, REGION, PAGE_SIZE, VM_PROT_READ, 0, NULL, NULL, 0) != 0)
        return NULL;
    saved_vm = vm_current;
    vm_current = vm;
    pt_activate(vm->pml4);
    return vm;
}

static void leave_test_space(struct vm_space *vm)
{
    vm_current = saved_vm;
    pt_activate(saved_vm ? saved_vm->pml4 : kernel_pml4);
    vm_destroy(vm);
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
    struct page_fault f = fault(UNMAPPED, e->fault_rip, false, PF_WRITE);
    KEXPECT(handle_page_fault(&f) == FAULT_FIXUP);
    KEXPECT(f.rip == e->fixup_rip);
}

KTEST(kernel_fault_outside_a_copy_is_not_fixed_up)
{
    struct page_fault f = fault(UNMAPPED, (uint64_t)kmain, false, 0);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV);
    KEXPECT(f.rip == (uint64_t)kmain);
}

KTEST(copy_fault_on_kernel_address_is_not_fixed_up)
{
    const struct extable_entry *e = &extable_start[0];
    struct page_fault f = fault(KERNEL_VMA, e->fault_rip, false, 0);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV);
    KEXPECT(f.rip == e->fault_rip);
}

KTEST(user_fault_is_resolved_in_the_current_address_space)
{
    struct vm_space *vm = enter_test_space();
    KEXPECT(vm != NULL);
    if (!vm)
        return;
    struct page_fault f = fault(REGION + 8, 0x401000, true, PF_USER);
    KEXPECT(handle_page_fault(&f) == FAULT_HANDLED);
    KEXPECT(vm->minor_faults == 1);
    f = fault(REGION, 0x401000, true, PF_USER | PF_WRITE | PF_PRESENT);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV); /* read-only region */
    f = fault(UNMAPPED, 0x401000, true, PF_USER);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV); /* no region */
    /* user access to kernel memory is never the address space's business */
    f = fault(KERNEL_VMA, 0x401000, true, PF_USER);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV);
    KEXPECT(vm->minor_faults == 1);
    leave_test_space(vm);
}

KTEST(resolved_fault_inside_a_copy_retries_instead_of_failing)
{
    struct vm_space *vm = enter_test_space();
    KEXPECT(vm != NULL);
    if (!vm)
        return;
    const struct extable_entry *e = &extable_start[0];
    struct page_fault f = fault(REGION, e->fault_rip, false, 0);
    KEXPECT(handle_page_fault(&f) == FAULT_HANDLED);
    KEXPECT(f.rip == e->fault_rip); /* not moved to the -EFAULT exit */
    leave_test_space(vm);
}

KTEST(reserved_bit_fault_is_never_resolved)
{
    struct vm_space *vm = enter_test_space();
    KEXPECT(vm != NULL);
    if (!vm)
        return;
    struct page_fault f = fault(REGION, 0x401000, true, PF_USER | PF_RSVD | PF_PRESENT);
    KEXPECT(handle_page_fault(&f) == FAULT_SIGSEGV);
    KEXPECT(vm->minor_faults == 0);
    leave_test_space(vm);
}
