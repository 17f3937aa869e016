/*
 * kernel/syscall/sys_membarrier.c: membarrier(2).
 *
 * A memory barrier on every CPU that runs threads of the caller's process
 * (or of every process).  pagelab runs on one CPU, and entering and leaving
 * the kernel serializes it, so when this call returns every other thread
 * has already crossed a full barrier: each command is done by the time it
 * is checked.  What remains is Linux's interface: QUERY's mask, the
 * registrations the expedited commands need (EPERM without), and the
 * errors.  The rseq commands are left out: pagelab has no rseq.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

/* Linux's commands (include/uapi/linux/membarrier.h). */
#define MEMBARRIER_CMD_QUERY                                0
#define MEMBARRIER_CMD_GLOBAL                               (1 << 0)
#define MEMBARRIER_CMD_GLOBAL_EXPEDITED                     (1 << 1)
#define MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED            (1 << 2)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED                    (1 << 3)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED           (1 << 4)
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE          (1 << 5)
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE (1 << 6)
#define MEMBARRIER_CMD_GET_REGISTRATIONS                    (1 << 9)

#define SUPPORTED                                                                             \
    (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                                \
     MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED |            \
     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE | \
     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE | MEMBARRIER_CMD_GET_REGISTRATIONS)

long sys_membarrier(int cmd, unsigned flags, int cpu_id)
{
    (void)cpu_id; /* only MEMBARRIER_CMD_FLAG_CPU (rseq) reads it */
    if (flags)
        return -EINVAL;
    uint32_t *registered = &current->vm->membarrier;
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return SUPPORTED;
    case MEMBARRIER_CMD_GLOBAL:
        return 0;
    case MEMBARRIER_CMD_GET_REGISTRATIONS:
        return *registered;
    case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
        *registered |= (uint32_t)cmd;
        return 0;
    case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
        return 0; /* reaches the processes that registered: all at once here */
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
        return *registered & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED ? 0 : -EPERM;
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
        return *registered & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE ? 0 : -EPERM;
    default:
        return -EINVAL;
    }
}
