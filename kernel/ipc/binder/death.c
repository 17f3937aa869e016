/*
 * kernel/ipc/binder/death.c: death notifications.
 *
 * A proc asks to be told when the owner of a node it holds a handle on dies
 * (BC_REQUEST_DEATH_NOTIFICATION with a cookie of its choosing).  When the
 * owner goes (release.c -> binder_node_release), the notice is queued for
 * the holder: it reads BR_DEAD_BINDER with its cookie, once, and
 * acknowledges it with BC_DEAD_BINDER_DONE.  BC_CLEAR_DEATH_NOTIFICATION
 * takes a request back and is answered by BR_CLEAR_DEATH_NOTIFICATION_DONE
 * -- after the BC_DEAD_BINDER_DONE if the death was already delivered.
 * Bad requests are logged and ignored, as Linux does.
 */
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/mm/kmalloc.h"

/* The done notice goes to the thread itself if it is a looper, else to any
   looper of the proc. */
static void queue_clear_done(struct binder_proc *proc, struct binder_thread *thread,
                             struct binder_ref_death *death)
{
    death->work.type = BINDER_WORK_CLEAR_DEATH_NOTIFICATION;
    if (thread->looper & (BINDER_LOOPER_REGISTERED | BINDER_LOOPER_ENTERED)) {
        binder_enqueue_thread_work(thread, &death->work);
    } else {
        binder_enqueue_work(&death->work, &proc->todo);
        binder_wakeup_proc(proc);
    }
}

static void request(struct binder_proc *proc, struct binder_thread *thread, uint32_t handle,
                    binder_uintptr_t cookie)
{
    struct binder_ref_death *death = kzalloc(sizeof *death);
    if (!death) {
        thread->return_error.cmd = BR_ERROR;
        binder_enqueue_thread_work(thread, &thread->return_error.work);
        return;
    }
    struct binder_ref *ref = binder_get_ref(proc, handle, false);
    if (!ref) {
        binder_user_error("%d:%d BC_REQUEST_DEATH_NOTIFICATION invalid ref %u", proc->pid,
                          thread->tid, handle);
        kfree(death);
        return;
    }
    if (ref->death) {
        binder_user_error("%d:%d BC_REQUEST_DEATH_NOTIFICATION death notification already set",
                          proc->pid, thread->tid);
        kfree(death);
        return;
    }
    binder_stat_created(BINDER_STAT_DEATH);
    list_init(&death->work.entry);
    death->cookie = cookie;
    ref->death = death;
    if (!ref->node->proc) {
        /* Already dead: the notice is due at once. */
        death->work.type = BINDER_WORK_DEAD_BINDER;
        binder_enqueue_work(&death->work, &proc->todo);
        binder_wakeup_proc(proc);
    }
}

static void clear(struct binder_proc *proc, struct binder_thread *thread, uint32_t handle,
                  binder_uintptr_t cookie)
{
    struct binder_ref *ref = binder_get_ref(proc, handle, false);
    if (!ref) {
        binder_user_error("%d:%d BC_CLEAR_DEATH_NOTIFICATION invalid ref %u", proc->pid,
                          thread->tid, handle);
        return;
    }
    struct binder_ref_death *death = ref->death;
    if (!death) {
        binder_user_error("%d:%d BC_CLEAR_DEATH_NOTIFICATION death notification not active",
                          proc->pid, thread->tid);
        return;
    }
    if (death->cookie != cookie) {
        binder_user_error("%d:%d BC_CLEAR_DEATH_NOTIFICATION death notification cookie mismatch "
                          "%016lx != %016lx",
                          proc->pid, thread->tid, death->cookie, cookie);
        return;
    }
    ref->death = NULL;
    if (list_empty(&death->work.entry)) {
        queue_clear_done(proc, thread, death);
    } else {
        /* The death notice is queued or delivered: the clear is answered
           after it is acknowledged (BC_DEAD_BINDER_DONE). */
        death->work.type = BINDER_WORK_DEAD_BINDER_AND_CLEAR;
    }
}

void binder_request_death(struct binder_proc *proc, struct binder_thread *thread, uint32_t cmd,
                          uint32_t handle, binder_uintptr_t cookie)
{
    if (cmd == BC_REQUEST_DEATH_NOTIFICATION)
        request(proc, thread, handle, cookie);
    else
        clear(proc, thread, handle, cookie);
}

void binder_dead_binder_done(struct binder_proc *proc, struct binder_thread *thread,
                             binder_uintptr_t cookie)
{
    struct binder_ref_death *death = NULL;
    struct list_head *pos;
    list_for_each(pos, &proc->delivered_death)
    {
        struct binder_ref_death *d = list_entry(pos, struct binder_ref_death, work.entry);
        if (d->cookie == cookie) {
            death = d;
            break;
        }
    }
    if (!death) {
        binder_user_error("%d:%d BC_DEAD_BINDER_DONE %016lx not found", proc->pid, thread->tid,
                          cookie);
        return;
    }
    binder_dequeue_work(&death->work);
    if (death->work.type == BINDER_WORK_DEAD_BINDER_AND_CLEAR)
        queue_clear_done(proc, thread, death);
}
