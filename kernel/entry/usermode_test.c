/*
 * kernel/entry/usermode_test.c: exceptions raised in ring 3 are turned into
 * the right Linux signal, and interrupts taken in ring 3 come back there.
 * Each test copies a few instruction bytes to the executable ktest user
 * page (test_user_pages.h), enters ring 3 there on a private kernel stack
 * (TSS.rsp0), and the trap code records the exception and brings the CPU
 * back (usermode_test.h).
 */
#include "kernel/entry/usermode_test.h"
#include "kernel/drivers/clock.h"
#include "kernel/entry/gdt.h"
#include "kernel/entry/trap.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/fault.h"
#include "kernel/mm/test_user_pages.h"
#include "kernel/proc/sched.h"

void usermode_test_enter(uint64_t rip, uint64_t rsp);
extern char usermode_test_resume[];

#define KERNEL_GS_MARK 0xffffffff8badc0deull
#define USER_GS_MARK   0x00000000600dc0deull
extern const char kernel_text_start[]; /* linker.ld: present, supervisor-only */
#define KERNEL_ADDRESS_PROBE ((uint64_t)kernel_text_start)

static uint8_t trap_stack[16384] __attribute__((aligned(16)));

static struct usermode_test_run seen;

/* Runs code (n bytes) in ring 3 until it raises an exception. */
static void run_in_user_mode(const uint8_t *code, size_t n)
{
    memset(&seen, 0, sizeof seen);
    test_user_pages_map();
    memcpy(test_user_page_backing(3), code, n);
    uint64_t saved_rsp0 = cpu_tss.rsp[0];
    cpu_tss.rsp[0] = (uint64_t)(trap_stack + sizeof trap_stack);
    wrmsr(MSR_GS_BASE, KERNEL_GS_MARK);
    wrmsr(MSR_KERNEL_GS_BASE, USER_GS_MARK);
    seen.resume_rip = (uint64_t)usermode_test_resume;
    /* Any kernel stack: usermode_test_resume loads the one it saved. */
    seen.resume_rsp = (uint64_t)(trap_stack + sizeof trap_stack);
    usermode_test_run = &seen;
    usermode_test_enter(TEST_USER_CODE, TEST_USER_RW_PAGE + 4096);
    usermode_test_run = NULL;
    wrmsr(MSR_GS_BASE, 0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    cpu_tss.rsp[0] = saved_rsp0;
    test_user_pages_unmap();
}

static bool on_trap_stack(uint64_t rsp)
{
    return rsp >= (uint64_t)trap_stack && rsp < (uint64_t)trap_stack + sizeof trap_stack;
}

KTEST(user_ud2_raises_sigill_on_the_tss_kernel_stack)
{
    static const uint8_t ud2[] = { 0x0f, 0x0b };
    run_in_user_mode(ud2, sizeof ud2);
    KEXPECT(seen.calls == 1);
    KEXPECT(seen.signo == 4); /* SIGILL */
    KEXPECT(seen.frame.vector == T_INVALID_OP);
    KEXPECT(seen.frame.cs == USER_CS);
    KEXPECT(seen.frame.rip == TEST_USER_CODE && seen.addr == TEST_USER_CODE);
    KEXPECT(on_trap_stack(seen.rsp));
    KEXPECT(seen.gs_base == KERNEL_GS_MARK); /* the entry did SWAPGS */
}

KTEST(user_int3_raises_sigtrap)
{
    static const uint8_t int3[] = { 0xcc };
    run_in_user_mode(int3, sizeof int3);
    KEXPECT(seen.signo == 5); /* SIGTRAP: the gate has DPL 3 */
    KEXPECT(seen.frame.vector == T_BREAKPOINT);
    KEXPECT(seen.frame.rip == TEST_USER_CODE + 1); /* a trap: rip is after int3 */
}

KTEST(user_int_0x80_is_a_general_protection_fault)
{
    static const uint8_t int80[] = { 0xcd, 0x80 };
    run_in_user_mode(int80, sizeof int80);
    KEXPECT(seen.signo == 11); /* SIGSEGV */
    KEXPECT(seen.frame.vector == T_GPF);
    /* The error code names IDT entry 0x80 (bit 1: "IDT", SDM vol. 3A 6.13).
       Hardware puts the vector at bit 3; QEMU's TCG at bit 4 (16-byte gates). */
    KEXPECT((seen.frame.error_code & 3) == 2);
    KEXPECT(seen.frame.error_code >> 3 == 0x80 || seen.frame.error_code >> 4 == 0x80);
}

KTEST(user_divide_by_zero_raises_sigfpe)
{
    static const uint8_t div0[] = { 0x31, 0xc9, 0xf7, 0xf1 }; /* xor ecx,ecx; div ecx */
    run_in_user_mode(div0, sizeof div0);
    KEXPECT(seen.signo == 8);
    KEXPECT(seen.frame.vector == T_DIVIDE);
    KEXPECT(seen.frame.rip == TEST_USER_CODE + 2);
}

KTEST(user_hlt_is_a_general_protection_fault)
{
    static const uint8_t hlt[] = { 0xf4 };
    run_in_user_mode(hlt, sizeof hlt);
    KEXPECT(seen.signo == 11);
    KEXPECT(seen.frame.vector == T_GPF && seen.frame.error_code == 0);
}

KTEST(user_read_of_kernel_memory_raises_sigsegv_with_the_address)
{
    /* movabs rax, [KERNEL_ADDRESS_PROBE] */
    uint8_t code[10] = { 0x48, 0xa1 };
    uint64_t a = KERNEL_ADDRESS_PROBE;
    memcpy(code + 2, &a, 8);
    run_in_user_mode(code, sizeof code);
    KEXPECT(seen.signo == 11);
    KEXPECT(seen.frame.vector == T_PAGE_FAULT);
    KEXPECT(seen.addr == KERNEL_ADDRESS_PROBE);
    KEXPECT(seen.frame.error_code == (PF_USER | PF_PRESENT));
}

KTEST(user_write_to_read_only_page_raises_sigsegv)
{
    /* movabs [TEST_USER_RO_PAGE + 8], al */
    uint8_t code[9] = { 0xa2 };
    uint64_t a = TEST_USER_RO_PAGE + 8;
    memcpy(code + 1, &a, 8);
    run_in_user_mode(code, sizeof code);
    KEXPECT(seen.signo == 11);
    KEXPECT(seen.addr == TEST_USER_RO_PAGE + 8);
    KEXPECT(seen.frame.error_code == (PF_USER | PF_WRITE | PF_PRESENT));
}

KTEST(timer_interrupts_in_user_mode_return_to_user_mode)
{
    /* mov ecx, 20000000; 1: dec ecx; jnz 1b; ud2 */
    static const uint8_t spin[] = {
        0xb9, 0x00, 0x2d, 0x31, 0x01, 0xff, 0xc9, 0x75, 0xfc, 0x0f, 0x0b
    };
    uint64_t t0 = timer_ticks();
    run_in_user_mode(spin, sizeof spin);
    KEXPECT(seen.signo == 4 && seen.frame.rip == TEST_USER_CODE + 9); /* the loop finished */
    KEXPECT(timer_ticks() > t0);
    KEXPECT(seen.ticks_from_user > 0);
}
