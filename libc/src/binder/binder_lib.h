/*
 * libc/src/binder/binder_lib.h: what the files of the binder library share
 * (pagelab/binder.h is the public side).  The sources include their
 * headers by relative path so that musl-gcc builds them unchanged for
 * Linux (tests/suites/65_binder.py, user/binderbench.c).
 */
#ifndef PAGELAB_LIBC_BINDER_LIB_H
#define PAGELAB_LIBC_BINDER_LIB_H

#include "../../include/pagelab/binder.h"

struct binder {
    int fd;
    void *map;
    size_t mapsize;
    struct binder_server server;
    int has_server;
};

/* A received transaction as a parcel that points into the receive area. */
void parcel_init_received(struct parcel *p, struct binder *b,
                          const struct binder_transaction_data *tr);
/* The buffer address BC_FREE_BUFFER gives back for a received parcel. */
int binder_free_buffer(struct binder *b, binder_uintptr_t buffer);
/* One BINDER_WRITE_READ (retried on EINTR): 0 or -errno; *got = bytes read. */
int binder_write_read(struct binder *b, const void *wbuf, size_t wlen, void *rbuf, size_t rlen,
                      size_t *got);

#endif
