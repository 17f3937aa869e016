/*
 * kernel/mm/test_user_pages.h: user pages for in-kernel tests, before
 * processes exist.  A private PML4 slot (128, VA 0x400000000000) points at
 * static page tables mapping four pages with the U bit:
 *   page 0 read-write, page 1 absent, page 2 read-only, page 3 read+execute.
 * The tables are written directly (not through kernel/mm/paging.h) so that
 * the user-copy and trap tests test only their own layer.
 */
#ifndef PAGELAB_MM_TEST_USER_PAGES_H
#define PAGELAB_MM_TEST_USER_PAGES_H

#include <stdint.h>

#define TEST_USER_VA      0x0000400000000000ull
#define TEST_USER_RW_PAGE (TEST_USER_VA)
#define TEST_USER_HOLE    (TEST_USER_VA + 0x1000)
#define TEST_USER_RO_PAGE (TEST_USER_VA + 0x2000)
#define TEST_USER_CODE    (TEST_USER_VA + 0x3000)

/* Installs the slot in the active PML4 and flushes the TLB. */
void test_user_pages_map(void);
void test_user_pages_unmap(void);
/* The kernel's view of the backing of page 0, 2 or 3 (page 1 has none). */
uint8_t *test_user_page_backing(int page);

#endif
