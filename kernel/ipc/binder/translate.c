/*
 * kernel/ipc/binder/translate.c: the objects inside a transaction.
 *
 * The sender's offsets array says where in the data the objects sit; each
 * must start 4-byte aligned, lie inside the data, follow the previous one
 * without overlap, and have a known type.  The data is copied into the
 * receiver's buffer once (alloc_copy.c), stretch by stretch between the
 * objects, and each object is rewritten in place for the receiver:
 *
 *   BINDER / WEAK_BINDER   the sender's own object: its node (made on first
 *                          send), and the receiver gets a HANDLE /
 *                          WEAK_HANDLE to it (a new ref, counted);
 *   HANDLE / WEAK_HANDLE   a handle of the sender: the receiver gets the
 *                          node back as BINDER / WEAK_BINDER if it owns it,
 *                          else its own handle on that node;
 *   FD                     a descriptor of the sender: its file is held and
 *                          installed in the receiver (close-on-exec) when
 *                          the receiver reads the transaction; the buffer
 *                          gets the new number then.
 *
 * Errors are Linux's: a bad pointer while copying the data is EFAULT, a bad
 * offset or object EINVAL, an unknown handle EINVAL, a descriptor the target
 * does not accept EPERM, a closed one EBADF -- all BR_FAILED_REPLY.
 * Scatter-gather objects (PTR, FDA) need BC_TRANSACTION_SG, which pagelab
 * does not speak: in a plain transaction they fail as on Linux, where a
 * plain transaction has no room for their buffers.
 */
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/task.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

/* Any object, read from the buffer. */
union binder_object {
    struct binder_object_header hdr;
    struct flat_binder_object fbo;
    struct binder_fd_object fdo;
    struct binder_buffer_object bbo;
    struct binder_fd_array_object fdao;
};

static uint64_t object_size_of(uint32_t type)
{
    switch (type) {
    case BINDER_TYPE_BINDER:
    case BINDER_TYPE_WEAK_BINDER:
    case BINDER_TYPE_HANDLE:
    case BINDER_TYPE_WEAK_HANDLE:
        return sizeof(struct flat_binder_object);
    case BINDER_TYPE_FD:
        return sizeof(struct binder_fd_object);
    case BINDER_TYPE_PTR:
        return sizeof(struct binder_buffer_object);
    case BINDER_TYPE_FDA:
        return sizeof(struct binder_fd_array_object);
    default:
        return 0;
    }
}

/* Copies the object at offset of the sender's data into the buffer (its
   share of the one copy) and reads it back into obj.  Its size, or 0 if
   the offset or the object is bad (Linux's binder_get_object). */
static uint64_t get_object(struct binder_alloc *alloc, struct binder_buffer *b, uint64_t data,
                           uint64_t offset, union binder_object *obj)
{
    if (offset > b->data_size || b->data_size - offset < sizeof obj->hdr || offset % 4)
        return 0;
    if (binder_alloc_copy_user_to_buffer(alloc, b, offset, data + offset, sizeof obj->hdr) ||
        binder_alloc_copy_from_buffer(alloc, &obj->hdr, b, offset, sizeof obj->hdr))
        return 0;
    uint64_t size = object_size_of(obj->hdr.type);
    if (!size || size > b->data_size || offset > b->data_size - size)
        return 0;
    uint64_t rest = size - sizeof obj->hdr;
    if (binder_alloc_copy_user_to_buffer(alloc, b, offset + sizeof obj->hdr,
                                         data + offset + sizeof obj->hdr, rest) ||
        binder_alloc_copy_from_buffer(alloc, obj, b, offset, size))
        return 0;
    return size;
}

static int translate_binder(struct flat_binder_object *fp, struct binder_transaction *t,
                            struct binder_thread *thread)
{
    struct binder_proc *proc = thread->proc;
    struct binder_node *node = binder_get_node(proc, fp->binder);
    if (!node && !(node = binder_new_node(proc, fp)))
        return -ENOMEM;
    int ret = -EINVAL;
    if (fp->cookie != node->cookie) {
        binder_user_error("%d:%d sending u%016lx node %d, cookie mismatch %016lx != %016lx",
                          proc->pid, thread->tid, fp->binder, node->debug_id, fp->cookie,
                          node->cookie);
        goto done;
    }
    uint32_t desc;
    ret = binder_inc_ref_for_node(t->to_proc, node, fp->hdr.type == BINDER_TYPE_BINDER,
                                  &thread->todo, &desc);
    if (ret)
        goto done;
    fp->hdr.type =
        fp->hdr.type == BINDER_TYPE_BINDER ? BINDER_TYPE_HANDLE : BINDER_TYPE_WEAK_HANDLE;
    fp->binder = 0;
    fp->handle = desc;
    fp->cookie = 0;
done:
    binder_put_node(node);
    return ret;
}

