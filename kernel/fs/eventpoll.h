/*
 * kernel/fs/eventpoll.h: epoll(7).
 *
 * An epoll instance is an open file holding a set of watched (file, fd)
 * pairs, each with the events it wants and 64 bits of user data.  Each
 * watch puts an entry on the wait queues its file names in poll (kernel/
 * lib/poll.h) whose wake function moves the watch to the instance's ready
 * list and wakes its waiters: the work of finding ready files is done when
 * they change, not by epoll_wait, which only re-asks the files on the ready
 * list.  Level-triggered watches stay on the list while they are ready;
 * EPOLLET ones leave it once reported (until the next wake-up); EPOLLONESHOT
 * ones are disabled once reported (until EPOLL_CTL_MOD).
 *
 * A watch does not keep its file open: when the file's last reference goes
 * (file_put), its watches are removed (eventpoll_release_file), as on Linux.
 * Files without a poll operation (regular files, directories) cannot be
 * watched: EPERM.  An epoll file can watch another (readable when that one
 * has ready events), up to EP_MAX_NESTS deep and without cycles (ELOOP).
 */
#ifndef PAGELAB_FS_EVENTPOLL_H
#define PAGELAB_FS_EVENTPOLL_H

#include <stdbool.h>
#include <stdint.h>

struct file;

#define EP_MAX_NESTS 4 /* Linux's limit on epoll-in-epoll depth */

/* Linux's struct epoll_event: packed on x86-64, 12 bytes. */
struct epoll_event_linux {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

/* A new, empty epoll file in *out (referenced).  0 or -ENOMEM. */
int eventpoll_create(struct file **out);
bool file_is_eventpoll(const struct file *f);

/* epoll_ctl(2) on the epoll file ep for (f, fd); ev is ignored for DEL.
   0 or -EINVAL/-EEXIST/-ENOENT/-EPERM/-ELOOP/-ENOMEM. */
int eventpoll_ctl(struct file *ep, int op, int fd, struct file *f,
                  const struct epoll_event_linux *ev);

/* epoll_wait(2): up to maxevents (> 0) events into the user array at
   uevents.  Waits until one is ready, a signal (-EINTR) or the deadline
   (0 events); deadline_ns 0 waits for ever, nowait does not wait at all.
   The number of events or -EFAULT. */
long eventpoll_wait(struct file *ep, uint64_t uevents, int maxevents, uint64_t deadline_ns,
                    bool nowait);

/* f's last reference is going: every watch of it is removed (fs/file.c). */
void eventpoll_release_file(struct file *f);

#endif
