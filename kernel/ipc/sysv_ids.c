/*
 * kernel/ipc/sysv_ids.c: the System V id tables (sysv_ids.h): keys, cyclic
 * ids, permissions.
 */
#include "kernel/ipc/sysv_ids.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"

int64_t ipc_now(void) { return (int64_t)(clock_realtime_ns() / 1000000000ull); }

static int idx_of(int id) { return id & (IPCMNI - 1); }
static uint16_t seq_of(int id) { return (uint16_t)(id >> IPCMNI_SHIFT); }

/* Makes room for slots [0, want). */
static int grow(struct ipc_ids *ids, int want)
{
    if (want <= ids->capacity)
        return 0;
    int cap = ids->capacity ? ids->capacity : IPC_MIN_CYCLE;
    while (cap < want)
        cap *= 2;
    if (cap > IPCMNI)
        cap = IPCMNI;
    struct ipc_obj **n = kzalloc(sizeof *n * (size_t)cap);
    if (!n)
        return -ENOMEM;
    for (int i = 0; i < ids->capacity; i++)
        n[i] = ids->slots[i];
    kfree(ids->slots);
    ids->slots = n;
    ids->capacity = cap;
    return 0;
}

/* A free index in [0, bound), searching on from the last one handed out
   and wrapping around (idr_alloc_cyclic); -1 if none. */
static int free_index(const struct ipc_ids *ids, int bound)
{
    int start = ids->last_idx + 1 < bound ? ids->last_idx + 1 : 0;
    for (int i = 0; i < bound; i++) {
        int idx = (start + i) % bound;
        if (idx >= ids->capacity || !ids->slots[idx])
            return idx;
    }
    return -1;
}

int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int limit, int32_t key, uint32_t mode,
            const struct ipc_caller *c)
{
    if (limit > IPCMNI)
        limit = IPCMNI;
    if (ids->in_use >= limit)
        return -ENOSPC;
    int bound = ids->in_use * 3 / 2;
    if (bound < IPC_MIN_CYCLE)
        bound = IPC_MIN_CYCLE;
    if (bound > IPCMNI)
        bound = IPCMNI;
    int idx = free_index(ids, bound);
    if (idx < 0)
        return -ENOSPC;
    if (grow(ids, idx + 1))
        return -ENOMEM;
    if (idx <= ids->last_idx && ++ids->seq >= IPC_SEQ_MAX)
        ids->seq = 0;
    ids->last_idx = idx;
    o->key = key;
    o->seq = ids->seq;
    o->id = (int)((uint32_t)o->seq << IPCMNI_SHIFT) | idx;
    o->uid = o->cuid = c->uid;
    o->gid = o->cgid = c->gid;
    o->mode = mode & IPC_MODE_MASK;
    o->deleted = false;
    ids->slots[idx] = o;
    ids->in_use++;
    if (idx > ids->max_idx)
        ids->max_idx = idx;
    return 0;
}

void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o)
{
    int idx = idx_of(o->id);
    if (idx >= ids->capacity || ids->slots[idx] != o)
        return;
    ids->slots[idx] = NULL;
    ids->in_use--;
    o->deleted = true;
    while (ids->max_idx >= 0 && !ids->slots[ids->max_idx])
        ids->max_idx--;
}

struct ipc_obj *ipc_at_index(const struct ipc_ids *ids, int idx)
{
    if (idx < 0 || idx >= ids->capacity)
        return NULL;
    return ids->slots[idx];
}

struct ipc_obj *ipc_lookup(struct ipc_ids *ids, int id)
{
    if (id < 0)
        return NULL;
    struct ipc_obj *o = ipc_at_index(ids, idx_of(id));
    return o && o->seq == seq_of(id) ? o : NULL;
}

int ipc_max_index(const struct ipc_ids *ids) { return ids->max_idx < 0 ? 0 : ids->max_idx; }

static struct ipc_obj *find_key(const struct ipc_ids *ids, int32_t key)
{
    for (int i = 0; i <= ids->max_idx; i++)
        if (ids->slots[i] && ids->slots[i]->key == key)
            return ids->slots[i];
    return NULL;
}

int ipc_check_perm(const struct ipc_obj *o, int want, const struct ipc_caller *c)
{
    if (ipc_caller_is_root(c))
        return 0;
    /* The requested bits folded into one triplet, and the triplet that
       applies to the caller: owner, group, or others. */
    int requested = (want >> 6 | want >> 3 | want) & 07;
    uint32_t granted = o->mode;
    if (c->uid == o->cuid || c->uid == o->uid)
        granted >>= 6;
    else if (c->gid == o->cgid || c->gid == o->gid ||
             (c->cred && (cred_in_group(c->cred, o->cgid) || cred_in_group(c->cred, o->gid))))
        granted >>= 3;
    return (requested & ~granted & 07) ? -EACCES : 0;
}

int ipc_check_owner(const struct ipc_obj *o, const struct ipc_caller *c)
{
    if (ipc_caller_is_root(c) || c->uid == o->uid || c->uid == o->cuid)
        return 0;
    return -EPERM;
}

void ipc_fill_perm(const struct ipc_obj *o, struct ipc64_perm *out)
{
    memset(out, 0, sizeof *out);
    out->key = o->key;
    out->uid = o->uid;
    out->gid = o->gid;
    out->cuid = o->cuid;
    out->cgid = o->cgid;
    out->mode = o->mode;
    out->seq = o->seq;
}

void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *in)
{
    o->uid = in->uid;
    o->gid = in->gid;
    o->mode = (o->mode & ~(uint32_t)IPC_MODE_MASK) | (in->mode & IPC_MODE_MASK);
}

int ipc_get(struct ipc_ids *ids, int32_t key, int flags, const struct ipc_get_ops *ops, void *arg,
            const struct ipc_caller *c)
{
    if (key == IPC_PRIVATE)
        return ops->create(arg, key, flags, c);
    struct ipc_obj *o = find_key(ids, key);
    if (!o)
        return (flags & IPC_CREAT) ? ops->create(arg, key, flags, c) : -ENOENT;
    if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
        return -EEXIST;
    int err = ops->more_checks ? ops->more_checks(o, arg) : 0;
    if (!err)
        err = ipc_check_perm(o, flags, c);
    return err ? err : o->id;
}
