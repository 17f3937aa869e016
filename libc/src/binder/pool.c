/*
 * libc/src/binder/pool.c: the looper pool (pagelab/binder.h).
 *
 * The kernel keys binder threads by thread id: a call goes to a looper
 * that is waiting for work, and when none is left it asks the process for
 * another one (BR_SPAWN_LOOPER, at most BINDER_SET_MAX_THREADS of them).
 * Each looper started here gets a struct binder of its own, because what
 * the library queues between ioctls (frees, acknowledgements, a reply) is
 * per thread, as the kernel's transaction stack is: a reply must leave on
 * the thread that took the call.  A handler running on a pool thread
 * calls through the process's struct binder; binder_for_this_thread sends
 * that call out on the pool thread's own queue.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/ioctl.h>

#include "binder_lib.h"

/* The pool thread's own struct binder (NULL on every other thread). */
static __thread struct binder *this_looper;

struct binder *binder_for_this_thread(struct binder *b)
{
    struct binder *mine = this_looper;
    return mine && mine->fd == b->fd ? mine : b;
}

int binder_set_max_threads(struct binder *b, uint32_t n)
{
    if (ioctl(b->fd, BINDER_SET_MAX_THREADS, &n) < 0)
        return -1;
    b->max_threads = n;
    return 0;
}

static void *looper_main(void *arg)
{
    struct binder *self = arg;
    this_looper = self;
    uint32_t cmd = BC_REGISTER_LOOPER;
    if (binder_write(self, &cmd, sizeof cmd) == 0)
        while (binder_serve_once(self) == 0)
            ;
    /* Only an error ends a looper: tell the kernel it is gone. */
    cmd = BC_EXIT_LOOPER;
    binder_write(self, &cmd, sizeof cmd);
    this_looper = NULL;
    free(self);
    return NULL;
}

int binder_spawn_looper(struct binder *b)
{
    if (b->max_threads == 0)
        return 0; /* not ours to answer: the pool was never asked for */
    struct binder *self = calloc(1, sizeof *self);
    if (!self)
        return -ENOMEM;
    self->fd = b->fd;
    self->map = b->map;
    self->mapsize = b->mapsize;
    self->server = b->server;
    self->has_server = b->has_server;
    self->max_threads = b->max_threads;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int e = pthread_create(&t, &attr, looper_main, self);
    pthread_attr_destroy(&attr);
    if (e) {
        free(self);
        return -e;
    }
    return 0;
}
