/*
 * kernel/entry/gdt.c: the GDT (selectors in kernel/hw/segments.h), the
 * descriptor of the one TSS (the scheduler's cpu_tss) and the IST stacks.
 *
 * The IST stacks are static arrays: a double fault usually means the kernel
 * stack is broken, so its handler must not depend on any allocator.  Below
 * each one is a guard page that ist_guard_pages_unmap() removes from the
 * kernel's page tables once they exist, so running off the bottom faults
 * instead of overwriting whatever lies below; a canary word at the bottom
 * is checked by the trap report as well.
 */
#include "kernel/entry/gdt.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/paging.h"
#include "kernel/proc/sched.h"

#define KERNEL_CODE_DESC (DESC_PRESENT | DESC_S | DESC_CODE | DESC_RW | DESC_LONG | DESC_ACCESSED)
#define KERNEL_DATA_DESC (DESC_PRESENT | DESC_S | DESC_RW | DESC_ACCESSED)
#define USER_CODE_DESC   (KERNEL_CODE_DESC | DESC_DPL3)
#define USER_DATA_DESC   (KERNEL_DATA_DESC | DESC_DPL3)

#define IST_STACK_SIZE  16384
#define IST_STACK_COUNT 2
#define IST_CANARY      0x5354414b43414e41ull /* "ANACKATS" */

static uint64_t gdt[7] __attribute__((aligned(16)));
struct ist_stack {
    uint8_t guard[PAGE_SIZE];
    uint8_t stack[IST_STACK_SIZE];
};
static struct ist_stack ist_stacks[IST_STACK_COUNT] __attribute__((aligned(PAGE_SIZE)));

extern char boot_stack_top[];

struct gdt_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

/* A 16-byte TSS descriptor: base split over both halves, limit = size - 1. */
static void set_tss_descriptor(uint64_t *slot, uint64_t base, uint32_t limit)
{
    slot[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) | DESC_TSS_AVAIL | DESC_PRESENT |
              ((uint64_t)(limit >> 16 & 0xf) << 48) | ((base >> 24 & 0xff) << 56);
    slot[1] = base >> 32;
}

void ist_stack_bounds(int ist, uint64_t *bottom, uint64_t *top)
{
    *bottom = (uint64_t)ist_stacks[ist - 1].stack;
    *top = *bottom + IST_STACK_SIZE;
}

/* Reloads CS with a far return (there is no far jump to an immediate in
   64-bit mode), then the data segment registers. */
static void load_segments(void)
{
    __asm__ volatile("pushq %[cs]\n\t"
                     "leaq 1f(%%rip), %%rax\n\t"
                     "pushq %%rax\n\t"
                     "lretq\n"
                     "1:\n\t"
                     "movw %w[ds], %%ax\n\t"
                     "movw %%ax, %%ds\n\t"
                     "movw %%ax, %%es\n\t"
                     "movw %%ax, %%ss\n\t"
                     "xorl %%eax, %%eax\n\t"
                     "movw %%ax, %%fs\n\t"
                     "movw %%ax, %%gs\n\t" ::[cs] "i"(KERNEL_CS),
                     [ds] "r"((uint64_t)KERNEL_DS)
                     : "rax", "memory");
}

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[KERNEL_CS >> 3] = KERNEL_CODE_DESC;
    gdt[KERNEL_DS >> 3] = KERNEL_DATA_DESC;
    gdt[USER_DS >> 3] = USER_DATA_DESC;
    gdt[USER_CS >> 3] = USER_CODE_DESC;
    set_tss_descriptor(&gdt[TSS_SEL >> 3], (uint64_t)&cpu_tss, sizeof cpu_tss - 1);

    memset(&cpu_tss, 0, sizeof cpu_tss);
    cpu_tss.rsp[0] = (uint64_t)boot_stack_top;
    for (int i = 0; i < IST_STACK_COUNT; i++) {
        *(uint64_t *)ist_stacks[i].stack = IST_CANARY;
        cpu_tss.ist[i] = (uint64_t)ist_stacks[i].stack + IST_STACK_SIZE;
    }
    cpu_tss.iomap_base = sizeof cpu_tss; /* no I/O permission bitmap: ring 3 gets no ports */

    struct gdt_pointer p = { sizeof gdt - 1, (uint64_t)gdt };
    __asm__ volatile("lgdt %0" ::"m"(p) : "memory");
    load_segments();
    __asm__ volatile("ltr %w0" ::"r"((uint16_t)TSS_SEL));
}

/* Did something run off the bottom of an IST stack? */
int ist_stack_overflowed(int ist) { return *(uint64_t *)ist_stacks[ist - 1].stack != IST_CANARY; }

void ist_guard_pages_unmap(void)
{
    for (int i = 0; i < IST_STACK_COUNT; i++)
        if (!pt_unmap(kernel_pml4, (uint64_t)ist_stacks[i].guard))
            panic("ist_guard_pages_unmap: guard page %p of IST%d was not mapped",
                  (void *)ist_stacks[i].guard, i + 1);
}
