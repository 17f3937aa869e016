/*
 * kernel/ipc/binder/command.c: the write half of BINDER_WRITE_READ, the BC_*
 * commands.
 *
 * Commands are read one by one from the caller's buffer, each a 32-bit code
 * and its arguments, until write_size is used up or a transaction leaves
 * an error for the thread to read (the rest stays unconsumed, as on Linux).
 * Like Linux, the arguments of the last command are read from the caller's
 * memory even past write_size: a truncated command is EFAULT only where
 * that memory is unreadable.  write_consumed says how far it got.
 *
 * A command that breaks the protocol (an unknown handle, a buffer that is
 * not the caller's to free, a looper command out of order) is logged and
 * skipped, and the rest goes on; only an unknown code or an unsupported
 * one stops the call with EINVAL, and a bad pointer with EFAULT.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"

static void refcount_command(struct binder_proc *proc, struct binder_thread *thread, uint32_t cmd,
                             uint32_t target, int *stop)
{
    bool strong = cmd == BC_ACQUIRE || cmd == BC_RELEASE;
    bool increment = cmd == BC_INCREFS || cmd == BC_ACQUIRE;
    uint32_t desc = target;
    int ret = -1;
    if (increment && target == 0) {
        /* Handle 0 is the context manager, even before any ref to it. */
        struct binder_node *mgr = proc->context->mgr_node;
        if (mgr) {
            if (mgr->proc == proc) {
                binder_user_error("%d:%d context manager tried to acquire desc 0", proc->pid,
                                  thread->tid);
                *stop = -EINVAL;
                return;
            }
            ret = binder_inc_ref_for_node(proc, mgr, strong, NULL, &desc);
        }
    }
    if (ret)
        ret = binder_update_ref_for_handle(proc, target, increment, strong, &desc);
    if (!ret && desc != target)
        binder_user_error("%d:%d tried to acquire reference to desc %u, got %u instead", proc->pid,
                          thread->tid, target, desc);
    if (ret)
        binder_user_error("%d:%d refcount change %x on invalid ref %u ret %d", proc->pid,
                          thread->tid, cmd, target, ret);
}

/* BC_INCREFS_DONE / BC_ACQUIRE_DONE: the owner took the reference it was
   asked to (BR_INCREFS / BR_ACQUIRE); the kernel's hold on it ends. */
