/*
 * kernel/hw/memmap.h: the machine's physical memory map, as the firmware
 * describes it (the BIOS e820 types that multiboot2 passes on, multiboot2
 * spec 3.6.8), and physical address ranges.
 */
#ifndef PAGELAB_HW_MEMMAP_H
#define PAGELAB_HW_MEMMAP_H

#include <stdint.h>

enum memmap_type {
    MEMMAP_AVAILABLE = 1,
    MEMMAP_RESERVED = 2,
    MEMMAP_ACPI_RECLAIMABLE = 3,
    MEMMAP_NVS = 4,
    MEMMAP_BADRAM = 5,
};

struct memmap_entry {
    uint64_t base;
    uint64_t length;
    uint32_t type;
};

/* Physical bytes [start, end). */
struct phys_range {
    uint64_t start, end;
};

#endif
