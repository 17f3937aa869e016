/*
 * kernel/proc/proc.h: processes.
 *
 * A process has a pid, a parent, an address space (kernel threads have
 * none), a kernel stack its kernel code runs on, the saved FPU/SSE state of
 * its user code, its signal state and its own copy-ledger counts.  Its user
 * registers live in the struct trap_frame at the top of its kernel stack
 * while it is in the kernel (syscall or interrupt).
 *
 * Every process is on the list of all processes from creation until its
 * parent reaps it; the table is protected by disabling interrupts (one CPU).
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

#define INIT_PID       1 /* the first process: orphans' parent, immune to stray signals */
#define PROC_COMM_LEN  16
#define KSTACK_SIZE    (16 * 1024)
#define FPU_STATE_SIZE 512 /* FXSAVE area (SDM vol. 1, 10.5.1) */

enum proc_state {
    PROC_RUNNABLE, /* on the run queue, or running */
    PROC_SLEEPING, /* waiting (kernel/lib/wait.h) for a wake-up or a deadline */
    PROC_ZOMBIE,   /* exited; waiting for its parent's wait4 */
};

struct vm_space;
struct files;
struct sem_undo_list;

struct proc {
    int pid;
    int pgid;
    char comm[PROC_COMM_LEN]; /* program name, as Linux's /proc/PID/comm */
    enum proc_state state;
    bool is_kthread;

    /* Family: parent (init once orphaned), children, reaped by wait4. */
    struct proc *parent;
    struct list_head children;
    struct list_head sibling;
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
    uint64_t clear_child_tid; /* set_tid_address */
    int ticks_left;           /* of this time slice */
    uint64_t wake_at_ns;      /* deadline of the current sleep; 0 if none */
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

    struct signal_state sig;
    struct ledger_counts ledger;

    /* Open files and the working directory (kernel/fs/fdtable.h); NULL for
       kernel threads. */
    struct files *files;

    /* System V semaphore undo records (kernel/ipc/sysv_sem.h): applied at
       exit; NULL until the first SEM_UNDO; not inherited by fork. */
    struct sem_undo_list *sem_undo;

    /* strace: each syscall is written as a line to trace_file (kernel/
       syscall/strace.c); children inherit it when trace_children. */
    struct file *trace_file;
    bool trace_children;
};

extern struct proc *current;
extern struct list_head proc_all;

void proc_init(void);
/* A new process (pid assigned, kernel stack allocated, on proc_all, child
   of parent), not yet runnable.  NULL when out of memory. */
struct proc *proc_alloc(struct proc *parent);
/* Frees a reaped zombie's remaining memory. */
void proc_free(struct proc *p);
struct proc *proc_find(int pid);
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
