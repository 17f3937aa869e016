/*
 * kernel/fs/ext2/stress_gen.h: the deterministic file contents the storage
 * tests write and check.  tests/suites/40_storage.py computes the same
 * bytes in Python to check, with debugfs, what the kernel left on the disk;
 * tests/data/indirect.bin is seed 3.
 */
#ifndef PAGELAB_FS_EXT2_STRESS_GEN_H
#define PAGELAB_FS_EXT2_STRESS_GEN_H

#include <stdint.h>

/* Byte off of a file generated from seed (a splitmix-style mix of the
   8-byte word index, so any byte can be computed without the others). */
static inline uint8_t stress_content_byte(uint32_t seed, uint64_t off)
{
    uint64_t x = (off / 8) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed << 32 | seed);
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return (uint8_t)(x >> ((off % 8) * 8));
}

#endif
