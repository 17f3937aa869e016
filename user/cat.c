/* cat: copies each file (or stdin, or "-") to stdout. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 65536

static char buf[CHUNK];

static int copy_fd(int fd, const char *name)
{
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
