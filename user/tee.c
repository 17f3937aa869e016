/* tee [-a] [FILE...]: copies standard input to standard output and to
 * each FILE (-a: appended to, not truncated).  A file that cannot be
 * opened is reported and skipped; the status is then 1, as coreutils'. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_FILES 64

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t r = write(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int append = 0, i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--append")) {
            append = 1;
        } else {
            fprintf(stderr, "tee: invalid option -- '%s'\nusage: tee [-a] [FILE...]\n", argv[i] + 1);
            return 1;
        }
    }
    int fds[MAX_FILES + 1], nfds = 0;
    const char *names[MAX_FILES + 1];
    fds[nfds] = 1;
    names[nfds++] = "standard output";
    for (; i < argc && nfds <= MAX_FILES; i++) {
        int fd = open(argv[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
        if (fd < 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        fds[nfds] = fd;
        names[nfds++] = argv[i];
    }
    char buf[8192];
    ssize_t n;
    while ((n = read(0, buf, sizeof(buf))) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "tee: read error: %s\n", strerror(errno));
            return 1;
        }
        for (int k = 0; k < nfds; k++) {
            if (fds[k] >= 0 && write_all(fds[k], buf, (size_t)n) < 0) {
                fprintf(stderr, "tee: %s: %s\n", names[k], strerror(errno));
                fds[k] = -1;
                status = 1;
            }
        }
    }
    for (int k = 1; k < nfds; k++)
        if (fds[k] >= 0 && close(fds[k]) < 0)
            status = 1;
    return status;
}
