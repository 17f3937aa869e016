/*
 * kernel/proc/proc.h: tasks (threads) and processes.
 *
 * A struct proc is one task: what the scheduler runs (`current` is the
 * running one).  It has a task id (pid here, gettid(2)), a kernel stack its
 * kernel code runs on, the saved FPU/SSE state and FS base (TLS) of its user
 * code, its own signal mask and pending set.  Its user registers live in the
 * struct trap_frame at the top of its kernel stack while it is in the kernel.
 *
 * A process is a thread group (kernel/proc/thread_group.h): tasks cloned
 * with CLONE_THREAD share it, with its id (tgid: getpid(2)), its parent
 * and children (kept by the leader: a child forked by any thread is the
 * process's child), its process-directed signals, timers, limits and
 * ledger.  Other parts are shared by reference when clone asks:
 *   vm       the address space (CLONE_VM; vm->users counts the tasks)
 *   files    the descriptor table with the cwd and umask (CLONE_FILES and
 *            CLONE_FS together: one struct holds both, so clone accepts
 *            the two only together or neither, EINVAL otherwise)
 *   sighand  the signal handlers (CLONE_SIGHAND)
 *
 * A task is on the list of all tasks from creation until it is freed: a
 * thread that is not its group's leader frees itself when it exits; the
 * leader stays (a zombie if it exits first) until the parent reaps the
 * whole process.  The table is protected by disabling interrupts (one CPU).
 */
#ifndef PAGELAB_PROC_PROC_H
#define PAGELAB_PROC_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/hw/trap.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/thread_group.h"

#define INIT_PID        1 /* the first process: orphans' parent, immune to stray signals */
#define PROC_COMM_LEN   16
#define KSTACK_SIZE     (16 * 1024)
#define FPU_STATE_SIZE  512 /* FXSAVE area (SDM vol. 1, 10.5.1) */
#define PROC_HELD_FILES 4

enum proc_state {
    PROC_RUNNABLE, /* on the run queue, or running */
    PROC_SLEEPING, /* waiting (kernel/lib/wait.h) for a wake-up or a deadline */
    PROC_ZOMBIE,   /* exited; waiting for its parent's wait4 */
};

struct vm_space;
struct files;
struct inode;
struct sem_undo_list;

struct proc {
    int pid;                  /* the task id (gettid); the leader's is the process id */
    int tgid;                 /* the process id (getpid): group->tgid */
    int pgid;                 /* the process group; every thread of a process has the same */
    int sid;                  /* the session (kernel/proc/pgrp.h); the same too */
    char comm[PROC_COMM_LEN]; /* program name, as Linux's /proc/PID/comm */
    /* Why its last execve said ENOEXEC ("" if it did not): execve has only
       the errno, so a shell reads the reason in /proc/self/exec_refusal. */
    char exec_refusal[96];
    enum proc_state state;
    bool is_kthread;

    /* Family, kept by the group leader: parent (init once orphaned),
       children, reaped by wait4.  Other threads' parent is NULL. */
    struct proc *parent;
    struct list_head children;
    struct list_head sibling;
    int exit_signal; /* sent to the parent at exit (0: none) */
    struct thread_group *group;
    struct list_head group_link;    /* on group->threads */
    struct list_head all_link;      /* on proc_all */
    struct list_head run_link;      /* the run queue, while runnable */
    struct list_head timer_link;    /* timed sleepers, while wake_at_ns != 0 */
    struct waitqueue child_waiters; /* this process waiting for a child */
    int exit_status;                /* Linux wait status word, once a zombie */

    /* Execution context. */
    uint8_t *kstack;               /* KSTACK_SIZE bytes; top = kstack + KSTACK_SIZE */
    uint64_t saved_rsp;            /* kernel rsp while switched out */
    struct trap_frame *user_frame; /* user registers (top of kstack) */
    uint64_t fs_base;              /* arch_prctl(ARCH_SET_FS): TLS */
    uint8_t fpu[FPU_STATE_SIZE] __attribute__((aligned(16)));
    struct vm_space *vm;      /* NULL for kernel threads */
    uint64_t clear_child_tid; /* set_tid_address, CLONE_CHILD_CLEARTID */
    uint64_t robust_list;     /* set_robust_list: the held robust futexes' list head */
    uint64_t set_child_tid;   /* CLONE_CHILD_SETTID: written on first entry */
    /* CLONE_VFORK: the creator's wait (on its stack, exit.h), until this
       task execs or exits; NULL otherwise. */
    struct vfork_wait *vfork_wait;
    int ticks_left;       /* of this time slice */
    int nice;             /* -20..19 (setpriority): the slice's length */
    uint32_t slice_carry; /* the fraction of a tick owed from the last slice */
    int policy;           /* SCHED_OTHER, SCHED_BATCH or SCHED_IDLE (sched_values.h) */
    bool reset_on_fork;   /* SCHED_RESET_ON_FORK */
    int pdeath_signal;    /* prctl(PR_SET_PDEATHSIG): sent when the parent process ends */
    bool undumpable;      /* prctl(PR_SET_DUMPABLE, 0); the same in every thread */
    uint64_t wake_at_ns;  /* deadline of the current sleep; 0 if none */
    uint64_t start_ns;

