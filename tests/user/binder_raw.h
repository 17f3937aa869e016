/*
 * tests/user/binder_raw.h: the raw side of the binder tests: opening a
 * device, writing commands and reading returns one by one, with no library
 * in between, so that every BC_ and BR_ is the test's own.  Header-only so
 * that a test is one musl-gcc command.
 *
 * The tests use /dev/vndbinder: a binder context that no service manager
 * owns (on pagelab /dev/binder belongs to /bin/servicemanager, on Linux
 * tools/run-on-linux loads binder_linux with the same three devices), so a
 * test process can become its context manager (handle 0).
 */
#ifndef PAGELAB_TESTS_USER_BINDER_RAW_H
#define PAGELAB_TESTS_USER_BINDER_RAW_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../libc/include/pagelab/binder_uapi.h"

#define TEST_DEV "/dev/vndbinder"
#define MAP_SIZE (1u << 20)

struct bproc {
    int fd;
    uint8_t *map;
    /* returns read but not yet taken */
    uint8_t buf[4096];
    size_t len, pos;
};

static inline void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

/* Opens the test device and maps its receive area; exits on failure. */
static inline void bopen(struct bproc *b)
{
    memset(b, 0, sizeof *b);
    b->fd = open(TEST_DEV, O_RDWR | O_CLOEXEC);
    if (b->fd < 0) {
        printf("FAIL open_%s: %s\n", TEST_DEV, strerror(errno));
        exit(99);
    }
    b->map = mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE, b->fd, 0);
    if (b->map == MAP_FAILED) {
        printf("FAIL mmap_%s: %s\n", TEST_DEV, strerror(errno));
        exit(99);
    }
}

static inline void bclose(struct bproc *b)
{
    munmap(b->map, MAP_SIZE);
    close(b->fd);
}

/* One BINDER_WRITE_READ: 0 or -errno; *bwr_out gets the counts back. */
static inline int bwr_io(int fd, const void *w, size_t wlen, void *r, size_t rlen,
                  struct binder_write_read *out)
{
    struct binder_write_read bwr = { 0 };
    bwr.write_buffer = (binder_uintptr_t)(uintptr_t)w;
    bwr.write_size = wlen;
    bwr.read_buffer = (binder_uintptr_t)(uintptr_t)r;
    bwr.read_size = rlen;
    int ret = ioctl(fd, BINDER_WRITE_READ, &bwr) < 0 ? -errno : 0;
    if (out)
        *out = bwr;
    return ret;
}

/* ---- building commands ----------------------------------------------------- */

struct cmds {
    uint8_t buf[1024];
    size_t len;
};

static inline void put(struct cmds *c, const void *p, size_t n)
{
    memcpy(c->buf + c->len, p, n);
    c->len += n;
}
static inline void put32(struct cmds *c, uint32_t v) { put(c, &v, 4); }
static inline void put64(struct cmds *c, uint64_t v) { put(c, &v, 8); }

static inline void put_txn(struct cmds *c, uint32_t cmd, uint32_t handle, uint32_t code, uint32_t flags,
                    const void *data, size_t size, const binder_size_t *offs, size_t noffs)
{
    struct binder_transaction_data tr;
    memset(&tr, 0, sizeof tr);
    tr.target.handle = handle;
    tr.code = code;
    tr.flags = flags;
    tr.data_size = size;
    tr.data.ptr.buffer = (binder_uintptr_t)(uintptr_t)data;
    tr.offsets_size = noffs * sizeof(binder_size_t);
    tr.data.ptr.offsets = (binder_uintptr_t)(uintptr_t)offs;
    put32(c, cmd);
    put(c, &tr, sizeof tr);
}

/* Writes the commands (no read): 0 or -errno. */
static inline int bwrite(struct bproc *b, const struct cmds *c)
{
    return bwr_io(b->fd, c->buf, c->len, NULL, 0, NULL);
}

static inline int bcmd(struct bproc *b, uint32_t cmd)
{
    struct cmds c = { .len = 0 };
    put32(&c, cmd);
    return bwrite(b, &c);
}

static inline int bcmd32(struct bproc *b, uint32_t cmd, uint32_t arg)
{
    struct cmds c = { .len = 0 };
    put32(&c, cmd);
    put32(&c, arg);
    return bwrite(b, &c);
}

