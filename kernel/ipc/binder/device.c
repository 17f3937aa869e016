/*
 * kernel/ipc/binder/device.c: /dev/binder, /dev/hwbinder and /dev/vndbinder
 * -- Android's three binder contexts, each with its own context manager --
 * and what a program does with them: open, mmap (alloc.c), ioctl, close.
 *
 * ioctls (Linux's numbers and errors, drivers/android/binder.c):
 *   BINDER_WRITE_READ            commands, then returns (command.c, return.c)
 *   BINDER_SET_MAX_THREADS       how many looper threads BR_SPAWN_LOOPER may ask for
 *   BINDER_SET_CONTEXT_MGR(_EXT) become handle 0 of the device (EBUSY if taken;
 *                                EPERM for another euid than the first manager's)
 *   BINDER_THREAD_EXIT           the calling thread leaves
 *   BINDER_VERSION               protocol 8
 *   BINDER_GET_NODE_DEBUG_INFO   the caller's nodes, in pointer order
 *   BINDER_GET_NODE_INFO_FOR_REF a handle's node counts (context manager only)
 *   BINDER_GET_EXTENDED_ERROR    the errno behind the last BR_FAILED_REPLY
 * A bad argument pointer is EFAULT where Linux says EFAULT and EINVAL where
 * Linux says EINVAL (its copies of small arguments report EINVAL).  Every
 * ioctl ends with the thread's looper_need_return cleared: only a thread's
 * very first read returns without work.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/devfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/binder/binder.h"
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/task.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"

#define MISC_MAJOR 10 /* Linux devices.txt: binder is a misc device */

struct binder_context binder_contexts[BINDER_DEVICES] = {
    { .name = "binder" },
    { .name = "hwbinder" },
    { .name = "vndbinder" },
};
struct list_head binder_procs = LIST_HEAD_INIT(binder_procs);

/* ---- small user copies (protocol words, not payload) ------------------------ */

