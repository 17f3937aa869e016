/* In-kernel tests of address spaces: regions, demand paging, copy-on-write. */
#include "kernel/copy/ledger.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_test_util.h"

#define BASE 0x10000000ull

/* The frame mapped at va, through the direct map; NULL if none. */
static uint8_t *frame_at(struct vm_space *vm, uint64_t va, pte_t *pte)
{
    uint64_t pa;
    if (!pt_lookup(vm->pml4, va, &pa, pte))
        return NULL;
    return phys_to_virt(pa & ~(uint64_t)(PAGE_SIZE - 1));
}

KTEST(vm_anonymous_first_touch_maps_a_zeroed_page_and_counts_a_zero_fill)
{
    uint64_t before = free_frames();
    uint64_t zf = ledger_global.zero_fill_bytes[MECH_MMAP_FAULT];
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, 4 * PAGE_SIZE, RW, 0, NULL, NULL, 0) == 0);
    pte_t pte;
    KEXPECT(frame_at(vm, BASE + PAGE_SIZE, &pte) == NULL);
    KEXPECT(vm_fault(vm, BASE + PAGE_SIZE + 8, PF_USER | PF_WRITE) == FAULT_HANDLED);
    uint8_t *p = frame_at(vm, BASE + PAGE_SIZE, &pte);
    KASSERT(p);
    KEXPECT((pte & PTE_WRITE) && (pte & PTE_USER) && (pte & PTE_NX));
    KEXPECT(p[0] == 0 && p[PAGE_SIZE - 1] == 0);
    KEXPECT(ledger_global.zero_fill_bytes[MECH_MMAP_FAULT] == zf + PAGE_SIZE);
    KEXPECT(vm->resident_pages == 1);
    vm_destroy(vm);
    KEXPECT(free_frames() == before);
}

KTEST(vm_fault_outside_any_region_or_against_its_protection_is_sigsegv)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, PAGE_SIZE, VM_PROT_READ, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm_fault(vm, BASE - 1, PF_USER) == FAULT_SIGSEGV);
    KEXPECT(vm_fault(vm, BASE + PAGE_SIZE, PF_USER) == FAULT_SIGSEGV);
    KEXPECT(vm_fault(vm, BASE, PF_USER | PF_WRITE) == FAULT_SIGSEGV);
    KEXPECT(vm_fault(vm, BASE, PF_USER | PF_INSTR) == FAULT_SIGSEGV);
    KEXPECT(vm_fault(vm, BASE, PF_USER) == FAULT_HANDLED);
    vm_destroy(vm);
}

KTEST(vm_fork_shares_frames_read_only_then_copies_on_the_first_write)
{
    uint64_t before = free_frames();
    struct vm_space *parent = vm_with_written_page(BASE, PAGE_SIZE, BASE);
    KASSERT(parent);
    pte_t ppte, cpte;
    uint8_t *pp = frame_at(parent, BASE, &ppte);
    pp[0] = 0x5a;

    struct vm_space *child = vm_fork(parent);
    KASSERT(child);
    pp = frame_at(parent, BASE, &ppte);
    uint8_t *cp = frame_at(child, BASE, &cpte);
    KASSERT(cp);
    KEXPECT(cp == pp);
    KEXPECT(!(ppte & PTE_WRITE) && (ppte & PTE_COW));
    KEXPECT(!(cpte & PTE_WRITE) && (cpte & PTE_COW));
    KEXPECT(virt_to_page(pp)->refcount == 2);

    uint64_t cow = ledger_global.bytes[COPY_COW_PAGE][MECH_FORK];
    KEXPECT(vm_fault(child, BASE, PF_USER | PF_WRITE | PF_PRESENT) == FAULT_HANDLED);
    cp = frame_at(child, BASE, &cpte);
    KEXPECT(cp != pp && cp[0] == 0x5a && (cpte & PTE_WRITE) && !(cpte & PTE_COW));
    KEXPECT(ledger_global.bytes[COPY_COW_PAGE][MECH_FORK] == cow + PAGE_SIZE);

    /* The parent is now the frame's only user: it takes it over, no copy. */
    KEXPECT(vm_fault(parent, BASE, PF_USER | PF_WRITE | PF_PRESENT) == FAULT_HANDLED);
    KEXPECT(frame_at(parent, BASE, &ppte) == pp && (ppte & PTE_WRITE));
    KEXPECT(ledger_global.bytes[COPY_COW_PAGE][MECH_FORK] == cow + PAGE_SIZE);

    vm_destroy(child);
    vm_destroy(parent);
    KEXPECT(free_frames() == before);
}

