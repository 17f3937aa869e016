/* sched.h (POSIX): giving up the CPU, scheduling policies and parameters;
   sched_getaffinity/sched_setaffinity and getcpu as Linux (with _GNU_SOURCE
   in glibc and musl; always declared here). */
#ifndef _SCHED_H
#define _SCHED_H
#include <stddef.h>
#include <sys/types.h>
#include <time.h>
#include <pagelab/sched_values.h>

struct sched_param {
    int sched_priority;
};

int sched_yield(void);
int sched_get_priority_max(int policy);
int sched_get_priority_min(int policy);
int sched_getparam(pid_t pid, struct sched_param *param);
int sched_setparam(pid_t pid, const struct sched_param *param);
int sched_getscheduler(pid_t pid);
int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param);
int sched_rr_get_interval(pid_t pid, struct timespec *interval);

/* CPU sets: a bit per CPU, as glibc's and musl's cpu_set_t (1024 CPUs). */
typedef struct {
    unsigned long __bits[1024 / (8 * sizeof(unsigned long))];
} cpu_set_t;
#define __CPU_WORD(cpu) ((cpu) / (8 * sizeof(unsigned long)))
#define __CPU_BIT(cpu)  (1UL << ((cpu) % (8 * sizeof(unsigned long))))
#define CPU_SETSIZE     1024
#define CPU_ZERO(set)   __builtin_memset((set), 0, sizeof(cpu_set_t))
#define CPU_SET(cpu, set)   ((set)->__bits[__CPU_WORD(cpu)] |= __CPU_BIT(cpu))
#define CPU_CLR(cpu, set)   ((set)->__bits[__CPU_WORD(cpu)] &= ~__CPU_BIT(cpu))
#define CPU_ISSET(cpu, set) (((set)->__bits[__CPU_WORD(cpu)] & __CPU_BIT(cpu)) != 0)
int __sched_cpucount(size_t size, const cpu_set_t *set);
#define CPU_COUNT(set) __sched_cpucount(sizeof(cpu_set_t), (set))
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getcpu(void);

#endif
