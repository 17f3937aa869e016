/*
 * kernel/ipc/binder/transaction.c: BC_TRANSACTION and BC_REPLY.
 *
 * A call: find the target node (handle 0 is the context manager), take a
 * buffer in the target's receive area, copy the data and offsets into it
 * from the caller's memory (the one copy, alloc_copy.c) while translating
 * the objects the offsets point at (translate.c), and queue the
 * transaction: to the thread of the target that is already busy with a
 * call of ours (a nested call comes back on the same thread), else to a
 * waiting looper, else on the proc's todo list.  A synchronous caller keeps
 * the transaction on its stack and waits for the reply; its
 * BR_TRANSACTION_COMPLETE is deferred so that it wakes once, for the reply.
 * One-way calls to a node are delivered one at a time, in order: the next
 * waits on the node until the buffer of the previous one is freed.
 *
 * A reply goes to the thread whose call is on top of the replier's stack.
 *
 * Failures are returned to the calling thread as BR_FAILED_REPLY or
 * BR_DEAD_REPLY (the target is gone) on its next read, with the errno
 * Linux gives in BINDER_GET_EXTENDED_ERROR; a failed reply is reported to
 * the replier as BR_TRANSACTION_COMPLETE and to the waiting caller as the
 * error.  Every failure is logged in /proc/binder/failed_transaction_log.
 */
#include "kernel/fs/vfs.h"
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/task.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"

struct binder_thread *binder_get_txn_from(struct binder_transaction *t)
{
    struct binder_thread *from = t->from;
    if (from)
        from->tmp_ref++;
    return from;
}

void binder_pop_transaction(struct binder_thread *target_thread, struct binder_transaction *t)
{
    if (target_thread->transaction_stack != t || t->from != target_thread)
        panic("binder_pop_transaction: %d is not on top of thread %d", t->debug_id,
              target_thread->tid);
    target_thread->transaction_stack = t->from_parent;
    t->from = NULL;
}

void binder_free_txn_fixups(struct binder_transaction *t)
{
    while (!list_empty(&t->fd_fixups)) {
        struct binder_fd_fixup *f = list_first_entry(&t->fd_fixups, struct binder_fd_fixup, link);
        list_del(&f->link);
        file_put(f->file);
        kfree(f);
    }
}

void binder_free_transaction(struct binder_transaction *t)
{
    struct binder_proc *target_proc = t->to_proc;
    if (target_proc) {
        target_proc->outstanding_txns--;
        if (t->buffer)
            t->buffer->transaction = NULL;
    }
    binder_free_txn_fixups(t);
    binder_txn_free(t);
    binder_stat_deleted(BINDER_STAT_TRANSACTION);
}

/* Records a failed reply's outcome for the caller that waited on it. */
static void set_txn_from_error(struct binder_transaction *t, int id, uint32_t command, int param)
{
    struct binder_thread *from = binder_get_txn_from(t);
    if (!from)
        return;
    if (from->ee.command == BR_OK)
        binder_set_extended_error(&from->ee, id, command, param);
    binder_thread_dec_tmpref(from);
}

void binder_send_failed_reply(struct binder_transaction *t, uint32_t error_code)
{
    for (;;) {
        struct binder_thread *target_thread = binder_get_txn_from(t);
        if (target_thread) {
            binder_pop_transaction(target_thread, t);
            if (target_thread->reply_error.cmd == BR_OK) {
                target_thread->reply_error.cmd = error_code;
                binder_enqueue_thread_work(target_thread, &target_thread->reply_error.work);
                wake_up(&target_thread->wait);
            } else {
                /* Only when several synchronous calls were sent without
                   waiting: the second error is dropped, as on Linux. */
                printk("binder: unexpected reply error %x\n", target_thread->reply_error.cmd);
            }
            binder_thread_dec_tmpref(target_thread);
            binder_free_transaction(t);
            return;
        }
        /* The caller is gone too: fail the call it was handling. */
        struct binder_transaction *next = t->from_parent;
        binder_free_transaction(t);
        if (!next)
            return;
        t = next;
    }
}

