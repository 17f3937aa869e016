/*
 * kernel/mm/swap_area.c: swap areas: activating one (its header checked),
 * handing out slots, counting who refers to each, swapoff, /proc/swaps.
 *
 * The header (page 0, as Linux's union swap_header and Debian's mkswap
 * write it): the signature "SWAPSPACE2" in the last 10 bytes of the page;
 * at byte 1024 the version (1), the last usable page, the number of bad
 * pages, a UUID and a label, and at byte 1536 the bad pages' numbers.
 *
 * Slots are handed out next-fit from a cursor that moves on, so pages
 * pushed out one after the other get adjacent slots: their write becomes
 * one large request, and reading one back reads its neighbours with it.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/swap_internal.h"

#define SWAP_MAGIC        "SWAPSPACE2"
#define SWAP_MAGIC_LEN    10
#define SWAP_INFO_OFFSET  1024 /* version, last_page, nr_badpages, uuid, label */
#define SWAP_BADPAGES_OFF 1536 /* the bad pages' numbers, u32 each */
#define SWAP_VERSION      1
#define SWAP_MAX_BADPAGES ((PAGE_SIZE - SWAP_MAGIC_LEN - SWAP_BADPAGES_OFF) / 4)
#define SWAP_MAX_SLOTS    (1ull << SWP_OFFSET_BITS)

struct swap_area swap_areas[SWAP_AREAS_MAX];
uint64_t swap_stat_pswpin, swap_stat_pswpout, swap_stat_ra, swap_stat_ra_hit;
uint32_t swap_page_cluster = 3;

/* Linux numbers areas swapped on without a priority -2, -3, ... */
static int least_priority = -1;
static unsigned rotor; /* where an allocation starts among equal priorities */

static bool areas_busy;
static struct waitqueue areas_wq = WAITQUEUE_INIT(areas_wq);

int swap_lock_areas(void)
{
    int err = wait_event_interruptible(&areas_wq, !areas_busy);
    if (!err)
        areas_busy = true;
    return err;
}

void swap_unlock_areas(void)
{
    areas_busy = false;
    wake_up(&areas_wq);
}

struct swap_area *swap_area_of(swp_entry_t e)
{
    unsigned type = swp_type(e);
    if (type >= SWAP_AREAS_MAX || !swap_areas[type].used)
        return NULL;
    struct swap_area *a = &swap_areas[type];
    uint64_t off = swp_offset(e);
    return off > 0 && off < a->max ? a : NULL;
}

bool swap_area_active(const void *key)
{
    for (int i = 0; i < SWAP_AREAS_MAX; i++)
        if (swap_areas[i].used && swap_areas[i].key == key)
            return true;
    return false;
}

void swap_get_stats(struct swap_stats *out)
{
    *out = (struct swap_stats){ 0 };
    for (int i = 0; i < SWAP_AREAS_MAX; i++) {
        struct swap_area *a = &swap_areas[i];
        if (!a->used)
            continue;
        out->total_pages += a->pages;
        out->free_pages += a->pages - a->inuse;
    }
    out->cached_pages = swap_cache_pages;
    out->pswpin = swap_stat_pswpin;
    out->pswpout = swap_stat_pswpout;
    out->ra = swap_stat_ra;
    out->ra_hit = swap_stat_ra_hit;
}

bool swap_has_room(void)
{
    for (int i = 0; i < SWAP_AREAS_MAX; i++)
        if (swap_areas[i].used && swap_areas[i].enabled &&
            swap_areas[i].inuse < swap_areas[i].pages)
            return true;
    return false;
}

bool swap_mostly_full(void)
{
    struct swap_stats s;
    swap_get_stats(&s);
    return s.total_pages && s.free_pages * 2 < s.total_pages;
}

/* --- slots --- */

static uint64_t find_free_slot(struct swap_area *a)
{
    for (uint64_t n = 0, at = a->cursor; n < a->max; n++, at++) {
        if (at >= a->max)
            at = 1;
        if (a->map[at] == 0) {
            a->cursor = at + 1;
            return at;
        }
    }
    return 0;
}

/* The enabled area with room and the highest priority; among equals the
   first one after the last used (Linux rotates equal-priority areas). */
static struct swap_area *pick_area(void)
{
    struct swap_area *best = NULL;
    for (unsigned n = 0; n < SWAP_AREAS_MAX; n++) {
        struct swap_area *a = &swap_areas[(rotor + n) % SWAP_AREAS_MAX];
        if (a->used && a->enabled && a->inuse < a->pages && (!best || a->prio > best->prio))
            best = a;
    }
    return best;
}

