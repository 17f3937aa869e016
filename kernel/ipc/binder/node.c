/*
 * kernel/ipc/binder/node.c: nodes (local objects) and references (handles)
 * and their counts, as Linux's binder keeps them.
 *
 * A node lives while anything counts on it:
 *   internal_strong_refs  strong references of other procs (one per ref with
 *                         strong > 0), and nothing else;
 *   local_strong_refs / local_weak_refs  held for the owner itself: what it
 *                         acknowledged (BR_ACQUIRE / BR_INCREFS add one each
 *                         until the owner's BR_RELEASE / BR_DECREFS), objects
 *                         in buffers, the target of a transaction in flight;
 *   refs                  the references of other procs (each is weak);
 *   tmp_refs              the kernel keeping it across one operation.
 * When the strong (or all) counts reach zero while the owner had been told
 * of them, the node's work item is queued for the owner, who reads
 * BR_RELEASE / BR_DECREFS; the node is freed once nothing counts and the
 * owner knows.  A node whose owner died waits on binder_dead_nodes for its
 * last reference.
 *
 * A reference is one proc's handle on a node, the lowest number not in use
 * (0 only for the context manager), with a strong and a weak count; it
 * goes when both are zero.
 */
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"

struct list_head binder_dead_nodes = LIST_HEAD_INIT(binder_dead_nodes);

struct binder_node *binder_get_node(struct binder_proc *proc, binder_uintptr_t ptr)
{
    struct list_head *pos;
    list_for_each(pos, &proc->nodes)
    {
        struct binder_node *n = list_entry(pos, struct binder_node, proc_link);
        if (n->ptr == ptr) {
            n->tmp_refs++;
            return n;
        }
    }
    return NULL;
}

struct binder_node *binder_new_node(struct binder_proc *proc, const struct flat_binder_object *fp)
{
    binder_uintptr_t ptr = fp ? fp->binder : 0;
    struct binder_node *node = binder_get_node(proc, ptr);
    if (node)
        return node;
    if (!(node = kzalloc(sizeof *node)))
        return NULL;
    uint32_t flags = fp ? fp->flags : 0;
    binder_stat_created(BINDER_STAT_NODE);
    node->debug_id = binder_next_debug_id();
    node->proc = proc;
    node->ptr = ptr;
    node->cookie = fp ? fp->cookie : 0;
    node->work.type = BINDER_WORK_NODE;
    node->min_priority = flags & FLAT_BINDER_FLAG_PRIORITY_MASK;
    node->accept_fds = flags & FLAT_BINDER_FLAG_ACCEPTS_FDS;
    node->tmp_refs = 1;
    list_init(&node->work.entry);
    list_init(&node->refs);
    list_init(&node->async_todo);
    list_add_tail(&node->proc_link, &proc->nodes);
    return node;
}

void binder_free_node(struct binder_node *node)
{
    kfree(node);
    binder_stat_deleted(BINDER_STAT_NODE);
}

void binder_inc_node_tmpref(struct binder_node *node) { node->tmp_refs++; }

int binder_inc_node(struct binder_node *node, bool strong, bool internal,
                    struct list_head *target_list)
{
    if (strong) {
        if (internal) {
            /* A new remote strong reference needs an owner that can be told
               (target_list), or one that already holds it strongly. */
            bool mgr_held =
                node->proc && node == node->proc->context->mgr_node && node->has_strong_ref;
            if (!target_list && node->internal_strong_refs == 0 && !mgr_held) {
                printk("binder: invalid inc strong node %d\n", node->debug_id);
                return -EINVAL;
            }
            node->internal_strong_refs++;
        } else {
            node->local_strong_refs++;
        }
        if (!node->has_strong_ref && target_list) {
            /* Tell the owner, with the next work of the sending thread. */
            struct binder_thread *t = list_entry(target_list, struct binder_thread, todo);
            binder_dequeue_work(&node->work);
            binder_enqueue_deferred_thread_work(t, &node->work);
        }
    } else {
        if (!internal)
            node->local_weak_refs++;
        if (!node->has_weak_ref && list_empty(&node->work.entry)) {
            if (target_list)
                binder_enqueue_work(&node->work, target_list);
            else if (node->proc)
                binder_enqueue_work(&node->work, &node->proc->todo);
        }
    }
    return 0;
}