void binder_cleanup_transaction(struct binder_transaction *t, const char *reason,
                                uint32_t error_code)
{
    if (t->buffer && t->buffer->target_node && !(t->flags & TF_ONE_WAY))
        binder_send_failed_reply(t, error_code);
    else
        binder_free_transaction(t);
}

void binder_free_buf(struct binder_proc *proc, struct binder_buffer *buffer)
{
    if (buffer->transaction) {
        buffer->transaction->buffer = NULL;
        buffer->transaction = NULL;
    }
    if (buffer->async_transaction && buffer->target_node) {
        /* The next one-way call to this node may go now. */
        struct binder_node *node = buffer->target_node;
        struct binder_work *w = binder_dequeue_work_head(&node->async_todo);
        if (!w) {
            node->has_async_transaction = false;
        } else {
            binder_enqueue_work(w, &proc->todo);
            binder_wakeup_proc(proc);
        }
    }
    binder_transaction_buffer_release(proc, buffer, UINT64_MAX);
    binder_alloc_free_buf(proc->alloc, buffer);
}

/* Queues t for proc (to thread if given).  0, or BR_DEAD_REPLY when the
   proc or the thread is gone. */
static uint32_t proc_transaction(struct binder_transaction *t, struct binder_proc *proc,
                                 struct binder_thread *thread)
{
    struct binder_node *node = t->buffer->target_node;
    bool oneway = t->flags & TF_ONE_WAY;
    bool pending_async = false;
    if (proc->is_dead || (thread && thread->is_dead))
        return BR_DEAD_REPLY;
    if (oneway) {
        if (node->has_async_transaction)
            pending_async = true;
        else
            node->has_async_transaction = true;
    }
    if (!thread && !pending_async)
        thread = binder_select_thread(proc);
    if (thread)
        binder_enqueue_thread_work(thread, &t->work);
    else if (!pending_async)
        binder_enqueue_work(&t->work, &proc->todo);
    else
        binder_enqueue_work(&t->work, &node->async_todo);
    if (!pending_async)
        binder_wakeup_thread(proc, thread);
    proc->outstanding_txns++;
    return 0;
}

/* The state of one BC_TRANSACTION / BC_REPLY while it is built. */
struct txn {
    struct binder_proc *proc;
    struct binder_thread *thread;
    const struct binder_transaction_data *tr;
    bool reply;
    struct binder_transaction *in_reply_to;
    struct binder_proc *target_proc;
    struct binder_thread *target_thread;
    struct binder_node *target_node;
    uint32_t return_error;
    int return_error_param;
    int return_error_line;
};

#define FAIL(x, err, param)                \
    do {                                   \
        (x)->return_error = (err);         \
        (x)->return_error_param = (param); \
        (x)->return_error_line = __LINE__; \
    } while (0)

/* A reply: the call on top of our stack, and the thread that waits for it.
   0 or the error. */
static uint32_t find_reply_target(struct txn *x)
{
    struct binder_thread *thread = x->thread;
    struct binder_transaction *in_reply_to = thread->transaction_stack;
    if (!in_reply_to) {
        binder_user_error("%d:%d got reply transaction with no transaction stack", x->proc->pid,
                          thread->tid);
        FAIL(x, BR_FAILED_REPLY, -EPROTO);
        return x->return_error;
    }
    if (in_reply_to->to_thread != thread) {
        binder_user_error("%d:%d got reply transaction with bad transaction stack, transaction "
                          "%d has target %d",
                          x->proc->pid, thread->tid, in_reply_to->debug_id,
                          in_reply_to->to_thread ? in_reply_to->to_thread->tid : 0);
        FAIL(x, BR_FAILED_REPLY, -EPROTO);
        return x->return_error;
    }
    thread->transaction_stack = in_reply_to->to_parent;
    x->in_reply_to = in_reply_to;
    struct binder_thread *target_thread = binder_get_txn_from(in_reply_to);
    if (!target_thread) {
        FAIL(x, BR_DEAD_REPLY, 0); /* the caller is gone */
        return x->return_error;
    }
    if (target_thread->transaction_stack != in_reply_to) {
        binder_user_error(
            "%d:%d got reply transaction with bad target transaction stack %d, "
            "expected %d",
            x->proc->pid, thread->tid,
            target_thread->transaction_stack ? target_thread->transaction_stack->debug_id : 0,
            in_reply_to->debug_id);
        binder_thread_dec_tmpref(target_thread);
        x->in_reply_to = NULL;
        FAIL(x, BR_FAILED_REPLY, -EPROTO);
        return x->return_error;
    }
    x->target_thread = target_thread;
    x->target_proc = target_thread->proc;
    x->target_proc->tmp_ref++;
    return 0;
}

