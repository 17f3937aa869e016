/*
 * kernel/proc/signalfd.c: signalfd files (signalfd.h).
 *
 *   read(n >= 128)  as many pending signals of the mask as whole records
 *                   fit in n, each taken like sigwaitinfo takes it; waits
 *                   (or EAGAIN with O_NONBLOCK) while there is none;
 *                   n < 128: EINVAL
 *   poll            POLLIN while one of the mask is pending for the caller
 *
 * Which task a signal is pending for is only known when it is sent, and a
 * file is bound to no task, so every signal sent wakes the one queue all
 * signalfd readers and pollers wait on (signalfd_notify); each re-checks
 * its own pending signals.  One queue that never goes away also means an
 * epoll watch never outlives the queue it sits on.
 */
#include "kernel/proc/signalfd.h"
#include "kernel/fs/anon_inode.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/vfs.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

/* Linux's struct signalfd_siginfo (include/uapi/linux/signalfd.h). */
struct signalfd_siginfo {
    uint32_t ssi_signo;
    int32_t ssi_errno, ssi_code;
    uint32_t ssi_pid, ssi_uid;
    int32_t ssi_fd;
    uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
    int32_t ssi_status, ssi_int;
    uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
    uint16_t ssi_addr_lsb, pad2;
    int32_t ssi_syscall;
    uint64_t ssi_call_addr;
    uint32_t ssi_arch;
    uint8_t pad[28];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "Linux's signalfd_siginfo is 128 bytes");

struct signalfd {
    struct inode inode; /* first: evict gets from it to the signalfd */
    uint64_t mask;
};

static struct waitqueue signalled = WAITQUEUE_INIT(signalled);

void signalfd_notify(void) { wake_up(&signalled); }

static uint64_t mask_of(struct file *f) { return ((struct signalfd *)f->private)->mask; }

/* The caller's pending signals of mask (its own and its process's). */
static bool any_pending(uint64_t mask)
{
    return (current->sig.pending.set | current->group->shared_pending.set) & mask;
}

/* The record for info: the fields its kind of siginfo fills (Linux's
   signalfd_copyinfo). */
static void fill(struct signalfd_siginfo *s, const struct ksiginfo *info)
{
    *s = (struct signalfd_siginfo){ .ssi_signo = (uint32_t)info->si_signo,
                                    .ssi_errno = info->si_errno,
                                    .ssi_code = info->si_code };
    int sig = info->si_signo, code = info->si_code;
    if (code == SI_TIMER) {
        s->ssi_tid = (uint32_t)info->timer.tid;
        s->ssi_overrun = (uint32_t)info->timer.overrun;
        s->ssi_int = (int32_t)info->timer.value;
        s->ssi_ptr = info->timer.value;
    } else if (code <= 0) { /* from a process: kill, sigqueue, tkill, mq_notify */
        s->ssi_pid = (uint32_t)info->kill.pid;
        s->ssi_uid = info->kill.uid;
        s->ssi_int = (int32_t)info->kill.value;
        s->ssi_ptr = info->kill.value;
    } else if (sig == SIGCHLD && code != SI_KERNEL) {
        s->ssi_pid = (uint32_t)info->chld.pid;
        s->ssi_uid = info->chld.uid;
        s->ssi_status = info->chld.status;
        s->ssi_utime = (uint64_t)info->chld.utime;
        s->ssi_stime = (uint64_t)info->chld.stime;
    } else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
               sig == SIGTRAP) {
        s->ssi_addr = info->addr;
    }
}

static long signalfd_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    (void)pos;
    const size_t rec = sizeof(struct signalfd_siginfo);
    if (n < rec)
        return -EINVAL;
    size_t done = 0;
    while (done + rec <= n) {
        struct ksiginfo info;
        uint64_t mask = mask_of(f);
        if (!signal_dequeue(mask, &info)) {
            if (done)
                break; /* only the first record waits */
            if (f->flags & O_NONBLOCK)
                return -EAGAIN;
            if (wait_event_interruptible(&signalled, any_pending(mask_of(f))))
                return -EINTR;
            continue;
        }
        struct signalfd_siginfo s;
        fill(&s, &info);
        struct iobuf b = *buf;
        b.mech = MECH_SYSCALL_ARGS;
        /* A record that cannot be written is lost, as on Linux. */
        if (iobuf_copy_out(&b, done, &s, rec))
            return done ? (long)done : -EFAULT;
        done += rec;
    }
    return (long)done;
}

static uint32_t signalfd_poll(struct file *f, struct poll_table *pt)
{
    poll_wait(pt, &signalled);
    return any_pending(mask_of(f)) ? POLLIN | POLLRDNORM : 0;
}

static const struct file_ops signalfd_fops = {
    .read = signalfd_read,
    .poll = signalfd_poll,
};

static const struct inode_ops signalfd_iops = {
    .evict = anon_inode_kfree, /* the inode is the signalfd's first member */
};

bool signalfd_is(const struct file *f) { return f->fops == &signalfd_fops; }

void signalfd_set_mask(struct file *f, uint64_t mask)
{
    ((struct signalfd *)f->private)->mask = mask & ~SIGNAL_UNBLOCKABLE;
    wake_up(&signalled); /* pollers of f may be ready now */
}

int signalfd_create(uint64_t mask, int flags, struct file **out)
{
    struct signalfd *s = kzalloc(sizeof *s);
    if (!s)
        return -ENOMEM;
    anon_inode_init(&s->inode, &signalfd_iops, &signalfd_fops);
    s->mask = mask & ~SIGNAL_UNBLOCKABLE;
    return anon_inode_file(&s->inode, flags, s, out);
}
