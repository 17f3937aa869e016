"""tools/labs/labs.py: the course labs, in order (docs/labs/README.md).

Each lab names its handout, the grader program(s) in tests/labs/, its
graded tests (points, and the checks each needs), the suites of `make test`
that exercise its code (a student tree is expected to fail those), and the
stub of each solution region.  A region is marked in the reference source by
two comment lines that tools/mklab removes:

        /* lab NAME: REGION */
        ...the reference solution...
        /* lab end */

In lab NAME's student tree the lines between become STUBS[REGION],
indented as the marker was; every other lab's markers just vanish.
"""

LABS = []


def lab(**kw):
    LABS.append(kw)


lab(name="pagefault", number=1, title="page tables and the page-fault handler",
    handout="docs/labs/01-pagefault.md", hours=4,
    programs=["pagefault"],
    tests=[
        ("first touch zero-fills one page", 10, ["first_touch_zero_fills_one_page"]),
        ("each touch is one minor fault", 10, ["each_new_page_is_one_minor_fault"]),
        ("untouched memory costs no frames", 10, ["untouched_memory_costs_no_frames"]),
        ("fault maps only the faulting page (gdb)", 10, ["gdb_fault_maps_only_the_faulting_page"]),
    ],
    suites=["ktest", "mmap", "mm_bigmem", "oom", "gdb_user", "ledger", "bench", "proc", "swap",
            "linuxabi"],
    stubs={"zero": """\
/* Lab pagefault (docs/labs/01-pagefault.md): this fills the whole region
   at its first fault, as a kernel without demand paging would.  Make it
   lazy: zero-fill only the page at va (vm_zero_page) and let the code
   below map it; the other pages wait for their own first touch. */
for (uint64_t a = v->start; a < v->end; a += PAGE_SIZE) {
    pte_t *e = pt_walk(vm->pml4, a, false);
    if (a == va || (e && pte_mapped(*e)))
        continue;
    struct page *z = vm_zero_page(mech_of(v));
    if (!z)
        return FAULT_OOM;
    int r = map_frame(vm, a, z, vm_pte_flags(v, writable));
    page_put(z);
    if (r)
        return FAULT_OOM;
}
slot = pt_walk(vm->pml4, va, false); /* the tables may be new */
p = vm_zero_page(mech_of(v));
if (!p)
    return FAULT_OOM;
"""})

lab(name="cow", number=2, title="copy-on-write fork",
    handout="docs/labs/02-cow.md", hours=4,
    programs=["cow"],
    tests=[
        ("fork copies no page", 10, ["fork_copies_no_page"]),
        ("fork takes few frames", 10, ["fork_takes_few_frames"]),
        ("child's write copies one page", 10, ["child_write_copies_one_page"]),
        ("last holder writes without a copy", 10, ["last_holder_writes_without_a_copy"]),
    ],
    suites=["ktest", "proc", "ledger", "threads", "bench", "mmap", "swap"],
    stubs={"share": """\
/* Lab cow (docs/labs/02-cow.md): fork copies each private writable page
   here, at once.  Share the frame instead: make the parent's PTE and the
   child's read-only with PTE_COW (and flush nothing: the caller flushes),
   so that break_cow copies a page only when one of them writes it. */
if (vm_is_private_writable(v) && (flags & (PTE_WRITE | PTE_COW))) {
    struct page *copy = frame_alloc_user();
    if (!copy)
        return -ENOMEM;
    copy_cow_page(page_to_virt(copy), page_to_virt(phys_to_page(*pte & PTE_ADDR_MASK)),
                  MECH_FORK);
    copy->flags |= PG_ANON;
    int r = map_frame(child, va, copy, (flags | PTE_WRITE) & ~PTE_COW);
    page_put(copy);
    if (r)
        return -ENOMEM;
    continue;
}
""", "reuse": """\
/* Lab cow (docs/labs/02-cow.md): when nobody else holds the page (its
   reference count, no page cache), the writer may take it over: make the
   PTE writable again instead of copying. */
"""})

lab(name="mmap", number=3, title="file mmap over the page cache",
    handout="docs/labs/03-mmap.md", hours=5,
    programs=["mmap"],
    tests=[
        ("mmap private read copies nothing", 10, ["private_read_maps_the_cached_pages"]),
        ("mmap private write copies one page", 10, ["private_write_copies_one_page_file_unchanged"]),
        ("msync writes the stores to the disk", 10, ["msync_writes_the_stores_to_the_disk"]),
        ("munmap keeps the stores", 10, ["munmap_keeps_the_stores"]),
    ],
    suites=["mmap", "ledger", "pagecache_stats", "storage", "power_cut", "bench", "gdb_user",
            "sysvipc", "shm", "swap", "signals"],
    stubs={"private": """\
/* Lab mmap (docs/labs/03-mmap.md): a private writable mapping gets its
   own copy of the cached page at the first touch, even a read.  Map the
   page cache's page itself for a read (ledger_map_existing), read-only
   with PTE_COW, and copy only on a write. */
if (vm_is_private_writable(v)) {
    p = frame_alloc_user();
    if (!p) {
        page_put(src);
        return FAULT_OOM;
    }
    copy_cow_page(page_to_virt(p), page_to_virt(src), mech_of(v));
    p->flags |= PG_ANON;
    page_put(src);
} else {
    p = src;
    ledger_map_existing(mech_of(v), 1);
}
""", "harvest": """\
/* Lab mmap (docs/labs/03-mmap.md): msync, fsync and the flusher call this
   to learn which pages of [start, end) programs stored into: move each
   PTE's dirty bit (the CPU sets it) to the page cache (pcache_mark_dirty),
   clear it, and flush the TLB entry of a live address space. */
""", "unmap_dirty": """\
/* Lab mmap (docs/labs/03-mmap.md): a store through a shared mapping set
   this PTE's dirty bit; tell the page cache before the PTE goes. */
"""})

