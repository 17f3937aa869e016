/*
 * pagelab/sched_values.h: clone(2) and clone3 flags and the scheduling
 * policies, Linux's values (include/uapi/linux/sched.h), shared by the
 * kernel and our libc.
 */
#ifndef PAGELAB_UAPI_SCHED_VALUES_H
#define PAGELAB_UAPI_SCHED_VALUES_H

#define CSIGNAL              0x000000ff /* the signal sent to the parent at exit */
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_PIDFD          0x00001000
#define CLONE_PTRACE         0x00002000
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_NEWNS          0x00020000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_UNTRACED       0x00800000
#define CLONE_CHILD_SETTID   0x01000000
#define CLONE_NEWCGROUP      0x02000000
#define CLONE_NEWUTS         0x04000000
#define CLONE_NEWIPC         0x08000000
#define CLONE_NEWUSER        0x10000000
#define CLONE_NEWPID         0x20000000
#define CLONE_NEWNET         0x40000000
#define CLONE_IO             0x80000000
/* clone3 only (64-bit flags). */
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#define CLONE_INTO_CGROUP   0x200000000ull
#define CLONE_NEWTIME       0x00000080 /* clone3 and unshare only */

/* Scheduling policies (sched(7)); RESET_ON_FORK may be or-ed in. */
#define SCHED_OTHER         0
#define SCHED_FIFO          1
#define SCHED_RR            2
#define SCHED_BATCH         3
#define SCHED_IDLE          5
#define SCHED_RESET_ON_FORK 0x40000000

#define CLONE_NEW_NAMESPACES                                                                \
    (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
     CLONE_NEWNET)

#endif