static inline int bcmd64(struct bproc *b, uint32_t cmd, uint64_t arg)
{
    struct cmds c = { .len = 0 };
    put32(&c, cmd);
    put64(&c, arg);
    return bwrite(b, &c);
}

static inline int bdeath(struct bproc *b, uint32_t cmd, uint32_t handle, uint64_t cookie)
{
    struct cmds c = { .len = 0 };
    put32(&c, cmd);
    put32(&c, handle);
    put64(&c, cookie);
    return bwrite(b, &c);
}

/* ---- reading returns ----------------------------------------------------------- */

struct ret {
    uint32_t cmd;
    struct binder_transaction_data tr; /* BR_TRANSACTION, BR_REPLY */
    binder_uintptr_t ptr, cookie;      /* BR_INCREFS.., BR_DEAD_BINDER (cookie) */
    int32_t value;                     /* BR_ERROR */
};

/* The size of a return's argument, or -1 for an unknown return. */
static inline int ret_arg_size(uint32_t cmd)
{
    switch (cmd) {
    case BR_NOOP:
    case BR_TRANSACTION_COMPLETE:
    case BR_DEAD_REPLY:
    case BR_FAILED_REPLY:
    case BR_SPAWN_LOOPER:
    case BR_OK:
    case BR_FINISHED:
    case BR_FROZEN_REPLY:
    case BR_ONEWAY_SPAM_SUSPECT:
        return 0;
    case BR_ERROR:
        return 4;
    case BR_TRANSACTION:
    case BR_REPLY:
        return sizeof(struct binder_transaction_data);
    case BR_INCREFS:
    case BR_ACQUIRE:
    case BR_RELEASE:
    case BR_DECREFS:
        return sizeof(struct binder_ptr_cookie);
    case BR_DEAD_BINDER:
    case BR_CLEAR_DEATH_NOTIFICATION_DONE:
        return 8;
    default:
        return -1;
    }
}

/* One read (blocking unless the fd is O_NONBLOCK): 0 or -errno. */
static inline int bread_once(struct bproc *b)
{
    struct binder_write_read bwr;
    int r = bwr_io(b->fd, NULL, 0, b->buf, sizeof b->buf, &bwr);
    b->len = r ? 0 : bwr.read_consumed;
    b->pos = 0;
    return r;
}

/* The next return other than BR_NOOP, reading as needed: 0 or -errno. */
static inline int bnext(struct bproc *b, struct ret *out)
{
    for (;;) {
        while (b->pos + 4 <= b->len) {
            memset(out, 0, sizeof *out);
            memcpy(&out->cmd, b->buf + b->pos, 4);
            b->pos += 4;
            int n = ret_arg_size(out->cmd);
            if (n < 0)
                return -EPROTO;
            const uint8_t *arg = b->buf + b->pos;
            b->pos += (size_t)n;
            if (out->cmd == BR_TRANSACTION || out->cmd == BR_REPLY)
                memcpy(&out->tr, arg, sizeof out->tr);
            else if (n == 16) {
                memcpy(&out->ptr, arg, 8);
                memcpy(&out->cookie, arg + 8, 8);
            } else if (n == 8)
                memcpy(&out->cookie, arg, 8);
            else if (n == 4)
                memcpy(&out->value, arg, 4);
            if (out->cmd != BR_NOOP)
                return 0;
        }
        int r = bread_once(b);
        if (r)
            return r;
    }
}

/* The next return, which must be cmd: 1 if so (out filled). */
static inline int expect(struct bproc *b, uint32_t cmd, struct ret *out)
{
    struct ret tmp;
    if (!out)
        out = &tmp;
    int r = bnext(b, out);
    if (r) {
        errno = -r;
        return 0;
    }
    return out->cmd == cmd;
}

/* Skips BR_TRANSACTION_COMPLETE and node-count returns (acknowledging
   BR_INCREFS / BR_ACQUIRE) until another return: it. */
