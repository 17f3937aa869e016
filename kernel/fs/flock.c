/*
 * kernel/fs/flock.c: POSIX record locks and flock locks (flock.h).
 *
 * Every lock of the system is on one list (a teaching kernel has few): an
 * entry names its inode, its owner (the descriptor table for POSIX locks,
 * the open file for flock) and its byte range [start, end] (end inclusive;
 * INT64_MAX: to the end of the file, however far it grows).  Sleepers for
 * a lock wait on one queue and look again at every release.  The list is
 * walked with interrupts off (one CPU; no lock is taken in an interrupt).
 */
#include "kernel/fs/flock.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/task.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "libc/include/pagelab/fcntl_values.h"

#define OFFSET_MAX INT64_MAX

enum lock_kind { KIND_POSIX, KIND_FLOCK };

struct file_lock {
    struct list_head link;
    enum lock_kind kind;
    const struct inode *inode;
    const void *owner; /* struct files * (POSIX) or struct file * (flock) */
    int pid;           /* the process that set it (F_GETLK's l_pid) */
    int type;          /* F_RDLCK or F_WRLCK */
    int64_t start, end;
};

/* A POSIX owner asleep in F_SETLKW, and the owner it waits for. */
struct lock_waiter {
    struct list_head link;
    const void *owner, *waits_for;
};

static struct list_head all_locks = LIST_HEAD_INIT(all_locks);
static struct list_head waiters = LIST_HEAD_INIT(waiters);
static struct waitqueue lock_released = WAITQUEUE_INIT(lock_released);
static uint64_t releases; /* counts the wake-ups of lock_released */

static void released(void)
{
    releases++;
    wake_up(&lock_released);
}

static bool overlap(const struct file_lock *l, int64_t start, int64_t end)
{
    return l->start <= end && start <= l->end;
}

/* The first lock of another owner that keeps (kind, owner) from taking
   type over [start, end], or NULL. */
static struct file_lock *conflict(enum lock_kind kind, const struct inode *ino, const void *owner,
                                  int type, int64_t start, int64_t end)
{
    struct list_head *l;
    list_for_each(l, &all_locks)
    {
        struct file_lock *x = list_entry(l, struct file_lock, link);
        if (x->kind == kind && x->inode == ino && x->owner != owner && overlap(x, start, end) &&
            (type == F_WRLCK || x->type == F_WRLCK))
            return x;
    }
    return NULL;
}

static void free_lock(struct file_lock *x)
{
    list_del(&x->link);
    kfree(x);
}

/* Would owner, waiting for `blocker`, wait for itself through the chain
   of sleeping owners? */
static bool deadlock(const void *owner, const void *blocker)
{
    for (int hops = 0; blocker && hops < 64; hops++) {
        if (blocker == owner)
            return true;
        const void *next = NULL;
        struct list_head *l;
        list_for_each(l, &waiters)
        {
            struct lock_waiter *w = list_entry(l, struct lock_waiter, link);
            if (w->owner == blocker) {
                next = w->waits_for;
                break;
            }
        }
        blocker = next;
    }
    return false;
}

/* Owner's POSIX locks over [start, end] become `type` (F_UNLCK: none):
   its locks there are cut away (split when they straddle), the new one
   merged with its same-type neighbours.  Interrupts off.  -ENOLCK when a
   split finds no memory (nothing changed then). */
static int posix_apply(const struct inode *ino, const void *owner, int pid, int type, int64_t start,
                       int64_t end)
{
    /* Allocated first: nothing fails once the list is being changed. */
    struct file_lock *fresh = NULL, *spare = kmalloc(sizeof *spare);
    if (!spare || (type != F_UNLCK && !(fresh = kmalloc(sizeof *fresh)))) {
        kfree(spare);
        return -ENOLCK;
    }
    if (fresh) {
        *fresh = (struct file_lock){ .kind = KIND_POSIX,
                                     .inode = ino,
                                     .owner = owner,
                                     .pid = pid,
                                     .type = type,
                                     .start = start,
                                     .end = end };
        /* Same-type neighbours, touching or overlapping, join it. */
        struct list_head *l, *tmp;
        list_for_each_safe(l, tmp, &all_locks)
        {
            struct file_lock *x = list_entry(l, struct file_lock, link);
            if (x->kind != KIND_POSIX || x->inode != ino || x->owner != owner || x->type != type)
                continue;
            bool touches = (x->end != OFFSET_MAX && x->end + 1 == fresh->start) ||
                           (fresh->end != OFFSET_MAX && fresh->end + 1 == x->start) ||
                           overlap(x, fresh->start, fresh->end);
            if (!touches)
                continue;
            if (x->start < fresh->start)
                fresh->start = x->start;
            if (x->end > fresh->end)
                fresh->end = x->end;
            free_lock(x);
        }
        start = fresh->start;
        end = fresh->end;
    }
    struct list_head *l, *tmp;
    list_for_each_safe(l, tmp, &all_locks)
    {
        struct file_lock *x = list_entry(l, struct file_lock, link);
        if (x->kind != KIND_POSIX || x->inode != ino || x->owner != owner ||
            !overlap(x, start, end))
            continue;
        if (x->start < start && x->end > end) { /* straddles: split in two (once) */
            *spare = *x;
            spare->start = end + 1;
            list_add(&spare->link, &x->link);
            spare = NULL;
            x->end = start - 1;
        } else if (x->start < start) {
            x->end = start - 1;
        } else if (x->end > end) {
            x->start = end + 1;
        } else {
            free_lock(x);
        }
    }
    if (fresh)
        list_add_tail(&fresh->link, &all_locks);
    kfree(spare);
    released(); /* a range freed or downgraded */
    return 0;
}