static int translate_handle(struct flat_binder_object *fp, struct binder_transaction *t,
                            struct binder_thread *thread)
{
    struct binder_proc *proc = thread->proc;
    bool strong = fp->hdr.type == BINDER_TYPE_HANDLE;
    struct binder_node *node = binder_get_node_from_ref(proc, fp->handle, strong);
    if (!node) {
        binder_user_error("%d:%d got transaction with invalid handle, %u", proc->pid, thread->tid,
                          fp->handle);
        return -EINVAL;
    }
    int ret = 0;
    if (node->proc == t->to_proc) {
        /* Back home: the receiver owns it. */
        fp->hdr.type = strong ? BINDER_TYPE_BINDER : BINDER_TYPE_WEAK_BINDER;
        fp->binder = node->ptr;
        fp->cookie = node->cookie;
        binder_inc_node(node, strong, false, NULL);
    } else {
        uint32_t desc;
        ret = binder_inc_ref_for_node(t->to_proc, node, strong, NULL, &desc);
        if (!ret) {
            fp->binder = 0;
            fp->handle = desc;
            fp->cookie = 0;
        }
    }
    binder_put_node(node);
    return ret;
}

static int translate_fd(struct binder_fd_object *fp, uint64_t fd_offset,
                        struct binder_transaction *t, struct binder_thread *thread,
                        struct binder_transaction *in_reply_to)
{
    struct binder_proc *proc = thread->proc;
    bool allowed =
        in_reply_to ? in_reply_to->flags & TF_ACCEPT_FDS : t->buffer->target_node->accept_fds;
    if (!allowed) {
        binder_user_error("%d:%d got %s with fd, %u, but target does not allow fds", proc->pid,
                          thread->tid, in_reply_to ? "reply" : "transaction", fp->fd);
        return -EPERM;
    }
    struct file *file = fd_file(task_files(), (int)fp->fd);
    if (!file) {
        binder_user_error("%d:%d got transaction with invalid fd, %d", proc->pid, thread->tid,
                          (int)fp->fd);
        return -EBADF;
    }
    struct binder_fd_fixup *fixup = kzalloc(sizeof *fixup);
    if (!fixup)
        return -ENOMEM;
    file_get(file);
    fixup->file = file;
    fixup->offset = fd_offset;
    fixup->target_fd = -1;
    list_add_tail(&fixup->link, &t->fd_fixups);
    return 0;
}

/* Scatter-gather objects in a plain transaction: an empty buffer object
   without a parent is all that fits (it points at the end of the offsets,
   where its zero bytes would go); everything else is EINVAL. */
static int translate_ptr(struct binder_buffer_object *bp, struct binder_transaction *t,
                         struct binder_alloc *alloc)
{
    if (bp->length || (bp->flags & BINDER_BUFFER_FLAG_HAS_PARENT))
        return -EINVAL;
    uint64_t off_end = ((t->buffer->data_size + 7) & ~7ull) + t->buffer->offsets_size;
    bp->buffer = binder_buffer_user_data(alloc, t->buffer) + ((off_end + 7) & ~7ull);
    return 0;
}

static int translate_one(union binder_object *obj, uint64_t object_offset,
                         struct binder_transaction *t, struct binder_thread *thread,
                         struct binder_transaction *in_reply_to, struct binder_alloc *alloc)
{
    switch (obj->hdr.type) {
    case BINDER_TYPE_BINDER:
    case BINDER_TYPE_WEAK_BINDER:
        return translate_binder(&obj->fbo, t, thread);
    case BINDER_TYPE_HANDLE:
    case BINDER_TYPE_WEAK_HANDLE:
        return translate_handle(&obj->fbo, t, thread);
    case BINDER_TYPE_FD: {
        uint64_t fd_offset = object_offset + offsetof(struct binder_fd_object, fd);
        int ret = translate_fd(&obj->fdo, fd_offset, t, thread, in_reply_to);
        obj->fdo.pad_binder = 0; /* the fd is written when the receiver reads it */
        return ret;
    }
    case BINDER_TYPE_PTR:
        return translate_ptr(&obj->bbo, t, alloc);
    default: /* BINDER_TYPE_FDA: its parent would be a buffer, which cannot be here */
        binder_user_error("%d:%d got transaction with invalid parent offset or type",
                          thread->proc->pid, thread->tid);
        return -EINVAL;
    }
}

