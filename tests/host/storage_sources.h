/*
 * tests/host/storage_sources.h: the page cache and the block layer, as one
 * unit for the host tests (include after fake_kernel.h).  Adding a file to
 * the page cache or the block layer means adding it here.
 */
#ifndef PAGELAB_TESTS_STORAGE_SOURCES_H
#define PAGELAB_TESTS_STORAGE_SOURCES_H

#include "kernel/mm/idx_map.c"
#include "kernel/mm/pagecache.c"
#include "kernel/mm/readahead.c"
#include "kernel/mm/readahead_window.c"
#include "kernel/mm/writeback.c"
#include "kernel/mm/wb_cluster.c"
#include "kernel/drivers/blk_merge.c"
#include "kernel/drivers/blk_request.c"
#include "kernel/drivers/blkdev.c"

#endif
