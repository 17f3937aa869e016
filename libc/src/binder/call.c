/*
 * libc/src/binder/call.c: making calls and serving them (pagelab/binder.h).
 *
 * Everything the kernel returns goes through one dispatcher: BR_INCREFS and
 * BR_ACQUIRE are acknowledged at once (this library's objects live as long
 * as the process), BR_TRANSACTION runs the server's handler and sends the
 * reply together with the BC_FREE_BUFFER of the request, BR_DEAD_BINDER
 * runs the death handler and is acknowledged, and a caller waiting in
 * binder_call stops at its BR_REPLY (or BR_DEAD_REPLY / BR_FAILED_REPLY /
 * BR_ERROR).  A call that arrives while we wait for a reply (a call back
 * into us) is served in between, as Android's IPCThreadState does.
 * BR_SPAWN_LOOPER starts a pool thread (pool.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "binder_lib.h"

#define READ_SIZE 256 /* returns per read: a few transactions' worth */
#define UNKNOWN_TRANSACTION (-74) /* -EBADMSG, Android's */

struct waiter {
    int want_reply;    /* a synchronous call */
    int want_complete; /* a one-way call: BR_TRANSACTION_COMPLETE ends it */
    int done;
    int status;
    struct parcel *reply;
};

void binder_set_server(struct binder *b, const struct binder_server *s)
{
    b->server = *s;
    b->has_server = 1;
}

/* Serves one incoming call.  Its reply (with the BC_FREE_BUFFER of the
   request) is queued to go with the next read, as libbinder does: the
   reply's data is kept in b until then. */
static void serve_call(struct binder *b, const struct binder_transaction_data *tr)
{
    struct parcel data, reply;
    parcel_init_received(&data, b, tr);
    parcel_init(&reply);
    int status = b->has_server ? b->server.handle(b->server.ctx, tr, &data, &reply)
                               : UNKNOWN_TRANSACTION;
    if (tr->flags & TF_ONE_WAY) {
        parcel_free(&data);
        parcel_free(&reply);
        return;
    }
    struct {
        uint32_t free_cmd;
        binder_uintptr_t buffer;
        uint32_t reply_cmd;
        struct binder_transaction_data tr;
    } __attribute__((packed)) cmds;
    memset(&cmds, 0, sizeof cmds);
    cmds.free_cmd = BC_FREE_BUFFER;
    cmds.buffer = tr->data.ptr.buffer;
    cmds.reply_cmd = BC_REPLY;
    /* One reply waits at a time, and it must not be flushed (and its data
       freed) by the queueing below. */
    if (b->reply_queued || b->outlen + sizeof cmds > sizeof b->out)
        binder_flush(b);
    b->reply = reply;
    b->reply_queued = 1;
    if (status || reply.error) {
        b->reply_status = status ? status : reply.error;
        cmds.tr.flags = TF_STATUS_CODE;
        cmds.tr.data_size = sizeof b->reply_status;
        cmds.tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)&b->reply_status;
    } else {
        cmds.tr.data_size = reply.size;
        cmds.tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)reply.data;
        cmds.tr.offsets_size = reply.noffsets * sizeof(binder_size_t);
        cmds.tr.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)reply.offsets;
    }
    binder_queue(b, &cmds, sizeof cmds);
}

/* The reply the waiter wanted: a parcel into the receive area, or the
   status of a status-code reply. */
static void take_reply(struct binder *b, const struct binder_transaction_data *tr,
                       struct waiter *w)
{
    struct parcel reply;
    parcel_init_received(&reply, b, tr);
    w->done = 1;
    if (tr->flags & TF_STATUS_CODE) {
        w->status = reply.size >= sizeof(int32_t) ? parcel_read_i32(&reply) : BINDER_BAD_VALUE;
        parcel_free(&reply);
        return;
    }
    w->status = 0;
    if (w->reply)
        *w->reply = reply;
    else
        parcel_free(&reply);
}

static int ack(struct binder *b, uint32_t cmd, const struct binder_ptr_cookie *pc)
{
    struct {
        uint32_t cmd;
        struct binder_ptr_cookie pc;
    } __attribute__((packed)) c = { cmd, *pc };
    return binder_queue(b, &c, sizeof c);
}

/* Handles the returns in [p, end).  0, or -EPROTO on a return it does not
   know (the rest of the buffer cannot be parsed). */
