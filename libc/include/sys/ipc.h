/* sys/ipc.h (POSIX, svipc(7)): System V IPC keys, flags and permissions;
   Linux x86-64's struct ipc64_perm. */
#ifndef _SYS_IPC_H
#define _SYS_IPC_H
#include <sys/types.h>

#include <pagelab/ipc_values.h>

struct ipc_perm {
    key_t __key; /* glibc's name: POSIX leaves the key unnamed */
    uid_t uid;
    gid_t gid;
    uid_t cuid;
    gid_t cgid;
    mode_t mode;
    unsigned short __seq;
    unsigned short __pad2;
    unsigned long __unused1;
    unsigned long __unused2;
};

/* A key from a file's inode and device and the low 8 bits of id, as glibc
   and musl make it; -1 with errno if path cannot be stat'ed. */
key_t ftok(const char *path, int id);

#endif
