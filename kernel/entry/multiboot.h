/*
 * kernel/entry/multiboot.h: what GRUB tells us at boot (multiboot2 spec,
 * section 3.6 "Boot information format"), copied into kernel memory by
 * multiboot_parse() before anything can overwrite GRUB's structures.  The
 * init sequence hands each layer the part it needs (the memory map to the
 * frame allocator, the modules to kernel/drivers/bootmod.c).  The magic
 * numbers are shared with boot/boot.S.
 */
#ifndef PAGELAB_ENTRY_MULTIBOOT_H
#define PAGELAB_ENTRY_MULTIBOOT_H

#define MB2_MAGIC            0xe85250d6 /* the header's, spec 3.1.1 */
#define MB2_ARCH_I386        0
#define MB2_BOOTLOADER_MAGIC 0x36d76289 /* what GRUB leaves in EAX, spec 3.3 */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "kernel/drivers/bootmod.h"
#include "kernel/hw/memmap.h"

#define MEMMAP_MAX 64

struct boot_info {
    char cmdline[512];
    char bootloader[64];
    struct memmap_entry memmap[MEMMAP_MAX];
    int memmap_count;
    struct boot_module modules[BOOTMOD_MAX];
    int module_count;
    uint64_t info_phys; /* where GRUB put the structure, and its size */
    uint64_t info_size;
};

extern struct boot_info boot_info;

/* Copies GRUB's boot information (at physical address info_phys) into
   boot_info; panics if magic is not the multiboot2 loader's. */
void multiboot_parse(uint32_t magic, uint64_t info_phys);
#endif

#endif
