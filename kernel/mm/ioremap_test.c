/* In-kernel tests of ioremap (ioremap.c). */
#include "kernel/lib/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/ioremap.h"
#include "kernel/mm/paging.h"

#define LAPIC_PHYS        0xfee00000ull /* SDM vol. 3A, 11.4.1: default APIC base */
#define LAPIC_VERSION_REG 0x30          /* SDM vol. 3A, table 11-1 */

KTEST(ioremap_maps_uncached_with_the_page_offset)
{
    struct page *f = frame_alloc();
    KASSERT(f != NULL);
    uint64_t pa = page_to_phys(f) + 0x123;
    volatile uint8_t *io = ioremap(pa, 16);
    KASSERT(io != NULL);
    KEXPECT(((uint64_t)io & (PAGE_SIZE - 1)) == 0x123);
    uint64_t seen;
    pte_t pte;
    KASSERT(pt_lookup(kernel_pml4, (uint64_t)io, &seen, &pte));
    KEXPECT(seen == pa);
    KEXPECT((pte & PTE_PCD) && (pte & PTE_PWT) && (pte & PTE_WRITE) && !(pte & PTE_USER));
    io[0] = 0x77;
    KEXPECT(((volatile uint8_t *)page_to_virt(f))[0x123] == 0x77);
    page_put(f);
}

KTEST(ioremap_ranges_do_not_overlap_and_span_pages)
{
    uint8_t *a = ioremap(LAPIC_PHYS + 0xff0, 0x20); /* crosses a page boundary */
    uint8_t *b = ioremap(LAPIC_PHYS, PAGE_SIZE);
    KASSERT(a != NULL && b != NULL);
    KEXPECT(pt_lookup(kernel_pml4, (uint64_t)a + 0x1f, NULL, NULL));
    KEXPECT((uint64_t)b >= (uint64_t)a + 0x20);
    KEXPECT(ioremap(0, 0) == NULL);
}

KTEST(ioremap_reaches_the_local_apic_registers)
{
    volatile uint32_t *lapic = ioremap(LAPIC_PHYS, PAGE_SIZE);
    KASSERT(lapic != NULL);
    uint32_t version = lapic[LAPIC_VERSION_REG / 4] & 0xff;
    /* 0x1x for an integrated APIC; 0 or 0xff would mean no device answered. */
    KEXPECT(version >= 0x10 && version <= 0x15);
}
