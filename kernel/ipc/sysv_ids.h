/*
 * kernel/ipc/sysv_ids.h: the key -> id -> object table that System V
 * message queues, shared memory segments and semaphore sets each have one
 * of (svipc(7)), with Linux's id numbering and permission rules.
 *
 * An object is found by a key (a number the programs agree on, often from
 * ftok(3)) or, once created, by its id.  The id is (seq << 15) | index: the
 * index is the object's slot, handed out cyclically below
 * max(64, in_use * 3 / 2) as Linux 5.4+ does, and seq grows by one each time
 * the index wraps around, so an id that names a removed object is not
 * quietly taken by its successor in the same slot for a while.  A removed
 * object leaves its slot at once (lookups of its id are EINVAL) but stays
 * allocated while sleepers still refer to it (they see `deleted` and
 * answer EIDRM).
 *
 * Permissions: the mode's rwx triplets against the caller's effective uid
 * and its groups (effective and supplementary) as ipcperms() does, with the
 * two bypasses Linux gives root (kernel/lib/cred.h): CAP_IPC_OWNER (every
 * access) and CAP_SYS_ADMIN (IPC_SET/IPC_RMID by a non-owner).
 *
 * Locking: one CPU, no kernel preemption; a table changes only in process
 * context between sleeps.
 */
#ifndef PAGELAB_IPC_SYSV_IDS_H
#define PAGELAB_IPC_SYSV_IDS_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/ipc/sysv_abi.h"
#include "kernel/lib/cred.h"

#define IPCMNI        32768 /* the most objects of one kind: ids' index part (15 bits) */
#define IPCMNI_SHIFT  15
#define IPC_MIN_CYCLE 64    /* indexes cycle through at least this many slots */
#define IPC_SEQ_MAX   65535 /* INT_MAX >> IPCMNI_SHIFT, and ipc64_perm.seq is 16 bits */

/* Who makes the call: the syscall layer fills it from the current process. */
struct ipc_caller {
    int pid;
    uint32_t uid, gid;       /* effective ids: a new object's owner */
    const struct cred *cred; /* supplementary groups too; NULL: none */
};

/* Root holds every capability Linux gives it: CAP_IPC_OWNER, CAP_SYS_ADMIN,
   CAP_SYS_RESOURCE. */
static inline bool ipc_caller_is_root(const struct ipc_caller *c) { return c->uid == 0; }

/* What every System V object starts with (Linux's kern_ipc_perm). */
struct ipc_obj {
    int32_t key;
    int id;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode; /* rwx bits, plus SHM_DEST / SHM_LOCKED for segments */
    uint16_t seq;
    bool deleted; /* removed (IPC_RMID): sleepers answer EIDRM */
};

struct ipc_ids {
    const char *name;
    struct ipc_obj **slots; /* capacity entries, NULL when free */
    int capacity;
    int in_use;
    int max_idx;  /* highest index in use, -1 if none */
    int last_idx; /* the last index handed out, -1 at first */
    uint16_t seq;
};

#define IPC_IDS_INIT(n)                            \
    {                                              \
        .name = (n), .max_idx = -1, .last_idx = -1 \
    }

/* The creation half of msgget/shmget/semget, and the extra check made when
   the key already exists (size, number of semaphores). */
struct ipc_get_ops {
    /* Makes a new object for key with flags' mode bits: its id, or -errno. */
    int (*create)(void *arg, int32_t key, int flags, const struct ipc_caller *c);
    /* 0, or -errno (EINVAL) when the existing object does not fit arg. */
    int (*more_checks)(struct ipc_obj *o, void *arg);
};

/* msgget/shmget/semget: the object of key, made if IPC_CREAT says so:
   its id, or -ENOENT, -EEXIST, -EACCES, or what ops say. */
int ipc_get(struct ipc_ids *ids, int32_t key, int flags, const struct ipc_get_ops *ops, void *arg,
            const struct ipc_caller *c);

/* Enters o (its first fields zeroed or not) with key and mode bits as a new
   object, owned by c: 0 (o->id set), -ENOSPC when limit objects exist
   already, -ENOMEM. */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int limit, int32_t key, uint32_t mode,
            const struct ipc_caller *c);
/* Takes o out of the table and marks it deleted; freeing it is the caller's. */
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o);
/* A segment marked for removal keeps its id but loses its key (shmctl
   IPC_RMID while attached): later gets with that key make a new object. */
static inline void ipc_forget_key(struct ipc_obj *o) { o->key = IPC_PRIVATE; }

/* The live object with this id, or NULL (the id is EINVAL). */
struct ipc_obj *ipc_lookup(struct ipc_ids *ids, int id);
/* The object in slot idx, or NULL (MSG_STAT, SHM_STAT, SEM_STAT take an index). */
struct ipc_obj *ipc_at_index(const struct ipc_ids *ids, int idx);
/* What IPC_INFO and *_INFO return: the highest index in use, 0 if none. */
int ipc_max_index(const struct ipc_ids *ids);

/* May c access o as want says (S_IRUGO 0444, S_IWUGO 0222 or both)?
   0 or -EACCES. */
int ipc_check_perm(const struct ipc_obj *o, int want, const struct ipc_caller *c);
/* May c change or remove o (IPC_SET, IPC_RMID)?  0 or -EPERM. */
int ipc_check_owner(const struct ipc_obj *o, const struct ipc_caller *c);
void ipc_fill_perm(const struct ipc_obj *o, struct ipc64_perm *out);
/* IPC_SET: owner and the permission bits (the other mode bits stay). */
void ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *in);

/* Seconds since the epoch, for the times IPC_STAT shows. */
int64_t ipc_now(void);

#define IPC_S_IRUGO   0444
#define IPC_S_IWUGO   0222
#define IPC_MODE_MASK 0777

#endif
