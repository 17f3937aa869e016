/*
 * kernel/ipc/binder/return.c: the read half of BINDER_WRITE_READ, the BR_*
 * returns.
 *
 * A read starts with BR_NOOP (which the kernel may later overwrite with
 * BR_SPAWN_LOOPER) and sleeps until the thread has work: its own todo list
 * first, then -- for a looper with no call of its own in progress -- the
 * proc's.  Then it turns work items into returns while they fit, and stops
 * after a transaction or reply (one per read) or a death notice.
 *
 * A delivered transaction's buffer becomes the receiver's to free
 * (BC_FREE_BUFFER); a synchronous one goes on the receiver's stack until
 * its BC_REPLY.  Its descriptors are installed now, in the receiver.  The
 * sender's pid is given for synchronous calls only (one-way calls and
 * replies carry 0, as on Linux).
 */
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"

/* The room a return needs before any work is taken: the largest one,
   BR_TRANSACTION_SEC_CTX with its data (Linux's check). */
#define RETURN_ROOM (sizeof(uint32_t) + sizeof(struct binder_transaction_data_secctx))

static bool available_for_proc_work(struct binder_thread *thread)
{
    return !thread->transaction_stack && list_empty(&thread->todo) &&
           (thread->looper & (BINDER_LOOPER_ENTERED | BINDER_LOOPER_REGISTERED));
}

static bool has_work(struct binder_thread *thread, bool do_proc_work)
{
    return thread->process_todo || thread->looper_need_return ||
           (do_proc_work && !list_empty(&thread->proc->todo));
}

/* Sleeps until has_work; a looper waiting for proc work waits on the
   proc's list of waiting threads, where new calls look for a thread.
   0 or -EINTR. */
static int wait_for_work(struct binder_thread *thread, bool do_proc_work)
{
    struct binder_proc *proc = thread->proc;
    int ret = 0;
    uint64_t flags = irq_save();
    for (;;) {
        if (has_work(thread, do_proc_work))
            break;
        if (sched_signal_pending()) {
            ret = -EINTR;
            break;
        }
        if (do_proc_work)
            list_add(&thread->waiting_link, &proc->waiting_threads);
        waitqueue_sleep_irqoff(&thread->wait, 0);
        list_del(&thread->waiting_link);
    }
    irq_restore(flags);
    return ret;
}

static int put_node_cmd(struct binder_proc *proc, uint64_t *ptr, binder_uintptr_t node_ptr,
                        binder_uintptr_t cookie, uint32_t cmd)
{
    if (binder_put_u32(cmd, *ptr) || binder_put_u64(node_ptr, *ptr + 4) ||
        binder_put_u64(cookie, *ptr + 12))
        return -EFAULT;
    *ptr += 4 + 2 * sizeof(binder_uintptr_t);
    binder_stat_br(proc, cmd);
    return 0;
}

/* A node's counts changed: tell its owner which references to take or drop,
   and free it when nothing holds it any more. */
static int node_work(struct binder_proc *proc, struct binder_node *node, uint64_t *ptr)
{
    binder_uintptr_t node_ptr = node->ptr, cookie = node->cookie;
    bool strong = node->internal_strong_refs || node->local_strong_refs;
    bool weak = !list_empty(&node->refs) || node->local_weak_refs || node->tmp_refs || strong;
    bool has_weak = node->has_weak_ref, has_strong = node->has_strong_ref;
    if (weak && !has_weak) {
        node->has_weak_ref = node->pending_weak_ref = true;
        node->local_weak_refs++; /* held until BC_INCREFS_DONE */
    }
    if (strong && !has_strong) {
        node->has_strong_ref = node->pending_strong_ref = true;
        node->local_strong_refs++; /* held until BC_ACQUIRE_DONE */
    }
    if (!strong && has_strong)
        node->has_strong_ref = false;
    if (!weak && has_weak)
        node->has_weak_ref = false;
    if (!weak && !strong) {
        list_del(&node->proc_link);
        binder_free_node(node);
    }
    int ret = 0;
    if (weak && !has_weak)
        ret = put_node_cmd(proc, ptr, node_ptr, cookie, BR_INCREFS);
    if (!ret && strong && !has_strong)
        ret = put_node_cmd(proc, ptr, node_ptr, cookie, BR_ACQUIRE);
    if (!ret && !strong && has_strong)
        ret = put_node_cmd(proc, ptr, node_ptr, cookie, BR_RELEASE);
    if (!ret && !weak && has_weak)
        ret = put_node_cmd(proc, ptr, node_ptr, cookie, BR_DECREFS);
    return ret;
}

