/*
 * libc/src/binder/binder_lib.h: what the files of the binder library share
 * (pagelab/binder.h is the public side).  The sources include their
 * headers by relative path so that musl-gcc builds them unchanged for
 * Linux (tests/suites/65_binder.py, user/binderbench.c).
 */
#ifndef PAGELAB_LIBC_BINDER_LIB_H
#define PAGELAB_LIBC_BINDER_LIB_H

#include "../../include/pagelab/binder.h"

#define BINDER_OUT_MAX 512 /* queued commands: a few frees and acknowledgements */

struct binder {
    int fd;
    void *map;
    size_t mapsize;
    struct binder_server server;
    int has_server;
    /* The looper pool: how many threads the kernel may ask for
       (BINDER_SET_MAX_THREADS); a pool thread's own struct binder shares
       fd, map and server with the one it was spawned from and has only
       its command queue to itself (pool.c). */
    uint32_t max_threads;
    /* Commands that need no answer (BC_FREE_BUFFER, BC_*_DONE, a reply)
       wait here and go with the next BINDER_WRITE_READ, as libbinder's
       IPCThreadState keeps them in mOut: one ioctl fewer per call. */
    uint8_t out[BINDER_OUT_MAX];
    size_t outlen;
    /* A queued BC_REPLY's data: kept until the ioctl that carries it. */
    struct parcel reply;
    int32_t reply_status;
    int reply_queued;
};

/* The struct binder the calling thread must use for b: its own when it is
   one of b's pool threads (a handler making a call), b otherwise. */
struct binder *binder_for_this_thread(struct binder *b);
/* Starts one looper thread for b (a BR_SPAWN_LOOPER): 0 or -errno. */
int binder_spawn_looper(struct binder *b);

/* A received transaction as a parcel that points into the receive area. */
void parcel_init_received(struct parcel *p, struct binder *b,
                          const struct binder_transaction_data *tr);
/* Queues a command for the next BINDER_WRITE_READ (sent at once if the
   queue is full): 0 or -errno. */
int binder_queue(struct binder *b, const void *cmd, size_t len);
/* Sends the queued commands now (with no read): 0 or -errno. */
int binder_flush(struct binder *b);
/* Queues BC_FREE_BUFFER for a received buffer. */
int binder_free_buffer(struct binder *b, binder_uintptr_t buffer);
/* One BINDER_WRITE_READ (retried on EINTR) writing the queued commands and
   then wbuf: 0 or -errno; *got = bytes read. */
int binder_write_read(struct binder *b, const void *wbuf, size_t wlen, void *rbuf, size_t rlen,
                      size_t *got);

#endif
