/*
 * kernel/ipc/sysv_shm.c: System V shared memory: shmget, shmat, shmdt and
 * the segment's backing ops (sysv_shm.h).  shmctl and the /proc files are
 * in sysv_shm_ctl.c.
 *
 * A segment's regions refer to it through shm_vm_ops, which hand out the
 * pages of its shared anonymous object and count attachments: hold() is a
 * new region (shmat, fork, a split), release() one gone (shmdt, munmap,
 * exec, exit).  So the segment is never freed under a mapping.
 */
#include "kernel/ipc/sysv_shm.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/sysv_shm_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"

#define SHM_DEV_MINOR 1 /* Linux's shm files live on the first anonymous device, 00:01 */

struct shm_limits shm_limits = { SHMMAX_DEFAULT, SHMALL_DEFAULT, SHMMNI_DEFAULT };
struct ipc_ids shm_ids = IPC_IDS_INIT("shm");
uint64_t shm_total_pages;

static uint64_t pages_of(uint64_t bytes) { return bytes / PAGE_SIZE + (bytes % PAGE_SIZE != 0); }

static void destroy(struct shm_segment *s)
{
    if (!s->perm.deleted)
        ipc_remove(&shm_ids, &s->perm);
    shm_total_pages -= pages_of(s->segsz);
    vm_anon_shared_ops.release(s->pages);
    kfree(s);
}

void shm_segment_remove(struct shm_segment *s)
{
    if (s->nattch == 0) {
        destroy(s);
        return;
    }
    s->perm.mode |= SHM_DEST;
    ipc_forget_key(&s->perm);
}

/* ---- the segment as a VM object ---- */

static struct page *shm_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct shm_segment *s = obj;
    /* lab ipc: shm_page */
    return vm_anon_shared_ops.get_page(s->pages, pgoff, waited_for_io);
    /* lab end */
}

static void shm_hold(void *obj) { ((struct shm_segment *)obj)->nattch++; }

static void shm_release(void *obj)
{
    struct shm_segment *s = obj;
    s->dtime = ipc_now();
    if (--s->nattch == 0 && (s->perm.mode & SHM_DEST))
        destroy(s);
}

/* Linux names a segment's file SYSV<key>; it is always unlinked. */
static void shm_describe(void *obj, struct vm_object_info *out)
{
    struct shm_segment *s = obj;
    out->dev_major = 0;
    out->dev_minor = SHM_DEV_MINOR;
    out->ino = (uint64_t)s->perm.id;
    snprintf(out->name, sizeof out->name, "/SYSV%08x (deleted)", (uint32_t)s->name_key);
}

static const struct vm_backing_ops shm_vm_ops = {
    .get_page = shm_get_page,
    .hold = shm_hold,
    .release = shm_release,
    .describe = shm_describe,
    .mech = MECH_SHM,
};

/* ---- shmget ---- */

static int shm_create(void *arg, int32_t key, int flags, const struct ipc_caller *c)
{
    uint64_t size = *(const uint64_t *)arg;
    if (size < SHMMIN || size > shm_limits.max)
        return -EINVAL;
    uint64_t npages = pages_of(size);
    if (shm_total_pages + npages < shm_total_pages || shm_total_pages + npages > shm_limits.all)
        return -ENOSPC;
    /* Linux's overcommit heuristic (vm.overcommit_memory 0) refuses one
       allocation larger than all of RAM and swap: ENOMEM. */
    struct frame_stats fs;
    frame_stats(&fs);
    if (npages > fs.total)
        return -ENOMEM;
    struct shm_segment *s = kzalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    if (!(s->pages = vm_anon_shared_create_as(npages, MECH_SHM))) {
        kfree(s);
        return -ENOMEM;
    }
    int err = ipc_add(&shm_ids, &s->perm, shm_limits.mni, key, (uint32_t)flags, c);
    if (err) {
        vm_anon_shared_ops.release(s->pages);
        kfree(s);
        return err;
    }
    s->segsz = size;
    s->cpid = c->pid;
    s->ctime = ipc_now();
    s->name_key = key;
    shm_total_pages += npages;
    return s->perm.id;
}

static int shm_more_checks(struct ipc_obj *o, void *arg)
{
    return shm_segment_of(o)->segsz < *(const uint64_t *)arg ? -EINVAL : 0;
}

static const struct ipc_get_ops shm_get_ops = { .create = shm_create,
                                                .more_checks = shm_more_checks };

long sysv_shmget(int32_t key, uint64_t size, int flags, const struct ipc_caller *c)
{
    return ipc_get(&shm_ids, key, flags, &shm_get_ops, &size, c);
}

/* ---- shmat, shmdt ---- */