KTEST(vm_unmap_in_the_middle_splits_a_region_and_frees_its_pages)
{
    uint64_t before = free_frames();
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, 8 * PAGE_SIZE, RW, 0, NULL, NULL, 0) == 0);
    for (int i = 0; i < 8; i++)
        KASSERT(vm_fault(vm, BASE + i * PAGE_SIZE, PF_USER | PF_WRITE) == FAULT_HANDLED);
    KEXPECT(vm_unmap(vm, BASE + 2 * PAGE_SIZE, 3 * PAGE_SIZE) == 0);
    KEXPECT(vm->count == 2);
    KEXPECT(vm_find(vm, BASE + PAGE_SIZE) && vm_find(vm, BASE + 5 * PAGE_SIZE));
    KEXPECT(!vm_find(vm, BASE + 2 * PAGE_SIZE) && !vm_find(vm, BASE + 4 * PAGE_SIZE));
    KEXPECT(vm->resident_pages == 5);
    pte_t pte;
    KEXPECT(frame_at(vm, BASE + 3 * PAGE_SIZE, &pte) == NULL);
    KEXPECT(vm_drop_pages(vm, BASE, 8 * PAGE_SIZE) == 0);
    KEXPECT(vm->resident_pages == 0 && vm->count == 2);
    vm_destroy(vm);
    KEXPECT(free_frames() == before);
}

KTEST(vm_regions_stay_sorted_and_lookup_finds_each_of_many)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    /* Inserted out of order, with gaps: 100 regions. */
    for (int i = 0; i < 100; i++) {
        uint64_t slot = (uint64_t)((i * 37) % 100);
        KASSERT(vm_map(vm, BASE + slot * 4 * PAGE_SIZE, 2 * PAGE_SIZE, RW, 0, NULL, NULL, 0) == 0);
    }
    KEXPECT(vm->count == 100);
    for (int i = 1; i < vm->count; i++)
        KEXPECT(vm->vmas[i - 1].end <= vm->vmas[i].start);
    for (uint64_t s = 0; s < 100; s++) {
        struct vma *v = vm_find(vm, BASE + s * 4 * PAGE_SIZE + PAGE_SIZE);
        KEXPECT(v && v->start == BASE + s * 4 * PAGE_SIZE);
        KEXPECT(!vm_find(vm, BASE + s * 4 * PAGE_SIZE + 2 * PAGE_SIZE));
    }
    uint64_t gap = vm_find_free(vm, 16 * PAGE_SIZE);
    KEXPECT(gap == VM_MMAP_TOP - 16 * PAGE_SIZE);
    vm_destroy(vm);
}

KTEST(vm_brk_grows_into_a_heap_region_and_shrinks_back)
{
    uint64_t before = free_frames();
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    vm->brk_start = vm->brk = BASE;
    KEXPECT(vm_set_brk(vm, BASE + 100) == BASE + 100);
    KEXPECT(vm_set_brk(vm, BASE + 3 * PAGE_SIZE) == BASE + 3 * PAGE_SIZE);
    KEXPECT(vm->count == 1);
    struct vma *v = vm_find(vm, BASE + 2 * PAGE_SIZE);
    KEXPECT(v && (v->flags & VMA_HEAP) && v->start == BASE && v->end == BASE + 3 * PAGE_SIZE);
    KEXPECT(vm_fault(vm, BASE + 2 * PAGE_SIZE, PF_USER | PF_WRITE) == FAULT_HANDLED);
    KEXPECT(vm_set_brk(vm, BASE + 10) == BASE + 10);
    KEXPECT(vm->resident_pages == 0);
    KEXPECT(vm_set_brk(vm, BASE - 1) == BASE + 10); /* below the start: refused */
    vm_destroy(vm);
    KEXPECT(free_frames() == before);
}
