/*
 * kernel/mm/idx_map.c: the sparse array of idx_map.h.  A node holds 64
 * slots: values at the last level, pointers to nodes above it; the index
 * is taken 6 bits a level, the top level first.
 */
#include "kernel/mm/idx_map.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

#define FANOUT 64
#define SHIFT  6

struct node {
    uint64_t slot[FANOUT];
};

/* Can a map of height h hold idx? */
static int fits(unsigned h, uint64_t idx) { return h >= 11 || idx >> (SHIFT * h) == 0; }

static unsigned digit(uint64_t idx, unsigned level) /* level 1 = the last */
{
    return (unsigned)(idx >> (SHIFT * (level - 1))) & (FANOUT - 1);
}

uint64_t idx_map_get(const struct idx_map *m, uint64_t idx)
{
    if (!m->root || !fits(m->height, idx))
        return 0;
    const struct node *n = m->root;
    for (unsigned level = m->height; level > 1; level--) {
        n = (const struct node *)(uintptr_t)n->slot[digit(idx, level)];
        if (!n)
            return 0;
    }
    return n->slot[digit(idx, 1)];
}

int idx_map_set(struct idx_map *m, uint64_t idx, uint64_t val)
{
    /* Grow until idx fits: the old root becomes slot 0 of a new one. */
    while (!m->root || !fits(m->height, idx)) {
        struct node *top = kzalloc(sizeof *top);
        if (!top)
            return -ENOMEM;
        top->slot[0] = (uint64_t)(uintptr_t)m->root;
        m->root = top;
        m->height++;
    }
    /* Make the path first, so that a failed allocation changes nothing
       but adding empty nodes. */
    struct node *n = m->root;
    for (unsigned level = m->height; level > 1; level--) {
        uint64_t *s = &n->slot[digit(idx, level)];
        if (!*s) {
            struct node *child = kzalloc(sizeof *child);
            if (!child)
                return -ENOMEM;
            *s = (uint64_t)(uintptr_t)child;
        }
        n = (struct node *)(uintptr_t)*s;
    }
    uint64_t *leaf = &n->slot[digit(idx, 1)];
    if (!*leaf)
        m->count++;
    *leaf = val;
    return 0;
}

void idx_map_clear(struct idx_map *m, uint64_t idx)
{
    if (!m->root || !fits(m->height, idx))
        return;
    struct node *n = m->root;
    for (unsigned level = m->height; level > 1; level--) {
        n = (struct node *)(uintptr_t)n->slot[digit(idx, level)];
        if (!n)
            return;
    }
    uint64_t *leaf = &n->slot[digit(idx, 1)];
    if (*leaf) {
        *leaf = 0;
        if (--m->count == 0)
            idx_map_destroy(m);
    }
}

/* The first value at or after from below node n of the given level. */
static int next_in(const struct node *n, unsigned level, uint64_t from, uint64_t base,
                   uint64_t *idx, uint64_t *val)
{
    uint64_t span = 1ull << (SHIFT * (level - 1)); /* indexes under one slot */
    for (unsigned d = from > base ? digit(from, level) : 0; d < FANOUT; d++) {
        uint64_t s = n->slot[d];
        uint64_t at = base + d * span;
        if (!s)
            continue;
        if (level == 1) {
            *idx = at;
            *val = s;
            return 0;
        }
        if (next_in((const struct node *)(uintptr_t)s, level - 1, from > at ? from : at, at, idx,
                    val) == 0)
            return 0;
    }
    return -ENOENT;
}

int idx_map_next(const struct idx_map *m, uint64_t from, uint64_t *idx, uint64_t *val)
{
    if (!m->root || !fits(m->height, from))
        return -ENOENT;
    return next_in(m->root, m->height, from, 0, idx, val);
}

static void free_node(struct node *n, unsigned level)
{
    for (unsigned d = 0; level > 1 && d < FANOUT; d++)
        if (n->slot[d])
            free_node((struct node *)(uintptr_t)n->slot[d], level - 1);
    kfree(n);
}

void idx_map_destroy(struct idx_map *m)
{
    if (m->root)
        free_node(m->root, m->height);
    *m = (struct idx_map)IDX_MAP_INIT;
}
