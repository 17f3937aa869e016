/*
 * kernel/proc/sched.h: the scheduler.  Round-robin over runnable processes,
 * a time slice of SCHED_SLICE_TICKS timer ticks, preemption of user code
 * from the timer interrupt (kernel code is not preempted: it runs until it
 * sleeps or returns to user mode), and an idle thread that halts the CPU
 * when nothing can run.  Sleeping and waking go through the wait queues of
 * kernel/lib/wait.h, whose scheduler side (sched_block, sched_wake) is here.
 */
#ifndef PAGELAB_PROC_SCHED_H
#define PAGELAB_PROC_SCHED_H

#include <stdint.h>
#include "kernel/hw/segments.h"
#include "kernel/lib/wait.h"
#include "kernel/proc/proc.h"

#define SCHED_SLICE_TICKS 5 /* at nice 0; sched_policy.c scales it by nice */

/* Nice values (setpriority(2)); the policies are in sched_values.h. */
#define NICE_MIN (-20)
#define NICE_MAX 19

/* The CPU's task-state segment: rsp0 follows the running process's kernel
   stack.  The GDT points at it (kernel/entry/gdt.c), which also fills in
   the IST stacks. */
extern struct tss cpu_tss;

void sched_init(void);
/* p's next time slice in ticks: SCHED_SLICE_TICKS weighted by its nice
   value as Linux weighs CPU shares (each step of nice is about 10% of
   CPU); sched_slice_ns is its exact length (sched_rr_get_interval). */
int sched_next_slice(struct proc *p);
uint64_t sched_slice_ns(const struct proc *p);
/* A new task's policy and nice value, from its creator's (fork, clone):
   inherited, unless the creator asked for SCHED_RESET_ON_FORK. */
void sched_policy_fork(struct proc *child, const struct proc *parent);
/* Makes p runnable (puts it at the tail of the run queue). */
void sched_make_runnable(struct proc *p);
/* Gives up the CPU: runs the next runnable process.  The caller has set its
   own state (still PROC_RUNNABLE: it goes to the tail of the queue). */
void schedule(void);
void sched_yield(void);
/* On the way back to user mode: switches away if the running process used
   up its time slice (in user mode or in the kernel). */
void sched_preempt_if_due(void);
/* Sleeps until clock_monotonic_ns() >= deadline or a signal; 0 or -EINTR. */
int sched_sleep_until(uint64_t deadline_ns);
/* The timer's tick, with the interrupted frame: time accounting, timed
   sleepers, preemption of user code (called by kernel/entry/trap.c). */
void sched_tick(struct trap_frame *tf);
/* Where switched-out task p stopped (not the running one): the return
   address context_switch goes back to, and the frame pointer it saved,
   for walking p's kernel stack (/proc/PID/stack). */
void sched_switched_out_frame(const struct proc *p, uint64_t *ret, uint64_t *rbp);
/* Starts the first process: never returns. */
void sched_start(void) __attribute__((noreturn));

/* Saves/restores FPU and SSE state (fxsave64/fxrstor64) and sets CR0/CR4
   so user code may use SSE (kernel/proc/fpu.c). */
void fpu_init(void);
void fpu_save(uint8_t *area);
void fpu_restore(const uint8_t *area);
void fpu_init_state(uint8_t *area);

/*
 * The assembly the scheduler stands on, in kernel/entry/switch.S (the
 * entry code: the layer that knows the stack layouts):
 *
 * context_switch saves the callee-saved registers on the current stack,
 * stores rsp in *old_rsp, loads new_rsp and returns on it.  A new process's
 * first switch lands in proc_first_return, which leaves for user mode
 * through the trap frame at the top of its kernel stack; a new kernel
 * thread's in kthread_first_entry.  trap_frame_return loads every register
 * from tf and returns to user mode with iretq.
 */
void context_switch(uint64_t *old_rsp, uint64_t new_rsp);
void proc_first_return(void);
void kthread_first_entry(void);
void trap_frame_return(struct trap_frame *tf) __attribute__((noreturn));

#endif
