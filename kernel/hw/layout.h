/*
 * kernel/hw/layout.h: the virtual memory map.
 *
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (lower canonical half)
 *   0xffff800000000000 .. (+ all RAM)          direct map of physical memory,
 *                                              2 MiB pages, PML4 slot 256
 *   0xffffc00000000000 .. (+ 1 GiB)            device memory mapped uncached by
 *                                              ioremap(), PML4 slot 384
 *   0xffffc80000000000 .. (+ 1 GiB)            kernel stacks, each above an
 *                                              unmapped guard page, PML4 slot 400
 *   0xffffffff80000000 .. (+ 1 GiB)            the kernel image (-mcmodel=kernel),
 *                                              PML4 slot 511, PDPT slot 510
 *
 * Usable from assembly: only #defines here.
 */
#ifndef PAGELAB_HW_LAYOUT_H
#define PAGELAB_HW_LAYOUT_H

#define KERNEL_VMA          0xffffffff80000000
#define KERNEL_PHYS_LOAD    0x100000           /* GRUB loads the image at 1 MiB */
#define PHYS_MAP_BASE       0xffff800000000000 /* direct map of all RAM */
#define PML4_INDEX_PHYS_MAP 256
#define IOREMAP_BASE        0xffffc00000000000 /* MMIO windows (kernel/mm/ioremap.h) */
#define IOREMAP_SIZE        0x40000000
#define KSTACK_AREA_BASE    0xffffc80000000000 /* kernel stacks (kernel/mm/kstack.h) */
#define KSTACK_AREA_SIZE    0x40000000
#define USER_TOP            0x0000800000000000 /* first non-canonical address */

#define PAGE_SHIFT     12
#define PAGE_SIZE      4096
#define HUGE_PAGE_SIZE 0x200000 /* 2 MiB */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Kernel virtual address of physical address pa, through the direct map. */
static inline void *phys_to_virt(uint64_t pa) { return (void *)(pa + PHYS_MAP_BASE); }

/* Physical address behind a direct-map or kernel-image virtual address. */
static inline uint64_t virt_to_phys(const void *va)
{
    uint64_t v = (uint64_t)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - PHYS_MAP_BASE;
}
#endif

#endif
