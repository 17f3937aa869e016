/*
 * kernel/proc/siginfo.h: what a signal carries besides its number (Linux's
 * x86-64 siginfo_t, 128 bytes: include/uapi/asm-generic/siginfo.h), and the
 * queues pending instances wait in.
 *
 * Every pending instance of a signal has a queue entry with its siginfo
 * (who sent it, why, sigqueue's value) next to the pending bit of its set:
 * a standard signal has at most one instance (a second one sent while the
 * first waits is merged into it), a real-time one (SIGRTMIN..64) is queued
 * once per send, up to the target's RLIMIT_SIGPENDING.  The handler
 * (SA_SIGINFO), sigtimedwait and waitid read the siginfo.
 */
#ifndef PAGELAB_PROC_SIGINFO_H
#define PAGELAB_PROC_SIGINFO_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/lib/list.h"

#define SIGRTMIN_KERNEL 32 /* the first real-time signal (queued) */

/* si_code values (siginfo.h): <= 0 come from a process, > 0 from the kernel. */
#define SI_USER       0    /* kill, raise */
#define SI_KERNEL     0x80 /* the kernel itself */
#define SI_QUEUE      (-1) /* sigqueue */
#define SI_TIMER      (-2)
#define SI_MESGQ      (-3)
#define SI_TKILL      (-6) /* tkill, tgkill */
#define CLD_EXITED    1    /* SIGCHLD */
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

struct ksiginfo {
    int32_t si_signo, si_errno, si_code, pad;
    union {
        struct { /* kill, sigqueue, tkill */
            int32_t pid;
            uint32_t uid;
            uint64_t value; /* sigqueue's union sigval */
        } kill;
        struct { /* SIGCHLD */
            int32_t pid;
            uint32_t uid;
            int32_t status; /* exit code, or the signal */
            int32_t pad;
            int64_t utime, stime; /* clock ticks */
        } chld;
        struct {             /* POSIX timers (SI_TIMER) */
            int32_t tid;     /* si_timerid */
            int32_t overrun; /* si_overrun: expiries the signal stands for, minus 1 */
            uint64_t value;  /* si_value: the sigevent's sigev_value */
        } timer;
        uint64_t addr; /* faults */
        uint8_t raw[112];
    };
};
_Static_assert(sizeof(struct ksiginfo) == 128, "Linux's siginfo_t is 128 bytes");

/* A set of pending signals: the bits, and one entry per instance. */
struct sigpending {
    uint64_t set;
    struct list_head queue; /* struct sigq_entry */
};

void sigpending_init(struct sigpending *sp);
/* Adds an instance of info->si_signo to sp.  A standard signal already
   pending is merged (0).  A real-time one beyond *count >= limit, or out
   of memory: -EAGAIN (the caller decides whether the bit alone will do). */
int sigpending_add(struct sigpending *sp, const struct ksiginfo *info, int *count, uint64_t limit);
/* Sets the bit alone (an instance whose siginfo could not be kept). */
void sigpending_add_bare(struct sigpending *sp, int sig);
/* Takes the first instance of sig out of sp into *info (a bare bit gives
   an SI_USER info with no sender).  False if sig was not pending. */
bool sigpending_take(struct sigpending *sp, int sig, struct ksiginfo *info, int *count);
/* The instance of sig sent by POSIX timer timerid still waiting in sp
   (its siginfo can still be changed: the overrun), or NULL. */
struct ksiginfo *sigpending_find_timer(struct sigpending *sp, int sig, int timerid);
/* Drops that instance, if it still waits (a timer deleted or set again:
   Linux drops the signal of its former arming); *count as for take. */
void sigpending_remove_timer(struct sigpending *sp, int sig, int timerid, int *count);
/* Drops every instance of the signals in mask. */
void sigpending_flush(struct sigpending *sp, uint64_t mask, int *count);

#endif
