/*
 * kernel/proc/sched.h: the scheduler.  Round-robin over runnable processes,
 * a time slice of SCHED_SLICE_TICKS timer ticks, preemption of user code
 * from the timer interrupt (kernel code is not preempted: it runs until it
 * sleeps or returns to user mode), and an idle thread that halts the CPU
 * when nothing can run.
 */
#ifndef PAGELAB_PROC_SCHED_H
#define PAGELAB_PROC_SCHED_H

#include <stdint.h>
#include "kernel/proc/proc.h"

#define SCHED_SLICE_TICKS 5

void sched_init(void);
/* Makes p runnable (puts it at the tail of the run queue). */
void sched_make_runnable(struct proc *p);
/* Gives up the CPU: runs the next runnable process.  The caller has set its
   own state (still PROC_RUNNABLE: it goes to the tail of the queue). */
void schedule(void);
void sched_yield(void);
/* Sleeps until clock_monotonic_ns() >= deadline or a signal; 0 or -EINTR. */
int sched_sleep_until(uint64_t deadline_ns);
/* Starts the first process: never returns. */
void sched_start(void) __attribute__((noreturn));

/* Context switch (kernel/proc/switch.S): saves the callee-saved registers on
   the current stack, stores rsp in *old_rsp, loads new_rsp and returns on it. */
void context_switch(uint64_t *old_rsp, uint64_t new_rsp);
/* Where a new user process's first switch lands: returns to user mode
   through its trap frame (iretq). */
void proc_first_return(void);
void kthread_first_entry(void);
/* Loads every register from tf and returns to user mode with iretq. */
void trap_frame_return(struct trap_frame *tf) __attribute__((noreturn));

/* Saves/restores FPU and SSE state (fxsave64/fxrstor64) and sets CR0/CR4
   so user code may use SSE (kernel/proc/fpu.c). */
void fpu_init(void);
void fpu_save(uint8_t *area);
void fpu_restore(const uint8_t *area);
void fpu_init_state(uint8_t *area);

#endif
