/* In-kernel tests of the page tables (paging.c, paging_init.c, cpufeature.c). */
#include "kernel/lib/cpufeature.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"

extern char kernel_text_start[], kernel_rodata_start[], kernel_data_start[], kernel_end[];
extern char boot_stack[];

/* A user-half address in a fresh address space, mapped supervisor-only so
   that SMAP lets the kernel touch it. */
#define TEST_VA 0x0000000040000000ull

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

KTEST(paging_pt_map_then_read_and_write_through_the_mapping)
{
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    struct page *frame = frame_alloc();
    KASSERT(frame != NULL);
    uint32_t *direct = page_to_virt(frame);
    direct[0] = 0x12345678;
    KEXPECT(pt_map(pml4, TEST_VA, page_to_phys(frame), PTE_WRITE | PTE_NX) == 0);
    KEXPECT(pt_map(pml4, TEST_VA, page_to_phys(frame), PTE_WRITE) == -EEXIST);

    uint64_t *old = pt_active();
    pt_activate(pml4);
    volatile uint32_t *mapped = (volatile uint32_t *)TEST_VA;
    uint32_t seen = mapped[0];
    mapped[1] = 0xcafef00d;
    pt_activate(old);

    KEXPECT(seen == 0x12345678);
    KEXPECT(direct[1] == 0xcafef00d);
    pt_destroy(pml4);
    page_put(frame);
}

/* A stale TLB entry would keep showing the first frame after the unmap. */
KTEST(paging_pt_unmap_removes_the_mapping_and_flushes_the_tlb)
{
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    struct page *a = frame_alloc(), *b = frame_alloc();
    KASSERT(a && b);
    *(uint64_t *)page_to_virt(a) = 0xaaaa;
    *(uint64_t *)page_to_virt(b) = 0xbbbb;

    uint64_t *old = pt_active();
    pt_activate(pml4);
    KEXPECT(pt_map(pml4, TEST_VA, page_to_phys(a), PTE_WRITE) == 0);
    uint64_t first = *(volatile uint64_t *)TEST_VA; /* now in the TLB */
    pte_t gone = pt_unmap(pml4, TEST_VA);
    bool still_mapped = pt_lookup(pml4, TEST_VA, NULL, NULL);
    KEXPECT(pt_map(pml4, TEST_VA, page_to_phys(b), PTE_WRITE) == 0);
    uint64_t second = *(volatile uint64_t *)TEST_VA;
    pt_activate(old);

    KEXPECT(first == 0xaaaa);
    KEXPECT((gone & PTE_ADDR_MASK) == page_to_phys(a) && (gone & PTE_PRESENT));
    KEXPECT(!still_mapped);
    if (second != 0xbbbb)
        printk("paging test: read %#lx through %#llx after remapping it from frame %#lx to %#lx "
               "(stale TLB entry?)\n",
               second, TEST_VA, page_to_phys(a), page_to_phys(b));
    KEXPECT(second == 0xbbbb);
    KEXPECT(pt_unmap(pml4, TEST_VA + PAGE_SIZE) == 0);
    pt_destroy(pml4);
    page_put(a);
    page_put(b);
}

KTEST(paging_pt_protect_changes_flags_and_keeps_the_frame)
{
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    struct page *f = frame_alloc();
    KASSERT(f != NULL);
    KEXPECT(pt_map(pml4, TEST_VA, page_to_phys(f), PTE_WRITE | PTE_USER) == 0);
    KEXPECT(pt_protect(pml4, TEST_VA, PTE_USER | PTE_NX | PTE_COW) == 0);
    uint64_t pa;
    pte_t pte;
    KASSERT(pt_lookup(pml4, TEST_VA + 0x123, &pa, &pte));
    KEXPECT(pa == page_to_phys(f) + 0x123);
    KEXPECT(!(pte & PTE_WRITE));
    KEXPECT((pte & PTE_NX) && (pte & PTE_COW) && (pte & PTE_USER) && (pte & PTE_PRESENT));
    KEXPECT(pt_protect(pml4, TEST_VA + PAGE_SIZE, PTE_WRITE) == -ENOENT);
    pt_destroy(pml4);
    page_put(f);
}

KTEST(paging_pt_walk_creates_tables_only_when_asked)
{
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    KEXPECT(pt_walk(pml4, TEST_VA, false) == NULL);
    pte_t *pte = pt_walk(pml4, TEST_VA, true);
    KASSERT(pte != NULL);
    KEXPECT(*pte == 0);
    KEXPECT(pt_walk(pml4, TEST_VA, false) == pte);
    KEXPECT(pt_walk(pml4, 0x0000800000000000ull, true) == NULL); /* non-canonical */
    /* The direct map uses 2 MiB pages: no 4 KiB PTE to return there. */
    KEXPECT(pt_walk(kernel_pml4, PHYS_MAP_BASE + 0x200000, false) == NULL);
    pt_destroy(pml4);
}

