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
 */
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/meminfo.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vm_internal.h"

struct anon_shared {
    int refcount;        /* regions referring to it (+ the creator's) */
    uint64_t id;         /* shown as the inode in /proc/PID/maps */
    enum copy_mech mech; /* what first-touch zero-fills are counted under */
    uint64_t resident;   /* pages[] that hold a frame */
    uint64_t npages;
    struct page *pages[]; /* NULL until first touched */
};

static uint64_t next_id = 1;

static struct page *anon_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct anon_shared *a = obj;
    if (pgoff >= a->npages)
        return NULL;
    if (!a->pages[pgoff]) {
        struct page *p = vm_zero_page(a->mech);
        if (!p)
            return NULL;
        a->pages[pgoff] = p; /* the object's reference */
        a->resident++;
        meminfo_shmem_add(1);
    }
    page_get(a->pages[pgoff]);
    return a->pages[pgoff];
}

static void anon_hold(void *obj) { ((struct anon_shared *)obj)->refcount++; }

static void anon_release(void *obj)
{
    struct anon_shared *a = obj;
    if (--a->refcount > 0)
        return;
    for (uint64_t i = 0; i < a->npages; i++) {
        if (a->pages[i]) {
            page_put(a->pages[i]);
            meminfo_shmem_add(-1);
        }
    }
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
    return a;
}

void *vm_anon_shared_create(uint64_t npages)
{
    return vm_anon_shared_create_as(npages, MECH_MMAP_FAULT);
}

uint64_t vm_anon_shared_resident(void *obj) { return ((struct anon_shared *)obj)->resident; }
