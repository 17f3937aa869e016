/*
 * kernel/ipc/futex.c: futex sleepers, hashed by key (futex.h).
 *
 * A sleeper is a struct futex_waiter on its own kernel stack, on the list
 * of its key's bucket, with a wait queue of its own that only its waker
 * touches.  Waking unlinks the waiter and sets its woken flag before the
 * wake-up, so a woken waiter never looks at the bucket again; a waiter that
 * gives up (deadline, signal) unlinks itself.
 *
 * Atomicity: kernel code is not preempted and there is one CPU, so "read
 * the word, compare, queue" in futex_wait cannot interleave with a waker as
 * long as nothing in between sleeps.  Reading the word can fault, so the
 * key (which faults the page in) is taken first: by the time the word is
 * read its page is present and the read does not sleep.
 */
#include "kernel/ipc/futex.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/vm.h"
#include "libc/include/pagelab/futex_values.h"

#define FUTEX_BUCKETS 256 /* a power of two */

/* The three kinds of key (futex.h). */
enum futex_key_kind {
    KEY_PRIVATE,   /* FUTEX_PRIVATE_FLAG: (space, address) */
    KEY_MM_SHARED, /* shared op on private anonymous memory: (space, address) */
    KEY_FRAME,     /* shared op on a shareable frame: physical address */
};

struct futex_key {
    enum futex_key_kind kind;
    uint64_t space;    /* the vm_space for the address kinds, 0 for KEY_FRAME */
    uint64_t addr;     /* user address, or physical address for KEY_FRAME */
    struct page *page; /* KEY_FRAME: the frame, referenced */
};

struct futex_waiter {
    struct list_head link; /* on buckets[hash(key)] while queued */
    struct futex_key key;
    uint32_t bitset;
    bool woken;
    struct waitqueue wq;
};

static struct list_head buckets[FUTEX_BUCKETS];
static bool buckets_ready;
static uint64_t sleepers;

static struct list_head *bucket_of(const struct futex_key *k)
{
    if (!buckets_ready) {
        for (int i = 0; i < FUTEX_BUCKETS; i++)
            list_init(&buckets[i]);
        buckets_ready = true;
    }
    uint64_t h = (k->space ^ k->addr ^ k->kind) * 0x9e3779b97f4a7c15ull;
    return &buckets[h >> 56];
}

static bool key_equal(const struct futex_key *a, const struct futex_key *b)
{
    return a->kind == b->kind && a->space == b->space && a->addr == b->addr;
}

/* Names the word at uaddr: 0, -EINVAL (misaligned) or -EFAULT.  A frame key
   holds a reference on its frame: key_put drops it. */
static int key_get(uint64_t uaddr, bool shared, struct futex_key *k)
{
    if (uaddr % sizeof(uint32_t))
        return -EINVAL;
    if (!user_range_ok(uaddr, sizeof(uint32_t)) || !vm_current)
        return -EFAULT;
    k->page = NULL;
    k->space = (uint64_t)(uintptr_t)vm_current;
    k->addr = uaddr;
    k->kind = KEY_PRIVATE;
    if (!shared)
        return 0;
    struct vm_user_page up;
    int err = vm_user_page(vm_current, uaddr, &up);
    if (err)
        return err;
    if (!up.shared) {
        page_put(up.page);
        k->kind = KEY_MM_SHARED;
        return 0;
    }
    k->kind = KEY_FRAME;
    k->space = 0;
    k->addr = up.phys;
    k->page = up.page;
    return 0;
}

static void key_put(struct futex_key *k)
{
    if (k->page)
        page_put(k->page);
    k->page = NULL;
}

/* Moves w to key k (requeue): w's frame reference follows. */
static void key_move(struct futex_waiter *w, const struct futex_key *k)
{
    key_put(&w->key);
    w->key = *k;
    if (w->key.page)
        page_get(w->key.page);
}

