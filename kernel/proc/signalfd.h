/*
 * kernel/proc/signalfd.h: signalfd(2): pending signals read from a
 * descriptor (signalfd.c).
 *
 * A signalfd holds a mask.  Reading it takes the pending signals of the
 * mask that are the reader's (sent to its thread, or to its process), as
 * sigwaitinfo would, each as a 128-byte struct signalfd_siginfo; poll and
 * epoll report POLLIN while one is pending for the polling task.  Signals
 * are normally blocked by the program, else the usual delivery takes them
 * first.  Like Linux's, the file is bound to no process: a child that
 * inherits it reads its own signals.
 */
#ifndef PAGELAB_PROC_SIGNALFD_H
#define PAGELAB_PROC_SIGNALFD_H

#include <stdbool.h>
#include <stdint.h>

struct file;

/* A new signalfd for mask (SIGKILL and SIGSTOP are dropped from it), with
   O_NONBLOCK from flags: 0 and *out, or -ENOMEM. */
int signalfd_create(uint64_t mask, int flags, struct file **out);
bool signalfd_is(const struct file *f);
/* Replaces f's mask (signalfd(2) on an existing descriptor). */
void signalfd_set_mask(struct file *f, uint64_t mask);
/* A signal became pending somewhere: readers and pollers re-check
   (signal.c calls it, interrupts off, from any context). */
void signalfd_notify(void);

#endif
