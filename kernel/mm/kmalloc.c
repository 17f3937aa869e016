/*
 * kernel/mm/kmalloc.c: small kernel objects.
 *
 * Requests up to 2 KiB come from a size class (size_class.h).  A class owns
 * slab pages: 4 KiB frames marked PG_SLAB whose struct page points back to
 * the class (private), keeps the page's own list of free objects (slab_free,
 * the link in each free object's first 8 bytes) and counts the objects in use
 * (slab_inuse).  Pages with a free object sit on the class's partial list;
 * an emptied page goes back to the frame allocator unless it is the class's
 * only partial page, and then as soon as another page has room again.
 * Larger requests take a whole buddy block (PG_SLAB, private NULL).
 * kfree finds everything from the struct page of the address.
 */
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/kmalloc_sites.h"
#include "kernel/lib/list.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/poison.h"
#include "kernel/mm/size_class.h"

struct kmem_class {
    size_t size;
    struct list_head partial; /* slab pages with at least one free object */
    unsigned partial_pages;
    /* An empty page kept because it was the class's only partial one when
       it emptied; released once another page becomes partial (free_small),
       so that a class never sits on an empty page beside a partial one. */
    struct page *kept_empty;
};

static struct kmem_class classes[KMALLOC_CLASS_COUNT];
static struct kmalloc_stats stats; /* under kmalloc_lock */
static struct spinlock kmalloc_lock = SPINLOCK_INIT("kmalloc");
static bool classes_ready;

static void init_classes(void)
{
    for (int i = 0; i < KMALLOC_CLASS_COUNT; i++) {
        classes[i].size = size_class_bytes(i);
        list_init(&classes[i].partial);
    }
    classes_ready = true;
}

static void **link_of(void *obj) { return (void **)obj; }

/* A free object: its link, then poison up to its end (debug builds). */
static void poison_free_object(void *obj, size_t size)
{
    if (KMALLOC_POISON)
        poison_fill((char *)obj + sizeof(void *), size - sizeof(void *), POISON_FREE);
}

/* Not inlined, so that /proc/framesites names slab pages after it: they
   belong to the size class, not to the kmalloc caller that needed one. */
static __attribute__((noinline)) struct page *new_slab_page(struct kmem_class *c)
{
    struct page *page = frame_alloc();
    if (!page)
        return NULL;
    page->flags |= PG_SLAB;
    page->private = c;
    page->slab_inuse = 0;
    char *base = page_to_virt(page);
    page->slab_free = NULL;
    for (size_t off = PAGE_SIZE; off >= c->size; off -= c->size) {
        void *obj = base + off - c->size;
        *link_of(obj) = page->slab_free;
        poison_free_object(obj, c->size);
        page->slab_free = obj;
    }
    list_add(&page->list, &c->partial);
    c->partial_pages++;
    stats.pages++;
    return page;
}

/* A free object's link must point into the same page at an object boundary. */
static void check_link(struct page *page, struct kmem_class *c, void *obj, void *next)
{
    char *base = page_to_virt(page);
    if (next && ((char *)next < base || (char *)next >= base + PAGE_SIZE ||
                 ((char *)next - base) % c->size != 0))
        panic("kmalloc: free %zu-byte object %p has a corrupt link %p (written after free)",
              c->size, obj, next);
}

static void *take_object(struct kmem_class *c)
{
    if (list_empty(&c->partial) && !new_slab_page(c))
        return NULL;
    struct page *page = list_first_entry(&c->partial, struct page, list);
    void *obj = page->slab_free;
    void *next = *link_of(obj);
    check_link(page, c, obj, next);
    if (KMALLOC_POISON) {
        const uint8_t *bad = poison_find_mismatch((char *)obj + sizeof(void *),
                                                  c->size - sizeof(void *), POISON_FREE);
        if (bad)
            panic("kmalloc: byte %p of freed %zu-byte object %p was written after free "
                  "(0x%02x, expected 0x%02x)",
                  bad, c->size, obj, *bad, POISON_FREE);
        poison_fill(obj, c->size, POISON_FRESH);
    }
    page->slab_free = next;
    page->slab_inuse++;
    if (page == c->kept_empty)
        c->kept_empty = NULL;
    stats.bytes += c->size;
    stats.objects++;
    if (!next) {
        list_del(&page->list);
        c->partial_pages--;
    }
    return obj;
}

/* A block of its own, which /proc/framesites shows as kmalloc_large's for
   the kmalloc caller (not inlined, so that the name is there). */
static __attribute__((noinline)) void *kmalloc_large(size_t size, uint64_t caller)
{
    unsigned order = size_to_order(size, PAGE_SIZE);
    if (order >= MAX_ORDER)
        return NULL;
    struct page *page = frame_alloc_order_from(order, caller);
    if (!page)
        return NULL;
    page->flags |= PG_SLAB;
    page->private = NULL;
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    stats.bytes += (uint64_t)PAGE_SIZE << order;
    stats.objects++;
    stats.pages += 1ull << order;
    spin_unlock_irqrestore(&kmalloc_lock, flags);
    void *p = page_to_virt(page);
    if (KMALLOC_POISON)
        poison_fill(p, (size_t)PAGE_SIZE << order, POISON_FRESH);
    return p;
}

