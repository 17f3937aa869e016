/* kernel/mm/vm_test_util.h: what the address-space ktests (vm*_test.c) share. */
#ifndef PAGELAB_MM_VM_TEST_UTIL_H
#define PAGELAB_MM_VM_TEST_UTIL_H

#include "kernel/mm/frame.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/vm.h"

#define RW (VM_PROT_READ | VM_PROT_WRITE)

/* Free frames now: a test that frees all it took ends where it began. */
static inline uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

/* A new address space with one read-write anonymous region [start, start +
   len) in which the page at touch was written once (a demand fault); NULL if
   any step failed. */
static inline struct vm_space *vm_with_written_page(uint64_t start, uint64_t len, uint64_t touch)
{
    struct vm_space *vm = vm_create();
    if (!vm)
        return NULL;
    if (vm_map(vm, start, len, RW, 0, NULL, NULL, 0) != 0 ||
        vm_fault(vm, touch, PF_USER | PF_WRITE) != FAULT_HANDLED) {
        vm_destroy(vm);
        return NULL;
    }
    return vm;
}

#endif
