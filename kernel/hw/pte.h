/*
 * kernel/hw/pte.h: the x86-64 page-table entry (Intel SDM vol. 3A, 4.5,
 * tables 4-14 .. 4-20), the same at every level but for PS.  Usable from
 * assembly (boot/boot.S builds the first tables with it).
 */
#ifndef PAGELAB_HW_PTE_H
#define PAGELAB_HW_PTE_H

#include "kernel/hw/bits.h"

#define PTE_PRESENT  BIT(0)
#define PTE_WRITE    BIT(1)
#define PTE_USER     BIT(2)
#define PTE_PWT      BIT(3)
#define PTE_PCD      BIT(4)
#define PTE_ACCESSED BIT(5)
#define PTE_DIRTY    BIT(6)
#define PTE_HUGE     BIT(7) /* PS: 2 MiB page in a PD entry */
#define PTE_GLOBAL   BIT(8)
#define PTE_COW      BIT(9) /* software bit (ignored by the CPU): copy on write */
#define PTE_PROTNONE \
    BIT(10) /* software bit: a frame kept under a PROT_NONE region;
                                    P is clear so every access faults, kernel ones too */
/* Software bit: a page that is out on swap.  P and PTE_PROTNONE are clear
   (the CPU ignores every other bit of a not-present entry, SDM vol. 3A,
   4.5, table 4-20), bits 12..51 hold the swap entry (kernel/mm/swap.h). */
#define PTE_SWAP      BIT(11)
#define PTE_NX        BIT(63)
#define PTE_ADDR_MASK 0x000ffffffffff000

#endif