/* Reads the word (its page is present: key_get faulted it in). */
static int read_word(uint64_t uaddr, uint32_t *out)
{
    return copy_from_user(out, (const void *)uaddr, sizeof *out, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static void wake_waiter(struct futex_waiter *w)
{
    list_del(&w->link);
    w->woken = true;
    sleepers--;
    wake_up(&w->wq);
}

int futex_wait(uint64_t uaddr, bool shared, uint32_t val, uint64_t deadline_ns, uint32_t bitset)
{
    if (!bitset)
        return -EINVAL;
    struct futex_waiter w;
    int err = key_get(uaddr, shared, &w.key);
    if (err)
        return err;
    uint32_t cur;
    if ((err = read_word(uaddr, &cur)) || cur != val) {
        key_put(&w.key);
        return err ? err : -EAGAIN;
    }
    w.bitset = bitset;
    w.woken = false;
    waitqueue_init(&w.wq);
    list_add_tail(&w.link, bucket_of(&w.key));
    sleepers++;
    err = wait_event_deadline(&w.wq, w.woken, deadline_ns);
    if (!w.woken) {
        list_del(&w.link);
        sleepers--;
    } else {
        err = 0; /* woken: a signal or deadline that came too is not an error */
    }
    key_put(&w.key);
    return err;
}

/* Wakes up to nr waiters on k (at least one) whose bitset meets bitset. */
static long wake_key(const struct futex_key *k, int nr, uint32_t bitset)
{
    long woken = 0;
    struct list_head *pos, *tmp, *b = bucket_of(k);
    list_for_each_safe(pos, tmp, b)
    {
        struct futex_waiter *w = list_entry(pos, struct futex_waiter, link);
        if (!key_equal(&w->key, k) || !(w->bitset & bitset))
            continue;
        wake_waiter(w);
        if (++woken >= nr)
            break;
    }
    return woken;
}

long futex_wake(uint64_t uaddr, bool shared, int nr, uint32_t bitset)
{
    if (!bitset)
        return -EINVAL;
    struct futex_key k;
    int err = key_get(uaddr, shared, &k);
    if (err)
        return err;
    long woken = wake_key(&k, nr, bitset);
    key_put(&k);
    return woken;
}

/* Wakes nr_wake waiters of k1 and moves nr_requeue more to k2.  Moved
   waiters wait on a list of their own until the walk is over, so that
   requeueing onto the same bucket (or key) does not meet them again. */
static long requeue_waiters(const struct futex_key *k1, const struct futex_key *k2, int nr_wake,
                            int nr_requeue)
{
    struct list_head moved = LIST_HEAD_INIT(moved);
    long woken = 0, requeued = 0;
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, bucket_of(k1))
    {
        struct futex_waiter *w = list_entry(pos, struct futex_waiter, link);
        if (!key_equal(&w->key, k1))
            continue;
        if (woken < nr_wake) {
            wake_waiter(w);
            woken++;
        } else if (requeued < nr_requeue) {
            list_del(&w->link);
            key_move(w, k2);
            list_add_tail(&w->link, &moved);
            requeued++;
        } else {
            break;
        }
    }
    struct list_head *b2 = bucket_of(k2);
    while (!list_empty(&moved)) {
        struct list_head *l = moved.next;
        list_del(l);
        list_add_tail(l, b2);
    }
    return woken + requeued;
}

long futex_requeue(uint64_t uaddr, bool shared, int nr_wake, int nr_requeue, uint64_t uaddr2,
                   const uint32_t *cmpval)
{
    if (nr_wake < 0 || nr_requeue < 0)
        return -EINVAL;
    struct futex_key k1, k2;
    int err = key_get(uaddr, shared, &k1);
    if (err)
        return err;
    if ((err = key_get(uaddr2, shared, &k2))) {
        key_put(&k1);
        return err;
    }
    uint32_t cur;
    long r;
    if (cmpval && ((err = read_word(uaddr, &cur)) || cur != *cmpval))
        r = err ? err : -EAGAIN;
    else
        r = requeue_waiters(&k1, &k2, nr_wake, nr_requeue);
    key_put(&k1);
    key_put(&k2);
    return r;
}

/* FUTEX_WAKE_OP's encoding (pagelab/futex_values.h, Linux's): op in bits 28-31
   (8 = "oparg is a shift count"), cmp in 24-27, oparg in 12-23 and cmparg
   in 0-11, both signed 12-bit. */

static int32_t sign_extend12(uint32_t v) { return (int32_t)(v << 20) >> 20; }

/* Applies the operation to *uaddr2 and evaluates the comparison on its old
   value: 1 or 0, or -EFAULT / -ENOSYS (an unknown comparison is found only
   after the store, as on Linux). */
static int atomic_op(uint64_t uaddr2, uint32_t encoded)
{
    unsigned op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
    int32_t oparg = sign_extend12(encoded >> 12), cmparg = sign_extend12(encoded);
    if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
        oparg = (int32_t)(1u << (oparg & 31));
    int32_t old, new;
    if (copy_from_user(&old, (const void *)uaddr2, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    switch (op) {
    case FUTEX_OP_SET:
        new = oparg;
        break;
    case FUTEX_OP_ADD:
        new = (int32_t)((uint32_t)old + (uint32_t)oparg);
        break;
    case FUTEX_OP_OR:
        new = old | oparg;
        break;
    case FUTEX_OP_ANDN:
        new = old & ~oparg;
        break;
    case FUTEX_OP_XOR:
        new = old ^ oparg;
        break;
    default:
        return -ENOSYS;
    }
    /* Nothing sleeps between the load and this store: atomic on one CPU. */
    if (copy_to_user((void *)uaddr2, &new, sizeof new, MECH_SYSCALL_ARGS))
        return -EFAULT;
    switch (cmp) {
    case FUTEX_OP_CMP_EQ:
        return old == cmparg;
    case FUTEX_OP_CMP_NE:
        return old != cmparg;
    case FUTEX_OP_CMP_LT:
        return old < cmparg;
    case FUTEX_OP_CMP_LE:
        return old <= cmparg;
    case FUTEX_OP_CMP_GT:
        return old > cmparg;
    case FUTEX_OP_CMP_GE:
        return old >= cmparg;
    default:
        return -ENOSYS;
    }
}

/* Wakes up to nr waiters on k whatever their bitset (wake_op, as Linux). */
static long wake_any(const struct futex_key *k, int nr) { return wake_key(k, nr, ~0u); }

long futex_wake_op(uint64_t uaddr, bool shared, int nr_wake, int nr_wake2, uint64_t uaddr2,
                   uint32_t encoded_op)
{
    struct futex_key k1, k2;
    int err = key_get(uaddr, shared, &k1);
    if (err)
        return err;
    if ((err = key_get(uaddr2, shared, &k2))) {
        key_put(&k1);
        return err;
    }
    long r = atomic_op(uaddr2, encoded_op);
    if (r >= 0) {
        bool second = r > 0;
        r = wake_any(&k1, nr_wake);
        if (second)
            r += wake_any(&k2, nr_wake2);
    }
    key_put(&k1);
    key_put(&k2);
    return r;
}

uint64_t futex_sleepers(void) { return sleepers; }
