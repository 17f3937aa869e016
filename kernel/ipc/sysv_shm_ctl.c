/*
 * kernel/ipc/sysv_shm_ctl.c: shmctl(2) and the shared-memory files of /proc:
 *
 *   /proc/sysvipc/shm        every segment, in Linux's columns (proc(5);
 *                            rss and swap: bytes of its pages in memory and
 *                            out on swap)
 *   /proc/sys/kernel/shmmax  the largest segment, bytes
 *   /proc/sys/kernel/shmall  the most pages of all segments together
 *   /proc/sys/kernel/shmmni  the most segments (4096)
 *
 * SHM_LOCK and SHM_UNLOCK set and clear SHM_LOCKED in the mode, as Linux
 * does for root (CAP_IPC_LOCK), and tell the segment's object: reclaim
 * leaves a locked segment's pages in memory (pages already out on swap
 * come back when touched, as on Linux).
 */
#include "kernel/copy/uaccess.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/ipc_sysctl.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/ipc/sysv_shm_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"

static long copy_out(uint64_t ubuf, const void *k, size_t n)
{
    return copy_to_user((void *)ubuf, k, n, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Pages of every segment in memory (shm_rss), or out on swap (shm_swp). */
static uint64_t segment_pages(bool swapped)
{
    uint64_t n = 0;
    for (int i = 0; i <= shm_ids.max_idx; i++) {
        struct ipc_obj *o = ipc_at_index(&shm_ids, i);
        if (o)
            n += swapped ? vm_anon_shared_swapped(shm_segment_of(o)->pages)
                         : vm_anon_shared_resident(shm_segment_of(o)->pages);
    }
    return n;
}

static long shm_info_cmd(int cmd, uint64_t ubuf)
{
    long err;
    if (cmd == IPC_INFO) {
        struct shminfo64 si;
        memset(&si, 0, sizeof si);
        si.shmmax = shm_limits.max;
        si.shmmin = SHMMIN;
        si.shmmni = (uint64_t)shm_limits.mni;
        si.shmseg = SHMMNI_DEFAULT; /* Linux's SHMSEG: per-process attach limit, not enforced */
        si.shmall = shm_limits.all;
        err = copy_out(ubuf, &si, sizeof si);
    } else {
        struct shm_info si;
        memset(&si, 0, sizeof si);
        si.used_ids = shm_ids.in_use;
        si.shm_tot = shm_total_pages;
        si.shm_rss = segment_pages(false);
        si.shm_swp = segment_pages(true);
        err = copy_out(ubuf, &si, sizeof si);
    }
    return err ? err : ipc_max_index(&shm_ids);
}

static long shm_stat(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&shm_ids, id) : ipc_at_index(&shm_ids, id);
    if (!o)
        return -EINVAL;
    if (cmd != SHM_STAT_ANY && ipc_check_perm(o, IPC_S_IRUGO, c))
        return -EACCES;
    const struct shm_segment *s = shm_segment_of(o);
    struct shmid64_ds ds;
    memset(&ds, 0, sizeof ds);
    ipc_fill_perm(o, &ds.shm_perm);
    ds.shm_segsz = s->segsz;
    ds.shm_atime = s->atime;
    ds.shm_dtime = s->dtime;
    ds.shm_ctime = s->ctime;
    ds.shm_cpid = s->cpid;
    ds.shm_lpid = s->lpid;
    ds.shm_nattch = s->nattch;
    long err = copy_out(ubuf, &ds, sizeof ds);
    return err ? err : cmd == IPC_STAT ? 0 : o->id;
}

static long shm_down(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    struct shmid64_ds ds;
    if (cmd == IPC_SET && copy_from_user(&ds, (const void *)ubuf, sizeof ds, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct ipc_obj *o = ipc_lookup(&shm_ids, id);
    if (!o)
        return -EINVAL;
    int err = ipc_check_owner(o, c);
    if (err)
        return err;
    struct shm_segment *s = shm_segment_of(o);
    if (cmd == IPC_RMID) {
        shm_segment_remove(s);
        return 0;
    }
    if (ds.shm_perm.uid == (uint32_t)-1 || ds.shm_perm.gid == (uint32_t)-1)
        return -EINVAL;
    ipc_set_perm(o, &ds.shm_perm);
    s->ctime = ipc_now();
    return 0;
}

/* SHM_LOCK / SHM_UNLOCK: root may (CAP_IPC_LOCK); others only their own. */
static long shm_lock(int id, int cmd, const struct ipc_caller *c)
{
    struct ipc_obj *o = ipc_lookup(&shm_ids, id);
    if (!o)
        return -EINVAL;
    if (!ipc_caller_is_root(c) && c->uid != o->uid && c->uid != o->cuid)
        return -EPERM;
    if (cmd == SHM_LOCK)
        o->mode |= SHM_LOCKED;
    else
        o->mode &= ~(uint32_t)SHM_LOCKED;
    vm_anon_shared_set_locked(shm_segment_of(o)->pages, cmd == SHM_LOCK);
    return 0;
}

long sysv_shmctl(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c)
{
    if (id < 0 || cmd < 0)
        return -EINVAL;
    switch (cmd) {
    case IPC_INFO:
    case SHM_INFO:
        return shm_info_cmd(cmd, ubuf);
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY:
        return shm_stat(id, cmd, ubuf, c);
    case IPC_SET:
    case IPC_RMID:
        return shm_down(id, cmd, ubuf, c);
    case SHM_LOCK:
    case SHM_UNLOCK:
        return shm_lock(id, cmd, c);
    default:
        return -EINVAL;
    }
}

/* ---- /proc ---- */

static long show_sysvipc_shm(void *arg, char *buf, size_t size)
{
    size_t n = (size_t)snprintf(
        buf, size,
        "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid"
        "  cgid      atime      dtime      ctime                   rss                  swap\n");
    for (int i = 0; i <= shm_ids.max_idx && n < size; i++) {
        struct ipc_obj *o = ipc_at_index(&shm_ids, i);
        if (!o)
            continue;
        const struct shm_segment *s = shm_segment_of(o);
        uint64_t rss = vm_anon_shared_resident(s->pages) * PAGE_SIZE;
        uint64_t swap = vm_anon_shared_swapped(s->pages) * PAGE_SIZE;
        int k = snprintf(buf + n, size - n,
                         "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10ld %10ld %10ld "
                         "%21lu %21lu\n",
                         o->key, o->id, o->mode, s->segsz, s->cpid, s->lpid, s->nattch, o->uid,
                         o->gid, o->cuid, o->cgid, s->atime, s->dtime, s->ctime, rss, swap);
        if (n + (size_t)k >= size)
            break; /* whole lines only: a cut one is dropped */
        n += (size_t)k;
    }
    return (long)n;
}

static long show_shmmax(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%lu\n", shm_limits.max);
}
static long show_shmall(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%lu\n", shm_limits.all);
}
static long show_shmmni(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\n", shm_limits.mni);
}
static int store_shmmax(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_parse_ulong(data, len, &shm_limits.max, 0, UINT64_MAX);
}
static int store_shmall(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_parse_ulong(data, len, &shm_limits.all, 0, UINT64_MAX);
}
static int store_shmmni(void *arg, const char *data, size_t len)
{
    return ipc_sysctl_store_int(data, len, &shm_limits.mni, 0, IPCMNI);
}

PROC_FILE(sysvipc_shm, "sysvipc/shm", show_sysvipc_shm, NULL);
PROC_FILE(shmmax, "sys/kernel/shmmax", show_shmmax, store_shmmax);
PROC_FILE(shmall, "sys/kernel/shmall", show_shmall, store_shmall);
PROC_FILE(shmmni, "sys/kernel/shmmni", show_shmmni, store_shmmni);