/* Where shmat maps: the checked, rounded address; 0 to choose one; or -EINVAL. */
static int64_t attach_address(uint64_t addr, int flags)
{
    if (!addr)
        return (flags & SHM_REMAP) ? -EINVAL : 0;
    if (addr % SHMLBA) {
        if (!(flags & SHM_RND))
            return -EINVAL;
        addr -= addr % SHMLBA;
        if (!addr && (flags & SHM_REMAP))
            return -EINVAL;
    }
    return (int64_t)addr;
}

long sysv_shmat(struct vm_space *vm, int id, uint64_t addr, int flags, const struct ipc_caller *c)
{
    if (id < 0)
        return -EINVAL;
    int64_t at = attach_address(addr, flags);
    if (at < 0)
        return at;
    bool fixed = addr != 0;
    uint32_t prot = VM_PROT_READ | ((flags & SHM_RDONLY) ? 0 : VM_PROT_WRITE) |
                    ((flags & SHM_EXEC) ? VM_PROT_EXEC : 0);
    int want =
        IPC_S_IRUGO | ((flags & SHM_RDONLY) ? 0 : IPC_S_IWUGO) | ((flags & SHM_EXEC) ? 0111 : 0);
    struct ipc_obj *o = ipc_lookup(&shm_ids, id);
    if (!o)
        return -EINVAL;
    if (ipc_check_perm(o, want, c))
        return -EACCES;
    struct shm_segment *s = shm_segment_of(o);
    uint64_t len = pages_of(s->segsz) * PAGE_SIZE;
    if (fixed) {
        if ((uint64_t)at + len < (uint64_t)at)
            return -EINVAL;
        if (!(flags & SHM_REMAP) && vm_range_used(vm, (uint64_t)at, len))
            return -EINVAL;
        if ((uint64_t)at >= USER_TOP || len > USER_TOP - (uint64_t)at)
            return -ENOMEM;
    } else if (!(at = (int64_t)vm_find_free(vm, len))) {
        return -ENOMEM;
    }
    /* A read-only attach may not become writable through mprotect (Linux:
       no VM_MAYWRITE). */
    uint32_t vflags = VMA_SHARED | ((flags & SHM_RDONLY) ? VMA_DENYWRITE : 0);
    int err = vm_map(vm, (uint64_t)at, len, prot, vflags, &shm_vm_ops, s, 0);
    if (err)
        return err;
    s->atime = ipc_now();
    s->lpid = c->pid;
    return at;
}

/* Is v a piece of a segment attached at addr (its offset in the segment
   equal to its distance from addr)?  With seg set, of that segment. */
static bool attached_at(const struct vma *v, uint64_t addr, const void *seg)
{
    return v->ops == &shm_vm_ops && v->start >= addr && (v->start - addr) / PAGE_SIZE == v->pgoff &&
           (!seg || v->obj == seg);
}

/* The first region ending above addr (and, with seg set, ending within
   limit of it) that attached_at accepts, or NULL. */
static struct vma *next_piece(struct vm_space *vm, uint64_t addr, const void *seg, uint64_t limit)
{
    for (int i = 0; i < vm->count; i++) {
        struct vma *v = &vm->vmas[i];
        if (v->end <= addr)
            continue;
        if (seg && v->end - addr > limit)
            return NULL;
        if (attached_at(v, addr, seg))
            return v;
    }
    return NULL;
}

/* Linux's shmdt: the first piece found names the segment; every piece of it
   that may lie within its size of addr goes (mprotect or munmap may have
   cut the attachment in pieces). */
long sysv_shmdt(struct vm_space *vm, uint64_t addr, const struct ipc_caller *c)
{
    if (addr % PAGE_SIZE)
        return -EINVAL;
    const void *seg = NULL;
    uint64_t limit = 0;
    struct vma *v;
    while ((v = next_piece(vm, addr, seg, limit))) {
        struct shm_segment *s = v->obj;
        if (!seg) {
            seg = s;
            limit = pages_of(s->segsz) * PAGE_SIZE;
        }
        s->lpid = c->pid; /* before the unmap, which may free it */
        if (vm_unmap(vm, v->start, v->end - v->start))
            return -ENOMEM;
    }
    return seg ? 0 : -EINVAL;
}

void sysv_shm_detach_all(struct vm_space *vm, int pid)
{
    for (int i = 0; i < vm->count;) {
        struct vma *v = &vm->vmas[i];
        if (v->ops != &shm_vm_ops) {
            i++;
            continue;
        }
        ((struct shm_segment *)v->obj)->lpid = pid;
        /* Out of memory splitting nothing is not expected; the region then
           goes with the address space instead. */
        if (vm_unmap(vm, v->start, v->end - v->start))
            i++;
    }
}

void sysv_shm_forked(struct vm_space *vm, int parent_pid)
{
    int64_t now = ipc_now();
    for (int i = 0; i < vm->count; i++) {
        struct vma *v = &vm->vmas[i];
        if (v->ops == &shm_vm_ops) {
            struct shm_segment *s = v->obj;
            s->atime = now;
            s->lpid = parent_pid;
        }
    }
}
