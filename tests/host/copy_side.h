/*
 * tests/host/copy_side.h: the caller's side of a pipe transfer in the host
 * tests of the pipe's ring and buffers (test_pipe_ring.c, test_pipe_buf.c):
 * a buffer, how many copy calls were made, and the call (1-based) that
 * should fail with EFAULT (-14), if any.
 */
#ifndef PAGELAB_TESTS_HOST_COPY_SIDE_H
#define PAGELAB_TESTS_HOST_COPY_SIDE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct side {
    uint8_t *buf;
    int calls;
    int fail_call;
};

static long from_side(void *ctx, uint8_t *part, size_t off, size_t len)
{
    struct side *s = ctx;
    if (++s->calls == s->fail_call)
        return -14;
    memcpy(part, s->buf + off, len);
    return 0;
}

static long to_side(void *ctx, uint8_t *part, size_t off, size_t len)
{
    struct side *s = ctx;
    if (++s->calls == s->fail_call)
        return -14;
    memcpy(s->buf + off, part, len);
    return 0;
}

#endif