lab(name="pipe", number=4, title="pipes and the copy ledger",
    handout="docs/labs/04-pipe.md", hours=3,
    programs=["pipe"],
    tests=[
        ("pipe carries bytes in order", 10, ["pipe_carries_bytes_in_order"]),
        ("pipe write costs one copy per byte", 10, ["pipe_write_is_one_copy_in"]),
        ("pipe write waits for room", 10, ["pipe_write_waits_for_room"]),
        ("pipe write errors (EPIPE, EAGAIN)", 10, ["write_without_reader_is_epipe",
                                                    "nonblocking_full_pipe_is_eagain"]),
    ],
    suites=["ktest", "pipes", "ledger", "commands", "userspace", "console", "strace", "bench", "proc",
            "libc", "threads", "sockets", "binder", "sysvipc", "klog", "oom", "crash", "swap", "shm",
            "splice", "fuzz", "linuxabi", "schedcalls", "signals"],
    stubs={"write": """\
/* Lab pipe (docs/labs/04-pipe.md): move the caller's n bytes into the
   pipe's buffers (pipe_bufs_write under pipe_lock, with copy_in, counted
   as MECH_PIPE), waking readers; wait for room (pipe_bufs_fits: all at
   once for n <= PIPE_BUF), honour O_NONBLOCK (-EAGAIN) and a missing
   reader (-EPIPE), and return how many bytes went in. */
(void)p;
(void)copy_in;
return -ENOSYS;
"""})

lab(name="binder", number=5, title="Binder's one copy",
    handout="docs/labs/05-binder.md", hours=3,
    programs=["binder"], binder_lib=True,
    tests=[
        ("small call: one copy", 10, ["small_call_is_one_copy"]),
        ("page-crossing call: one copy", 10, ["page_crossing_call_is_one_copy"]),
        ("256 KiB call: one copy", 10, ["large_call_is_one_copy"]),
    ],
    suites=["binder", "ledger", "bench"],
    stubs={"copy": """\
/* Lab binder (docs/labs/05-binder.md): this copies the sender's bytes
   twice, as a message queue does: into a kernel buffer, then into the
   receiver's buffer.  Make it one copy: straight from the sender's memory
   into the frames under the buffer (area_bytes, copy_from_user_cross). */
for (uint64_t done = 0, len; done < n; done += len) {
    uint8_t bounce[512]; /* the kernel buffer a message queue would have */
    uint8_t *dst = area_bytes(a, b->offset + off + done, n - done, &len);
    if (len > sizeof bounce)
        len = sizeof bounce;
    if (copy_from_user(bounce, (const void *)(uaddr + done), len, MECH_BINDER))
        return -EFAULT;
    copy_kernel(dst, bounce, len, MECH_BINDER);
}
return 0;
"""})

lab(name="ipc", number=6, title="shared memory and semaphores",
    handout="docs/labs/06-ipc.md", hours=4,
    programs=["ipc"],
    tests=[
        ("semop applies all or nothing", 10, ["semop_applies_all_or_nothing"]),
        ("semop sleeps until it can go", 10, ["semop_sleeps_until_it_can_go"]),
        ("shm pages are shared, not copied", 10, ["shm_pages_are_shared_not_copied"]),
        ("producer and consumer through shm + semaphores", 10, ["shm_ring_with_semaphores"]),
    ],
    suites=["sysvipc", "shm", "bench", "threads", "swap", "ledger", "binder", "splice"],
    stubs={"try_ops": """\
/* Lab ipc (docs/labs/06-ipc.md): apply sops[0..nsops) to s as one
   operation: all of them, or none (undo what was applied) and return 1
   when one would block (*blocking = its index; -EAGAIN with IPC_NOWAIT),
   -ERANGE past SEMVMX or an undo limit (SEMAEM, kept in un->adj for
   SEM_UNDO).  On success record pid in each semaphore used. */
*blocking = 0;
return -ENOSYS;
""", "wake": """\
/* Lab ipc (docs/labs/06-ipc.md): the values of s changed: try each
   sleeper of s->pending in order (try_ops); wake those that are done or
   failed (w->status), and start again when one changed the values. */
""", "shm_page": """\
/* Lab ipc (docs/labs/06-ipc.md): the segment's page pgoff, with a
   reference for the caller: the pages live in s->pages, an anonymous
   shared object (vm_anon_shared_ops), so every process attaching the
   segment maps the same frames. */
(void)s;
return NULL;
"""})


def by_name(name):
    for l in LABS:
        if l["name"] == name or f"{l['number']:02d}-{l['name']}" == name:
            return l
    raise KeyError(f"no lab named {name!r}; labs: {', '.join(l['name'] for l in LABS)}")


def earlier(l):
    """The labs before l (their solutions stay in l's student tree)."""
    return [x for x in LABS if x["number"] < l["number"]]
