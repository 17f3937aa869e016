/*
 * kernel/mm/idx_map.h: a sparse array of 64-bit values by 64-bit index (a
 * radix tree of 64-way nodes, as Linux's xarray on a small scale).  The
 * memory file system's files keep in one, per file, the swap entries of
 * their pages that are out on swap (pagecache.c).
 *
 * 0 means "nothing there".  Nodes are allocated as indexes are set and
 * freed when the map empties (idx_map_clear of the last value) or is
 * destroyed.  Not safe against interrupt handlers: tasks only.
 */
#ifndef PAGELAB_MM_IDX_MAP_H
#define PAGELAB_MM_IDX_MAP_H

#include <stdint.h>

struct idx_map {
    void *root;      /* a node, or NULL */
    unsigned height; /* levels below root (0: empty); indexes < 64^height */
    uint64_t count;  /* values set */
};

#define IDX_MAP_INIT \
    {                \
        NULL, 0, 0   \
    }

/* The value at idx, 0 if none. */
uint64_t idx_map_get(const struct idx_map *m, uint64_t idx);
/* Sets idx to val (not 0): 0, or -ENOMEM (nothing changed). */
int idx_map_set(struct idx_map *m, uint64_t idx, uint64_t val);
/* Removes the value at idx, if any. */
void idx_map_clear(struct idx_map *m, uint64_t idx);
/* The first index >= from that holds a value (*idx, *val): 0, or -ENOENT. */
int idx_map_next(const struct idx_map *m, uint64_t from, uint64_t *idx, uint64_t *val);
/* Frees every node (the values are the caller's to have dealt with). */
void idx_map_destroy(struct idx_map *m);

#endif
