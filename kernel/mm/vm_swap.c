/*
 * kernel/mm/vm_swap.c: address spaces and swap: the reclaim clock over
 * PTEs, swap PTEs (out, back in on a fault, shared by fork), and bringing
 * an area's pages back for swapoff.
 *
 * The clock.  A cursor (an address space and an address in it) walks
 * every address space's present PTEs in address order, round and round.
 * At each PTE: accessed since the hand last passed (the CPU set the
 * accessed bit) -> clear it, the page gets a second chance; otherwise:
 *   - a page-cache page (file, memory file system): the PTE goes, its
 *     dirty bit to the page cache; the cache evicts the page later
 *     (written back first if dirty), or hands it to swap (memfs);
 *   - a page of a shared anonymous object (MAP_SHARED|MAP_ANONYMOUS,
 *     System V shm: PG_ANON in a shared region): the PTE goes; the object
 *     sends the page to swap once nobody maps it (vm_anon.c);
 *   - a private anonymous page: it joins the swap cache with a new slot
 *     and the PTE becomes a swap PTE (PTE_SWAP + the entry).
 * A private page shared copy-on-write after fork is mapped at the same
 * address in every sharer (fork copies address spaces as they are), so
 * the sharers' PTEs there are looked at together: if any was used, all
 * get a second chance; if none was, all become the same swap entry.  The
 * swap cache, keyed by entry, is what keeps them sharing one frame after
 * the page comes back (swap.h).
 *
 * Regions that are locked (mlock) or made of 2 MiB pages are skipped, and
 * so are frames someone else holds a reference on (I/O in flight, a pipe
 * holding the page): they must stay where they are.
 *
 * Nothing here sleeps but the swap-in, which looks again at the PTE once
 * the page is there: the address space may have changed meanwhile.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/swap_internal.h"
#include "kernel/mm/vm_internal.h"

static struct vm_space *scan_vm; /* the clock's hand: NULL = start of the list */
static uint64_t scan_va;

static void flush_if_live(struct vm_space *vm, uint64_t va)
{
    if (pt_active() == vm->pml4)
        tlb_flush_page(va);
}

static struct vm_space *next_space(struct vm_space *vm)
{
    struct list_head *n = vm ? vm->all_link.next : vm_all_spaces.next;
    return n == &vm_all_spaces ? NULL : list_entry(n, struct vm_space, all_link);
}

void vm_scan_forget(struct vm_space *vm)
{
    if (scan_vm == vm) {
        scan_vm = next_space(vm);
        scan_va = 0;
    }
}

/* --- out --- */

/* PTE at va of vm (mapping p) becomes e's swap PTE.  False when e cannot
   take one more holder. */
static bool pte_to_swap(struct vm_space *vm, uint64_t va, pte_t *pte, struct page *p, swp_entry_t e)
{
    if (swap_dup(e))
        return false;
    *pte = swp_entry_to_pte(e);
    flush_if_live(vm, va);
    p->mapcount--;
    vm->resident_pages--;
    vm->swap_pages++;
    page_put(p); /* the PTE's reference */
    return true;
}

/* May the clock take a page of region v? */
static bool region_scannable(const struct vma *v) { return !(v->flags & (VMA_LOCKED | VMA_HUGE)); }

/* The PTE mapping p at va in another address space o, if o's region there
   lets the clock take it, else NULL. */
static pte_t *sibling_pte(struct vm_space *o, uint64_t va, struct page *p)
{
    pte_t *pte = pt_walk(o->pml4, va, false);
    if (!pte || !(*pte & (PTE_PRESENT | PTE_PROTNONE)) || phys_to_page(*pte & PTE_ADDR_MASK) != p)
        return NULL;
    return pte;
}

/* A copy-on-write page shared with other address spaces: was it used
   through any of their PTEs at va, or is it locked there?  Their accessed
   bits are cleared (the second chance is for the page, not one PTE). */
static bool siblings_keep(struct vm_space *vm, uint64_t va, struct page *p)
{
    bool keep = false;
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        struct vm_space *o = list_entry(l, struct vm_space, all_link);
        pte_t *pte = o == vm ? NULL : sibling_pte(o, va, p);
        if (!pte)
            continue;
        struct vma *ov = vm_find(o, va);
        if (!ov || !region_scannable(ov) || (ov->flags & VMA_SHARED))
            keep = true;
        if (*pte & PTE_ACCESSED) {
            *pte &= ~PTE_ACCESSED;
            flush_if_live(o, va);
            keep = true;
        }
    }
    return keep;
}

