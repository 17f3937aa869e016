/*
 * kernel/mm/frame_sites.c: the table of frame allocation sites and
 * /proc/framesites (frame_sites.h).
 *
 * The table is insert-only: a site, once seen, keeps its index for the
 * kernel's lifetime, so struct page can hold the index and nothing is
 * counted at allocation or free time.  The report walks every struct page
 * instead: a page with a reference count heads a block in use of 2^order
 * frames, counted for its site; freed frames have none and leave the count
 * by themselves.
 *
 * What it shows and what it does not:
 *   - A block is attributed to whoever allocated it for its whole life,
 *     whoever holds it now: a page-cache page that a process maps stays
 *     pcache_add's, a pipe page spliced into a file stays pipe_new_page's.
 *   - The total is every frame in a block from frame_alloc*; with the
 *     frames reserved at boot (the kernel image, the struct page array,
 *     boot modules and data below 1 MiB: never given to the allocator) it
 *     makes MemTotal-MemFree, taken at the same instant.  Frames that are
 *     neither (lost by the allocator itself) would make the two differ, and
 *     the report says so.
 *   - The boot page tables inside the kernel image are part of the reserved
 *     frames, not of any site.
 */
#include "kernel/mm/frame_sites.h"
#include "kernel/lib/backtrace.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/spinlock.h"
#include "kernel/mm/frame.h"

#define SITE_SLOTS (1u << FRAME_SITE_BITS)
#define SITE_MASK  (SITE_SLOTS - 1)
#define SITE_LIMIT (SITE_SLOTS / 4 * 3) /* keeps probe runs short */

_Static_assert(MAX_ORDER <= 16, "struct page keeps order in 4 bits in debug builds");

struct site {
    uint64_t site; /* 0: empty slot */
    uint64_t from;
};

/* Slot 0 is never used: index 0 means "not recorded". */
static struct site table[FRAME_SITES ? SITE_SLOTS : 1];
static uint32_t used;
/* The table, and the report's arrays below; taken before frame_lock (frame_stats). */
static struct spinlock sites_lock = SPINLOCK_INIT("frame_sites");

static uint32_t slot_of(uint64_t site, uint64_t from)
{
    return (uint32_t)(((site ^ (from * 31)) * 0x9e3779b97f4a7c15ull) >> 48) & SITE_MASK;
}

uint16_t frame_site_intern(uint64_t site, uint64_t from)
{
    if (!FRAME_SITES)
        return 0;
    uint64_t flags = spin_lock_irqsave(&sites_lock);
    uint32_t i = slot_of(site, from);
    for (;; i = (i + 1) & SITE_MASK) {
        if (i == 0)
            continue;
        if (table[i].site == site && table[i].from == from)
            break;
        if (!table[i].site) {
            if (used >= SITE_LIMIT) {
                i = 0;
            } else {
                table[i] = (struct site){ site, from };
                used++;
            }
            break;
        }
    }
    spin_unlock_irqrestore(&sites_lock, flags);
    return (uint16_t)i;
}

/* Under sites_lock: frames_of[i] = frames held by blocks of site i now. */
static uint64_t frames_of[FRAME_SITES ? SITE_SLOTS : 1];

/* Counts every block in use by site, and the totals, with interrupts off
   (sites_lock): on one CPU and a kernel that is not preempted, nothing
   allocates or frees meanwhile, so the counts are one instant's. */
static void count_frames(struct frame_sites_totals *t)
{
    for (uint32_t i = 0; i < sizeof frames_of / sizeof frames_of[0]; i++)
        frames_of[i] = 0;
    *t = (struct frame_sites_totals){ 0 };
#if FRAME_SITES
    uint64_t npages = frame_phys_end() >> PAGE_SHIFT;
    struct page *pages = phys_to_page(0);
    for (uint64_t pfn = 0; pfn < npages; pfn++) {
        struct page *p = &pages[pfn];
        if (p->refcount <= 0)
            continue; /* free, reserved, or inside a block */
        uint64_t n = 1ull << p->order;
        frames_of[p->site] += n;
        t->allocated += n;
        pfn += n - 1; /* the rest of the block: no heads inside */
    }
    t->untracked = frames_of[0];
#endif
    struct frame_stats fs;
    frame_stats(&fs);
    t->free = fs.free;
    t->reserved = fs.reserved;
    t->total = fs.total;
}

