/*
 * kernel/ipc/binder/release.c: the last close of a binder file (or the exit
 * of its last holder): everything the proc had goes, and everyone who
 * depended on it hears of it (Linux's binder_deferred_release, done at
 * once here rather than from a work queue).
 *
 * In order: it stops being the context manager; its threads go (callers
 * of calls they were handling get BR_DEAD_REPLY); its nodes go or, while
 * others still hold handles on them, become dead nodes whose holders get
 * their death notices; its own handles go (dropping its counts on others'
 * nodes); its queued work goes (callers of undelivered calls get
 * BR_DEAD_REPLY).  The proc itself, its receive area and the frames under
 * it are freed when the last temporary reference drops -- normally now.
 */
#include "kernel/ipc/binder/binder_internal.h"

void binder_proc_release(struct binder_proc *proc)
{
    struct binder_context *ctx = proc->context;
    list_del(&proc->procs_link);
    if (ctx->mgr_node && ctx->mgr_node->proc == proc)
        ctx->mgr_node = NULL;
    proc->tmp_ref++; /* until the end of this function */
    proc->is_dead = true;
    while (!list_empty(&proc->threads))
        binder_thread_release(proc,
                              list_first_entry(&proc->threads, struct binder_thread, proc_link));
    int refs = 0;
    while (!list_empty(&proc->nodes)) {
        struct binder_node *node = list_first_entry(&proc->nodes, struct binder_node, proc_link);
        node->tmp_refs++; /* binder_node_release drops it */
        list_del(&node->proc_link);
        refs = binder_node_release(node, refs);
    }
    while (!list_empty(&proc->refs)) {
        struct binder_ref *ref = list_first_entry(&proc->refs, struct binder_ref, proc_link);
        binder_cleanup_ref(ref);
        binder_free_ref(ref);
    }
    binder_release_work(proc, &proc->todo);
    binder_release_work(proc, &proc->delivered_death);
    binder_proc_dec_tmpref(proc);
}
