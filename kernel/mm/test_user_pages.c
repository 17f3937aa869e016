/* kernel/mm/test_user_pages.c: user pages for ktests (test_user_pages.h). */
#include "kernel/mm/test_user_pages.h"
#include "kernel/hw/io.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/paging.h"

#define TEST_PML4_SLOT 128
#define TABLE_FLAGS    (PTE_PRESENT | PTE_WRITE | PTE_USER)

static uint64_t pdpt[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pd[512] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pt[512] __attribute__((aligned(PAGE_SIZE)));
static uint8_t backing[4][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static uint64_t *active_pml4(void) { return phys_to_virt(read_cr3() & PTE_ADDR_MASK); }

void test_user_pages_map(void)
{
    memset(pdpt, 0, sizeof pdpt);
    memset(pd, 0, sizeof pd);
    memset(pt, 0, sizeof pt);
    pdpt[0] = virt_to_phys(pd) | TABLE_FLAGS;
    pd[0] = virt_to_phys(pt) | TABLE_FLAGS;
    pt[0] = virt_to_phys(backing[0]) | PTE_PRESENT | PTE_WRITE | PTE_USER | PTE_NX;
    pt[2] = virt_to_phys(backing[2]) | PTE_PRESENT | PTE_USER | PTE_NX;
    pt[3] = virt_to_phys(backing[3]) | PTE_PRESENT | PTE_USER;
    active_pml4()[TEST_PML4_SLOT] = virt_to_phys(pdpt) | TABLE_FLAGS;
    write_cr3(read_cr3());
}

void test_user_pages_unmap(void)
{
    active_pml4()[TEST_PML4_SLOT] = 0;
    write_cr3(read_cr3());
}

uint8_t *test_user_page_backing(int page) { return backing[page]; }