void frame_sites_totals(struct frame_sites_totals *out)
{
    uint64_t flags = spin_lock_irqsave(&sites_lock);
    count_frames(out);
    spin_unlock_irqrestore(&sites_lock, flags);
}

/* The first address of the function holding addr, or 0. */
static uint64_t function_of(uint64_t addr)
{
    uint64_t off;
    return ksym_lookup(addr, &off) ? addr - off : 0;
}

uint64_t frame_sites_held(const void *site_fn, const void *from_fn)
{
    struct frame_sites_totals t;
    uint64_t held = 0, flags = spin_lock_irqsave(&sites_lock);
    count_frames(&t);
    for (uint32_t i = 1; i < SITE_SLOTS && FRAME_SITES; i++)
        if (frames_of[i] && (!site_fn || function_of(table[i].site) == (uint64_t)site_fn) &&
            (!from_fn || function_of(table[i].from) == (uint64_t)from_fn))
            held += frames_of[i];
    spin_unlock_irqrestore(&sites_lock, flags);
    return held;
}

/* /proc/framesites: "frames KiB site<-caller" per allocation site holding
   frames, most frames first, then the total line. */
static uint16_t order_of[FRAME_SITES ? SITE_SLOTS : 1]; /* site indexes, sorted */
#define TOTAL_LINE_ROOM 200

static long show_sites(void *arg, char *buf, size_t size)
{
    if (!FRAME_SITES)
        return snprintf(buf, size, "allocation sites are recorded in debug builds only\n");
    struct frame_sites_totals t;
    uint64_t flags = spin_lock_irqsave(&sites_lock);
    count_frames(&t);
    int n = 0;
    for (uint32_t i = 0; i < SITE_SLOTS; i++)
        if (frames_of[i])
            order_of[n++] = (uint16_t)i;
    for (int a = 1; a < n; a++) /* insertion sort by frames, most first */
        for (int b = a; b > 0 && frames_of[order_of[b]] > frames_of[order_of[b - 1]]; b--) {
            uint16_t x = order_of[b];
            order_of[b] = order_of[b - 1];
            order_of[b - 1] = x;
        }
    size_t len = 0, room = size > TOTAL_LINE_ROOM ? size - TOTAL_LINE_ROOM : 0;
    uint64_t unshown = 0, kib = PAGE_SIZE / 1024;
    for (int k = 0; k < n; k++) {
        uint32_t i = order_of[k];
        char site[96] = "(not-recorded:site-table-full)", from[96] = "";
        if (i) {
            ksym_format(table[i].site, site, sizeof site);
            ksym_format(table[i].from, from, sizeof from);
        }
        /* a line that does not fit whole is dropped, and counted below */
        size_t l = len < room ? (size_t)snprintf(buf + len, room - len, "%8lu %10lu %s%s%s\n",
                                                 frames_of[i], frames_of[i] * kib, site,
                                                 i ? "<-" : "", from)
                              : room;
        if (len + l < room)
            len += l;
        else
            unshown += frames_of[i];
    }
    spin_unlock_irqrestore(&sites_lock, flags);
    int64_t lost = (int64_t)(t.total - t.free - t.reserved) - (int64_t)t.allocated;
    len += (size_t)snprintf(buf + len, size - len,
                            "%8lu %10lu total; MemTotal-MemFree %lu kB = total + %lu kB reserved "
                            "at boot + %ld kB lost; %lu frames of sites not shown\n",
                            t.allocated, t.allocated * kib, (t.total - t.free) * kib,
                            t.reserved * kib, lost * (int64_t)kib, unshown);
    return len < size ? (long)len : (long)size;
}
PROC_FILE(framesites, "framesites", show_sites, NULL);
