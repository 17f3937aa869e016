/* copy.c: file copying, with copy_file_range(2) where the kernel can and
   read/write through one buffer where it cannot (as coreutils' cp). */
#define _GNU_SOURCE /* copy_file_range in musl's unistd.h */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "copy.h"

#define CHUNK 65536

int copy_file(const char *from, const char *to)
{
    static char buf[CHUNK];
    struct stat st;
    int in = open(from, O_RDONLY);
    if (in < 0)
        return -1;
    if (fstat(in, &st) < 0 || S_ISDIR(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(in);
        errno = e;
        return -1;
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
    if (out < 0) {
        int e = errno;
        close(in);
        errno = e;
        return -1;
    }
    ssize_t n;
    int err = 0;
    /* The kernel copies page to page and the bytes never come up here.
       When it cannot, it says so before anything moved: no such call
       (ENOSYS), two file systems (EXDEV), files it does not copy
       (EINVAL, EOPNOTSUPP, EBADF); and a file whose size says 0 (a /proc
       file) gives 0 at once.  Then the loop below does it by hand. */
    off_t copied = 0;
    while ((n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0)) > 0)
        copied += n;
    int by_hand = copied == 0 && (n == 0 || errno == ENOSYS || errno == EXDEV ||
                                  errno == EINVAL || errno == EOPNOTSUPP || errno == EBADF);
    if (n < 0 && !by_hand)
        err = errno;
    while (by_hand && (n = read(in, buf, sizeof(buf))) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0) {
                err = errno;
                break;
            }
            done += w;
        }
        if (err)
            break;
    }
    if (n < 0 && !err)
        err = errno;
    close(in);
    if (close(out) < 0 && !err)
        err = errno;
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

char *target_in_dir(const char *dir, const char *path)
{
    struct stat st;
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(dir) + strlen(base) + 2;
    char *t = malloc(len);
    if (t)
        snprintf(t, len, "%s/%s", dir, base);
    return t;
}

int for_each_source(const char *prog, int argc, char **argv,
                    int (*op)(const char *from, const char *to))
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SRC DST | %s SRC... DIR\n", prog, prog);
        return 1;
    }
    const char *dst = argv[argc - 1];
    int status = 0;
    for (int i = 1; i < argc - 1; i++) {
        char *t = target_in_dir(dst, argv[i]);
        if (!t && argc > 3) {
            fprintf(stderr, "%s: %s: not a directory\n", prog, dst);
            return 1;
        }
        if (op(argv[i], t ? t : dst) < 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
            status = 1;
        }
        free(t);
    }
    return status;
}
