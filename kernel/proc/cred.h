/*
 * kernel/proc/cred.h: changing a process's credentials (kernel/lib/cred.h):
 * the rules of setuid(2), setreuid(2), setresuid(2), setfsuid(2), their
 * group forms and setgroups(2), as Linux applies them, and what execve
 * does with a set-user-ID or set-group-ID program.
 *
 * "Privileged" is Linux's CAP_SETUID (for user ids) or CAP_SETGID (group
 * ids and setgroups): here an effective uid of 0 (cred.h explains).  An
 * unprivileged process may only move between ids it already has; what it
 * may not do is EPERM.  Every change of the effective id also sets the
 * file-system id to it, as on Linux.  The credentials are the process's:
 * a change made by one thread holds for all of them.
 */
#ifndef PAGELAB_PROC_CRED_H
#define PAGELAB_PROC_CRED_H

#include <stdint.h>
#include "kernel/lib/cred.h"

struct proc;
struct inode;

/* The ids of a process (its group's set). */
const struct cred *cred_of(const struct proc *p);

/* CRED_NO_ID (-1) leaves an id as it is where the call allows it.  0 or
   -EPERM / -EINVAL; nothing changes on an error. */
int cred_setuid(uint32_t uid);
int cred_setgid(uint32_t gid);
int cred_setreuid(uint32_t ruid, uint32_t euid);
int cred_setregid(uint32_t rgid, uint32_t egid);
int cred_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid);
int cred_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid);
/* setfsuid/setfsgid: the old value, always; the new one taken if allowed. */
uint32_t cred_setfsuid(uint32_t fsuid);
uint32_t cred_setfsgid(uint32_t fsgid);
/* Replaces the supplementary groups (sorted here): -EPERM, -EINVAL (more
   than CRED_NGROUPS). */
int cred_setgroups(const uint32_t *groups, int n);

/* execve of a program file: the ids the process will have (set-user-ID and
   set-group-ID bits honoured; the saved ids become the effective ones), to
   be taken by cred_exec_commit once the old program is gone.  ino NULL
   (a boot module): nothing changes but the saved ids. */
void cred_exec_prepare(const struct inode *ino, struct cred *out);
void cred_exec_commit(const struct cred *next);

/* access(2) checks with the real ids: the file-system ids become the real
   ones until cred_access_end gives back the saved pair (Linux overrides
   the credentials the same way for the whole path walk). */
uint64_t cred_access_begin(void);
void cred_access_end(uint64_t saved);

/* May the caller send a signal to process p (kill(2): the sender's real
   or effective uid is p's real or saved uid, or the sender is root)? */
bool cred_may_signal(const struct proc *p);

/* May the caller read p's registers and where it sleeps (/proc/PID/syscall,
   as ptrace's read access on Linux): root, or the caller's file-system ids
   are each of p's user and group ids, and p is dumpable. */
bool cred_may_inspect(const struct proc *p);

#endif