static void siblings_to_swap(struct vm_space *vm, uint64_t va, struct page *p, swp_entry_t e)
{
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        if (p->mapcount == 0)
            return;
        struct vm_space *o = list_entry(l, struct vm_space, all_link);
        pte_t *pte = o == vm ? NULL : sibling_pte(o, va, p);
        if (pte && !pte_to_swap(o, va, pte, p, e))
            return;
    }
}

/* A private anonymous page, not used lately, goes to swap: true if its
   PTE (and its sharers') now hold a swap entry. */
static bool swap_out_pte(struct vm_space *vm, uint64_t va, pte_t *pte, struct page *p)
{
    swp_entry_t e;
    if (p->flags & PG_SWAPCACHE) {
        /* On its way out already (a sharer's PTE went first), or back
           in and clean.  Not into an area that swapoff is emptying. */
        e = swap_cache_entry(p);
        if (!swap_area_of(e) || !swap_area_of(e)->enabled)
            return false;
    } else {
        if (p->refcount != p->mapcount)
            return false; /* someone besides the PTEs holds it */
        if (p->mapcount > 1 && siblings_keep(vm, va, p))
            return false;
        e = swap_alloc();
        if (!e.val)
            return false;
        page_get(p); /* the swap cache's reference */
        pg_set(p, PG_UPTODATE | PG_DIRTY);
        swap_cache_add(p, e);
    }
    if (!pte_to_swap(vm, va, pte, p, e))
        return false;
    siblings_to_swap(vm, va, p, e);
    return true;
}

/* The clock at one present PTE of region v. */
static void scan_one(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *pte,
                     struct reclaim_scan *rs)
{
    struct page *p = phys_to_page(*pte & PTE_ADDR_MASK);
    if (!p)
        return;
    bool file = p->mapping != NULL;
    if (file)
        rs->scanned_file++;
    else
        rs->scanned_anon++;
    if (*pte & PTE_ACCESSED) {
        *pte &= ~PTE_ACCESSED;
        flush_if_live(vm, va);
        return;
    }
    if (p->flags & PG_LOCKED)
        return; /* I/O in flight on it */
    if (file || ((v->flags & VMA_SHARED) && (p->flags & PG_ANON))) {
        /* Its owner keeps it (the page cache; a shared anonymous object,
           which System V shm segments are too); a touch maps it again.
           Private file pages not yet copied too. */
        vm_unmap_pte(vm, va);
        rs->unmapped++;
        return;
    }
    /* Private anonymous memory: of an anonymous region, or the private
       copies of a file region.  Other objects' pages (binder's, boot
       modules') are not ours to take. */
    if ((v->flags & VMA_SHARED) || (v->ops && !v->cache) || !(p->flags & PG_ANON))
        return;
    if (!rs->may_swap && !(p->flags & PG_SWAPCACHE))
        return;
    if (swap_out_pte(vm, va, pte, p))
        rs->to_swap++;
    else if (!(p->flags & PG_SWAPCACHE) && !swap_has_room())
        rs->may_swap = false;
}

/* Unmapped pages are not counted against want: they free nothing yet
   (their owner frees them later, on its own clock). */
static bool scan_done(const struct reclaim_scan *rs)
{
    return rs->budget == 0 || rs->to_swap >= rs->want;
}

/* Scans vm's regions from scan_va on; false when the end of vm is reached. */
static bool scan_space(struct vm_space *vm, struct reclaim_scan *rs)
{
    for (int i = vm_index_above(vm, scan_va); i < vm->count; i++) {
        struct vma *v = &vm->vmas[i];
        uint64_t va = scan_va > v->start ? scan_va : v->start;
        if (region_scannable(v)) {
            pte_t *pte;
            while (!scan_done(rs) && (pte = vm_next_pte(vm->pml4, &va, v->end, false))) {
                rs->budget--;
                scan_one(vm, v, va, pte, rs);
                va += PAGE_SIZE;
            }
        } else {
            va = v->end;
        }
        scan_va = va;
        if (scan_done(rs))
            return true;
    }
    return false;
}

void vm_scan_ptes(struct reclaim_scan *rs)
{
    /* Each space at most twice around: two passes of the hand over every
       PTE give an unused page its chance to go, and end the walk where
       nothing is mapped at all. */
    int spaces = 0;
    struct list_head *l;
    list_for_each(l, &vm_all_spaces) { spaces++; }
    for (int moves = 0; moves <= 2 * spaces && !scan_done(rs); moves++) {
        if (!scan_vm) {
            scan_vm = next_space(NULL);
            scan_va = 0;
            if (!scan_vm)
                return;
        }
        if (scan_space(scan_vm, rs))
            return;
        scan_vm = next_space(scan_vm);
        scan_va = 0;
    }
}

