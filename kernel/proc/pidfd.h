/*
 * kernel/proc/pidfd.h: process descriptors (pidfd_open(2)): a file that
 * names one process, for pidfd_send_signal, waitid(P_PIDFD) and poll.
 */
#ifndef PAGELAB_PROC_PIDFD_H
#define PAGELAB_PROC_PIDFD_H

#include <stdbool.h>
#include "kernel/fs/vfs.h"

struct proc;

/* A new pidfd file for the process that leader leads (flags: O_NONBLOCK).
   0 or -ENOMEM. */
int pidfd_create(struct proc *leader, int flags, struct file **out);
/* Is f a pidfd? */
bool pidfd_is(const struct file *f);
/* The process a pidfd names (its leader, a zombie until reaped), or NULL
   once it is reaped: never another process that got its number since. */
struct proc *pidfd_process(const struct file *f);
/* The process's number, still known after it is gone. */
int pidfd_pid(const struct file *f);
/* A process has ended (its last thread): pollers look again. */
void pidfd_process_ended(void);

#endif
