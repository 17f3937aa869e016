/*
 * shm.c: POSIX shared memory objects and memfd_create.
 *
 * A shared memory object is a file of the memory file system mounted on
 * /dev/shm, as in glibc and musl: shm_open is open(2) of /dev/shm/NAME and
 * shm_unlink is unlink(2), so programs built with either libc meet the same
 * objects.  The object is then sized with ftruncate and mapped MAP_SHARED.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "libc_internal.h"
#include "shm_name.h"

#define SHM_DIR "/dev/shm/"

int __shm_path(const char *name, char *buf)
{
    while (*name == '/')
        name++;
    size_t len = strlen(name);
    /* One component, not empty, not "." or "..": EINVAL, as glibc and musl. */
    if (len == 0 || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        errno = EINVAL;
        return -1;
    }
    if (len > NAME_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, SHM_DIR, sizeof SHM_DIR - 1);
    memcpy(buf + sizeof SHM_DIR - 1, name, len + 1);
    return 0;
}

int shm_open(const char *name, int flags, mode_t mode)
{
    char path[SHM_PATH_MAX];
    if (__shm_path(name, path) < 0)
        return -1;
    /* Not a terminal, never a symbolic link, not inherited across exec. */
    return open(path, flags | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, mode);
}

int shm_unlink(const char *name)
{
    char path[SHM_PATH_MAX];
    if (__shm_path(name, path) < 0)
        return -1;
    return unlink(path);
}

int memfd_create(const char *name, unsigned flags)
{
    return (int)__syscall_ret(__sys2(SYS_memfd_create, name, flags));
}