static inline int bnext_skip(struct bproc *b, struct ret *out)
{
    for (;;) {
        int r = bnext(b, out);
        if (getenv("BINDER_DEBUG"))
            printf("debug %d: bnext %d cmd %08x\n", (int)getpid(), r, out->cmd);
        if (r)
            return r;
        if (out->cmd == BR_TRANSACTION_COMPLETE || out->cmd == BR_RELEASE ||
            out->cmd == BR_DECREFS)
            continue;
        if (out->cmd == BR_INCREFS || out->cmd == BR_ACQUIRE) {
            struct cmds c = { .len = 0 };
            put32(&c, out->cmd == BR_INCREFS ? BC_INCREFS_DONE : BC_ACQUIRE_DONE);
            put64(&c, out->ptr);
            put64(&c, out->cookie);
            bwrite(b, &c);
            continue;
        }
        return 0;
    }
}

/* Is nothing waiting for this thread right now (a non-blocking read)? */
static inline int nothing_pending(struct bproc *b)
{
    if (b->pos + 4 <= b->len) {
        /* only BR_NOOPs may be left */
        for (size_t p = b->pos; p + 4 <= b->len; p += 4) {
            uint32_t c;
            memcpy(&c, b->buf + p, 4);
            if (c != BR_NOOP)
                return 0;
        }
    }
    int fl = fcntl(b->fd, F_GETFL);
    fcntl(b->fd, F_SETFL, fl | O_NONBLOCK);
    int r = bread_once(b);
    fcntl(b->fd, F_SETFL, fl);
    if (r != -EAGAIN && getenv("BINDER_DEBUG")) {
        printf("debug nothing_pending: read %d, %zu bytes:", r, b->len);
        for (size_t p = 0; p + 4 <= b->len && p < 64; p += 4) {
            uint32_t c;
            memcpy(&c, b->buf + p, 4);
            printf(" %08x", c);
        }
        printf("\n");
    }
    b->len = b->pos = 0;
    return r == -EAGAIN;
}

/* The errno Linux recorded for the thread's last failed transaction
   (BINDER_GET_EXTENDED_ERROR), or 1 if the ioctl failed. */
static inline int ext_param(struct bproc *b)
{
    struct binder_extended_error ee;
    memset(&ee, 0, sizeof ee);
    if (ioctl(b->fd, BINDER_GET_EXTENDED_ERROR, &ee) < 0)
        return 1;
    return ee.param;
}

/* Becomes the context manager, retrying while an earlier manager's
   release is still in flight (Linux releases from a work queue). */
static inline int become_manager(struct bproc *b, uint32_t flags)
{
    for (int i = 0; i < 200; i++) {
        int r;
        if (flags) {
            struct flat_binder_object fbo;
            memset(&fbo, 0, sizeof fbo);
            fbo.flags = flags;
            r = ioctl(b->fd, BINDER_SET_CONTEXT_MGR_EXT, &fbo);
        } else {
            r = ioctl(b->fd, BINDER_SET_CONTEXT_MGR, 0);
        }
        if (r == 0)
            return 0;
        if (errno != EBUSY)
            return -errno;
        sleep_ms(10);
    }
    return -EBUSY;
}

/* Replies to the transaction in r (freeing its buffer first). */
static inline int reply_with(struct bproc *b, const struct ret *r, uint32_t flags, const void *data,
                      size_t size, const binder_size_t *offs, size_t noffs)
{
    struct cmds c = { .len = 0 };
    put32(&c, BC_FREE_BUFFER);
    put64(&c, r->tr.data.ptr.buffer);
    put_txn(&c, BC_REPLY, 0, 0, flags, data, size, offs, noffs);
    return bwrite(b, &c);
}

static inline int free_buffer(struct bproc *b, const struct ret *r)
{
    return bcmd64(b, BC_FREE_BUFFER, r->tr.data.ptr.buffer);
}

/* A synchronous call; the next return other than BR_TRANSACTION_COMPLETE
   (and node counts) goes into out: 0 or -errno. */
static inline int call(struct bproc *b, uint32_t handle, uint32_t code, uint32_t flags, const void *data,
                size_t size, const binder_size_t *offs, size_t noffs, struct ret *out)
{
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, handle, code, flags, data, size, offs, noffs);
    int r = bwrite(b, &c);
    if (getenv("BINDER_DEBUG"))
        printf("debug %d: call %u write %d\n", (int)getpid(), code, r);
    if (r)
        return r;
    return bnext_skip(b, out);
}

#endif