/* Drops one count; true when the node must be freed by the caller (it is
   already off every list). */
static bool dec_node(struct binder_node *node, bool strong, bool internal)
{
    struct binder_proc *proc = node->proc;
    if (strong) {
        if (internal)
            node->internal_strong_refs--;
        else
            node->local_strong_refs--;
        if (node->local_strong_refs || node->internal_strong_refs)
            return false;
    } else {
        if (!internal)
            node->local_weak_refs--;
        if (node->local_weak_refs || node->tmp_refs || !list_empty(&node->refs))
            return false;
    }
    if (proc && (node->has_strong_ref || node->has_weak_ref)) {
        /* The owner holds references it was told of: tell it to drop them. */
        if (list_empty(&node->work.entry)) {
            binder_enqueue_work(&node->work, &proc->todo);
            binder_wakeup_proc(proc);
        }
        return false;
    }
    if (!list_empty(&node->refs) || node->local_strong_refs || node->local_weak_refs ||
        node->tmp_refs)
        return false;
    binder_dequeue_work(&node->work);
    list_del(&node->proc_link); /* from proc->nodes, or binder_dead_nodes */
    return true;
}

void binder_dec_node(struct binder_node *node, bool strong, bool internal)
{
    if (dec_node(node, strong, internal))
        binder_free_node(node);
}

void binder_put_node(struct binder_node *node)
{
    node->tmp_refs--;
    if (node->tmp_refs < 0)
        panic("binder_put_node: node %d tmp_refs %d", node->debug_id, node->tmp_refs);
    /* No count is dropped with strong = 0, internal = 1: this only frees the
       node if nothing else holds it. */
    if (dec_node(node, false, true))
        binder_free_node(node);
}

struct binder_node *binder_get_node_refs_for_txn(struct binder_node *node,
                                                 struct binder_proc **procp, uint32_t *error)
{
    if (!node->proc) {
        *error = BR_DEAD_REPLY;
        return NULL;
    }
    binder_inc_node(node, true, false, NULL);
    node->tmp_refs++;
    node->proc->tmp_ref++;
    *procp = node->proc;
    return node;
}

/* ---- references --------------------------------------------------------------- */

struct binder_ref *binder_get_ref(struct binder_proc *proc, uint32_t desc, bool need_strong)
{
    struct list_head *pos;
    list_for_each(pos, &proc->refs)
    {
        struct binder_ref *ref = list_entry(pos, struct binder_ref, proc_link);
        if (ref->desc < desc)
            continue;
        if (ref->desc > desc)
            break;
        if (need_strong && !ref->strong) {
            binder_user_error("%d tried to use weak ref %u as strong ref", proc->pid, desc);
            return NULL;
        }
        return ref;
    }
    return NULL;
}

/* proc's reference on node; when there is none, new_ref (if given) becomes
   it, with the lowest free handle (from 0 for the context manager, else 1). */
static struct binder_ref *get_ref_for_node(struct binder_proc *proc, struct binder_node *node,
                                           struct binder_ref *new_ref)
{
    struct list_head *pos;
    list_for_each(pos, &proc->refs)
    {
        struct binder_ref *ref = list_entry(pos, struct binder_ref, proc_link);
        if (ref->node == node)
            return ref;
    }
    if (!new_ref)
        return NULL;
    binder_stat_created(BINDER_STAT_REF);
    new_ref->debug_id = binder_next_debug_id();
    new_ref->proc = proc;
    new_ref->node = node;
    new_ref->desc = node == proc->context->mgr_node ? 0 : 1;
    list_for_each(pos, &proc->refs)
    {
        struct binder_ref *ref = list_entry(pos, struct binder_ref, proc_link);
        if (ref->desc > new_ref->desc)
            break;
        new_ref->desc = ref->desc + 1;
    }
    list_add_tail(&new_ref->proc_link, pos); /* before the first larger one */
    list_add(&new_ref->node_link, &node->refs);
    return new_ref;
}

static int inc_ref(struct binder_ref *ref, bool strong, struct list_head *target_list)
{
    int ret;
    if (strong) {
        if (ref->strong == 0 && (ret = binder_inc_node(ref->node, true, true, target_list)))
            return ret;
        ref->strong++;
    } else {
        if (ref->weak == 0 && (ret = binder_inc_node(ref->node, false, true, target_list)))
            return ret;
        ref->weak++;
    }
    return 0;
}