swp_entry_t swap_alloc(void)
{
    struct swap_area *a = pick_area();
    if (!a)
        return (swp_entry_t){ 0 };
    uint64_t slot = find_free_slot(a);
    if (!slot)
        panic("swap_alloc: area %s counts %lu of %lu slots in use but none is free", a->name,
              a->inuse, a->pages);
    a->map[slot] = SWAP_HAS_CACHE;
    a->inuse++;
    rotor = (unsigned)(a - swap_areas) + 1;
    return swp_entry((unsigned)(a - swap_areas), slot);
}

static uint16_t *map_of(swp_entry_t e, const char *who)
{
    struct swap_area *a = swap_area_of(e);
    if (!a || a->map[swp_offset(e)] == 0 || a->map[swp_offset(e)] == SWAP_BAD)
        panic("%s: swap entry %#lx names no slot in use", who, e.val);
    return &a->map[swp_offset(e)];
}

static void release_slot(swp_entry_t e)
{
    struct swap_area *a = swap_area_of(e);
    a->map[swp_offset(e)] = 0;
    a->inuse--;
}

int swap_dup(swp_entry_t e)
{
    uint16_t *m = map_of(e, "swap_dup");
    if ((*m & ~SWAP_HAS_CACHE) >= SWAP_COUNT_MAX)
        return -ENOMEM;
    (*m)++;
    return 0;
}

unsigned swap_count(swp_entry_t e) { return *map_of(e, "swap_count") & ~SWAP_HAS_CACHE; }

void swap_free(swp_entry_t e)
{
    uint16_t *m = map_of(e, "swap_free");
    if ((*m & ~SWAP_HAS_CACHE) == 0)
        panic("swap_free: swap entry %#lx has no holder left", e.val);
    (*m)--;
    if (*m == 0) {
        release_slot(e);
        return;
    }
    if (*m != SWAP_HAS_CACHE)
        return;
    /* Only the cache holds the slot now: a cached page nobody uses (no
       mapping, no I/O) is dropped with it, as Linux's free_swap_and_cache. */
    struct page *p = swap_cache_lookup(e);
    if (!p)
        return;
    bool idle = p->refcount == 2 && !(p->flags & PG_LOCKED);
    page_put(p);
    if (idle)
        swap_cache_remove(p);
}

void swap_set_cache_flag(swp_entry_t e)
{
    uint16_t *m = map_of(e, "swap_set_cache_flag");
    *m |= SWAP_HAS_CACHE;
}

void swap_clear_cache_flag(swp_entry_t e)
{
    uint16_t *m = map_of(e, "swap_clear_cache_flag");
    *m &= ~SWAP_HAS_CACHE;
    if (*m == 0)
        release_slot(e);
}

/* --- activation --- */

static uint32_t header_u32(const uint8_t *h, unsigned off)
{
    return (uint32_t)h[off] | (uint32_t)h[off + 1] << 8 | (uint32_t)h[off + 2] << 16 |
           (uint32_t)h[off + 3] << 24;
}

/* Reads page 0 through d's ops into a fresh frame: the frame or NULL. */
static struct page *read_header(const struct swap_area_desc *d, int *err)
{
    struct page *p = frame_alloc();
    if (!p) {
        *err = -ENOMEM;
        return NULL;
    }
    pg_set(p, PG_LOCKED);
    uint64_t slot = 0;
    d->ops->read(d->io, &p, &slot, 1);
    pcache_wait_io(p);
    if (!(p->flags & PG_UPTODATE)) {
        page_put(p);
        *err = -EIO;
        return NULL;
    }
    return p;
}

/* The slot map from a checked header h: SWAP_BAD for slot 0 and each bad
   page, 0 for the rest.  Returns the number of usable slots, or -errno. */
static long build_map(struct swap_area *a, const uint8_t *h, uint64_t dev_pages)
{
    uint32_t last_page = header_u32(h, SWAP_INFO_OFFSET + 4);
    uint32_t nr_bad = header_u32(h, SWAP_INFO_OFFSET + 8);
    if (last_page == 0 || nr_bad > SWAP_MAX_BADPAGES) {
        pr_err("swapon: %s: %s\n", a->name, last_page ? "too many bad pages" : "empty swap area");
        return -EINVAL;
    }
    a->max = (uint64_t)last_page + 1;
    if (a->max > SWAP_MAX_SLOTS)
        a->max = SWAP_MAX_SLOTS;
    if (a->max > dev_pages) {
        pr_err("swapon: %s: swap area shorter than its signature says\n", a->name);
        return -EINVAL;
    }
    a->map = kzalloc(a->max * sizeof a->map[0]);
    if (!a->map)
        return -ENOMEM;
    a->map[0] = SWAP_BAD;
    uint64_t good = a->max - 1;
    for (uint32_t i = 0; i < nr_bad; i++) {
        uint32_t bad = header_u32(h, SWAP_BADPAGES_OFF + 4 * i);
        if (bad == 0 || bad > last_page) {
            pr_err("swapon: %s: bad page %u out of range\n", a->name, bad);
            return -EINVAL;
        }
        if (bad < a->max && a->map[bad] != SWAP_BAD) {
            a->map[bad] = SWAP_BAD;
            good--;
        }
    }
    if (good == 0) {
        pr_err("swapon: %s: empty swap area\n", a->name);
        return -EINVAL;
    }
    return (long)good;
}

