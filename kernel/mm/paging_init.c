/*
 * kernel/mm/paging_init.c: the kernel's own page tables, replacing boot.S's.
 *
 *   PHYS_MAP_BASE + [0, end of RAM)  all physical memory, 2 MiB pages,
 *                                    writable, global, never executable
 *   KERNEL_VMA + image               4 KiB pages with the rights of each
 *                                    section: text R-X, rodata R--, data/bss RW-
 *   low addresses                    nothing: the boot identity map is gone
 *
 * Every PML4 entry of the kernel half gets its PDPT now, so pt_create() can
 * share the whole kernel half by copying entries 256..511 and later kernel
 * mappings show up in every address space.
 */
#include "kernel/lib/cpufeature.h"
#include "kernel/hw/io.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/pt_alloc.h"

#define ENTRIES           512
#define KERNEL_HALF_FIRST 256

extern char kernel_text_start[], kernel_rodata_start[], kernel_data_start[], kernel_end[];

/* NX is a reserved bit (a fault on every access) when EFER.NXE is off. */
static uint64_t nx(void) { return cpu_has(CPU_NX) ? PTE_NX : 0; }

static uint64_t *must_table(void)
{
    uint64_t *t = pt_alloc_table();
    if (!t)
        panic("paging_init: out of memory for the kernel page tables");
    return t;
}

/* The PD covering va in the kernel half, created if missing. */
static uint64_t *kernel_pd(uint64_t va)
{
    uint64_t *pdpt = phys_to_virt(kernel_pml4[(va >> 39) & 511] & PTE_ADDR_MASK);
    pte_t *e = &pdpt[(va >> 30) & 511];
    if (!(*e & PTE_PRESENT))
        *e = virt_to_phys(must_table()) | PTE_PRESENT | PTE_WRITE;
    return phys_to_virt(*e & PTE_ADDR_MASK);
}

static void map_direct(uint64_t phys_end)
{
    uint64_t flags = PTE_PRESENT | PTE_WRITE | PTE_HUGE | PTE_GLOBAL | nx();
    for (uint64_t pa = 0; pa < phys_end; pa += HUGE_PAGE_SIZE) {
        uint64_t va = PHYS_MAP_BASE + pa;
        kernel_pd(va)[(va >> 21) & 511] = pa | flags;
    }
}

static void map_image_range(const char *start, const char *end, uint64_t flags)
{
    for (uint64_t va = (uint64_t)start; va < (uint64_t)end; va += PAGE_SIZE)
        if (pt_map(kernel_pml4, va, va - KERNEL_VMA, flags | PTE_GLOBAL) != 0)
            panic("paging_init: cannot map the kernel image at %#lx", va);
}

/* The GDT boot.S loaded lives in .boot.data, at a low address that is about
   to vanish: point GDTR at the same bytes through the direct map, so that a
   segment reload before the real GDT is installed still finds it. */
static void move_gdtr_to_direct_map(void)
{
    struct __attribute__((packed)) {
        uint16_t limit;
        uint64_t base;
    } gdtr;
    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    if (gdtr.base < PHYS_MAP_BASE) {
        gdtr.base = (uint64_t)phys_to_virt(gdtr.base);
        __asm__ volatile("lgdt %0" ::"m"(gdtr));
    }
}

void paging_init(void)
{
    kernel_pml4 = must_table();
    for (int i = KERNEL_HALF_FIRST; i < ENTRIES; i++)
        kernel_pml4[i] = virt_to_phys(must_table()) | PTE_PRESENT | PTE_WRITE;

    uint64_t phys_end = (frame_phys_end() + HUGE_PAGE_SIZE - 1) & ~(uint64_t)(HUGE_PAGE_SIZE - 1);
    map_direct(phys_end);
    map_image_range(kernel_text_start, kernel_rodata_start, PTE_PRESENT);
    map_image_range(kernel_rodata_start, kernel_data_start, PTE_PRESENT | nx());
    map_image_range(kernel_data_start, kernel_end, PTE_PRESENT | PTE_WRITE | nx());

    move_gdtr_to_direct_map();
    pt_activate(kernel_pml4);
    tlb_flush_all();
    frame_init_high();
    pr_info("paging: direct map of %lu MiB at %#lx (2 MiB pages); kernel image in 4 KiB pages "
            "(text r-x, rodata r--, data rw-); identity map removed\n",
            phys_end >> 20, (uint64_t)PHYS_MAP_BASE);
}
