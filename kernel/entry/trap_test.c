/* kernel/entry/trap_test.c: the GDT, TSS and IDT are what the CPU uses. */
#include "kernel/entry/gdt.h"
#include "kernel/entry/trap.h"
#include "kernel/proc/sched.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/paging.h"

struct table_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

static struct table_pointer read_gdtr(void)
{
    struct table_pointer p;
    __asm__ volatile("sgdt %0" : "=m"(p));
    return p;
}

static uint16_t selector(int which)
{
    uint16_t v = 0;
    if (which == 0)
        __asm__ volatile("mov %%cs, %0" : "=r"(v));
    else if (which == 1)
        __asm__ volatile("mov %%ss, %0" : "=r"(v));
    else
        __asm__ volatile("str %0" : "=r"(v));
    return v;
}

/* Bits of a segment descriptor: DPL 46..45, present 47, L (64-bit) 53. */
static int dpl(uint64_t d) { return (d >> 45) & 3; }
static int long_mode(uint64_t d) { return (d >> 53) & 1; }

KTEST(gdt_has_the_selector_layout_syscall_needs)
{
    KEXPECT(selector(0) == KERNEL_CS);
    KEXPECT(selector(1) == KERNEL_DS);
    KEXPECT(selector(2) == TSS_SEL);
    const uint64_t *gdt = (const uint64_t *)read_gdtr().base;
    KEXPECT(dpl(gdt[KERNEL_CS >> 3]) == 0 && long_mode(gdt[KERNEL_CS >> 3]));
    KEXPECT(dpl(gdt[USER_CS >> 3]) == 3 && long_mode(gdt[USER_CS >> 3]));
    KEXPECT(dpl(gdt[USER_DS >> 3]) == 3);
    /* SYSRET computes CS = base + 16 and SS = base + 8 from the same base */
    KEXPECT((USER_CS & ~3) == (KERNEL_DS + 16) && (USER_DS & ~3) == (KERNEL_DS + 8));
}

static uint64_t tss_rsp0(void)
{
    const uint64_t *gdt = (const uint64_t *)read_gdtr().base;
    uint64_t lo = gdt[TSS_SEL >> 3], hi = gdt[(TSS_SEL >> 3) + 1];
    uint64_t base = ((lo >> 16) & 0xffffff) | ((lo >> 56) << 24) | (hi << 32);
    uint64_t rsp0;
    memcpy(&rsp0, (const uint8_t *)base + 4, sizeof rsp0); /* TSS offset 4: RSP0 */
    return rsp0;
}

KTEST(the_schedulers_tss_is_the_one_the_cpu_uses)
{
    uint64_t saved = tss_rsp0();
    cpu_tss.rsp[0] = 0xffffffff80abc000ull;
    KEXPECT(tss_rsp0() == 0xffffffff80abc000ull);
    cpu_tss.rsp[0] = saved;
    KEXPECT(tss_rsp0() == saved);
}

KTEST(double_fault_and_nmi_gates_use_their_ist_stacks)
{
    struct table_pointer idtr;
    __asm__ volatile("sidt %0" : "=m"(idtr));
    const uint8_t *idt = (const uint8_t *)idtr.base;
    KEXPECT(idtr.limit == 256 * 16 - 1);
    KEXPECT((idt[T_DOUBLE * 16 + 4] & 7) == IST_DOUBLE_FAULT);
    KEXPECT((idt[T_NMI * 16 + 4] & 7) == IST_NMI);
    KEXPECT((idt[T_PAGE_FAULT * 16 + 4] & 7) == 0);
    for (int v = 0; v < 48; v++)
        KEXPECT(idt[v * 16 + 5] & 0x80); /* present */
    KEXPECT(!ist_stack_overflowed(IST_DOUBLE_FAULT) && !ist_stack_overflowed(IST_NMI));
}

KTEST(trap_names_follow_the_sdm)
{
    KEXPECT(strcmp(trap_name(T_PAGE_FAULT), "page fault") == 0);
    KEXPECT(strcmp(trap_name(T_GPF), "general protection") == 0);
    KEXPECT(strcmp(trap_name(T_INVALID_OP), "invalid opcode") == 0);
    KEXPECT(strcmp(trap_name(IRQ_BASE), "interrupt") == 0);
}

KTEST(ist_stacks_are_mapped_above_unmapped_guard_pages)
{
    for (int ist = IST_DOUBLE_FAULT; ist <= IST_NMI; ist++) {
        uint64_t bottom, top, pa;
        ist_stack_bounds(ist, &bottom, &top);
        KEXPECT(top - bottom >= 4 * PAGE_SIZE);
        KEXPECT(pt_lookup(kernel_pml4, bottom, &pa, 0));
        KEXPECT(pt_lookup(kernel_pml4, top - 1, &pa, 0));
        KEXPECT(!pt_lookup(kernel_pml4, bottom - PAGE_SIZE, &pa, 0));
    }
}