uint32_t binder_translate_objects(struct binder_transaction *t, struct binder_thread *thread,
                                  struct binder_transaction *in_reply_to, uint64_t data, int *param,
                                  uint64_t *translated_end)
{
    struct binder_alloc *alloc = t->to_proc->alloc;
    struct binder_buffer *b = t->buffer;
    struct binder_proc *proc = thread->proc;
    uint64_t off_start = (b->data_size + 7) & ~7ull, off_end = off_start + b->offsets_size;
    uint64_t copied = 0, off_min = 0; /* data copied up to; objects end at least at */
    for (uint64_t pos = off_start; pos < off_end; pos += sizeof(binder_size_t)) {
        *translated_end = pos;
        uint64_t object_offset;
        union binder_object obj;
        if (binder_alloc_copy_from_buffer(alloc, &object_offset, b, pos, sizeof object_offset)) {
            *param = -EINVAL;
            return BR_FAILED_REPLY;
        }
        /* The data between the previous object and this one. */
        if (object_offset != copied &&
            (copied > object_offset ||
             binder_alloc_copy_user_to_buffer(alloc, b, copied, data + copied,
                                              object_offset - copied))) {
            binder_user_error("%d:%d got transaction with invalid data ptr", proc->pid,
                              thread->tid);
            *param = -EFAULT;
            return BR_FAILED_REPLY;
        }
        uint64_t size = get_object(alloc, b, data, object_offset, &obj);
        if (size == 0 || object_offset < off_min) {
            binder_user_error("%d:%d got transaction with invalid offset (%lu, min %lu max %lu) "
                              "or object",
                              proc->pid, thread->tid, object_offset, off_min, b->data_size);
            *param = -EINVAL;
            return BR_FAILED_REPLY;
        }
        copied = off_min = object_offset + size;
        int ret = translate_one(&obj, object_offset, t, thread, in_reply_to, alloc);
        if (ret < 0 || binder_alloc_copy_to_buffer(alloc, b, object_offset, &obj, size)) {
            *param = ret;
            return BR_FAILED_REPLY;
        }
    }
    *translated_end = off_end;
    if (binder_alloc_copy_user_to_buffer(alloc, b, copied, data + copied, b->data_size - copied)) {
        binder_user_error("%d:%d got transaction with invalid data ptr", proc->pid, thread->tid);
        *param = -EFAULT;
        return BR_FAILED_REPLY;
    }
    return 0;
}

void binder_transaction_buffer_release(struct binder_proc *proc, struct binder_buffer *b,
                                       uint64_t end)
{
    struct binder_alloc *alloc = proc->alloc;
    if (b->target_node)
        binder_dec_node(b->target_node, true, false);
    uint64_t off_start = (b->data_size + 7) & ~7ull, off_end = off_start + b->offsets_size;
    if (end < off_end)
        off_end = end;
    for (uint64_t pos = off_start; pos < off_end; pos += sizeof(binder_size_t)) {
        uint64_t object_offset;
        union binder_object obj;
        uint64_t size = 0;
        if (!binder_alloc_copy_from_buffer(alloc, &object_offset, b, pos, sizeof object_offset) &&
            object_offset <= b->data_size &&
            !binder_alloc_copy_from_buffer(alloc, &obj.hdr, b, object_offset, sizeof obj.hdr))
            size = object_size_of(obj.hdr.type);
        if (!size || size > b->data_size - object_offset ||
            binder_alloc_copy_from_buffer(alloc, &obj, b, object_offset, size))
            continue; /* translated objects are always valid: nothing else to undo */
        switch (obj.hdr.type) {
        case BINDER_TYPE_BINDER:
        case BINDER_TYPE_WEAK_BINDER: {
            struct binder_node *node = binder_get_node(proc, obj.fbo.binder);
            if (!node)
                break;
            binder_dec_node(node, obj.hdr.type == BINDER_TYPE_BINDER, false);
            binder_put_node(node);
            break;
        }
        case BINDER_TYPE_HANDLE:
        case BINDER_TYPE_WEAK_HANDLE: {
            uint32_t desc;
            binder_update_ref_for_handle(proc, obj.fbo.handle, false,
                                         obj.hdr.type == BINDER_TYPE_HANDLE, &desc);
            break;
        }
        default:
            /* FD: the receiver closes delivered ones; undelivered files were
               dropped with the transaction's fixups.  PTR: nothing held. */
            break;
        }
    }
}

int binder_apply_fd_fixups(struct binder_proc *proc, struct binder_transaction *t)
{
    struct files *files = task_files();
    int ret = 0;
    struct list_head *pos;
    list_for_each(pos, &t->fd_fixups)
    {
        struct binder_fd_fixup *f = list_entry(pos, struct binder_fd_fixup, link);
        int fd = files ? fd_install(files, f->file, 0, true) : -EMFILE;
        if (fd < 0) {
            ret = -ENOMEM; /* Linux: any failure to get a descriptor */
            break;
        }
        file_get(f->file); /* fd_install took the fixup's reference */
        f->target_fd = fd;
        uint32_t v = (uint32_t)fd;
        if (binder_alloc_copy_to_buffer(proc->alloc, t->buffer, f->offset, &v, sizeof v)) {
            ret = -EINVAL;
            break;
        }
    }
    if (ret) {
        /* All or nothing: the descriptors installed so far go again. */
        list_for_each(pos, &t->fd_fixups)
        {
            struct binder_fd_fixup *f = list_entry(pos, struct binder_fd_fixup, link);
            if (f->target_fd >= 0)
                fd_close(files, f->target_fd);
        }
    }
    binder_free_txn_fixups(t);
    return ret;
}
