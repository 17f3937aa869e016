/*
 * kernel/hw/segments.h: the GDT's selectors, descriptor bits, the interrupt
 * stack table slots and the 64-bit task-state segment (Intel SDM vol. 3A,
 * 3.4.5, 6.14.5, 7.7).  Usable from assembly: the #defines only.
 *
 * In 64-bit mode segmentation is mostly off, but the CPU still needs code
 * and data descriptors for the privilege level, and a TSS for the stack it
 * switches to on an interrupt from ring 3 (rsp0) or through an IST slot.
 *
 * The order is fixed by SYSCALL/SYSRET (SDM vol. 2B, SYSRET): with
 * STAR[63:48] = 0x10, SYSRET loads SS = 0x10 + 8 = USER_DS and
 * CS = 0x10 + 16 = USER_CS (both with RPL 3), so user data must come
 * right before user code.
 */
#ifndef PAGELAB_HW_SEGMENTS_H
#define PAGELAB_HW_SEGMENTS_H

#include "kernel/hw/bits.h"

#define KERNEL_CS 0x08 /* 64-bit code, DPL 0 */
#define KERNEL_DS 0x10 /* data, DPL 0 */
#define USER_DS   0x1b /* data, DPL 3 (entry 0x18 | RPL 3) */
#define USER_CS   0x23 /* 64-bit code, DPL 3 (entry 0x20 | RPL 3) */
#define TSS_SEL   0x28 /* 16-byte system descriptor */

/* STAR (SDM vol. 3A, 5.8.8): syscall loads CS = STAR[47:32] (KERNEL_CS),
   SS = +8; sysret loads CS = STAR[63:48] + 16 (USER_CS) and
   SS = STAR[63:48] + 8 (USER_DS). */
#define STAR_SYSCALL_CS  KERNEL_CS
#define STAR_SYSRET_BASE 0x10

/* Interrupt stack table slots (SDM vol. 3A, 6.14.5), numbered from 1 as
   the IDT's IST field counts them. */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2

/* Code and data descriptor fields (SDM vol. 3A, 3.4.5 figure 3-8 and 7.2.3
   figure 7-4). */
#define DESC_ACCESSED  BIT(40)
#define DESC_RW        BIT(41) /* data: writable; code: readable */
#define DESC_CODE      BIT(43)
#define DESC_S         BIT(44) /* code/data (not a system descriptor) */
#define DESC_DPL3      (3 * BIT(45))
#define DESC_PRESENT   BIT(47)
#define DESC_LONG      BIT(53)       /* 64-bit code segment */
#define DESC_TSS_AVAIL (9 * BIT(40)) /* system type 9: available 64-bit TSS */

/* Byte offset of rsp0 in struct tss, for the syscall entry's stack switch. */
#define TSS_RSP0_OFFSET 4

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The 64-bit TSS (SDM vol. 3A, 7.7 figure 7-11). */
struct tss {
    uint32_t reserved0;
    uint64_t rsp[3]; /* rsp[0]: the stack an interrupt from ring 3 switches to */
    uint64_t reserved1;
    uint64_t ist[7]; /* IST1..IST7 */
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct tss, rsp) == TSS_RSP0_OFFSET, "TSS_RSP0_OFFSET");
#endif

#endif
