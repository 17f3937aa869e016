/* signal.h (POSIX): Linux x86-64 signal numbers and flags. */
#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>

#include <pagelab/signal_values.h>
#define NSIG 65
#define _NSIG NSIG

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

typedef struct { unsigned long __bits; } sigset_t;
typedef int sig_atomic_t;

union sigval { int sival_int; void *sival_ptr; };

/* Linux's struct sigevent (64 bytes), for mq_notify and timer_create. */
#define SIGEV_SIGNAL    0
#define SIGEV_NONE      1
#define SIGEV_THREAD    2
#define SIGEV_THREAD_ID 4 /* Linux: the signal goes to thread sigev_notify_thread_id */
struct sigevent {
    union sigval sigev_value;
    int sigev_signo;
    int sigev_notify;
    union {
        int __pad[12];
        int __tid;
        struct {
            void (*sigev_notify_function)(union sigval);
            void *sigev_notify_attributes;
        } __sigev_thread;
    } __u;
};
#define sigev_notify_function __u.__sigev_thread.sigev_notify_function
#define sigev_notify_attributes __u.__sigev_thread.sigev_notify_attributes
#define sigev_notify_thread_id __u.__tid

/* Linux's siginfo: 128 bytes, the union at offset 16. */
typedef struct {
    int si_signo;
    int si_errno;
    int si_code;
    int __pad;
    union {
        char __size[112];
        struct { pid_t pid; uid_t uid; int status; int __pad; long utime, stime; } __chld;
        struct { pid_t pid; uid_t uid; union sigval value; } __rt;
        struct { void *addr; } __fault;
        struct { int timerid; int overrun; union sigval value; } __timer; /* SI_TIMER */
    } __u;
} siginfo_t;
#define si_pid __u.__chld.pid
#define si_uid __u.__chld.uid
#define si_status __u.__chld.status
#define si_utime __u.__chld.utime
#define si_stime __u.__chld.stime
#define si_value __u.__rt.value
#define si_int __u.__rt.value.sival_int
#define si_ptr __u.__rt.value.sival_ptr
#define si_addr __u.__fault.addr
#define si_timerid __u.__timer.timerid
#define si_overrun __u.__timer.overrun

/* si_code (Linux's values). */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_MESGQ (-3)
#define SI_ASYNCIO (-4)
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* Real-time signals: 34..64, as glibc (32 and 33 are kept for threads). */
#define SIGRTMIN 34
#define SIGRTMAX 64

struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    sigset_t sa_mask;
    int sa_flags;
    void (*sa_restorer)(void);
};

sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *restrict act, struct sigaction *restrict old);
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
struct timespec;
int sigqueue(pid_t pid, int sig, const union sigval value);
int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
                 const struct timespec *restrict timeout);
int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info);
int sigwait(const sigset_t *restrict set, int *restrict sig);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

#endif