static int check_header(struct swap_area *a, const uint8_t *h, uint64_t dev_pages)
{
    if (memcmp(h + PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN) != 0) {
        pr_err("swapon: %s: unable to find swap-space signature\n", a->name);
        return -EINVAL;
    }
    uint32_t version = header_u32(h, SWAP_INFO_OFFSET);
    if (version != SWAP_VERSION) {
        pr_err("swapon: %s: unable to handle swap header version %u\n", a->name, version);
        return -EINVAL;
    }
    long good = build_map(a, h, dev_pages);
    if (good < 0)
        return (int)good;
    a->pages = (uint64_t)good;
    return 0;
}

int swap_area_add(const struct swap_area_desc *d)
{
    struct swap_area *a = NULL;
    for (int i = 0; i < SWAP_AREAS_MAX && !a; i++)
        if (!swap_areas[i].used)
            a = &swap_areas[i];
    if (!a)
        return -EPERM; /* Linux: MAX_SWAPFILES reached */
    *a = (struct swap_area){ .key = d->key, .partition = d->partition, .ops = d->ops, .io = d->io };
    strlcpy(a->name, d->name, sizeof a->name);
    int err;
    struct page *h = read_header(d, &err);
    if (!h)
        return err;
    err = check_header(a, page_to_virt(h), d->dev_pages);
    page_put(h);
    if (err) {
        kfree(a->map);
        a->map = NULL;
        return err;
    }
    a->cursor = 1;
    a->prio = (d->flags & SWAP_FLAG_PREFER) ? (d->flags & SWAP_FLAG_PRIO_MASK) : --least_priority;
    a->used = a->enabled = true;
    pr_info("Adding %luk swap on %s.  Priority:%d extents:%u across:%luk\n",
            a->pages * (PAGE_SIZE / 1024), a->name, a->prio, d->extents,
            (a->max - 1) * (PAGE_SIZE / 1024));
    return 0;
}

/* Linux gives the areas below a removed automatic priority one step up,
   so that the numbers stay dense. */
static void renumber_after_removal(int prio)
{
    if (prio >= 0)
        return;
    for (int i = 0; i < SWAP_AREAS_MAX; i++)
        if (swap_areas[i].used && swap_areas[i].prio < prio)
            swap_areas[i].prio++;
    least_priority++;
}

int swap_area_remove(const void *key)
{
    struct swap_area *a = NULL;
    for (int i = 0; i < SWAP_AREAS_MAX && !a; i++)
        if (swap_areas[i].used && swap_areas[i].key == key)
            a = &swap_areas[i];
    if (!a)
        return -EINVAL;
    unsigned type = (unsigned)(a - swap_areas);
    a->enabled = false; /* reclaim must not put pages here meanwhile */
    int err = 0;
    for (int round = 0; round < 4; round++) {
        err = swap_read_all(type);
        if (!err)
            err = vm_swap_unuse(type);
        if (!err)
            err = vm_anon_swap_unuse(type);
        if (!err)
            err = pcache_swap_unuse(type);
        if (err != -ENOMEM || round == 3)
            break;
    }
    if (!err) {
        swap_cache_forget_type(type);
        if (a->inuse)
            err = -EBUSY; /* a holder this walk does not know of */
    }
    if (err) {
        pr_err("swapoff: %s: %d pages still in use (%d)\n", a->name, (int)a->inuse, err);
        a->enabled = true;
        return err;
    }
    a->ops->release(a->io);
    kfree(a->map);
    int prio = a->prio;
    *a = (struct swap_area){ 0 };
    renumber_after_removal(prio);
    return 0;
}

/* /proc/swaps, as Linux's swap_show: the path padded to 40 columns, then
   "partition" or "file", size and use in KiB, priority. */
static long show_swaps(void *arg, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(buf, size, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
    for (int i = 0; i < SWAP_AREAS_MAX && n < size; i++) {
        struct swap_area *a = &swap_areas[i];
        if (!a->used)
            continue;
        uint64_t kb = a->pages * (PAGE_SIZE / 1024), used = a->inuse * (PAGE_SIZE / 1024);
        int len = (int)strlen(a->name);
        n += (size_t)snprintf(buf + n, size - n, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", a->name,
                              len < 40 ? 40 - len : 1, " ", a->partition ? "partition" : "file\t",
                              kb, kb < 10000000 ? "\t" : "", used, used < 10000000 ? "\t" : "",
                              a->prio);
    }
    return n < size ? (long)n : (long)size;
}

PROC_FILE(swaps, "swaps", show_swaps, NULL);