void binder_cleanup_ref(struct binder_ref *ref)
{
    struct binder_node *node = ref->node;
    list_del(&ref->proc_link);
    if (ref->strong)
        dec_node(node, true, true); /* cannot free it: ref is still on node->refs */
    list_del(&ref->node_link);
    /* ref->node stays set only when the caller must free the node. */
    if (!dec_node(node, false, true))
        ref->node = NULL;
    if (ref->death) {
        binder_dequeue_work(&ref->death->work);
        binder_stat_deleted(BINDER_STAT_DEATH);
    }
    binder_stat_deleted(BINDER_STAT_REF);
}

void binder_free_ref(struct binder_ref *ref)
{
    if (ref->node)
        binder_free_node(ref->node);
    kfree(ref->death);
    kfree(ref);
}

/* Drops one count of ref; true when the reference is gone (cleaned up, the
   caller frees it). */
static bool dec_ref(struct binder_ref *ref, bool strong)
{
    if (strong) {
        if (ref->strong == 0) {
            binder_user_error("%d invalid dec strong, ref %d desc %u s %d w %d", ref->proc->pid,
                              ref->debug_id, ref->desc, ref->strong, ref->weak);
            return false;
        }
        if (--ref->strong == 0)
            binder_dec_node(ref->node, true, true);
    } else {
        if (ref->weak == 0) {
            binder_user_error("%d invalid dec weak, ref %d desc %u s %d w %d", ref->proc->pid,
                              ref->debug_id, ref->desc, ref->strong, ref->weak);
            return false;
        }
        ref->weak--;
    }
    if (ref->strong == 0 && ref->weak == 0) {
        binder_cleanup_ref(ref);
        return true;
    }
    return false;
}

int binder_inc_ref_for_node(struct binder_proc *proc, struct binder_node *node, bool strong,
                            struct list_head *target_list, uint32_t *desc)
{
    struct binder_ref *new_ref = NULL;
    struct binder_ref *ref = get_ref_for_node(proc, node, NULL);
    if (!ref) {
        if (!(new_ref = kzalloc(sizeof *new_ref)))
            return -ENOMEM;
        ref = get_ref_for_node(proc, node, new_ref);
    }
    int ret = inc_ref(ref, strong, target_list);
    *desc = ref->desc;
    if (ret && ref == new_ref) {
        /* The failed new reference held nothing: it only goes. */
        binder_cleanup_ref(new_ref);
        kfree(new_ref);
    }
    return ret;
}

int binder_update_ref_for_handle(struct binder_proc *proc, uint32_t desc, bool increment,
                                 bool strong, uint32_t *desc_out)
{
    struct binder_ref *ref = binder_get_ref(proc, desc, strong);
    if (!ref)
        return -EINVAL;
    *desc_out = ref->desc;
    if (increment)
        return inc_ref(ref, strong, NULL);
    if (dec_ref(ref, strong))
        binder_free_ref(ref);
    return 0;
}

struct binder_node *binder_get_node_from_ref(struct binder_proc *proc, uint32_t desc,
                                             bool need_strong)
{
    struct binder_ref *ref = binder_get_ref(proc, desc, need_strong);
    if (!ref)
        return NULL;
    ref->node->tmp_refs++;
    return ref->node;
}

int binder_node_release(struct binder_node *node, int refs)
{
    struct binder_proc *proc = node->proc;
    binder_release_work(proc, &node->async_todo);
    binder_dequeue_work(&node->work);
    /* The caller holds a temporary reference; if that is all, it goes now. */
    if (list_empty(&node->refs) && node->tmp_refs == 1) {
        binder_free_node(node);
        return refs;
    }
    node->proc = NULL;
    node->local_strong_refs = 0;
    node->local_weak_refs = 0;
    list_add(&node->proc_link, &binder_dead_nodes);
    struct list_head *pos;
    list_for_each(pos, &node->refs)
    {
        struct binder_ref *ref = list_entry(pos, struct binder_ref, node_link);
        refs++;
        if (!ref->death)
            continue;
        ref->death->work.type = BINDER_WORK_DEAD_BINDER;
        binder_enqueue_work(&ref->death->work, &ref->proc->todo);
        binder_wakeup_proc(ref->proc);
    }
    binder_put_node(node);
    return refs;
}
