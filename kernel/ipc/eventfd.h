/* kernel/ipc/eventfd.h: eventfd(2) counters (eventfd.c). */
#ifndef PAGELAB_IPC_EVENTFD_H
#define PAGELAB_IPC_EVENTFD_H

#include "kernel/fs/vfs.h"

#define EFD_SEMAPHORE \
    1 /* include/uapi/linux/eventfd.h; EFD_CLOEXEC and
                           EFD_NONBLOCK are O_CLOEXEC and O_NONBLOCK */

/* A new eventfd file with counter initval (flags: EFD_SEMAPHORE,
   O_NONBLOCK): 0 and *out, or -ENOMEM. */
int eventfd_create(uint64_t initval, int flags, struct file **out);

#endif
