/*
 * kernel/ipc/binder/procfs.c: /proc/binder/, in the spirit of Linux's
 * debugfs binder files (/sys/kernel/debug/binder/) and in their format:
 *
 *   state                   every proc: threads, nodes, references, buffers
 *                           in use; and the dead nodes still referenced
 *   stats                   BC/BR counters, objects active and made by kind
 *                           (proc, thread, node, ref, death, transaction...),
 *                           the receive-area frames (in use, unused,
 *                           reclaimed), then the same per proc
 *   transactions            the transactions in flight and buffers in use
 *   transaction_log         the last 32 transactions
 *   failed_transaction_log  the last 32 that failed, with the error
 *
 * The leak test (tests/user/binderleak.c) reads "stats": after every binder
 * user has exited, each kind has as many freed as made and no frame is held.
 */
#include <stdarg.h>
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"

struct out {
    char *buf;
    size_t size, len;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
    if (o->len >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < o->size - o->len ? (size_t)n : o->size - o->len;
}

static const char *const bc_names[BINDER_BC_COUNT] = {
    "BC_TRANSACTION",
    "BC_REPLY",
    "BC_ACQUIRE_RESULT",
    "BC_FREE_BUFFER",
    "BC_INCREFS",
    "BC_ACQUIRE",
    "BC_RELEASE",
    "BC_DECREFS",
    "BC_INCREFS_DONE",
    "BC_ACQUIRE_DONE",
    "BC_ATTEMPT_ACQUIRE",
    "BC_REGISTER_LOOPER",
    "BC_ENTER_LOOPER",
    "BC_EXIT_LOOPER",
    "BC_REQUEST_DEATH_NOTIFICATION",
    "BC_CLEAR_DEATH_NOTIFICATION",
    "BC_DEAD_BINDER_DONE",
    "BC_TRANSACTION_SG",
    "BC_REPLY_SG",
};

static const char *const br_names[BINDER_BR_COUNT] = {
    "BR_ERROR",
    "BR_OK",
    "BR_TRANSACTION",
    "BR_REPLY",
    "BR_ACQUIRE_RESULT",
    "BR_DEAD_REPLY",
    "BR_TRANSACTION_COMPLETE",
    "BR_INCREFS",
    "BR_ACQUIRE",
    "BR_RELEASE",
    "BR_DECREFS",
    "BR_ATTEMPT_ACQUIRE",
    "BR_NOOP",
    "BR_SPAWN_LOOPER",
    "BR_FINISHED",
    "BR_DEAD_BINDER",
    "BR_CLEAR_DEATH_NOTIFICATION_DONE",
    "BR_FAILED_REPLY",
    "BR_FROZEN_REPLY",
    "BR_ONEWAY_SPAM_SUSPECT",
};

static const char *const stat_names[BINDER_STAT_COUNT] = {
    "proc", "thread", "node", "ref", "death", "transaction", "transaction_complete",
};

static void emit_counts(struct out *o, const struct binder_counters *c, const char *indent)
{
    for (int i = 0; i < BINDER_BC_COUNT; i++)
        if (c->bc[i])
            emit(o, "%s%s: %lu\n", indent, bc_names[i], c->bc[i]);
    for (int i = 0; i < BINDER_BR_COUNT; i++)
        if (c->br[i])
            emit(o, "%s%s: %lu\n", indent, br_names[i], c->br[i]);
}

/* ---- state ---------------------------------------------------------------------- */

static void emit_node(struct out *o, struct binder_node *n)
{
    int count = 0;
    struct list_head *pos;
    list_for_each(pos, &n->refs) count++;
    emit(o, "  node %d: u%016lx c%016lx hs %d hw %d ls %d lw %d is %d iw %d tr %d", n->debug_id,
         n->ptr, n->cookie, n->has_strong_ref, n->has_weak_ref, n->local_strong_refs,
         n->local_weak_refs, n->internal_strong_refs, count, n->tmp_refs);
    if (count) {
        emit(o, " proc");
        list_for_each(pos, &n->refs)
        {
            emit(o, " %d", list_entry(pos, struct binder_ref, node_link)->proc->pid);
        }
    }
    emit(o, "\n");
}

static void emit_buffer(struct out *o, struct binder_alloc *a, struct binder_buffer *b)
{
    emit(o, "  buffer %d: %lx size %lu:%lu:%lu %s\n", b->debug_id, a->user_base + b->offset,
         b->data_size, b->offsets_size, b->extra_buffers_size,
         b->transaction ? "active" : "delivered");
}

static void emit_proc_state(struct out *o, struct binder_proc *p)
{
    struct list_head *pos;
    emit(o, "proc %d\ncontext %s\n", p->pid, p->context->name);
    list_for_each(pos, &p->threads)
    {
        struct binder_thread *t = list_entry(pos, struct binder_thread, proc_link);
        emit(o, "  thread %d: l %02x need_return %d tr %d\n", t->tid, t->looper,
             t->looper_need_return, t->tmp_ref);
    }
    list_for_each(pos, &p->nodes) emit_node(o, list_entry(pos, struct binder_node, proc_link));
    list_for_each(pos, &p->refs)
    {
        struct binder_ref *r = list_entry(pos, struct binder_ref, proc_link);
        emit(o, "  ref %d: desc %u %snode %d s %d w %d d %p\n", r->debug_id, r->desc,
             r->node->proc ? "" : "dead ", r->node->debug_id, r->strong, r->weak, (void *)r->death);
    }
    list_for_each(pos, &p->alloc->allocated)
    {
        emit_buffer(o, p->alloc, list_entry(pos, struct binder_buffer, size_link));
    }
}

static long show_state(void *arg, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    struct list_head *pos;
    emit(&o, "binder state:\n");
    if (!list_empty(&binder_dead_nodes))
        emit(&o, "dead nodes:\n");
    list_for_each(pos, &binder_dead_nodes)
    {
        emit_node(&o, list_entry(pos, struct binder_node, proc_link));
    }
    list_for_each(pos, &binder_procs)
    {
        emit_proc_state(&o, list_entry(pos, struct binder_proc, procs_link));
    }
    return (long)o.len;
}

/* ---- stats ---------------------------------------------------------------------- */

static void emit_proc_stats(struct out *o, struct binder_proc *p)
{
    struct list_head *pos;
    int threads = 0, ready = 0, nodes = 0, refs = 0, strong = 0, weak = 0, pending = 0;
    list_for_each(pos, &p->threads) threads++;
    list_for_each(pos, &p->waiting_threads) ready++;
    list_for_each(pos, &p->nodes) nodes++;
    list_for_each(pos, &p->refs)
    {
        struct binder_ref *r = list_entry(pos, struct binder_ref, proc_link);
        refs++;
        strong += r->strong;
        weak += r->weak;
    }
    list_for_each(pos, &p->todo)
    {
        if (list_entry(pos, struct binder_work, entry)->type == BINDER_WORK_TRANSACTION)
            pending++;
    }
    uint64_t buffers, in_use, unused;
    binder_alloc_counts(p->alloc, &buffers, &in_use, &unused);
    emit(o, "proc %d\ncontext %s\n", p->pid, p->context->name);
    emit(o, "  threads: %d\n  requested threads: %d+%d/%u\n  ready threads %d\n", threads,
         p->requested_threads, p->requested_threads_started, p->max_threads, ready);
    emit(o, "  free async space %lu\n  nodes: %d\n  refs: %d s %d w %d\n",
         p->alloc->free_async_space, nodes, refs, strong, weak);
    emit(o, "  buffers: %lu\n  pages: %lu:%lu:%lu\n  pending transactions: %d\n", buffers, in_use,
         unused, p->alloc->npages - in_use - unused, pending);
    emit_counts(o, &p->counts, "  ");
}

static long show_stats(void *arg, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    emit(&o, "binder stats:\n");
    emit_counts(&o, &binder_stats.counts, "");
    for (int i = 0; i < BINDER_STAT_COUNT; i++)
        emit(&o, "%s: active %lu total %lu\n", stat_names[i],
             binder_stats.created[i] - binder_stats.deleted[i], binder_stats.created[i]);
    struct binder_page_stats ps;
    binder_page_stats(&ps);
    emit(&o, "frames: in_use %lu unused %lu reclaimed %lu\n", ps.in_use, ps.unused, ps.reclaimed);
    struct list_head *pos;
    list_for_each(pos, &binder_procs)
    {
        emit_proc_stats(&o, list_entry(pos, struct binder_proc, procs_link));
    }
    return (long)o.len;
}

/* ---- transactions ------------------------------------------------------------------ */

static void emit_transaction(struct out *o, const char *prefix, struct binder_transaction *t)
{
    emit(o, "  %s %d: from %d:%d to %d:%d code %x flags %x need_reply %d\n", prefix, t->debug_id,
         t->from ? t->from->proc->pid : 0, t->from ? t->from->tid : 0,
         t->to_proc ? t->to_proc->pid : 0, t->to_thread ? t->to_thread->tid : 0, t->code, t->flags,
         t->need_reply);
}

static long show_transactions(void *arg, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    struct list_head *pos, *q;
    emit(&o, "binder transactions:\n");
    list_for_each(pos, &binder_procs)
    {
        struct binder_proc *p = list_entry(pos, struct binder_proc, procs_link);
        emit(&o, "proc %d\ncontext %s\n", p->pid, p->context->name);
        list_for_each(q, &p->threads)
        {
            struct binder_thread *th = list_entry(q, struct binder_thread, proc_link);
            for (struct binder_transaction *t = th->transaction_stack; t;
                 t = t->from == th ? t->from_parent : t->to_parent)
                emit_transaction(
                    &o, t->from == th ? "outgoing transaction" : "incoming transaction", t);
        }
        list_for_each(q, &p->todo)
        {
            struct binder_work *w = list_entry(q, struct binder_work, entry);
            if (w->type == BINDER_WORK_TRANSACTION)
                emit_transaction(&o, "pending transaction",
                                 list_entry(w, struct binder_transaction, work));
        }
        list_for_each(q, &p->alloc->allocated)
        {
            emit_buffer(&o, p->alloc, list_entry(q, struct binder_buffer, size_link));
        }
    }
    return (long)o.len;
}

/* ---- logs ------------------------------------------------------------------------ */

static long show_log(struct binder_log *log, char *buf, size_t size)
{
    static const char *const types[] = { "call", "async", "reply" };
    struct out o = { buf, size, 0 };
    unsigned count = log->full ? BINDER_LOG_ENTRIES : log->next;
    unsigned first = log->full ? log->next : 0;
    for (unsigned i = 0; i < count; i++) {
        struct binder_log_entry *e = &log->entry[(first + i) % BINDER_LOG_ENTRIES];
        emit(&o,
             "%d: %s from %d:%d to %d:%d context %s node %d handle %u size %lu:%lu ret %d/%d "
             "l=%d%s\n",
             e->debug_id, types[e->call_type], e->from_proc, e->from_thread, e->to_proc,
             e->to_thread, e->context ? e->context : "", e->to_node, e->target_handle, e->data_size,
             e->offsets_size, e->return_error, e->return_error_param, e->return_error_line,
             e->debug_id_done || e->return_error ? "" : " (incomplete)");
    }
    return (long)o.len;
}

static long show_transaction_log(void *arg, char *buf, size_t size)
{
    return show_log(&binder_transaction_log, buf, size);
}

static long show_failed_log(void *arg, char *buf, size_t size)
{
    return show_log(&binder_failed_log, buf, size);
}

PROC_FILE(binder_state, "binder/state", show_state, NULL);
PROC_FILE(binder_stats_file, "binder/stats", show_stats, NULL);
PROC_FILE(binder_transactions, "binder/transactions", show_transactions, NULL);
PROC_FILE(binder_transaction_log_file, "binder/transaction_log", show_transaction_log, NULL);
PROC_FILE(binder_failed_log_file, "binder/failed_transaction_log", show_failed_log, NULL);
