/*
 * kernel/mm/ioremap.h: device memory.  The direct map covers RAM only, with
 * write-back caching; a device's registers (the local APIC at 0xfee00000, a
 * PCI BAR) need a mapping of their own with caching off, or writes would sit
 * in the cache and reads would return stale values.
 */
#ifndef PAGELAB_MM_IOREMAP_H
#define PAGELAB_MM_IOREMAP_H

#include <stdint.h>

/* Maps physical [pa, pa+size) uncached (PCD|PWT), writable, never executable,
   into the IOREMAP_BASE window; returns the virtual address of pa, or NULL
   when the window or memory for page tables runs out.  Mappings are kept for
   the kernel's lifetime (devices are not unplugged). */
void *ioremap(uint64_t pa, uint64_t size);

#endif
