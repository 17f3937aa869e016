/*
 * kernel/lib/cred.h: who a process is, for permission checks in every layer.
 *
 * Linux's credentials (credentials(7)): a real, an effective and a saved
 * set-user-ID, the file-system user ID that file permission checks use,
 * the same four group IDs, and a list of supplementary groups.  The process
 * layer keeps one set per process (thread group, kernel/proc/cred.c): Linux
 * keeps them per thread, but POSIX wants them per process and musl's and
 * glibc's setuid() change every thread's (through a signal to each), so
 * one shared set gives what programs see on Linux.
 *
 * pagelab has no capabilities: "privileged" means what it means on Linux
 * with the default securebits, where the capabilities follow the ids.  An
 * effective uid of 0 holds every capability (CAP_SETUID, CAP_SETGID,
 * CAP_FOWNER, CAP_CHOWN, CAP_IPC_OWNER, CAP_KILL ...), and a file-system
 * uid of 0 holds the ones for files (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
 * read and write anything, execute what has some execute bit, search any
 * directory.
 */
#ifndef PAGELAB_LIB_CRED_H
#define PAGELAB_LIB_CRED_H

#include <stdbool.h>
#include <stdint.h>

#define ROOT_UID     0
#define CRED_NGROUPS 32          /* supplementary groups a process may have (Linux: 65536) */
#define CRED_NO_ID   0xffffffffu /* -1: "unchanged" to setreuid, chown... */

struct cred {
    uint32_t uid, euid, suid, fsuid; /* real, effective, saved, file system */
    uint32_t gid, egid, sgid, fsgid;
    int ngroups;
    uint32_t groups[CRED_NGROUPS]; /* sorted ascending, as Linux keeps them */
};

/* The running task's credentials (root's for a kernel thread).  Valid until
   the task itself changes them. */
const struct cred *cred_current(void);

/* Is gid c's file-system group or one of its supplementary groups? */
bool cred_in_group(const struct cred *c, uint32_t gid);
/* Is it in c's supplementary groups or its effective group (ipc, chown)? */
bool cred_in_egroup(const struct cred *c, uint32_t gid);

#endif