static int dispatch(struct binder *b, const uint8_t *p, const uint8_t *end, struct waiter *w)
{
    while (p + sizeof(uint32_t) <= end) {
        uint32_t cmd;
        memcpy(&cmd, p, sizeof cmd);
        p += sizeof cmd;
        switch (cmd) {
        case BR_NOOP:
            break;
        case BR_SPAWN_LOOPER:
            binder_spawn_looper(b); /* if it fails, the calls wait for a free looper */
            break;
        case BR_TRANSACTION_COMPLETE:
            if (w && w->want_complete) {
                w->done = 1;
                w->status = 0;
            }
            break;
        case BR_INCREFS:
        case BR_ACQUIRE:
        case BR_RELEASE:
        case BR_DECREFS: {
            struct binder_ptr_cookie pc;
            memcpy(&pc, p, sizeof pc);
            p += sizeof pc;
            if (cmd == BR_INCREFS)
                ack(b, BC_INCREFS_DONE, &pc);
            else if (cmd == BR_ACQUIRE)
                ack(b, BC_ACQUIRE_DONE, &pc);
            break;
        }
        case BR_TRANSACTION:
        case BR_REPLY: {
            struct binder_transaction_data tr;
            memcpy(&tr, p, sizeof tr);
            p += sizeof tr;
            if (cmd == BR_TRANSACTION)
                serve_call(b, &tr);
            else if (w && w->want_reply)
                take_reply(b, &tr, w);
            else
                binder_free_buffer(b, tr.data.ptr.buffer);
            break;
        }
        case BR_DEAD_REPLY:
        case BR_FAILED_REPLY:
            if (w) {
                w->done = 1;
                w->status = cmd == BR_DEAD_REPLY ? BINDER_DEAD_OBJECT : BINDER_FAILED_TRANSACTION;
            }
            break;
        case BR_ERROR: {
            int32_t e;
            memcpy(&e, p, sizeof e);
            p += sizeof e;
            if (w) {
                w->done = 1;
                w->status = e;
            }
            break;
        }
        case BR_DEAD_BINDER:
        case BR_CLEAR_DEATH_NOTIFICATION_DONE: {
            binder_uintptr_t cookie;
            memcpy(&cookie, p, sizeof cookie);
            p += sizeof cookie;
            if (cmd == BR_DEAD_BINDER) {
                if (b->has_server && b->server.dead)
                    b->server.dead(b->server.ctx, cookie);
                struct {
                    uint32_t cmd;
                    binder_uintptr_t cookie;
                } __attribute__((packed)) done = { BC_DEAD_BINDER_DONE, cookie };
                binder_queue(b, &done, sizeof done);
            }
            break;
        }
        default:
            return -EPROTO;
        }
    }
    return 0;
}

int binder_call(struct binder *b, uint32_t handle, uint32_t code, const struct parcel *data,
                struct parcel *reply, uint32_t flags)
{
    struct {
        uint32_t cmd;
        struct binder_transaction_data tr;
    } __attribute__((packed)) c;
    memset(&c, 0, sizeof c);
    b = binder_for_this_thread(b);
    c.cmd = BC_TRANSACTION;
    c.tr.target.handle = handle;
    c.tr.code = code;
    c.tr.flags = flags;
    c.tr.data_size = data ? data->size : 0;
    c.tr.data.ptr.buffer = data ? (binder_uintptr_t)(uintptr_t)data->data : 0;
    c.tr.offsets_size = data ? data->noffsets * sizeof(binder_size_t) : 0;
    c.tr.data.ptr.offsets = data ? (binder_uintptr_t)(uintptr_t)data->offsets : 0;
    if (reply)
        parcel_init(reply);
    struct waiter w = { .want_reply = !(flags & TF_ONE_WAY),
                        .want_complete = (flags & TF_ONE_WAY) != 0,
                        .reply = reply };
    uint32_t rbuf[READ_SIZE / 4];
    const void *wbuf = &c;
    size_t wlen = sizeof c;
    while (!w.done) {
        size_t got;
        int r = binder_write_read(b, wbuf, wlen, rbuf, sizeof rbuf, &got);
        if (r < 0)
            return r;
        wlen = 0;
        if ((r = dispatch(b, (const uint8_t *)rbuf, (const uint8_t *)rbuf + got, &w)) < 0)
            return r;
    }
    return w.status;
}

int binder_serve_once(struct binder *b)
{
    b = binder_for_this_thread(b);
    uint32_t rbuf[READ_SIZE / 4];
    size_t got;
    int r = binder_write_read(b, NULL, 0, rbuf, sizeof rbuf, &got);
    if (r < 0)
        return r;
    return dispatch(b, (const uint8_t *)rbuf, (const uint8_t *)rbuf + got, NULL);
}

int binder_loop(struct binder *b)
{
    uint32_t enter = BC_ENTER_LOOPER;
    if (binder_write(b, &enter, sizeof enter) < 0)
        return -errno;
    for (;;) {
        int r = binder_serve_once(b);
        if (r < 0)
            return r;
    }
}
