/* In-kernel tests of region splitting and merging (munmap, mprotect,
   MAP_FIXED), of PTE updates by mprotect and of shared anonymous objects. */
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_test_util.h"

#define BASE 0x20000000ull
#define PG   PAGE_SIZE

static pte_t pte_at(struct vm_space *vm, uint64_t va)
{
    pte_t pte = 0;
    pt_lookup(vm->pml4, va, NULL, &pte);
    return pte;
}

KTEST(vm_protect_of_a_middle_page_splits_one_region_into_three)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, 3 * PG, RW, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm_protect(vm, BASE + PG, PG, VM_PROT_READ) == 0);
    KEXPECT(vm->count == 3);
    KEXPECT(vm->vmas[0].end == BASE + PG && vm->vmas[0].prot == RW);
    KEXPECT(vm->vmas[1].start == BASE + PG && vm->vmas[1].end == BASE + 2 * PG &&
            vm->vmas[1].prot == VM_PROT_READ);
    KEXPECT(vm->vmas[2].start == BASE + 2 * PG && vm->vmas[2].prot == RW);
    vm_destroy(vm);
}

KTEST(vm_protect_back_to_the_old_rights_merges_the_pieces)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, 4 * PG, RW, 0, NULL, NULL, 0) == 0);
    KASSERT(vm_protect(vm, BASE + PG, 2 * PG, VM_PROT_READ) == 0);
    KASSERT(vm->count == 3);
    KEXPECT(vm_protect(vm, BASE + PG, 2 * PG, RW) == 0);
    KEXPECT(vm->count == 1 && vm->vmas[0].start == BASE && vm->vmas[0].end == BASE + 4 * PG);
    vm_destroy(vm);
}

KTEST(vm_protect_updates_present_ptes_and_a_hole_is_enomem)
{
    struct vm_space *vm = vm_with_written_page(BASE, 2 * PG, BASE);
    KASSERT(vm);
    KEXPECT(pte_at(vm, BASE) & PTE_WRITE);
    KEXPECT(vm_protect(vm, BASE, PG, VM_PROT_READ) == 0);
    KEXPECT((pte_at(vm, BASE) & PTE_PRESENT) && !(pte_at(vm, BASE) & PTE_WRITE));
    uint64_t frame = pte_at(vm, BASE) & PTE_ADDR_MASK;
    KEXPECT(vm_protect(vm, BASE, PG, 0) == 0);
    /* PROT_NONE: not present (kernel accesses fault too), the frame kept. */
    pte_t *raw = pt_walk(vm->pml4, BASE, false);
    KEXPECT(raw && !(*raw & PTE_PRESENT) && (*raw & PTE_PROTNONE) &&
            (*raw & PTE_ADDR_MASK) == frame);
    KEXPECT(vm_fault(vm, BASE, PF_USER) == FAULT_SIGSEGV);
    KEXPECT(vm_protect(vm, BASE, PG, RW) == 0);
    KEXPECT((pte_at(vm, BASE) & PTE_ADDR_MASK) == frame && (pte_at(vm, BASE) & PTE_WRITE));
    KEXPECT(vm->resident_pages == 1);
    KEXPECT(vm_protect(vm, BASE, 3 * PG, RW) == -ENOMEM);
    vm_destroy(vm);
}

KTEST(vm_protect_keeps_a_copy_on_write_page_read_only)
{
    uint64_t before = free_frames();
    struct vm_space *parent = vm_with_written_page(BASE, PG, BASE);
    KASSERT(parent);
    struct vm_space *child = vm_fork(parent);
    KASSERT(child);
    KEXPECT(vm_protect(parent, BASE, PG, VM_PROT_READ) == 0);
    KEXPECT(vm_protect(parent, BASE, PG, RW) == 0);
    pte_t pte = pte_at(parent, BASE);
    KEXPECT(!(pte & PTE_WRITE) && (pte & PTE_COW));
    vm_destroy(child);
    vm_destroy(parent);
    KEXPECT(free_frames() == before);
}

