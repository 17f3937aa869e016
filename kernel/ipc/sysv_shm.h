/*
 * kernel/ipc/sysv_shm.h: System V shared memory (shmget(2), shmop(2),
 * shmctl(2)), with Linux's numbers, limits and errors.
 *
 * A segment is a shared anonymous object of the VM (mm/vm.h,
 * vm_anon_shared_create_as): its pages exist only in memory, each
 * zero-filled by the first process to touch it (a zero-fill under MECH_SHM,
 * never a copy), and every process that attaches it maps those very frames.
 * Data written by one process is read by another with no copy at all.
 *
 * shmat maps the segment into the caller's address space as a region whose
 * backing ops are the segment's (sysv_shm.c): each region referring to it
 * counts in shm_nattch (like Linux, a region split by mprotect counts twice),
 * fork's copies count too, and exec and exit detach everything
 * (sysv_shm_detach_all).  IPC_RMID on an attached segment only marks it
 * (SHM_DEST, key gone): it is destroyed with its last detach.
 * /proc/PID/maps names a region "/SYSV<key> (deleted)", device 00:01, inode
 * the shmid, as Linux shows its shm files.
 */
#ifndef PAGELAB_IPC_SYSV_SHM_H
#define PAGELAB_IPC_SYSV_SHM_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/ipc/sysv_ids.h"

struct vm_space;

/* Linux's defaults (include/uapi/linux/shm.h). */
#define SHMMIN         1
#define SHMMNI_DEFAULT 4096
#define SHMMAX_DEFAULT (UINT64_MAX - (1ull << 24))
#define SHMALL_DEFAULT (UINT64_MAX - (1ull << 24)) /* pages */
#define SHMLBA         4096                        /* x86-64: attach addresses are page aligned */

long sysv_shmget(int32_t key, uint64_t size, int flags, const struct ipc_caller *c);
/* Attaches segment id to vm: the address, or -errno. */
long sysv_shmat(struct vm_space *vm, int id, uint64_t addr, int flags, const struct ipc_caller *c);
/* Detaches the segment attached at addr: 0 or -EINVAL. */
long sysv_shmdt(struct vm_space *vm, uint64_t addr, const struct ipc_caller *c);
long sysv_shmctl(int id, int cmd, uint64_t ubuf, const struct ipc_caller *c);

/* exec and exit: every segment attached to vm is detached by process pid. */
void sysv_shm_detach_all(struct vm_space *vm, int pid);
/* fork: vm (the child's) attached its parent's segments (their atime and
   last pid move, as Linux's shm_open does). */
void sysv_shm_forked(struct vm_space *vm, int parent_pid);

#endif
