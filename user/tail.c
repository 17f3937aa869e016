/*
 * tail [-n [+]N | -N] [-c [+]N] [-f] [-q | -v] [FILE...]: the last 10 (or N)
 * lines or N bytes of each file, as coreutils' tail; +N starts at line (or
 * byte) N instead.  Several files get "==> NAME <==" headers (-q: never,
 * -v: always).  -f keeps printing what is appended to the last file
 * (checked every second) until interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long count = 10;
static int from_start, bytes, follow;

/* The whole input in memory (simple, and tail reads pipes too). */
static char *slurp(int fd, size_t *len)
{
    size_t cap = 65536;
    char *buf = malloc(cap);
    *len = 0;
    ssize_t r;
    while ((r = read(fd, buf + *len, cap - *len)) != 0) {
        if (r < 0) {
            if (errno == EINTR)
                continue;
            free(buf);
            return NULL;
        }
        *len += (size_t)r;
        if (*len == cap)
            buf = realloc(buf, cap *= 2);
    }
    return buf;
}

static void tail_buf(const char *b, size_t len)
{
    size_t start;
    if (bytes) {
        if (from_start)
            start = count > 0 ? (size_t)count - 1 : 0;
        else
            start = (size_t)count >= len ? 0 : len - (size_t)count;
    } else if (from_start) {
        long line = 1;
        for (start = 0; start < len && line < count; start++)
            if (b[start] == '\n')
                line++;
    } else {
        long lines = 0;
        start = len;
        if (start > 0 && b[start - 1] == '\n')
            start--; /* the last line's own newline */
        while (start > 0) {
            if (b[start - 1] == '\n' && ++lines == count)
                break;
            start--;
        }
        if (count == 0)
            start = len;
    }
    if (start < len)
        fwrite(b + start, 1, len - start, stdout);
}

static long parse_count(const char *s)
{
    if (*s == '+') {
        from_start = 1;
        s++;
    } else if (*s == '-') {
        s++;
    }
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < 0) {
        fprintf(stderr, "tail: invalid number of %s: '%s'\n", bytes ? "bytes" : "lines", s);
        exit(1);
    }
    return v;
}

int main(int argc, char **argv)
{
    int headers = -1, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            i++;
            break;
        } else if (!strcmp(a, "-n") || !strcmp(a, "-c")) {
            if (i + 1 == argc) {
                fprintf(stderr, "tail: option requires an argument -- '%c'\n", a[1]);
                return 1;
            }
            bytes = a[1] == 'c';
            count = parse_count(argv[++i]);
        } else if ((a[1] == 'n' || a[1] == 'c') && a[2]) {
            bytes = a[1] == 'c';
            count = parse_count(a + 2);
        } else if (a[1] >= '0' && a[1] <= '9') {
            count = parse_count(a + 1);
        } else if (!strcmp(a, "-f")) {
            follow = 1;
        } else if (!strcmp(a, "-q")) {
            headers = 0;
        } else if (!strcmp(a, "-v")) {
            headers = 1;
        } else {
            fprintf(stderr, "tail: invalid option -- '%s'\nusage: tail [-n N] [-c N] [-f] [-qv] [FILE...]\n", a + 1);
            return 1;
        }
    }
    int nfiles = argc - i, status = 0;
    if (headers < 0)
        headers = nfiles > 1;
    char *none[] = { "-" };
    char **files = nfiles ? argv + i : none;
    if (!nfiles)
        nfiles = 1;
    int last_fd = -1;
    for (int k = 0; k < nfiles; k++) {
        const char *name = files[k];
        int fd = strcmp(name, "-") ? open(name, O_RDONLY) : 0;
        if (fd < 0) {
            fprintf(stderr, "tail: cannot open '%s' for reading: %s\n", name, strerror(errno));
            status = 1;
            continue;
        }
        if (headers)
            printf("%s==> %s <==\n", k ? "\n" : "", strcmp(name, "-") ? name : "standard input");
        size_t len;
        char *b = slurp(fd, &len);
        if (!b) {
            fprintf(stderr, "tail: error reading '%s': %s\n", name, strerror(errno));
            status = 1;
        } else {
            tail_buf(b, len);
            free(b);
        }
        if (k == nfiles - 1 && follow)
            last_fd = fd;
        else if (fd)
            close(fd);
    }
    fflush(stdout);
    while (follow && last_fd >= 0) { /* what is appended from now on */
        char buf[4096];
        ssize_t r = read(last_fd, buf, sizeof(buf));
        if (r > 0) {
            fwrite(buf, 1, (size_t)r, stdout);
            fflush(stdout);
        } else if (r == 0) {
            sleep(1);
        } else if (errno != EINTR) {
            break;
        }
    }
    return status;
}