KTEST(vm_map_over_the_middle_of_a_region_replaces_only_that_part)
{
    struct vm_space *vm = vm_with_written_page(BASE, 5 * PG, BASE + 2 * PG);
    KASSERT(vm);
    KEXPECT(vm_map(vm, BASE + 2 * PG, PG, VM_PROT_READ, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm->count == 3);
    KEXPECT(vm_find(vm, BASE + 2 * PG)->prot == VM_PROT_READ);
    KEXPECT(!(pte_at(vm, BASE + 2 * PG) & PTE_PRESENT));
    KEXPECT(vm->resident_pages == 0);
    vm_destroy(vm);
}

KTEST(vm_adjacent_anonymous_maps_merge_into_one_region)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE + PG, PG, RW, 0, NULL, NULL, 0) == 0);
    KASSERT(vm_map(vm, BASE, PG, RW, 0, NULL, NULL, 0) == 0);
    KASSERT(vm_map(vm, BASE + 2 * PG, PG, RW, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm->count == 1 && vm->vmas[0].end == BASE + 3 * PG);
    KASSERT(vm_map(vm, BASE + 3 * PG, PG, VM_PROT_READ, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm->count == 2);
    vm_destroy(vm);
}

KTEST(vm_unmap_of_a_range_spanning_regions_cuts_both_ends)
{
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    KASSERT(vm_map(vm, BASE, 4 * PG, RW, 0, NULL, NULL, 0) == 0);
    KASSERT(vm_map(vm, BASE + 4 * PG, 4 * PG, VM_PROT_READ, 0, NULL, NULL, 0) == 0);
    KEXPECT(vm_unmap(vm, BASE + 3 * PG, 2 * PG) == 0);
    KEXPECT(vm->count == 2);
    KEXPECT(vm->vmas[0].end == BASE + 3 * PG && vm->vmas[1].start == BASE + 5 * PG);
    KEXPECT(vm_range_mapped(vm, BASE, 3 * PG) && !vm_range_mapped(vm, BASE, 4 * PG));
    vm_destroy(vm);
}

KTEST(vm_shared_anonymous_object_gives_fork_child_the_same_frame)
{
    uint64_t before = free_frames();
    struct vm_space *parent = vm_create();
    KASSERT(parent);
    void *obj = vm_anon_shared_create(2);
    KASSERT(obj);
    KASSERT(vm_map(parent, BASE, 2 * PG, RW, VMA_SHARED, &vm_anon_shared_ops, obj, 0) == 0);
    vm_anon_shared_ops.release(obj);
    struct vm_space *child = vm_fork(parent);
    KASSERT(child);
    /* Neither touched page 1 before the fork. */
    KASSERT(vm_fault(child, BASE + PG, PF_USER | PF_WRITE) == FAULT_HANDLED);
    KASSERT(vm_fault(parent, BASE + PG, PF_USER) == FAULT_HANDLED);
    uint64_t pa_child, pa_parent;
    KEXPECT(pt_lookup(child->pml4, BASE + PG, &pa_child, NULL));
    KEXPECT(pt_lookup(parent->pml4, BASE + PG, &pa_parent, NULL));
    KEXPECT(pa_child == pa_parent);
    KEXPECT(pte_at(parent, BASE + PG) & PTE_WRITE);
    vm_destroy(child);
    vm_destroy(parent);
    KEXPECT(free_frames() == before);
}

KTEST(vm_huge_region_faults_one_2mib_page_and_refuses_partial_unmap)
{
    uint64_t before = free_frames();
    struct vm_space *vm = vm_create();
    KASSERT(vm);
    uint64_t at = vm_find_free_aligned(vm, 2 * VM_HUGE_PAGE_SIZE, VM_HUGE_PAGE_SIZE);
    KASSERT(at && at % VM_HUGE_PAGE_SIZE == 0);
    KASSERT(vm_map(vm, at, 2 * VM_HUGE_PAGE_SIZE, RW, VMA_HUGE, NULL, NULL, 0) == 0);
    KEXPECT(vm_fault(vm, at + 12345, PF_USER | PF_WRITE) == FAULT_HANDLED);
    KEXPECT(pt_walk_huge(vm->pml4, at) != NULL);
    KEXPECT(vm->resident_pages == 512);
    KEXPECT(vm_unmap(vm, at + PG, PG) == -EINVAL);
    KEXPECT(vm_protect(vm, at, PG, VM_PROT_READ) == -EINVAL);
    KEXPECT(vm_unmap(vm, at, VM_HUGE_PAGE_SIZE) == 0);
    KEXPECT(vm->resident_pages == 0 && vm->count == 1);
    vm_destroy(vm);
    KEXPECT(free_frames() == before);
}
