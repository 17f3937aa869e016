/*
 * kernel/hw/cpu.h: the x86-64 control registers, RFLAGS, the time-stamp
 * counter and CPUID (Intel SDM vol. 3A, 2.3 and 2.5; vol. 1, 3.4.3).
 * Usable from assembly: the #defines only.
 */
#ifndef PAGELAB_HW_CPU_H
#define PAGELAB_HW_CPU_H

#include "kernel/hw/bits.h"

/* CR0 (SDM vol. 3A, 2.5). */
#define CR0_PE BIT(0)  /* protected mode */
#define CR0_MP BIT(1)  /* WAIT/FWAIT honour TS */
#define CR0_EM BIT(2)  /* x87 emulation: must be clear for SSE */
#define CR0_TS BIT(3)  /* task switched: the next FPU use traps */
#define CR0_NE BIT(5)  /* x87 errors as exceptions, not IRQ 13 */
#define CR0_WP BIT(16) /* read-only pages are read-only in ring 0 too */
#define CR0_PG BIT(31) /* paging */

/* CR4 (SDM vol. 3A, 2.5). */
#define CR4_PAE        BIT(5)  /* physical address extension (long mode needs it) */
#define CR4_PGE        BIT(7)  /* global pages survive CR3 reloads */
#define CR4_OSFXSR     BIT(9)  /* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT BIT(10) /* SIMD exceptions raise #XM */
#define CR4_SMEP       BIT(20) /* the kernel may not execute user pages */
#define CR4_SMAP       BIT(21) /* the kernel may not touch user pages outside STAC/CLAC */

/* RFLAGS (SDM vol. 1, 3.4.3). */
#define RFLAGS_ALWAYS1 BIT(1)  /* reserved, always set */
#define RFLAGS_TF      BIT(8)  /* single step */
#define RFLAGS_IF      BIT(9)  /* interrupts enabled */
#define RFLAGS_DF      BIT(10) /* string instructions count down */
#define RFLAGS_AC      BIT(18) /* alignment check; with SMAP: user access allowed */

#ifndef __ASSEMBLER__
#include <stdint.h>

static inline uint64_t read_cr0(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}
static inline void write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory"); }
static inline uint64_t read_cr2(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline uint64_t read_cr3(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory"); }
static inline uint64_t read_cr4(void)
{
    uint64_t v;
    __asm__ volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}
static inline void write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" ::"r"(v) : "memory"); }
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory"); }

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

/* CPUID leaf with sub-leaf sub: r[0..3] = eax, ebx, ecx, edx (SDM vol. 2A, CPUID). */
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid"
                     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                     : "a"(leaf), "c"(sub));
}
#endif

#endif