static void refs_done(struct binder_proc *proc, struct binder_thread *thread, uint32_t cmd,
                      binder_uintptr_t ptr, binder_uintptr_t cookie)
{
    bool strong = cmd == BC_ACQUIRE_DONE;
    struct binder_node *node = binder_get_node(proc, ptr);
    if (!node) {
        binder_user_error("%d:%d %s u%016lx no match", proc->pid, thread->tid,
                          strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", ptr);
        return;
    }
    if (cookie != node->cookie) {
        binder_user_error("%d:%d %s u%016lx node %d cookie mismatch %016lx != %016lx", proc->pid,
                          thread->tid, strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", ptr,
                          node->debug_id, cookie, node->cookie);
        binder_put_node(node);
        return;
    }
    bool *pending = strong ? &node->pending_strong_ref : &node->pending_weak_ref;
    if (!*pending) {
        binder_user_error("%d:%d %s node %d has no pending %s request", proc->pid, thread->tid,
                          strong ? "BC_ACQUIRE_DONE" : "BC_INCREFS_DONE", node->debug_id,
                          strong ? "acquire" : "increfs");
        binder_put_node(node);
        return;
    }
    *pending = false;
    binder_dec_node(node, strong, false);
    binder_put_node(node);
}

static void free_buffer_command(struct binder_proc *proc, struct binder_thread *thread,
                                binder_uintptr_t data_ptr)
{
    int err = 0;
    struct binder_buffer *buffer = binder_alloc_prepare_to_free(proc->alloc, data_ptr, &err);
    if (!buffer) {
        if (err == -EPERM)
            binder_user_error("%d:%d BC_FREE_BUFFER u%016lx matched unreturned or currently "
                              "freeing buffer",
                              proc->pid, thread->tid, data_ptr);
        else
            binder_user_error("%d:%d BC_FREE_BUFFER u%016lx no match", proc->pid, thread->tid,
                              data_ptr);
        return;
    }
    binder_free_buf(proc, buffer);
}

static void looper_command(struct binder_proc *proc, struct binder_thread *thread, uint32_t cmd)
{
    switch (cmd) {
    case BC_REGISTER_LOOPER:
        if (thread->looper & BINDER_LOOPER_ENTERED) {
            binder_user_error("%d:%d ERROR: BC_REGISTER_LOOPER called after BC_ENTER_LOOPER",
                              proc->pid, thread->tid);
            thread->looper |= BINDER_LOOPER_INVALID;
        } else if (proc->requested_threads == 0) {
            binder_user_error("%d:%d ERROR: BC_REGISTER_LOOPER called without request", proc->pid,
                              thread->tid);
            thread->looper |= BINDER_LOOPER_INVALID;
        } else {
            proc->requested_threads--;
            proc->requested_threads_started++;
        }
        thread->looper |= BINDER_LOOPER_REGISTERED;
        break;
    case BC_ENTER_LOOPER:
        if (thread->looper & BINDER_LOOPER_REGISTERED) {
            binder_user_error("%d:%d ERROR: BC_ENTER_LOOPER called after BC_REGISTER_LOOPER",
                              proc->pid, thread->tid);
            thread->looper |= BINDER_LOOPER_INVALID;
        }
        thread->looper |= BINDER_LOOPER_ENTERED;
        break;
    default: /* BC_EXIT_LOOPER */
        thread->looper |= BINDER_LOOPER_EXITED;
        break;
    }
}

int binder_thread_write(struct binder_proc *proc, struct binder_thread *thread, uint64_t buf,
                        uint64_t size, uint64_t *consumed)
{
    uint64_t ptr = buf + *consumed, end = buf + size;
    while (ptr < end && thread->return_error.cmd == BR_OK) {
        uint32_t cmd;
        if (binder_get_u32(&cmd, ptr))
            return -EFAULT;
        ptr += sizeof(uint32_t);
        binder_stat_bc(proc, cmd);
        switch (cmd) {
        case BC_INCREFS:
        case BC_ACQUIRE:
        case BC_RELEASE:
        case BC_DECREFS: {
            uint32_t target;
            int stop = 0;
            if (binder_get_u32(&target, ptr))
                return -EFAULT;
            ptr += sizeof(uint32_t);
            refcount_command(proc, thread, cmd, target, &stop);
            if (stop)
                return stop;
            break;
        }
        case BC_INCREFS_DONE:
        case BC_ACQUIRE_DONE: {
            binder_uintptr_t node_ptr, cookie;
            if (binder_get_u64(&node_ptr, ptr))
                return -EFAULT;
            ptr += sizeof(binder_uintptr_t);
            if (binder_get_u64(&cookie, ptr))
                return -EFAULT;
            ptr += sizeof(binder_uintptr_t);
            refs_done(proc, thread, cmd, node_ptr, cookie);
            break;
        }
        case BC_ATTEMPT_ACQUIRE:
        case BC_ACQUIRE_RESULT:
            printk("binder: %d:%d BC_ATTEMPT_ACQUIRE / BC_ACQUIRE_RESULT not supported\n",
                   proc->pid, thread->tid);
            return -EINVAL;
        case BC_FREE_BUFFER: {
            binder_uintptr_t data_ptr;
            if (binder_get_u64(&data_ptr, ptr))
                return -EFAULT;
            ptr += sizeof(binder_uintptr_t);
            free_buffer_command(proc, thread, data_ptr);
            break;
        }
        case BC_TRANSACTION:
        case BC_REPLY: {
            struct binder_transaction_data tr;
            if (copy_from_user(&tr, (const void *)ptr, sizeof tr, MECH_SYSCALL_ARGS))
                return -EFAULT;
            ptr += sizeof tr;
            binder_transaction(proc, thread, &tr, cmd == BC_REPLY);
            break;
        }
        case BC_REGISTER_LOOPER:
        case BC_ENTER_LOOPER:
        case BC_EXIT_LOOPER:
            looper_command(proc, thread, cmd);
            break;
        case BC_REQUEST_DEATH_NOTIFICATION:
        case BC_CLEAR_DEATH_NOTIFICATION: {
            uint32_t target;
            binder_uintptr_t cookie;
            if (binder_get_u32(&target, ptr))
                return -EFAULT;
            ptr += sizeof(uint32_t);
            if (binder_get_u64(&cookie, ptr))
                return -EFAULT;
            ptr += sizeof(binder_uintptr_t);
            binder_request_death(proc, thread, cmd, target, cookie);
            break;
        }
        case BC_DEAD_BINDER_DONE: {
            binder_uintptr_t cookie;
            if (binder_get_u64(&cookie, ptr))
                return -EFAULT;
            ptr += sizeof(binder_uintptr_t);
            binder_dead_binder_done(proc, thread, cookie);
            break;
        }
        default:
            /* Including BC_TRANSACTION_SG / BC_REPLY_SG: not spoken here. */
            printk("binder: %d:%d unknown command %u\n", proc->pid, thread->tid, cmd);
            return -EINVAL;
        }
        *consumed = ptr - buf;
    }
    return 0;
}