/* --- back in --- */

bool vm_swap_reuse(struct page *p)
{
    if (!(p->flags & PG_SWAPCACHE) || (p->flags & PG_LOCKED))
        return false;
    /* Mapped here only (one PTE + the cache), and no swap entry still
       names the slot's contents: writing it in place changes nobody
       else's memory.  It leaves the cache (its slot is freed). */
    if (p->mapcount != 1 || p->refcount != 2 || swap_count(swap_cache_entry(p)) != 0)
        return false;
    swap_cache_remove(p);
    return true;
}

/* Maps p, e's page from the swap cache (referenced by the caller), at va
   in place of the swap PTE *pte of region v.  The PTE's hold on e goes.
   The page leaves the cache when this PTE is its only user and keeping
   its slot would serve nothing: a write is coming, the region is locked,
   or swap is filling up (Linux's should_try_to_free_swap).  Else it stays
   cached, clean, mapped read-only: if it goes out again unchanged, it
   needs no write. */
static void install(struct vm_space *vm, struct vma *v, uint64_t va, pte_t *pte, struct page *p,
                    swp_entry_t e, bool write)
{
    bool exclusive =
        swap_count(e) == 1 && p->mapcount == 0 && p->refcount == 2 && !(p->flags & PG_LOCKED);
    bool leave = exclusive && (write || (v->flags & VMA_LOCKED) || swap_mostly_full());
    swap_free(e);
    if (leave)
        swap_cache_remove(p);
    bool writable = leave && (v->prot & VM_PROT_WRITE);
    bool cow = !writable && vm_is_private_writable(v);
    vm_map_frame_at(vm, va, pte, p, vm_pte_flags(v, writable) | (cow ? PTE_COW : 0));
    vm->swap_pages--;
}

enum fault_result vm_swap_fault(struct vm_space *vm, uint64_t va, pte_t orig, bool write,
                                bool *major)
{
    swp_entry_t e = pte_to_swp_entry(orig);
    int err;
    struct page *p = swap_read_page(e, major, &err);
    if (!p)
        return err == -ENOMEM ? FAULT_OOM : FAULT_SIGBUS;
    /* The read slept: is the PTE still that entry, the region still there? */
    pte_t *pte = pt_walk(vm->pml4, va, false);
    struct vma *v = vm_find(vm, va);
    if (!pte || *pte != orig || !v) {
        page_put(p);
        return FAULT_HANDLED; /* the access is tried again */
    }
    install(vm, v, va, pte, p, e, write);
    page_put(p); /* the PTE holds its own reference now */
    if (write && !(*pte & PTE_WRITE))
        return vm_break_cow(vm, v, va, pte);
    return FAULT_HANDLED;
}

int vm_swap_copy_pte(struct vm_space *child, uint64_t va, pte_t swp)
{
    swp_entry_t e = pte_to_swp_entry(swp);
    if (swap_dup(e))
        return -ENOMEM;
    pte_t *pte = pt_walk(child->pml4, va, true);
    if (!pte) {
        swap_free(e);
        return -ENOMEM;
    }
    *pte = swp;
    child->swap_pages++;
    return 0;
}

/* --- swapoff --- */

int vm_swap_unuse(unsigned type)
{
    /* Every page of the area is in the swap cache by now (swap_area.c
       read them all): nothing here sleeps. */
    struct list_head *l;
    list_for_each(l, &vm_all_spaces)
    {
        struct vm_space *vm = list_entry(l, struct vm_space, all_link);
        for (int i = 0; i < vm->count; i++) {
            struct vma *v = &vm->vmas[i];
            if (v->flags & VMA_HUGE)
                continue;
            pte_t *pte;
            for (uint64_t va = v->start; (pte = vm_next_pte(vm->pml4, &va, v->end, true));
                 va += PAGE_SIZE) {
                if (!pte_is_swap(*pte) || swp_type(pte_to_swp_entry(*pte)) != type)
                    continue;
                swp_entry_t e = pte_to_swp_entry(*pte);
                struct page *p = swap_cache_lookup(e);
                if (!p)
                    return -ENOMEM; /* dropped meanwhile: read again */
                install(vm, v, va, pte, p, e, false);
                page_put(p);
            }
        }
    }
    return 0;
}