/* A call: the target node and proc (with references), and the thread of
   the target already busy with a call of ours, if any.  0 or the error. */
static uint32_t find_call_target(struct txn *x)
{
    struct binder_proc *proc = x->proc;
    struct binder_thread *thread = x->thread;
    uint32_t handle = x->tr->target.handle;
    uint32_t error = BR_FAILED_REPLY;
    if (handle) {
        struct binder_ref *ref = binder_get_ref(proc, handle, true);
        if (ref)
            x->target_node = binder_get_node_refs_for_txn(ref->node, &x->target_proc, &error);
        else
            binder_user_error("%d:%d got transaction to invalid handle, %u", proc->pid, thread->tid,
                              handle);
    } else {
        struct binder_node *mgr = proc->context->mgr_node;
        error = BR_DEAD_REPLY;
        if (mgr)
            x->target_node = binder_get_node_refs_for_txn(mgr, &x->target_proc, &error);
        if (x->target_node && x->target_proc->pid == proc->pid) {
            binder_user_error("%d:%d got transaction to context manager from process owning it",
                              proc->pid, thread->tid);
            FAIL(x, BR_FAILED_REPLY, -EINVAL);
            return x->return_error;
        }
    }
    if (!x->target_node) {
        FAIL(x, error, -EINVAL);
        return x->return_error;
    }
    if (proc == x->target_proc) {
        FAIL(x, BR_FAILED_REPLY, -EINVAL);
        return x->return_error;
    }
    bool oneway = x->tr->flags & TF_ONE_WAY;
    if (!oneway && !list_empty(&thread->todo)) {
        struct binder_work *w = list_first_entry(&thread->todo, struct binder_work, entry);
        if (w->type == BINDER_WORK_TRANSACTION) {
            /* A call must not overtake the call waiting for this thread. */
            binder_user_error("%d:%d new transaction not allowed when there is a transaction "
                              "on thread todo",
                              proc->pid, thread->tid);
            FAIL(x, BR_FAILED_REPLY, -EPROTO);
            return x->return_error;
        }
    }
    if (!oneway && thread->transaction_stack) {
        struct binder_transaction *tmp = thread->transaction_stack;
        if (tmp->to_thread != thread) {
            /* Our top transaction is our own unanswered call. */
            binder_user_error("%d:%d got new transaction with bad transaction stack, "
                              "transaction %d has target %d",
                              proc->pid, thread->tid, tmp->debug_id,
                              tmp->to_thread ? tmp->to_thread->tid : 0);
            FAIL(x, BR_FAILED_REPLY, -EPROTO);
            return x->return_error;
        }
        /* A call back into a proc that is waiting on us goes to the very
           thread that waits. */
        for (; tmp; tmp = tmp->from_parent) {
            struct binder_thread *from = tmp->from;
            if (from && from->proc == x->target_proc) {
                from->tmp_ref++;
                x->target_thread = from;
                break;
            }
        }
    }
    return 0;
}

static void log_start(struct txn *x, struct binder_log_entry *e, int debug_id)
{
    const struct binder_transaction_data *tr = x->tr;
    e->debug_id = debug_id;
    e->call_type = x->reply                   ? BINDER_CALL_REPLY
                   : (tr->flags & TF_ONE_WAY) ? BINDER_CALL_ASYNC
                                              : BINDER_CALL_SYNC;
    e->from_proc = x->proc->pid;
    e->from_thread = x->thread->tid;
    e->target_handle = tr->target.handle;
    e->data_size = tr->data_size;
    e->offsets_size = tr->offsets_size;
    e->context = x->proc->context->name;
}

static void log_failure(struct txn *x, struct binder_log_entry *e)
{
    e->return_error = x->return_error;
    e->return_error_param = x->return_error_param;
    e->return_error_line = x->return_error_line;
    *binder_log_add(&binder_failed_log) = *e;
}

