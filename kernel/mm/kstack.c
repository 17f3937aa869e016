/*
 * kernel/mm/kstack.c: kernel stacks with a guard page (kstack.h).
 *
 * Slots of KSTACK_SLOT bytes from KSTACK_AREA_BASE: slot i's guard page is
 * its first page, never mapped; its stack the pages above.  A bitmap says
 * which slots are taken.  The mappings are in the kernel half, which every
 * address space shares (paging_init made all its PML4 entries), and are
 * global, so a freed stack's pages are flushed with invlpg.
 */
#include "kernel/mm/kstack.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/spinlock.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"

#define KSTACK_MAX_PAGES 4                                    /* KSTACK_SIZE: 16 KiB */
#define KSTACK_SLOT      ((KSTACK_MAX_PAGES + 1) * PAGE_SIZE) /* guard + stack */
/* As many as the area holds (a multiple of 64, for the bitmap): 52416,
   more tasks than threads-max allows below 6.5 GiB of RAM. */
#define KSTACK_SLOTS     (KSTACK_AREA_SIZE / KSTACK_SLOT / 64 * 64)

_Static_assert((uint64_t)KSTACK_SLOTS *KSTACK_SLOT <= KSTACK_AREA_SIZE,
               "the kernel-stack area holds every slot");

static uint64_t taken[KSTACK_SLOTS / 64];
static struct spinlock kstack_lock = SPINLOCK_INIT("kstack");

static uint64_t slot_base(unsigned i) { return KSTACK_AREA_BASE + (uint64_t)i * KSTACK_SLOT; }

static int take_slot(void)
{
    uint64_t flags = spin_lock_irqsave(&kstack_lock);
    int found = -1;
    for (unsigned w = 0; w < KSTACK_SLOTS / 64 && found < 0; w++) {
        if (taken[w] == ~0ull)
            continue;
        unsigned bit = (unsigned)__builtin_ctzll(~taken[w]); /* the lowest free slot */
        taken[w] |= 1ull << bit;
        found = (int)(w * 64 + bit);
    }
    spin_unlock_irqrestore(&kstack_lock, flags);
    return found;
}

static void give_slot(unsigned i)
{
    uint64_t flags = spin_lock_irqsave(&kstack_lock);
    taken[i / 64] &= ~(1ull << (i % 64));
    spin_unlock_irqrestore(&kstack_lock, flags);
}

/* Unmaps and frees the first `pages` stack pages of slot i. */
static void unmap_pages(unsigned i, size_t pages)
{
    uint64_t stack = slot_base(i) + PAGE_SIZE;
    for (size_t k = 0; k < pages; k++) {
        uint64_t va = stack + k * PAGE_SIZE;
        pte_t e = pt_unmap(kernel_pml4, va);
        invlpg(va);
        if (e & PTE_PRESENT)
            page_put(phys_to_page(e & PTE_ADDR_MASK));
    }
}

void kstack_reserve(unsigned slots)
{
    if (slots > KSTACK_SLOTS)
        slots = KSTACK_SLOTS;
    uint64_t end = slot_base(slots);
    for (uint64_t va = KSTACK_AREA_BASE; va < end; va += HUGE_PAGE_SIZE)
        pt_walk(kernel_pml4, va, true); /* the page table covering these 2 MiB */
}

void *kstack_alloc(size_t size)
{
    size_t pages = size / PAGE_SIZE;
    if (pages == 0 || pages > KSTACK_MAX_PAGES)
        return NULL;
    int i = take_slot();
    if (i < 0)
        return NULL;
    uint64_t stack = slot_base((unsigned)i) + PAGE_SIZE;
    for (size_t k = 0; k < pages; k++) {
        struct page *p = frame_alloc();
        if (!p || pt_map(kernel_pml4, stack + k * PAGE_SIZE, page_to_phys(p),
                         PTE_WRITE | PTE_NX | PTE_GLOBAL) != 0) {
            if (p)
                page_put(p);
            unmap_pages((unsigned)i, k);
            give_slot((unsigned)i);
            return NULL;
        }
    }
    return (void *)stack;
}

void kstack_free(void *stack, size_t size)
{
    uint64_t at = (uint64_t)stack - PAGE_SIZE - KSTACK_AREA_BASE;
    unsigned i = (unsigned)(at / KSTACK_SLOT);
    unmap_pages(i, size / PAGE_SIZE);
    give_slot(i);
}

bool kstack_guard_page(uint64_t addr)
{
    if (addr < KSTACK_AREA_BASE || addr >= KSTACK_AREA_BASE + (uint64_t)KSTACK_SLOTS * KSTACK_SLOT)
        return false;
    return (addr - KSTACK_AREA_BASE) % KSTACK_SLOT < PAGE_SIZE;
}
