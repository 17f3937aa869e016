/*
 * kernel/mm/kmalloc_sites.h: who allocated each live kmalloc object, in
 * debug builds (not with NDEBUG), for a leak report by allocation site on
 * demand: /proc/kmallocsites lists, per calling function, the objects and
 * bytes it holds now.  Two reads around a test that should leave nothing
 * behind name the site of whatever it left.
 */
#ifndef PAGELAB_MM_KMALLOC_SITES_H
#define PAGELAB_MM_KMALLOC_SITES_H

#include <stddef.h>
#include <stdint.h>

#ifdef NDEBUG
#define KMALLOC_SITES 0
#else
#define KMALLOC_SITES 1
#endif

/* Called by kmalloc and kfree with interrupts off. */
void kmalloc_site_add(const void *p, uint64_t caller, size_t bytes);
void kmalloc_site_del(const void *p);

#endif
