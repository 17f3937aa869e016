/*
 * kernel/ipc/binder/thread.c: binder threads, one per task that uses a
 * binder file, found by the task's thread id.
 *
 * A thread is made by its first ioctl and lives until BINDER_THREAD_EXIT
 * or the proc's release.  Its state: the looper bits (BC_ENTER_LOOPER and
 * friends), its own todo list and wait queue, and its transaction stack:
 * the calls it waits on (from) and handles (to), linked through each
 * transaction's from_parent / to_parent.
 *
 * With one thread per process (pagelab has no clone(CLONE_THREAD) yet) a
 * proc has one thread per process that opened or inherited the file; the
 * structure is the one a looper pool needs once threads exist.
 */
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/task.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"

static void free_proc(struct binder_proc *proc)
{
    if (!list_empty(&proc->todo) || !list_empty(&proc->delivered_death))
        panic("binder free_proc: %d still has work", proc->pid);
    binder_alloc_release(proc->alloc);
    binder_stat_deleted(BINDER_STAT_PROC);
    kfree(proc);
}

void binder_proc_dec_tmpref(struct binder_proc *proc)
{
    proc->tmp_ref--;
    if (proc->is_dead && list_empty(&proc->threads) && proc->tmp_ref == 0)
        free_proc(proc);
}

static void free_thread(struct binder_thread *thread)
{
    struct binder_proc *proc = thread->proc;
    binder_stat_deleted(BINDER_STAT_THREAD);
    kfree(thread);
    binder_proc_dec_tmpref(proc); /* taken by binder_thread_release */
}

void binder_thread_dec_tmpref(struct binder_thread *thread)
{
    thread->tmp_ref--;
    if (thread->is_dead && thread->tmp_ref == 0)
        free_thread(thread);
}

struct binder_thread *binder_get_thread(struct binder_proc *proc)
{
    int tid = task_tid();
    struct list_head *pos;
    list_for_each(pos, &proc->threads)
    {
        struct binder_thread *t = list_entry(pos, struct binder_thread, proc_link);
        if (t->tid == tid)
            return t;
    }
    struct binder_thread *t = kzalloc(sizeof *t);
    if (!t)
        return NULL;
    binder_stat_created(BINDER_STAT_THREAD);
    t->proc = proc;
    t->tid = tid;
    list_init(&t->waiting_link);
    list_init(&t->todo);
    waitqueue_init(&t->wait);
    /* A new thread's first read returns at once, even with nothing to say. */
    t->looper_need_return = true;
    t->return_error.work.type = BINDER_WORK_RETURN_ERROR;
    t->return_error.cmd = BR_OK;
    list_init(&t->return_error.work.entry);
    t->reply_error.work.type = BINDER_WORK_RETURN_ERROR;
    t->reply_error.cmd = BR_OK;
    list_init(&t->reply_error.work.entry);
    binder_set_extended_error(&t->ee, 0, BR_OK, 0);
    list_add_tail(&t->proc_link, &proc->threads);
    return t;
}

int binder_thread_release(struct binder_proc *proc, struct binder_thread *thread)
{
    struct binder_transaction *send_reply = NULL;
    int active = 0;
    /* The proc outlives the thread (dropped in free_thread); the thread
       outlives this function. */
    proc->tmp_ref++;
    thread->tmp_ref++;
    list_del(&thread->proc_link);
    list_del(&thread->waiting_link);
    struct binder_transaction *t = thread->transaction_stack;
    if (t && t->to_thread == thread)
        send_reply = t;
    thread->is_dead = true;
    /* Unlink the thread from every transaction on its stack: the ones it
       handles lose their handler (and their buffer), the ones it waits on
       lose their caller. */
    while (t) {
        active++;
        if (t->to_thread == thread) {
            proc->outstanding_txns--;
            t->to_proc = NULL;
            t->to_thread = NULL;
            if (t->buffer) {
                t->buffer->transaction = NULL;
                t->buffer = NULL;
            }
            t = t->to_parent;
        } else if (t->from == thread) {
            t->from = NULL;
            t = t->from_parent;
        } else {
            panic("binder_thread_release: transaction %d not on thread %d", t->debug_id,
                  thread->tid);
        }
    }
    if (send_reply)
        binder_send_failed_reply(send_reply, BR_DEAD_REPLY);
    binder_release_work(proc, &thread->todo);
    binder_thread_dec_tmpref(thread);
    return active;
}
