/* kernel/proc/rusage.h: resource usage (getrusage(2), wait4's rusage). */
#ifndef PAGELAB_PROC_RUSAGE_H
#define PAGELAB_PROC_RUSAGE_H

#include <stdbool.h>
#include <stdint.h>

struct proc;
struct vm_space;

#define RUSAGE_SELF     0 /* getrusage(2) who */
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

/* struct rusage of Linux x86-64: two timevals and 14 longs, 144 bytes. */
struct rusage_linux {
    int64_t utime_sec, utime_usec, stime_sec, stime_usec;
    int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock, oublock;
    int64_t msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};
_Static_assert(sizeof(struct rusage_linux) == 144, "Linux x86-64 struct rusage is 144 bytes");

/* getrusage's who: RUSAGE_SELF (p's process, every thread), RUSAGE_THREAD
   (p alone; faults are its address space's) or RUSAGE_CHILDREN (the
   process's reaped children). */
void rusage_of(const struct proc *p, int who, struct rusage_linux *out);
/* What wait4 reports for a reaped child: its own usage and its children's. */
void rusage_of_reaped(const struct proc *child, struct rusage_linux *out);
/* Adds a reaped child's totals to its parent's children totals. */
void rusage_collect_child(struct proc *parent, const struct proc *child);
/* An address space of leader's process is going (exec, exit): its fault
   counts and its high-water mark are kept in the leader. */
void rusage_keep_vm_counts(struct proc *leader, const struct vm_space *vm);

#endif
