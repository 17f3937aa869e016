/* dirent.c: directory streams over getdents64. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "libc_internal.h"

#define DIR_BUF_SIZE 4096

struct pl_dir {
    int fd;
    size_t pos, len;
    struct dirent ent;       /* the entry readdir() hands out */
    char buf[DIR_BUF_SIZE];  /* raw linux_dirent64 records */
};

/* Linux's record: u64 ino, s64 off, u16 reclen, u8 type, name (NUL-terminated). */
struct linux_dirent64 {
    unsigned long d_ino;
    long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

DIR *fdopendir(int fd)
{
    DIR *d = malloc(sizeof(*d));
    if (!d)
        return 0;
    d->fd = fd;
    d->pos = d->len = 0;
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    DIR *d = fdopendir(fd);
    if (!d)
        close(fd);
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        long n = __sys3(SYS_getdents64, d->fd, d->buf, sizeof(d->buf));
        if (n <= 0) {
            if (n < 0)
                errno = (int)-n;
            return 0;   /* end of directory leaves errno alone */
        }
        d->len = (size_t)n;
        d->pos = 0;
    }
    struct linux_dirent64 *e = (struct linux_dirent64 *)(d->buf + d->pos);
    d->pos += e->d_reclen;
    d->ent.d_ino = e->d_ino;
    d->ent.d_off = e->d_off;
    d->ent.d_reclen = sizeof(d->ent);
    d->ent.d_type = e->d_type;
    size_t n = strnlen(e->d_name, sizeof(d->ent.d_name) - 1);
    memcpy(d->ent.d_name, e->d_name, n);
    d->ent.d_name[n] = 0;
    return &d->ent;
}

int closedir(DIR *d)
{
    int r = close(d->fd);
    free(d);
    return r;
}

void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
}

int dirfd(DIR *d) { return d->fd; }
