/*
 * kernel/mm/vm_anon.c: the object behind MAP_SHARED|MAP_ANONYMOUS memory.
 *
 * A private anonymous region needs no object (each page is the process's
 * own, zero-filled on first touch).  A shared one does: after fork, parent
 * and child must find the *same* page even where neither had touched it
 * before the fork.  So the pages live in this object, one slot per page,
 * zero-filled on first touch by whichever process comes first; the regions
 * of both processes refer to it and map its pages shared.  The object and
 * its pages go when the last region referring to it is unmapped.
 *
 * Under memory pressure a page nobody maps (the reclaim clock unmapped it,
 * vm_swap.c) and nobody touched since the last look goes to swap: its
 * slot in the object then holds the swap entry, tagged in the low bit
 * (a struct page pointer never has it), until a touch reads it back, as
 * Linux's shmem keeps swap entries in its page cache.  A locked object
 * (shmctl SHM_LOCK) keeps its pages.
 */
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/meminfo.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/swap_internal.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_internal.h"

struct anon_shared {
    int refcount;          /* regions referring to it (+ the creator's) */
    uint64_t id;           /* shown as the inode in /proc/PID/maps */
    enum copy_mech mech;   /* what first-touch zero-fills are counted under */
    uint64_t resident;     /* pages[] that hold a frame */
    uint64_t swapped;      /* pages[] that hold a swap entry */
    bool locked;           /* SHM_LOCK: never swapped */
    struct list_head link; /* on all_objects */
    uint64_t npages;
    struct page *pages[]; /* NULL until first touched; a frame; or a tagged swap entry */
};

static uint64_t next_id = 1;
static struct list_head all_objects = LIST_HEAD_INIT(all_objects);
/* Where the reclaim scan goes on: an object (NULL: the first) and a page. */
static struct anon_shared *scan_obj;
static uint64_t scan_idx;

static bool is_entry(const struct page *slot) { return (uintptr_t)slot & 1; }
static swp_entry_t entry_of(const struct page *slot)
{
    return (swp_entry_t){ (uintptr_t)slot >> 1 };
}
static struct page *tagged(swp_entry_t e) { return (struct page *)(uintptr_t)(e.val << 1 | 1); }

/* Reads page pgoff back from swap into its slot: the page, or
   ERR_PTR(-ENOMEM) when there is no frame for it (the fault reclaims and
   tries again), or NULL on an I/O error. */
static struct page *swap_in(struct anon_shared *a, uint64_t pgoff, bool *waited_for_io)
{
    swp_entry_t e = entry_of(a->pages[pgoff]);
    int err;
    struct page *p = swap_read_page(e, waited_for_io, &err);
    if (!p)
        return err == -ENOMEM ? ERR_PTR(-ENOMEM) : NULL;
    if (a->pages[pgoff] != tagged(e)) { /* another task brought it back while we slept */
        page_put(p);
        return a->pages[pgoff];
    }
    /* The object takes the page over: out of the swap cache, slot freed
       (Linux's shmem does the same). */
    page_get(p);
    swap_free(e);
    if (p->flags & PG_SWAPCACHE)
        swap_cache_remove(p);
    page_put(p);
    a->pages[pgoff] = p; /* the lookup's reference is the object's now */
    a->swapped--;
    a->resident++;
    meminfo_shmem_add(1);
    return p;
}

static struct page *anon_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct anon_shared *a = obj;
    if (pgoff >= a->npages)
        return NULL;
    if (a->pages[pgoff] && is_entry(a->pages[pgoff])) {
        struct page *p = swap_in(a, pgoff, waited_for_io);
        if (!p || IS_ERR(p))
            return p;
    }
    if (!a->pages[pgoff]) {
        struct page *p = vm_zero_page(a->mech);
        if (!p)
            return ERR_PTR(-ENOMEM);
        a->pages[pgoff] = p; /* the object's reference */
        a->resident++;
        meminfo_shmem_add(1);
    }
    page_get(a->pages[pgoff]);
    pg_set(a->pages[pgoff], PG_REFERENCED);
    return a->pages[pgoff];
}

static void anon_hold(void *obj) { ((struct anon_shared *)obj)->refcount++; }

static void anon_release(void *obj)
{
    struct anon_shared *a = obj;
    if (--a->refcount > 0)
        return;
    for (uint64_t i = 0; i < a->npages; i++) {
        if (a->pages[i] && is_entry(a->pages[i])) {
            swap_free(entry_of(a->pages[i]));
        } else if (a->pages[i]) {
            page_put(a->pages[i]);
            meminfo_shmem_add(-1);
        }
    }
    if (scan_obj == a) {
        scan_obj = NULL;
        scan_idx = 0;
    }
    list_del(&a->link);
    kfree(a);
}