/* The failure of x (after t, if made, was taken apart): tell the thread. */
static void report_failure(struct txn *x, int debug_id)
{
    struct binder_thread *thread = x->thread;
    if (x->target_node) {
        binder_dec_node(x->target_node, true, false);
        binder_put_node(x->target_node);
    }
    if (x->target_thread)
        binder_thread_dec_tmpref(x->target_thread);
    if (x->target_proc)
        binder_proc_dec_tmpref(x->target_proc);
    if (x->in_reply_to) {
        set_txn_from_error(x->in_reply_to, debug_id, x->return_error, x->return_error_param);
        thread->return_error.cmd = BR_TRANSACTION_COMPLETE;
        binder_enqueue_thread_work(thread, &thread->return_error.work);
        binder_send_failed_reply(x->in_reply_to, x->return_error);
    } else {
        binder_set_extended_error(&thread->ee, debug_id, x->return_error, x->return_error_param);
        thread->return_error.cmd = x->return_error;
        binder_enqueue_thread_work(thread, &thread->return_error.work);
    }
}

/* The transaction, its completion item and its buffer in the target's
   area.  0, or the error in x (t and *tcomplete, if made, still to free). */
static uint32_t new_transaction(struct txn *x, int debug_id, struct binder_transaction **tp,
                                struct binder_work **tcomplete)
{
    const struct binder_transaction_data *tr = x->tr;
    struct binder_transaction *t = *tp = binder_txn_alloc();
    *tcomplete = binder_complete_alloc();
    if (t)
        binder_stat_created(BINDER_STAT_TRANSACTION);
    if (*tcomplete)
        binder_stat_created(BINDER_STAT_TRANSACTION_COMPLETE);
    if (!t || !*tcomplete) {
        FAIL(x, BR_FAILED_REPLY, -ENOMEM);
        return x->return_error;
    }
    list_init(&t->fd_fixups);
    list_init(&t->work.entry);
    list_init(&(*tcomplete)->entry);
    t->debug_id = debug_id;
    t->from = !x->reply && !(tr->flags & TF_ONE_WAY) ? x->thread : NULL;
    t->sender_euid = task_euid();
    t->to_proc = x->target_proc;
    t->to_thread = x->target_thread;
    t->code = tr->code;
    t->flags = tr->flags;
    int err = binder_alloc_new_buf(x->target_proc->alloc, tr->data_size, tr->offsets_size, 0,
                                   !x->reply && (tr->flags & TF_ONE_WAY), task_tgid(), &t->buffer);
    if (err) {
        /* -ESRCH: the target's area is gone, so is the target. */
        FAIL(x, err == -ESRCH ? BR_DEAD_REPLY : BR_FAILED_REPLY, err);
        t->buffer = NULL;
        return x->return_error;
    }
    t->buffer->debug_id = debug_id;
    t->buffer->transaction = t;
    t->buffer->target_node = x->target_node;
    t->buffer->clear_on_free = tr->flags & TF_CLEAR_BUF;
    return 0;
}

/* The one copy: offsets, then the data around the objects, which are
   translated on the way.  0 or the error in x; *translated_end says how far
   the translation got. */
static uint32_t fill_buffer(struct txn *x, struct binder_transaction *t, uint64_t *translated_end)
{
    const struct binder_transaction_data *tr = x->tr;
    uint64_t off_start = (tr->data_size + 7) & ~7ull;
    *translated_end = off_start; /* no object translated yet */
    if (binder_alloc_copy_user_to_buffer(x->target_proc->alloc, t->buffer, off_start,
                                         tr->data.ptr.offsets, tr->offsets_size)) {
        binder_user_error("%d:%d got transaction with invalid offsets ptr", x->proc->pid,
                          x->thread->tid);
        FAIL(x, BR_FAILED_REPLY, -EFAULT);
        return x->return_error;
    }
    if (tr->offsets_size % sizeof(binder_size_t)) {
        binder_user_error("%d:%d got transaction with invalid offsets size, %lu", x->proc->pid,
                          x->thread->tid, tr->offsets_size);
        FAIL(x, BR_FAILED_REPLY, -EINVAL);
        return x->return_error;
    }
    uint32_t bad = binder_translate_objects(t, x->thread, x->in_reply_to, tr->data.ptr.buffer,
                                            &x->return_error_param, translated_end);
    if (bad)
        FAIL(x, bad, x->return_error_param);
    return bad;
}

