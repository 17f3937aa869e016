/*
 * kernel/hw/msr.h: the model-specific registers pagelab uses (Intel SDM
 * vol. 4, table 2-2).  Usable from assembly: the #defines only.
 */
#ifndef PAGELAB_HW_MSR_H
#define PAGELAB_HW_MSR_H

#include "kernel/hw/bits.h"

#define MSR_EFER 0xc0000080 /* extended features */
#define EFER_SCE BIT(0)     /* SYSCALL/SYSRET */
#define EFER_LME BIT(8)     /* long mode enable */
#define EFER_NXE BIT(11)    /* the NX bit in page tables */

#define MSR_STAR           0xc0000081 /* SYSCALL/SYSRET segment selectors */
#define MSR_LSTAR          0xc0000082 /* SYSCALL entry point */
#define MSR_SFMASK         0xc0000084 /* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE        0xc0000100 /* user TLS (arch_prctl ARCH_SET_FS) */
#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102 /* swapped with GS_BASE by SWAPGS */

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
#endif

#endif
