/*
 * kernel/hw/bits.h: BIT(n) for constants that C and assembly share.
 *
 * C needs 64-bit constants (1ull << 63); the assembler has no "ull" suffix
 * and computes in 64 bits anyway.
 */
#ifndef PAGELAB_HW_BITS_H
#define PAGELAB_HW_BITS_H

#ifdef __ASSEMBLER__
#define BIT(n) (1 << (n))
#else
#define BIT(n) (1ull << (n))
#endif

#endif
