/*
 * sem_open.c: named POSIX semaphores.  The semaphore /NAME is the file
 * /dev/shm/NAME (musl's naming, so programs built with musl and with our
 * libc open the same ones) holding one sem_t, mapped MAP_SHARED by every
 * process that opens it; the futex inside is then a shared one, keyed by
 * the page the kernel finds under both mappings.
 *
 * Creation never shows a half-made semaphore: it is written into a
 * temporary file first and linked under its name only when complete (link
 * fails with EEXIST if another process won the race, and we open theirs).
 * Opening the same name twice in one process returns the same address
 * (POSIX), counted in a small table by the file's identity.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "shm_name.h"

#define OPEN_FLAGS    (O_RDWR | O_NOFOLLOW | O_CLOEXEC)
#define CREATE_TRIES  100

static struct {
    dev_t dev;
    ino_t ino;
    sem_t *sem;
    int refs;
} open_sems[SEM_NSEMS_MAX];

/* Maps the semaphore file fd (closing it): the table's address for it. */
static sem_t *map_sem(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return SEM_FAILED;
    }
    if (st.st_size < (off_t)sizeof(sem_t)) {
        close(fd);
        errno = EINVAL; /* not a semaphore */
        return SEM_FAILED;
    }
    int free_slot = -1;
    for (int i = 0; i < SEM_NSEMS_MAX; i++) {
        if (open_sems[i].sem && open_sems[i].dev == st.st_dev && open_sems[i].ino == st.st_ino) {
            open_sems[i].refs++;
            close(fd);
            return open_sems[i].sem;
        }
        if (!open_sems[i].sem && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) {
        close(fd);
        errno = EMFILE;
        return SEM_FAILED;
    }
    void *m = mmap(0, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return SEM_FAILED;
    open_sems[free_slot].dev = st.st_dev;
    open_sems[free_slot].ino = st.st_ino;
    open_sems[free_slot].sem = m;
    open_sems[free_slot].refs = 1;
    return m;
}

/* A new semaphore file under path; -1 with errno (EEXIST: someone else
   made it first), or -2 when the temporary name was taken (try another). */
static int create_sem(const char *path, mode_t mode, unsigned value, int attempt)
{
    char tmp[SHM_PATH_MAX];
    snprintf(tmp, sizeof tmp, "/dev/shm/sem-tmp-%d-%d", (int)getpid(), attempt);
    int fd = open(tmp, OPEN_FLAGS | O_CREAT | O_EXCL, mode);
    if (fd < 0)
        return errno == EEXIST ? -2 : -1;
    sem_t s;
    sem_init(&s, 1, value);
    int ok = write(fd, &s, sizeof s) == (ssize_t)sizeof s && link(tmp, path) == 0;
    int err = errno;
    unlink(tmp);
    if (!ok) {
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

sem_t *sem_open(const char *name, int flags, ...)
{
    char path[SHM_PATH_MAX];
    if (__shm_path(name, path) < 0)
        return SEM_FAILED;
    flags &= O_CREAT | O_EXCL;
    mode_t mode = 0;
    unsigned value = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t) & 0666;
        value = va_arg(ap, unsigned);
        va_end(ap);
        if (value > SEM_VALUE_MAX) {
            errno = EINVAL;
            return SEM_FAILED;
        }
    }
    for (int attempt = 0; attempt < CREATE_TRIES; attempt++) {
        if (flags != (O_CREAT | O_EXCL)) {
            int fd = open(path, OPEN_FLAGS);
            if (fd >= 0)
                return map_sem(fd);
            if (errno != ENOENT || !(flags & O_CREAT))
                return SEM_FAILED;
        }
        int fd = create_sem(path, mode, value, attempt);
        if (fd >= 0)
            return map_sem(fd);
        if (fd == -2)
            continue;
        /* The name exists now: open the winner's, unless O_EXCL. */
        if (errno != EEXIST || flags == (O_CREAT | O_EXCL))
            return SEM_FAILED;
    }
    errno = EAGAIN;
    return SEM_FAILED;
}

int sem_close(sem_t *sem)
{
    for (int i = 0; i < SEM_NSEMS_MAX; i++) {
        if (open_sems[i].sem != sem)
            continue;
        if (--open_sems[i].refs == 0) {
            open_sems[i].sem = 0;
            munmap(sem, sizeof *sem);
        }
        return 0;
    }
    errno = EINVAL;
    return -1;
}

int sem_unlink(const char *name)
{
    char path[SHM_PATH_MAX];
    if (__shm_path(name, path) < 0)
        return -1;
    return unlink(path);
}