int binder_get_u32(uint32_t *v, uint64_t uaddr)
{
    return copy_from_user(v, (const void *)uaddr, sizeof *v, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

int binder_get_u64(uint64_t *v, uint64_t uaddr)
{
    return copy_from_user(v, (const void *)uaddr, sizeof *v, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

int binder_put_u32(uint32_t v, uint64_t uaddr)
{
    return copy_to_user((void *)uaddr, &v, sizeof v, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

int binder_put_u64(uint64_t v, uint64_t uaddr)
{
    return copy_to_user((void *)uaddr, &v, sizeof v, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* ---- open, mmap, close -------------------------------------------------------- */

static int binder_open(struct inode *ino, struct file *f)
{
    unsigned minor = RDEV_MINOR(ino->rdev);
    if (minor >= BINDER_DEVICES)
        return -ENXIO;
    struct binder_proc *proc = kzalloc(sizeof *proc);
    if (!proc)
        return -ENOMEM;
    proc->pid = task_tgid();
    proc->context = &binder_contexts[minor];
    if (!(proc->alloc = binder_alloc_create(proc->pid, proc->context->name, ino->rdev))) {
        kfree(proc);
        return -ENOMEM;
    }
    list_init(&proc->threads);
    list_init(&proc->nodes);
    list_init(&proc->refs);
    list_init(&proc->todo);
    list_init(&proc->delivered_death);
    list_init(&proc->waiting_threads);
    list_add_tail(&proc->procs_link, &binder_procs);
    binder_stat_created(BINDER_STAT_PROC);
    f->private = proc;
    return 0;
}

static void binder_file_release(struct file *f) { binder_proc_release(f->private); }

static int binder_mmap(struct file *f, const struct vm_backing_ops **ops, void **obj)
{
    struct binder_proc *proc = f->private;
    *ops = &binder_vm_ops;
    *obj = proc->alloc; /* the checks are binder_vm_ops.attach's: they need the region */
    return 0;
}

/* ---- ioctls ------------------------------------------------------------------ */

static long write_read(struct binder_proc *proc, struct binder_thread *thread, uint64_t arg,
                       bool non_block)
{
    struct binder_write_read bwr;
    if (copy_from_user(&bwr, (const void *)arg, sizeof bwr, MECH_SYSCALL_ARGS))
        return -EFAULT;
    long ret = 0;
    if (bwr.write_size > 0) {
        ret = binder_thread_write(proc, thread, bwr.write_buffer, bwr.write_size,
                                  &bwr.write_consumed);
        if (ret < 0) {
            bwr.read_consumed = 0;
            goto out;
        }
    }
    if (bwr.read_size > 0) {
        ret = binder_thread_read(proc, thread, bwr.read_buffer, bwr.read_size, &bwr.read_consumed,
                                 non_block);
        /* Work left for the proc: another looper may take it. */
        if (!list_empty(&proc->todo))
            binder_wakeup_proc(proc);
    }
out:
    if (copy_to_user((void *)arg, &bwr, sizeof bwr, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return ret;
}

static long set_context_mgr(struct binder_proc *proc, const struct flat_binder_object *fbo)
{
    struct binder_context *ctx = proc->context;
    uint32_t euid = task_euid();
    if (ctx->mgr_node) {
        printk("binder: %d BINDER_SET_CONTEXT_MGR already set\n", proc->pid);
        return -EBUSY;
    }
    if (ctx->mgr_uid_set && ctx->mgr_uid != euid) {
        printk("binder: BINDER_SET_CONTEXT_MGR bad uid %u != %u\n", euid, ctx->mgr_uid);
        return -EPERM;
    }
    struct binder_node *node = binder_new_node(proc, fbo);
    if (!node)
        return -ENOMEM;
    ctx->mgr_uid_set = true;
    ctx->mgr_uid = euid;
    /* The manager holds its own node, strongly and weakly, from the start. */
    node->local_weak_refs++;
    node->local_strong_refs++;
    node->has_strong_ref = true;
    node->has_weak_ref = true;
    ctx->mgr_node = node;
    binder_put_node(node);
    return 0;
}

/* BINDER_GET_NODE_DEBUG_INFO: the caller's node with the lowest pointer
   above info.ptr (all zero when there is none). */
static long node_debug_info(struct binder_proc *proc, uint64_t arg)
{
    struct binder_node_debug_info info;
    if (copy_from_user(&info, (const void *)arg, sizeof info, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct binder_node *best = NULL;
    struct list_head *pos;
    list_for_each(pos, &proc->nodes)
    {
        struct binder_node *n = list_entry(pos, struct binder_node, proc_link);
        if (n->ptr > info.ptr && (!best || n->ptr < best->ptr))
            best = n;
    }
    struct binder_node_debug_info out = { 0 };
    if (best) {
        out.ptr = best->ptr;
        out.cookie = best->cookie;
        out.has_strong_ref = best->has_strong_ref;
        out.has_weak_ref = best->has_weak_ref;
    }
    if (copy_to_user((void *)arg, &out, sizeof out, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

/* BINDER_GET_NODE_INFO_FOR_REF: for the context manager, the counts of the
   node behind one of its handles. */
static long node_info_for_ref(struct binder_proc *proc, uint64_t arg)
{
    struct binder_node_info_for_ref info;
    if (copy_from_user(&info, (const void *)arg, sizeof info, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (info.strong_count || info.weak_count || info.reserved1 || info.reserved2 || info.reserved3)
        return -EINVAL;
    struct binder_node *mgr = proc->context->mgr_node;
    if (!mgr || mgr->proc != proc)
        return -EPERM;
    struct binder_node *node = binder_get_node_from_ref(proc, info.handle, true);
    if (!node)
        return -EINVAL;
    info.strong_count = (uint32_t)(node->local_strong_refs + node->internal_strong_refs);
    info.weak_count = (uint32_t)node->local_weak_refs;
    binder_put_node(node);
    if (copy_to_user((void *)arg, &info, sizeof info, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

static long extended_error(struct binder_thread *thread, uint64_t arg)
{
    if (copy_to_user((void *)arg, &thread->ee, sizeof thread->ee, MECH_SYSCALL_ARGS))
        return -EFAULT;
    binder_set_extended_error(&thread->ee, 0, BR_OK, 0);
    return 0;
}

static long dispatch(struct file *f, struct binder_proc *proc, struct binder_thread **threadp,
                     uint32_t cmd, uint64_t arg)
{
    struct binder_thread *thread = *threadp;
    switch (cmd) {
    case BINDER_WRITE_READ:
        return write_read(proc, thread, arg, f->flags & O_NONBLOCK);
    case BINDER_SET_MAX_THREADS: {
        uint32_t max;
        if (copy_from_user(&max, (const void *)arg, sizeof max, MECH_SYSCALL_ARGS))
            return -EINVAL;
        proc->max_threads = max;
        return 0;
    }
    case BINDER_SET_CONTEXT_MGR_EXT: {
        struct flat_binder_object fbo;
        if (copy_from_user(&fbo, (const void *)arg, sizeof fbo, MECH_SYSCALL_ARGS))
            return -EINVAL;
        return set_context_mgr(proc, &fbo);
    }
    case BINDER_SET_CONTEXT_MGR:
        return set_context_mgr(proc, NULL);
    case BINDER_THREAD_EXIT:
        binder_thread_release(proc, thread);
        *threadp = NULL;
        return 0;
    case BINDER_VERSION:
        if (binder_put_u32(BINDER_CURRENT_PROTOCOL_VERSION, arg))
            return -EINVAL;
        return 0;
    case BINDER_GET_NODE_DEBUG_INFO:
        return node_debug_info(proc, arg);
    case BINDER_GET_NODE_INFO_FOR_REF:
        return node_info_for_ref(proc, arg);
    case BINDER_GET_EXTENDED_ERROR:
        return extended_error(thread, arg);
    default:
        return -EINVAL;
    }
}

/* The file is held for the whole call: a read may sleep, and the last
   close (by another thread sharing the descriptor table, once there are
   threads) must not release the proc under a sleeping looper. */
static long binder_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    struct binder_proc *proc = f->private;
    struct binder_thread *thread = binder_get_thread(proc);
    if (!thread)
        return -ENOMEM;
    file_get(f);
    long ret = dispatch(f, proc, &thread, (uint32_t)cmd, arg);
    if (thread)
        thread->looper_need_return = false;
    file_put(f);
    return ret;
}

static const struct file_ops binder_fops = {
    .open = binder_open,
    .release = binder_file_release,
    .ioctl = binder_ioctl,
    .mmap = binder_mmap,
};

void binder_init(void)
{
    if (chrdev_register(MISC_MAJOR, "binder", &binder_fops))
        panic("binder_init: major %d is taken", MISC_MAJOR);
    for (unsigned i = 0; i < BINDER_DEVICES; i++)
        if (devfs_add(binder_contexts[i].name, MKDEV(MISC_MAJOR, i), 0666))
            panic("binder_init: no room in /dev for %s", binder_contexts[i].name);
    binder_pages_init();
}
