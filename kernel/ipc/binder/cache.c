/*
 * kernel/ipc/binder/cache.c: the transactions and completion items of
 * calls in flight, kept for reuse.
 *
 * Every call allocates a transaction and a BR_TRANSACTION_COMPLETE item and
 * frees both within microseconds; a few freed ones wait here for the next
 * call instead of going back through kmalloc (whose debug build poisons
 * and checks every object), as Linux keeps them in slab caches.  At most
 * BINDER_CACHE_MAX of each are kept; the rest go back to kmalloc.
 */
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

#define BINDER_CACHE_MAX 32

struct cache {
    void *item[BINDER_CACHE_MAX];
    int count;
    size_t size;
};

static struct cache transactions = { .size = sizeof(struct binder_transaction) };
static struct cache completions = { .size = sizeof(struct binder_work) };

static void *cache_take(struct cache *c)
{
    if (c->count == 0)
        return kzalloc(c->size);
    void *p = c->item[--c->count];
    memset(p, 0, c->size);
    return p;
}

static void cache_put(struct cache *c, void *p)
{
    if (c->count < BINDER_CACHE_MAX)
        c->item[c->count++] = p;
    else
        kfree(p);
}

struct binder_transaction *binder_txn_alloc(void) { return cache_take(&transactions); }
void binder_txn_free(struct binder_transaction *t) { cache_put(&transactions, t); }
struct binder_work *binder_complete_alloc(void) { return cache_take(&completions); }
void binder_complete_free(struct binder_work *w) { cache_put(&completions, w); }
