/*
 * kernel/mm/kmalloc_sites.c: the table of live kmalloc objects and their
 * callers (kmalloc_sites.h).  Open addressing with linear probing, keyed by
 * the object's address; a removal shifts the entries after it back, so no
 * tombstones pile up over millions of calls.  When the table is three
 * quarters full, new objects are no longer recorded and the report says so.
 */
#include "kernel/mm/kmalloc_sites.h"
#include "kernel/lib/backtrace.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/spinlock.h"

#define SITE_SLOTS (1u << 16)
#define SITE_MASK  (SITE_SLOTS - 1)

struct site_entry {
    uint64_t ptr; /* 0: empty */
    uint64_t caller;
    uint64_t bytes;
};

static struct site_entry table[SITE_SLOTS];
static uint32_t used;
static uint64_t untracked; /* objects allocated while the table was full */
static struct spinlock sites_lock = SPINLOCK_INIT("kmalloc_sites");

static uint32_t slot_of(uint64_t ptr)
{
    return (uint32_t)((ptr >> 4) * 0x9e3779b97f4a7c15ull >> 48) & SITE_MASK;
}

void kmalloc_site_add(const void *p, uint64_t caller, size_t bytes)
{
    if (!KMALLOC_SITES || !p)
        return;
    uint64_t flags = spin_lock_irqsave(&sites_lock);
    if (used >= SITE_SLOTS / 4 * 3) {
        untracked++;
    } else {
        uint32_t i = slot_of((uint64_t)p);
        while (table[i].ptr)
            i = (i + 1) & SITE_MASK;
        table[i] = (struct site_entry){ (uint64_t)p, caller, bytes };
        used++;
    }
    spin_unlock_irqrestore(&sites_lock, flags);
}

void kmalloc_site_del(const void *p)
{
    if (!KMALLOC_SITES || !p)
        return;
    uint64_t flags = spin_lock_irqsave(&sites_lock);
    uint32_t i = slot_of((uint64_t)p);
    while (table[i].ptr && table[i].ptr != (uint64_t)p)
        i = (i + 1) & SITE_MASK;
    if (table[i].ptr) {
        /* backward shift: move up each later entry of the run whose home
           slot is not between the hole and it */
        table[i].ptr = 0;
        used--;
        for (uint32_t j = (i + 1) & SITE_MASK; table[j].ptr; j = (j + 1) & SITE_MASK) {
            uint32_t home = slot_of(table[j].ptr);
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!stays) {
                table[i] = table[j];
                table[j].ptr = 0;
                i = j;
            }
        }
    }
    spin_unlock_irqrestore(&sites_lock, flags);
}

/* /proc/kmallocsites: "objects bytes function+offset" per call site of
   kmalloc or kzalloc, most bytes first. */
#define REPORT_SITES 256
static struct {
    uint64_t caller, objects, bytes;
} sums[REPORT_SITES];

static long show_sites(void *arg, char *buf, size_t size)
{
    if (!KMALLOC_SITES)
        return snprintf(buf, size, "allocation sites are recorded in debug builds only\n");
    int n = 0;
    uint64_t other_objects = 0, flags = spin_lock_irqsave(&sites_lock);
    for (uint32_t i = 0; i < SITE_SLOTS; i++) {
        if (!table[i].ptr)
            continue;
        int k = 0;
        while (k < n && sums[k].caller != table[i].caller)
            k++;
        if (k == n) {
            if (n == REPORT_SITES) {
                other_objects++;
                continue;
            }
            sums[n++] = (typeof(sums[0])){ table[i].caller, 0, 0 };
        }
        sums[k].objects++;
        sums[k].bytes += table[i].bytes;
    }
    uint64_t missed = untracked;
    spin_unlock_irqrestore(&sites_lock, flags);
    for (int a = 1; a < n; a++) /* insertion sort by bytes, largest first */
        for (int b = a; b > 0 && sums[b].bytes > sums[b - 1].bytes; b--) {
            typeof(sums[0]) t = sums[b];
            sums[b] = sums[b - 1];
            sums[b - 1] = t;
        }
    size_t len = 0;
    for (int k = 0; k < n && len < size; k++) {
        char sym[96];
        ksym_format(sums[k].caller, sym, sizeof sym);
        len += (size_t)snprintf(buf + len, size - len, "%8lu %10lu %s\n", sums[k].objects,
                                sums[k].bytes, sym);
    }
    if (len < size && (missed || other_objects))
        len += (size_t)snprintf(buf + len, size - len,
                                "(not shown: %lu objects of other sites, %lu untracked)\n",
                                other_objects, missed);
    return len < size ? (long)len : (long)size;
}
PROC_FILE(kmallocsites, "kmallocsites", show_sites, NULL);
