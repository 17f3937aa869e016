/* cat: copies each file (or stdin, or "-") to stdout.
 *
 * sendfile(2) first when the input is a regular file: the kernel moves
 * the file's pages to stdout (into a pipe by reference, into a file or
 * socket with one copy) and the bytes never come up to this process.
 * Other inputs (a pipe, a terminal) are read and written: sendfile keeps
 * reading until it has the count it was asked for, so from a terminal it
 * would swallow the end-of-file (Ctrl-D) that ends a line's read.  Where
 * the kernel cannot (stdout opened O_APPEND, an old kernel), it says
 * EINVAL or ENOSYS before anything moved, and cat reads and writes
 * instead. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK 65536
#define SEND_MAX (1 << 30) /* per call; the kernel cuts at what fits anyway */

static char buf[CHUNK];

/* 0: all sent; 1: an error (reported); -1: sendfile cannot, nothing sent. */
static int send_fd(int fd, const char *name)
{
    int sent = 0;
    for (;;) {
        ssize_t n = sendfile(1, fd, NULL, SEND_MAX);
        if (n > 0) {
            sent = 1;
            continue;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (!sent && (errno == EINVAL || errno == ENOSYS))
            return -1;
        fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
        return 1;
    }
}

static int copy_fd(int fd, const char *name)
{
    struct stat st;
    int r = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? send_fd(fd, name) : -1;
    if (r >= 0)
        return r;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            return 1;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(1, buf + done, (size_t)(n - done));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                fprintf(stderr, "cat: write error: %s\n", strerror(errno));
                return 1;
            }
            done += w;
        }
    }
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2)
        return copy_fd(0, "stdin");
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-")) {
            status |= copy_fd(0, "stdin");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        status |= copy_fd(fd, argv[i]);
        close(fd);
    }
    return status;
}
