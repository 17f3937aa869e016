/*
 * kernel/entry/usermode_test.h: running bare ring-3 code from an in-kernel
 * test (usermode_test.c), before or without any process.
 *
 * While usermode_test_run points at a run, an exception in ring 3 is not a
 * signal: trap.c records it here and resumes the kernel at resume_rip on
 * resume_rsp (usermode_test_entry.S); timer ticks are counted here instead
 * of going to the scheduler.
 */
#ifndef PAGELAB_ENTRY_USERMODE_TEST_H
#define PAGELAB_ENTRY_USERMODE_TEST_H

#include <stdint.h>
#include "kernel/hw/trap.h"

struct usermode_test_run {
    uint64_t resume_rip, resume_rsp; /* where the kernel goes on */
    int signo;                       /* the signal the exception means */
    uint64_t addr;                   /* CR2, or the faulting rip */
    struct trap_frame frame;         /* as the exception left it */
    uint64_t rsp;                    /* the kernel stack it was handled on */
    uint64_t gs_base;                /* GS base inside the handler */
    int calls;
    int ticks_from_user;
};

extern struct usermode_test_run *usermode_test_run;

#endif