/* A death notice or a clear's answer: BR_DEAD_BINDER / BR_CLEAR_DEATH_
   NOTIFICATION_DONE and the cookie.  *stop: a death was delivered. */
static int death_work(struct binder_proc *proc, struct binder_work *w, uint64_t *ptr, bool *stop)
{
    struct binder_ref_death *death = list_entry(w, struct binder_ref_death, work);
    uint32_t cmd = w->type == BINDER_WORK_CLEAR_DEATH_NOTIFICATION
                       ? BR_CLEAR_DEATH_NOTIFICATION_DONE
                       : BR_DEAD_BINDER;
    binder_uintptr_t cookie = death->cookie;
    if (w->type == BINDER_WORK_CLEAR_DEATH_NOTIFICATION) {
        kfree(death);
        binder_stat_deleted(BINDER_STAT_DEATH);
    } else {
        binder_enqueue_work(w, &proc->delivered_death); /* until BC_DEAD_BINDER_DONE */
    }
    if (binder_put_u32(cmd, *ptr) || binder_put_u64(cookie, *ptr + 4))
        return -EFAULT;
    *ptr += 4 + sizeof(binder_uintptr_t);
    binder_stat_br(proc, cmd);
    *stop = cmd == BR_DEAD_BINDER; /* user space may call out on a death */
    return 0;
}

/* A transaction or reply for this thread.  1 when it was written (the read
   ends), 0 when it was dropped (fd fixups failed on a call), -EFAULT. */
static int transaction_work(struct binder_proc *proc, struct binder_thread *thread,
                            struct binder_transaction *t, uint64_t *ptr)
{
    struct binder_transaction_data tr = { 0 };
    uint32_t cmd;
    if (t->buffer->target_node) {
        tr.target.ptr = t->buffer->target_node->ptr;
        tr.cookie = t->buffer->target_node->cookie;
        cmd = BR_TRANSACTION;
    } else {
        cmd = BR_REPLY;
    }
    tr.code = t->code;
    tr.flags = t->flags;
    tr.sender_euid = t->sender_euid;
    struct binder_thread *from = binder_get_txn_from(t);
    tr.sender_pid = from ? from->proc->pid : 0;
    if (binder_apply_fd_fixups(proc, t)) {
        struct binder_buffer *buffer = t->buffer;
        if (from)
            binder_thread_dec_tmpref(from);
        buffer->transaction = NULL;
        binder_cleanup_transaction(t, "fd fixups failed", BR_FAILED_REPLY);
        binder_free_buf(proc, buffer);
        if (cmd != BR_REPLY)
            return 0;
        if (binder_put_u32(BR_FAILED_REPLY, *ptr))
            return -EFAULT;
        *ptr += 4;
        binder_stat_br(proc, BR_FAILED_REPLY);
        return 1;
    }
    tr.data_size = t->buffer->data_size;
    tr.offsets_size = t->buffer->offsets_size;
    tr.data.ptr.buffer = binder_buffer_user_data(proc->alloc, t->buffer);
    tr.data.ptr.offsets = tr.data.ptr.buffer + ((t->buffer->data_size + 7) & ~7ull);
    if (binder_put_u32(cmd, *ptr) ||
        copy_to_user((void *)(*ptr + 4), &tr, sizeof tr, MECH_SYSCALL_ARGS)) {
        if (from)
            binder_thread_dec_tmpref(from);
        binder_cleanup_transaction(t, "put_user failed", BR_FAILED_REPLY);
        return -EFAULT;
    }
    *ptr += 4 + sizeof tr;
    binder_stat_br(proc, cmd);
    if (from)
        binder_thread_dec_tmpref(from);
    t->buffer->allow_user_free = true;
    if (cmd != BR_REPLY && !(t->flags & TF_ONE_WAY)) {
        t->to_parent = thread->transaction_stack;
        t->to_thread = thread;
        thread->transaction_stack = t;
    } else {
        binder_free_transaction(t);
    }
    return 1;
}

