/*
 * kernel/ipc/binder/work.c: todo lists and wake-ups.
 *
 * Work for a proc (a new call to one of its nodes) goes to a looper thread
 * asleep waiting for proc work if there is one, else on the proc's todo
 * list for the next looper to read.  Work for one thread (a reply, an
 * error, the completion of its own command) goes on that thread's list.
 * Some thread work is deferred: queued without marking the thread as having
 * something to return for (process_todo), so that a caller does not wake
 * up for BR_TRANSACTION_COMPLETE alone but gets it with its reply.
 */
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/mm/kmalloc.h"

void binder_enqueue_work(struct binder_work *w, struct list_head *target)
{
    list_add_tail(&w->entry, target);
}

void binder_enqueue_deferred_thread_work(struct binder_thread *thread, struct binder_work *w)
{
    binder_enqueue_work(w, &thread->todo);
}

void binder_enqueue_thread_work(struct binder_thread *thread, struct binder_work *w)
{
    binder_enqueue_work(w, &thread->todo);
    thread->process_todo = true;
}

void binder_dequeue_work(struct binder_work *w) { list_del(&w->entry); }

struct binder_work *binder_dequeue_work_head(struct list_head *list)
{
    if (list_empty(list))
        return NULL;
    struct binder_work *w = list_first_entry(list, struct binder_work, entry);
    list_del(&w->entry);
    return w;
}

struct binder_thread *binder_select_thread(struct binder_proc *proc)
{
    if (list_empty(&proc->waiting_threads))
        return NULL;
    struct binder_thread *t =
        list_first_entry(&proc->waiting_threads, struct binder_thread, waiting_link);
    list_del(&t->waiting_link);
    return t;
}

void binder_wakeup_thread(struct binder_proc *proc, struct binder_thread *thread)
{
    if (thread) {
        wake_up(&thread->wait);
        return;
    }
    /* No looper waits for proc work.  Every looper of the proc may still be
       busy with a call; one of them reads this work when it next asks. */
}

void binder_wakeup_proc(struct binder_proc *proc)
{
    binder_wakeup_thread(proc, binder_select_thread(proc));
}

void binder_release_work(struct binder_proc *proc, struct list_head *list)
{
    struct binder_work *w;
    while ((w = binder_dequeue_work_head(list))) {
        switch (w->type) {
        case BINDER_WORK_TRANSACTION:
            binder_cleanup_transaction(list_entry(w, struct binder_transaction, work),
                                       "process died", BR_DEAD_REPLY);
            break;
        case BINDER_WORK_RETURN_ERROR:
            break; /* embedded in its thread */
        case BINDER_WORK_TRANSACTION_COMPLETE:
            binder_complete_free(w);
            binder_stat_deleted(BINDER_STAT_TRANSACTION_COMPLETE);
            break;
        case BINDER_WORK_DEAD_BINDER_AND_CLEAR:
        case BINDER_WORK_CLEAR_DEATH_NOTIFICATION:
            /* No reference points at these any more: they are the list's. */
            kfree(list_entry(w, struct binder_ref_death, work));
            binder_stat_deleted(BINDER_STAT_DEATH);
            break;
        case BINDER_WORK_NODE:
        case BINDER_WORK_DEAD_BINDER:
            break; /* owned by their node or reference */
        }
    }
}
