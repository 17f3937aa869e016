/*
 * kernel/arch/multiboot.h: what GRUB tells us at boot (multiboot2 spec,
 * section 3.6 "Boot information format"), copied into kernel memory by
 * multiboot_parse() before anything can overwrite GRUB's structures.
 */
#ifndef PAGELAB_ARCH_MULTIBOOT_H
#define PAGELAB_ARCH_MULTIBOOT_H

#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289

#define MEMMAP_MAX  64
#define MODULES_MAX 8

enum memmap_type {           /* multiboot2 spec 3.6.8, the BIOS e820 types */
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

struct boot_module {
    uint64_t start;   /* physical */
    uint64_t end;
    char name[64];
};

struct boot_info {
    char cmdline[512];
    char bootloader[64];
    struct memmap_entry memmap[MEMMAP_MAX];
    int memmap_count;
    struct boot_module modules[MODULES_MAX];
    int module_count;
    uint64_t info_phys;   /* where GRUB put the structure, and its size */
    uint64_t info_size;
};

extern struct boot_info boot_info;

/* Copies GRUB's boot information (at physical address info_phys) into
   boot_info; panics if magic is not the multiboot2 loader's. */
void multiboot_parse(uint32_t magic, uint64_t info_phys);

#endif