/* After the returns: if no looper is left waiting for calls and the pool
   may grow, ask user space for another looper (BR_SPAWN_LOOPER over the
   leading BR_NOOP). */
static int maybe_spawn_looper(struct binder_proc *proc, struct binder_thread *thread, uint64_t buf)
{
    if (proc->requested_threads == 0 && list_empty(&proc->waiting_threads) &&
        proc->requested_threads_started < (int)proc->max_threads &&
        (thread->looper & (BINDER_LOOPER_REGISTERED | BINDER_LOOPER_ENTERED))) {
        proc->requested_threads++;
        if (binder_put_u32(BR_SPAWN_LOOPER, buf))
            return -EFAULT;
        binder_stat_br(proc, BR_SPAWN_LOOPER);
    }
    return 0;
}

int binder_thread_read(struct binder_proc *proc, struct binder_thread *thread, uint64_t buf,
                       uint64_t size, uint64_t *consumed, bool non_block)
{
    uint64_t ptr = buf + *consumed, end = buf + size;
    int ret = 0;
    if (*consumed == 0) {
        if (binder_put_u32(BR_NOOP, ptr))
            return -EFAULT;
        ptr += sizeof(uint32_t);
    }
retry:;
    bool proc_work = available_for_proc_work(thread);
    thread->looper |= BINDER_LOOPER_WAITING;
    if (non_block)
        ret = has_work(thread, proc_work) ? 0 : -EAGAIN;
    else
        ret = wait_for_work(thread, proc_work);
    thread->looper &= ~BINDER_LOOPER_WAITING;
    if (ret)
        return ret;

    for (;;) {
        struct list_head *list;
        if (!list_empty(&thread->todo))
            list = &thread->todo;
        else if (!list_empty(&proc->todo) && proc_work)
            list = &proc->todo;
        else {
            if (ptr - buf == 4 && !thread->looper_need_return)
                goto retry; /* nothing written but BR_NOOP: wait again */
            break;
        }
        if (ptr > end || end - ptr < RETURN_ROOM)
            break;
        struct binder_work *w = binder_dequeue_work_head(list);
        if (list_empty(&thread->todo))
            thread->process_todo = false;
        bool stop = false;
        switch (w->type) {
        case BINDER_WORK_TRANSACTION: {
            int r = transaction_work(proc, thread, list_entry(w, struct binder_transaction, work),
                                     &ptr);
            if (r < 0)
                return r;
            stop = r == 1;
            break;
        }
        case BINDER_WORK_RETURN_ERROR: {
            struct binder_error *e = list_entry(w, struct binder_error, work);
            uint32_t cmd = e->cmd;
            e->cmd = BR_OK;
            if (binder_put_u32(cmd, ptr))
                return -EFAULT;
            ptr += 4;
            binder_stat_br(proc, cmd);
            break;
        }
        case BINDER_WORK_TRANSACTION_COMPLETE:
            binder_complete_free(w);
            binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
            if (binder_put_u32(BR_TRANSACTION_COMPLETE, ptr))
                return -EFAULT;
            ptr += 4;
            binder_stat_br(proc, BR_TRANSACTION_COMPLETE);
            break;
        case BINDER_WORK_NODE:
            if ((ret = node_work(proc, list_entry(w, struct binder_node, work), &ptr)))
                return ret;
            break;
        case BINDER_WORK_DEAD_BINDER:
        case BINDER_WORK_DEAD_BINDER_AND_CLEAR:
        case BINDER_WORK_CLEAR_DEATH_NOTIFICATION:
            if ((ret = death_work(proc, w, &ptr, &stop)))
                return ret;
            break;
        }
        if (stop)
            break;
    }
    *consumed = ptr - buf;
    return maybe_spawn_looper(proc, thread, buf);
}
