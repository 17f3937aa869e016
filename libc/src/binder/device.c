/*
 * libc/src/binder/device.c: opening a binder device, mapping its receive
 * area, and the plain commands (pagelab/binder.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "binder_lib.h"

struct binder *binder_open(const char *dev, size_t mapsize)
{
    struct binder *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->mapsize = mapsize ? mapsize : BINDER_VM_SIZE;
    b->fd = open(dev ? dev : BINDER_DEVICE, O_RDWR | O_CLOEXEC);
    if (b->fd < 0)
        goto fail;
    struct binder_version v;
    if (ioctl(b->fd, BINDER_VERSION, &v) < 0)
        goto fail_fd;
    if (v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
        errno = EPROTO;
        goto fail_fd;
    }
    /* Read-only: the kernel writes the area, the program only reads it. */
    b->map = mmap(NULL, b->mapsize, PROT_READ, MAP_PRIVATE | MAP_NORESERVE, b->fd, 0);
    if (b->map == MAP_FAILED)
        goto fail_fd;
    return b;
fail_fd:;
    int e = errno;
    close(b->fd);
    errno = e;
fail:
    free(b);
    return NULL;
}

void binder_close(struct binder *b)
{
    if (!b)
        return;
    binder_flush(b);
    munmap(b->map, b->mapsize);
    close(b->fd);
    free(b);
}

int binder_fd(const struct binder *b) { return b->fd; }

int binder_become_context_manager(struct binder *b)
{
    return ioctl(b->fd, BINDER_SET_CONTEXT_MGR, 0);
}

static int write_read(struct binder *b, const void *wbuf, size_t wlen, void *rbuf, size_t rlen,
                      size_t *got)
{
    struct binder_write_read bwr;
    memset(&bwr, 0, sizeof bwr);
    bwr.write_buffer = (binder_uintptr_t)(uintptr_t)wbuf;
    bwr.write_size = wlen;
    bwr.read_buffer = (binder_uintptr_t)(uintptr_t)rbuf;
    bwr.read_size = rlen;
    for (;;) {
        if (ioctl(b->fd, BINDER_WRITE_READ, &bwr) == 0)
            break;
        if (errno != EINTR)
            return -errno;
        /* Interrupted while waiting to read: what was written is done
           (write_consumed says so) and the read starts over. */
    }
    if (got)
        *got = bwr.read_consumed;
    return 0;
}

/* After the ioctl that carried a queued reply, its data may go. */
static void reply_sent(struct binder *b)
{
    if (b->reply_queued) {
        parcel_free(&b->reply);
        b->reply_queued = 0;
    }
}

int binder_flush(struct binder *b)
{
    int r = b->outlen ? write_read(b, b->out, b->outlen, NULL, 0, NULL) : 0;
    b->outlen = 0;
    reply_sent(b);
    return r;
}

int binder_write_read(struct binder *b, const void *wbuf, size_t wlen, void *rbuf, size_t rlen,
                      size_t *got)
{
    if (b->outlen + wlen > sizeof b->out) {
        int r = binder_flush(b);
        if (r)
            return r;
    } else if (b->outlen) {
        if (wlen)
            memcpy(b->out + b->outlen, wbuf, wlen);
        wbuf = b->out;
        wlen += b->outlen;
    }
    b->outlen = 0;
    int r = write_read(b, wbuf, wlen, rbuf, rlen, got);
    reply_sent(b);
    return r;
}

int binder_queue(struct binder *b, const void *cmd, size_t len)
{
    if (b->outlen + len > sizeof b->out) {
        int r = binder_flush(b);
        if (r)
            return r;
    }
    memcpy(b->out + b->outlen, cmd, len);
    b->outlen += len;
    return 0;
}

int binder_write(struct binder *b, const void *cmds, size_t len)
{
    b = binder_for_this_thread(b);
    int r = binder_write_read(b, cmds, len, NULL, 0, NULL);
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return 0;
}

/* A command code followed by one argument. */
static int command(struct binder *b, uint32_t cmd, const void *arg, size_t len)
{
    uint8_t buf[4 + 16];
    memcpy(buf, &cmd, 4);
    memcpy(buf + 4, arg, len);
    return binder_write(b, buf, 4 + len);
}

int binder_acquire(struct binder *b, uint32_t handle)
{
    return command(b, BC_ACQUIRE, &handle, sizeof handle);
}

int binder_release(struct binder *b, uint32_t handle)
{
    return command(b, BC_RELEASE, &handle, sizeof handle);
}

int binder_request_death(struct binder *b, uint32_t handle, binder_uintptr_t cookie)
{
    struct binder_handle_cookie hc = { handle, cookie };
    return command(b, BC_REQUEST_DEATH_NOTIFICATION, &hc, sizeof hc);
}

int binder_clear_death(struct binder *b, uint32_t handle, binder_uintptr_t cookie)
{
    struct binder_handle_cookie hc = { handle, cookie };
    return command(b, BC_CLEAR_DEATH_NOTIFICATION, &hc, sizeof hc);
}

int binder_free_buffer(struct binder *b, binder_uintptr_t buffer)
{
    uint8_t cmd[4 + sizeof buffer];
    uint32_t code = BC_FREE_BUFFER;
    memcpy(cmd, &code, 4);
    memcpy(cmd + 4, &buffer, sizeof buffer);
    return binder_queue(b, cmd, sizeof cmd);
}