    /* CPU time: exact nanoseconds on the CPU (summed at each switch), and
       timer ticks sampled in user and kernel mode for the user/system split. */
    uint64_t cpu_ns;
    uint64_t on_cpu_since_ns;
    uint64_t user_ticks, system_ticks;
    /* Faults of address spaces that are gone (exec), and the totals of
       reaped children (RUSAGE_CHILDREN). */
    uint64_t past_minor_faults, past_major_faults;
    uint64_t child_user_ticks, child_system_ticks, child_minor_faults, child_major_faults;
    /* The most pages resident at once: in address spaces that are gone
       (exec), and in the biggest reaped child (ru_maxrss, as Linux keeps). */
    uint64_t past_peak_resident, child_peak_resident;

    struct signal_state sig; /* mask, pending set; sig.hand is shared */

    /* Open files and the working directory (kernel/fs/fdtable.h); NULL for
       kernel threads.  Shared by the threads of a process. */
    struct files *files;
    /* The current directory and umask (fdtable.h): shared with CLONE_FS
       (threads), copied by fork; NULL for kernel threads. */
    struct fs_context *fs;
    /* Files a syscall in progress uses (kernel/syscall/syscall.c holds a
       reference on each, so another thread's close cannot free them). */
    struct file *held_files[PROC_HELD_FILES];
    int nheld_files;
    struct inode *held_cwd; /* the same for the current directory */

    /* System V semaphore undo records (kernel/ipc/sysv_sem.h), kept by the
       group leader for the whole process: applied when the process ends;
       NULL until the first SEM_UNDO; not inherited by fork. */
    struct sem_undo_list *sem_undo;

    /* strace: each syscall is written as a line to trace_file (kernel/
       syscall/strace.c); children inherit it when trace_children. */
    struct file *trace_file;
    bool trace_children;
};

extern struct proc *current;
extern struct list_head proc_all;
/* The last pid given to a new task. */
int proc_last_pid(void);

void proc_init(void);
/* A new task (pid assigned, kernel stack allocated, on proc_all), not yet
   runnable: a thread of `group` when it is not NULL, else the leader of a
   new process, child of parent, with its own signal handlers (a copy of
   parent's, or defaults).  NULL when out of memory. */
struct proc *proc_alloc(struct proc *parent, struct thread_group *group);
/* Frees a task's remaining memory (a reaped zombie, a thread that ended). */
void proc_free(struct proc *p);
/* The task with this id (any state), or NULL. */
struct proc *proc_find(int pid);
/* The process whose id, or one of whose threads' ids, is pid (its leader),
   while it still has a live thread (not a kernel thread); else NULL. */
struct proc *proc_find_process(int pid);
/* The parent process (its leader) of p's process; NULL for kernel threads. */
struct proc *proc_parent(const struct proc *p);
static inline bool proc_is_leader(const struct proc *p) { return p->pid == p->tgid; }
/* Gives p another pid and restarts numbering after it (the idle thread: 0). */
void proc_pid_reset(struct proc *p, int pid);
void proc_set_comm(struct proc *p, const char *path);

/* Lays out p's kernel stack so that the first switch to it enters entry
   (proc_first_return or kthread_first_entry) with r12 and r13 set. */
void proc_prepare_switch(struct proc *p, void (*entry)(void), uint64_t r12, uint64_t r13);

/* Starts a kernel thread running fn(arg); returns it or NULL. */
struct proc *kthread_create(const char *name, void (*fn)(void *), void *arg);

/* Nanoseconds p has run on the CPU, including the current slice. */
uint64_t proc_cpu_ns(const struct proc *p);

/* Ends the calling kernel thread. */
void kthread_exit(void) __attribute__((noreturn));

#endif
