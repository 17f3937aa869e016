/*
 * kernel/ipc/ipc_sysctl.h: reading the numbers a program writes to an IPC
 * limit under /proc/sys (kernel/msgmax, kernel/sem, fs/mqueue/msg_max ...),
 * as Linux's proc_dointvec_minmax and proc_doulongvec_minmax take them:
 * blanks around, an optional sign, decimal digits; a value outside
 * [min, max] or anything else is EINVAL and changes nothing.
 */
#ifndef PAGELAB_IPC_IPC_SYSCTL_H
#define PAGELAB_IPC_IPC_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#define IPC_SYSCTL_MAX_VALUES 4 /* kernel/sem holds four */

/* Reads count numbers from data[0..len) into out: 0 or -EINVAL.  Fewer
   numbers than count leave the rest of out as it was (Linux's vectors). */
int ipc_sysctl_parse(const char *data, size_t len, int64_t *out, int count, int64_t min,
                     int64_t max);
/* One unsigned long in [min, max] (shmmax, shmall): 0 or -EINVAL. */
int ipc_sysctl_parse_ulong(const char *data, size_t len, uint64_t *out, uint64_t min, uint64_t max);
/* One int in [min, max] written to *value: 0 or -EINVAL. */
int ipc_sysctl_store_int(const char *data, size_t len, int *value, int min, int max);

#endif