/* kmalloc for `caller`, the site kmalloc_sites.h records. */
static void *kmalloc_from(size_t size, uint64_t caller)
{
    int cls = size_class_of(size);
    if (cls < 0) {
        void *p = kmalloc_large(size, caller);
        if (p)
            kmalloc_site_add(p, caller, (size_t)PAGE_SIZE << virt_to_page(p)->order);
        return p;
    }
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    if (!classes_ready)
        init_classes();
    void *obj = take_object(&classes[cls]);
    spin_unlock_irqrestore(&kmalloc_lock, flags);
    kmalloc_site_add(obj, caller, classes[cls].size);
    return obj;
}

void *kmalloc(size_t size) { return kmalloc_from(size, (uint64_t)__builtin_return_address(0)); }

void *kzalloc(size_t size)
{
    void *p = kmalloc_from(size, (uint64_t)__builtin_return_address(0));
    if (p)
        memset(p, 0, size);
    return p;
}

static void free_large(struct page *page, void *p)
{
    if (p != page_to_virt(page))
        panic("kfree: %p is inside a %lu-byte block, not its start", p,
              (uint64_t)PAGE_SIZE << page->order);
    if (KMALLOC_POISON)
        poison_fill(p, (size_t)PAGE_SIZE << page->order, POISON_FREE);
    page->flags &= ~PG_SLAB;
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    stats.bytes -= (uint64_t)PAGE_SIZE << page->order;
    stats.objects--;
    stats.pages -= 1ull << page->order;
    spin_unlock_irqrestore(&kmalloc_lock, flags);
    frame_free_order(page, page->order);
}

static bool on_free_list(struct page *page, const void *p)
{
    for (void *f = page->slab_free; f; f = *link_of(f))
        if (f == p)
            return true;
    return false;
}

/* An empty slab page of class c back to the frame allocator. */
static void release_slab_page(struct kmem_class *c, struct page *page)
{
    if (page == c->kept_empty)
        c->kept_empty = NULL;
    list_del(&page->list);
    c->partial_pages--;
    page->flags &= ~PG_SLAB;
    page->private = NULL;
    page->slab_free = NULL;
    stats.pages--;
    frame_free_order(page, 0);
}

static void free_small(struct page *page, struct kmem_class *c, void *p)
{
    char *base = page_to_virt(page);
    if (((char *)p - base) % c->size != 0)
        panic("kfree: %p is not the start of a %zu-byte object", p, c->size);
    if (on_free_list(page, p))
        panic("kfree: double free of %p (%zu-byte object)", p, c->size);
    bool was_full = page->slab_free == NULL;
    *link_of(p) = page->slab_free;
    poison_free_object(p, c->size);
    page->slab_free = p;
    page->slab_inuse--;
    stats.bytes -= c->size;
    stats.objects--;
    /* The page goes to the front: the next kmalloc of this class reuses the
       object just freed, whose lines are still in the cache. */
    if (!was_full)
        list_del(&page->list);
    else
        c->partial_pages++;
    list_add(&page->list, &c->partial);
    if (page->slab_inuse == 0 && c->partial_pages > 1)
        release_slab_page(c, page);
    else if (page->slab_inuse == 0)
        c->kept_empty = page;
    if (was_full && c->kept_empty && c->kept_empty != page)
        release_slab_page(c, c->kept_empty);
}

unsigned kmalloc_spare_empty_pages(void)
{
    unsigned spare = 0;
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    for (int i = 0; i < KMALLOC_CLASS_COUNT && classes_ready; i++) {
        struct list_head *it;
        list_for_each(it, &classes[i].partial) if (classes[i].partial_pages > 1 &&
                                                   !list_entry(it, struct page, list)->slab_inuse)
            spare++;
    }
    spin_unlock_irqrestore(&kmalloc_lock, flags);
    return spare;
}

void kmalloc_get_stats(struct kmalloc_stats *out)
{
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    *out = stats;
    spin_unlock_irqrestore(&kmalloc_lock, flags);
}

bool kmalloc_is_free(const void *p)
{
    uint64_t va = (uint64_t)p;
    if (va < PHYS_MAP_BASE || va - PHYS_MAP_BASE >= frame_phys_end())
        return false;
    struct page *page = virt_to_page(p);
    if (!(page->flags & PG_SLAB))
        return page->refcount == 0;
    if (!page->private)
        return false;
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    bool is_free = on_free_list(page, p);
    spin_unlock_irqrestore(&kmalloc_lock, flags);
    return is_free;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint64_t va = (uint64_t)p;
    struct page *page = NULL;
    if (va >= PHYS_MAP_BASE && va - PHYS_MAP_BASE < frame_phys_end())
        page = virt_to_page(p);
    if (!page || !(page->flags & PG_SLAB) || page->refcount != 1)
        panic("kfree: %p was not allocated by kmalloc (or was freed already)", p);
    kmalloc_site_del(p);
    if (!page->private) {
        free_large(page, p);
        return;
    }
    uint64_t flags = spin_lock_irqsave(&kmalloc_lock);
    free_small(page, page->private, p);
    spin_unlock_irqrestore(&kmalloc_lock, flags);
}