/* Linux shows shared anonymous memory as a deleted /dev/zero (proc(5)). */
static void anon_describe(void *obj, struct vm_object_info *out)
{
    struct anon_shared *a = obj;
    out->dev_major = 0;
    out->dev_minor = 1;
    out->ino = a->id;
    snprintf(out->name, sizeof out->name, "/dev/zero (deleted)");
}

const struct vm_backing_ops vm_anon_shared_ops = {
    .get_page = anon_get_page,
    .hold = anon_hold,
    .release = anon_release,
    .describe = anon_describe,
};

void *vm_anon_shared_create_as(uint64_t npages, enum copy_mech mech)
{
    if (npages > (UINT64_MAX - sizeof(struct anon_shared)) / sizeof(struct page *))
        return NULL;
    struct anon_shared *a = kzalloc(sizeof *a + npages * sizeof a->pages[0]);
    if (!a)
        return NULL;
    a->refcount = 1;
    a->id = next_id++;
    a->mech = mech;
    a->npages = npages;
    list_add_tail(&a->link, &all_objects);
    return a;
}

void *vm_anon_shared_create(uint64_t npages)
{
    return vm_anon_shared_create_as(npages, MECH_MMAP_FAULT);
}

uint64_t vm_anon_shared_resident(void *obj) { return ((struct anon_shared *)obj)->resident; }
uint64_t vm_anon_shared_swapped(void *obj) { return ((struct anon_shared *)obj)->swapped; }
void vm_anon_shared_set_locked(void *obj, bool locked)
{
    ((struct anon_shared *)obj)->locked = locked;
}

/* Page i of a goes to the swap cache if nobody but the object holds it
   and it was not touched since the last look; true if it went. */
static bool swap_out_slot(struct anon_shared *a, uint64_t i)
{
    struct page *p = a->pages[i];
    if (!p || is_entry(p) || p->refcount != 1 || (p->flags & PG_LOCKED))
        return false;
    if (p->flags & PG_REFERENCED) {
        pg_clear(p, PG_REFERENCED);
        return false;
    }
    swp_entry_t e = swap_alloc();
    if (!e.val)
        return false;
    swap_dup(e); /* the object's entry: a new slot's first holder */
    pg_set(p, PG_UPTODATE | PG_DIRTY);
    swap_cache_add(p, e); /* the object's reference becomes the cache's */
    a->pages[i] = tagged(e);
    a->resident--;
    a->swapped++;
    meminfo_shmem_add(-1);
    return true;
}

void vm_anon_swap_scan(struct reclaim_scan *rs)
{
    if (list_empty(&all_objects))
        return;
    /* At most twice around every object's pages (a second chance each). */
    uint64_t total = 0;
    struct list_head *l;
    list_for_each(l, &all_objects) { total += list_entry(l, struct anon_shared, link)->npages; }
    for (uint64_t looked = 0; looked < 2 * total && rs->budget && rs->to_swap < rs->want;) {
        if (!scan_obj) {
            scan_obj = list_first_entry(&all_objects, struct anon_shared, link);
            scan_idx = 0;
        }
        struct anon_shared *a = scan_obj;
        if (a->locked) {
            looked += a->npages - scan_idx;
            scan_idx = a->npages;
        }
        for (; scan_idx < a->npages && rs->budget && rs->to_swap < rs->want; scan_idx++, looked++) {
            if (!a->pages[scan_idx] || is_entry(a->pages[scan_idx]))
                continue;
            rs->budget--;
            rs->scanned_anon++;
            if (swap_out_slot(a, scan_idx))
                rs->to_swap++;
            else if (!swap_has_room())
                return;
        }
        if (scan_idx >= a->npages) {
            scan_obj = a->link.next == &all_objects
                           ? NULL
                           : list_entry(a->link.next, struct anon_shared, link);
            scan_idx = 0;
        }
    }
}

int vm_anon_swap_unuse(unsigned type)
{
    struct list_head *l;
    list_for_each(l, &all_objects)
    {
        struct anon_shared *a = list_entry(l, struct anon_shared, link);
        for (uint64_t i = 0; i < a->npages && a->swapped; i++) {
            if (!a->pages[i] || !is_entry(a->pages[i]) || swp_type(entry_of(a->pages[i])) != type)
                continue;
            swp_entry_t e = entry_of(a->pages[i]);
            struct page *p = swap_cache_lookup(e); /* read by swap_read_all */
            if (!p)
                return -ENOMEM;
            swap_free(e);
            swap_cache_remove(p);
            a->pages[i] = p; /* the lookup's reference is the object's */
            a->swapped--;
            a->resident++;
            meminfo_shmem_add(1);
        }
    }
    return 0;
}