/* Queues t for its target and tcomplete for the sender.  0, or the error in
   x (the target is gone; tcomplete is queued and must be taken back). */
static uint32_t deliver(struct txn *x, struct binder_transaction *t, struct binder_work *tcomplete)
{
    struct binder_thread *thread = x->thread;
    tcomplete->type = BINDER_WORK_TRANSACTION_COMPLETE;
    t->work.type = BINDER_WORK_TRANSACTION;
    if (x->reply) {
        binder_enqueue_thread_work(thread, tcomplete);
        if (x->target_thread->is_dead) {
            FAIL(x, BR_DEAD_REPLY, 0);
            return x->return_error;
        }
        binder_pop_transaction(x->target_thread, x->in_reply_to);
        binder_enqueue_thread_work(x->target_thread, &t->work);
        x->target_proc->outstanding_txns++;
        wake_up(&x->target_thread->wait);
        binder_free_transaction(x->in_reply_to);
        return 0;
    }
    if (!(t->flags & TF_ONE_WAY)) {
        /* Deferred: the caller wakes once, for the reply. */
        binder_enqueue_deferred_thread_work(thread, tcomplete);
        t->need_reply = true;
        t->from_parent = thread->transaction_stack;
        thread->transaction_stack = t;
        uint32_t r = proc_transaction(t, x->target_proc, x->target_thread);
        if (r) {
            binder_pop_transaction(thread, t);
            FAIL(x, r, 0);
        }
        return r;
    }
    uint32_t r = proc_transaction(t, x->target_proc, NULL);
    binder_enqueue_thread_work(thread, tcomplete);
    if (r)
        FAIL(x, r, 0);
    return r;
}

void binder_transaction(struct binder_proc *proc, struct binder_thread *thread,
                        const struct binder_transaction_data *tr, bool reply)
{
    struct txn x = { .proc = proc, .thread = thread, .tr = tr, .reply = reply };
    int debug_id = binder_next_debug_id();
    struct binder_log_entry *e = binder_log_add(&binder_transaction_log);
    struct binder_transaction *t = NULL;
    struct binder_work *tcomplete = NULL;
    uint64_t translated_end = 0;
    log_start(&x, e, debug_id);
    binder_set_extended_error(&thread->ee, debug_id, BR_OK, 0);

    if (reply ? find_reply_target(&x) : find_call_target(&x))
        goto fail;
    e->to_thread = x.target_thread ? x.target_thread->tid : 0;
    e->to_proc = x.target_proc->pid;
    e->to_node = x.target_node ? x.target_node->debug_id : 0;
    if (new_transaction(&x, debug_id, &t, &tcomplete))
        goto fail_free;
    if (fill_buffer(&x, t, &translated_end))
        goto fail_buffer;
    if (deliver(&x, t, tcomplete))
        goto fail_dead;
    if (x.target_thread)
        binder_thread_dec_tmpref(x.target_thread);
    binder_proc_dec_tmpref(x.target_proc);
    if (x.target_node)
        binder_put_node(x.target_node);
    e->debug_id_done = debug_id;
    return;

fail_dead:
    binder_dequeue_work(tcomplete);
fail_buffer:
    /* Undo what the translated objects took, and the buffer's strong
       reference on the target node (binder_transaction_buffer_release). */
    binder_free_txn_fixups(t);
    binder_transaction_buffer_release(x.target_proc, t->buffer, translated_end);
    if (x.target_node)
        binder_put_node(x.target_node);
    x.target_node = NULL;
    t->buffer->transaction = NULL;
    binder_alloc_free_buf(x.target_proc->alloc, t->buffer);
fail_free:
    if (tcomplete) {
        binder_complete_free(tcomplete);
        binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
    }
    if (t) {
        binder_txn_free(t);
        binder_stat_deleted(BINDER_STAT_TRANSACTION);
    }
fail:
    report_failure(&x, debug_id);
    log_failure(&x, e);
}