KTEST(paging_identity_map_is_gone)
{
    KEXPECT(!pt_lookup(kernel_pml4, 0x100000, NULL, NULL));
    KEXPECT(!pt_lookup(kernel_pml4, 0, NULL, NULL));
    for (int i = 0; i < 256; i++)
        KEXPECT(!(kernel_pml4[i] & PTE_PRESENT));
}

KTEST(paging_direct_map_covers_the_last_usable_frame)
{
    uint64_t last = frame_phys_end() - PAGE_SIZE;
    uint64_t pa;
    pte_t pte;
    KASSERT(pt_lookup(kernel_pml4, PHYS_MAP_BASE + last, &pa, &pte));
    KEXPECT(pa == last);
    KEXPECT(pte & PTE_HUGE);
    KEXPECT(pte & PTE_GLOBAL);
    KEXPECT(pte & PTE_WRITE);
    KEXPECT(!cpu_has(CPU_NX) || (pte & PTE_NX));
    /* Readable for real: this is the top of RAM. */
    volatile uint64_t *v = phys_to_virt(last);
    uint64_t keep = *v;
    *v = 0x5555aaaa5555aaaaull;
    KEXPECT(*v == 0x5555aaaa5555aaaaull);
    *v = keep;
}

KTEST(paging_kernel_text_is_executable_but_not_writable)
{
    pte_t pte;
    uint64_t pa;
    KASSERT(pt_lookup(kernel_pml4, (uint64_t)kernel_text_start, &pa, &pte));
    KEXPECT(pa == (uint64_t)kernel_text_start - KERNEL_VMA);
    KEXPECT(!(pte & PTE_WRITE) && !(pte & PTE_NX) && !(pte & PTE_HUGE));
    KEXPECT(!(pte & PTE_USER));
}

KTEST(paging_kernel_rodata_is_read_only_and_nx)
{
    pte_t pte;
    KASSERT(pt_lookup(kernel_pml4, (uint64_t)kernel_rodata_start, NULL, &pte));
    KEXPECT(!(pte & PTE_WRITE));
    KEXPECT(!cpu_has(CPU_NX) || (pte & PTE_NX));
}

KTEST(paging_kernel_data_bss_and_stack_are_writable_and_nx)
{
    static int in_bss;
    uint64_t vas[] = { (uint64_t)kernel_data_start, (uint64_t)&in_bss, (uint64_t)boot_stack,
                       (uint64_t)kernel_end - 1 };
    for (int i = 0; i < 4; i++) {
        pte_t pte;
        KASSERT(pt_lookup(kernel_pml4, vas[i], NULL, &pte));
        KEXPECT(pte & PTE_WRITE);
        KEXPECT(!cpu_has(CPU_NX) || (pte & PTE_NX));
    }
    KEXPECT(!pt_lookup(kernel_pml4, (uint64_t)kernel_end, NULL, NULL));
}

KTEST(paging_cr4_has_smep_smap_pge_when_cpuid_reports_them)
{
    uint64_t cr4 = read_cr4();
    KEXPECT(!cpu_has(CPU_SMEP) || (cr4 & CR4_SMEP));
    KEXPECT(!cpu_has(CPU_SMAP) || (cr4 & CR4_SMAP));
    KEXPECT(!cpu_has(CPU_PGE) || (cr4 & CR4_PGE));
    KEXPECT(!cpu_has(CPU_NX) || (rdmsr(0xc0000080) & EFER_NXE));
}

KTEST(paging_pt_create_shares_the_kernel_half)
{
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    for (int i = 0; i < 256; i++)
        KEXPECT(pml4[i] == 0);
    for (int i = 256; i < 512; i++)
        KEXPECT(pml4[i] == kernel_pml4[i] && (pml4[i] & PTE_PRESENT));
    uint64_t pa;
    KEXPECT(pt_lookup(pml4, (uint64_t)kernel_text_start, &pa, NULL) &&
            pa == (uint64_t)kernel_text_start - KERNEL_VMA);
    pt_destroy(pml4);
}

/* Mappings spread over several PDPTs, PDs and PTs; pt_destroy must give back
   every table frame (the mapped frames stay the caller's). */
KTEST(paging_pt_destroy_returns_every_table_frame)
{
    uint64_t before = free_frames();
    uint64_t *pml4 = pt_create();
    KASSERT(pml4 != NULL);
    struct page *f = frame_alloc();
    KASSERT(f != NULL);
    uint64_t vas[] = { 0x1000,           0x2000,          0x200000,
                       0x40000000,       0x8000000000ull, 0x7ffffffff000ull,
                       0x123456789000ull };
    for (int i = 0; i < 7; i++)
        KEXPECT(pt_map(pml4, vas[i], page_to_phys(f), PTE_USER | PTE_WRITE) == 0);
    KEXPECT(free_frames() < before - 8);
    pt_destroy(pml4);
    page_put(f);
    KEXPECT(free_frames() == before);
}

KTEST(paging_pt_lookup_decodes_2mib_direct_map_pages)
{
    uint64_t pa;
    KASSERT(pt_lookup(kernel_pml4, PHYS_MAP_BASE + 0x3456789, &pa, NULL));
    KEXPECT(pa == 0x3456789);
}