/* struct flock's range as [start, end]; Linux's EINVAL and EOVERFLOW. */
static int lock_range(struct file *f, const struct flock_linux *fl, int64_t *start, int64_t *end)
{
    int64_t base = file_whence_base(f, fl->l_whence);
    if (base < 0)
        return -EINVAL; /* a bad l_whence */
    int64_t s;
    if (__builtin_add_overflow(base, fl->l_start, &s))
        return -EOVERFLOW;
    if (s < 0)
        return -EINVAL;
    if (fl->l_len > 0) {
        if (__builtin_add_overflow(s, fl->l_len - 1, end))
            return -EOVERFLOW;
        *start = s;
    } else if (fl->l_len < 0) { /* the bytes before s */
        if (s + fl->l_len < 0)
            return -EINVAL;
        *start = s + fl->l_len;
        *end = s - 1;
    } else {
        *start = s;
        *end = OFFSET_MAX;
    }
    return 0;
}

static void report(struct flock_linux *fl, const struct file_lock *x)
{
    fl->l_type = x ? (int16_t)x->type : F_UNLCK;
    if (!x)
        return;
    fl->l_whence = SEEK_SET;
    fl->l_start = x->start;
    fl->l_len = x->end == OFFSET_MAX ? 0 : x->end - x->start + 1;
    fl->l_pid = x->pid;
}

int posix_lock_fcntl(struct file *f, int cmd, struct flock_linux *fl)
{
    int type = fl->l_type;
    if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
        return -EINVAL;
    int64_t start, end;
    int r = lock_range(f, fl, &start, &end);
    if (r)
        return r;
    struct files *owner = task_files();
    const struct inode *ino = f->inode;
    uint64_t flags = irq_save();
    if (cmd == F_GETLK) {
        if (type == F_UNLCK)
            r = -EINVAL;
        else
            report(fl, conflict(KIND_POSIX, ino, owner, type, start, end));
        irq_restore(flags);
        return r;
    }
    int acc = f->flags & O_ACCMODE;
    if ((type == F_RDLCK && acc == O_WRONLY) || (type == F_WRLCK && acc == O_RDONLY)) {
        irq_restore(flags);
        return -EBADF;
    }
    struct file_lock *x;
    while (type != F_UNLCK && (x = conflict(KIND_POSIX, ino, owner, type, start, end))) {
        if (cmd == F_SETLK) {
            r = -EAGAIN;
            break;
        }
        if (deadlock(owner, x->owner)) {
            r = -EDEADLK;
            break;
        }
        struct lock_waiter w = { .owner = owner, .waits_for = x->owner };
        list_add_tail(&w.link, &waiters);
        /* Any release may be the one: look again after each. */
        uint64_t seen = releases;
        r = wait_event_interruptible(&lock_released, releases != seen);
        list_del(&w.link);
        if (r)
            break;
    }
    if (!r)
        r = posix_apply(ino, owner, task_tgid(), type, start, end);
    irq_restore(flags);
    return r;
}

static struct file_lock *flock_of(const struct file *f)
{
    struct list_head *l;
    list_for_each(l, &all_locks)
    {
        struct file_lock *x = list_entry(l, struct file_lock, link);
        if (x->kind == KIND_FLOCK && x->owner == f)
            return x;
    }
    return NULL;
}

int flock_file(struct file *f, int op)
{
    int how = op & ~LOCK_NB;
    if (how != LOCK_SH && how != LOCK_EX && how != LOCK_UN)
        return -EINVAL;
    uint64_t flags = irq_save();
    /* A conversion drops the old lock first, as on Linux (not atomic). */
    struct file_lock *old = flock_of(f);
    if (old) {
        free_lock(old);
        released();
    }
    int r = 0;
    if (how != LOCK_UN) {
        int type = how == LOCK_EX ? F_WRLCK : F_RDLCK;
        if (op & LOCK_NB)
            r = conflict(KIND_FLOCK, f->inode, f, type, 0, OFFSET_MAX) ? -EWOULDBLOCK : 0;
        else
            r = wait_event_interruptible(&lock_released,
                                         !conflict(KIND_FLOCK, f->inode, f, type, 0, OFFSET_MAX));
        struct file_lock *x = r ? NULL : kmalloc(sizeof *x);
        if (!r && !x)
            r = -ENOLCK;
        if (x) {
            *x = (struct file_lock){ .kind = KIND_FLOCK,
                                     .inode = f->inode,
                                     .owner = f,
                                     .pid = task_tgid(),
                                     .type = type,
                                     .start = 0,
                                     .end = OFFSET_MAX };
            list_add_tail(&x->link, &all_locks);
        }
    }
    irq_restore(flags);
    return r;
}

void locks_fd_closing(struct files *t, struct file *f)
{
    if (!f->inode || list_empty(&all_locks))
        return;
    uint64_t flags = irq_save();
    posix_apply(f->inode, t, 0, F_UNLCK, 0, OFFSET_MAX);
    irq_restore(flags);
}

void locks_file_released(struct file *f)
{
    if (list_empty(&all_locks))
        return;
    uint64_t flags = irq_save();
    struct file_lock *x = flock_of(f);
    if (x) {
        free_lock(x);
        released();
    }
    irq_restore(flags);
}
