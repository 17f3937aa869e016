/* mkstemp.c: unique temporary files and directories (mkstemp, mkdtemp).
 * The template's trailing "XXXXXX" is replaced by random letters and
 * digits until a name that does not exist yet is created (O_EXCL). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>
#include <sys/stat.h>

#define ATTEMPTS 100

static int fill(char *tmpl)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = strlen(tmpl);
    if (len < 6 || memcmp(tmpl + len - 6, "XXXXXX", 6)) {
        errno = EINVAL;
        return -1;
    }
    unsigned char r[6];
    if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
        /* No randomness: the pid and a counter still make clashes rare. */
        static unsigned counter;
        unsigned v = (unsigned)getpid() * 2654435761u + counter++;
        for (int i = 0; i < 6; i++, v /= 62)
            r[i] = (unsigned char)v;
    }
    for (int i = 0; i < 6; i++)
        tmpl[len - 6 + i] = chars[r[i] % (sizeof(chars) - 1)];
    return 0;
}

int mkstemp(char *tmpl)
{
    for (int i = 0; i < ATTEMPTS; i++) {
        if (fill(tmpl) < 0)
            return -1;
        int fd = open(tmpl, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

char *mkdtemp(char *tmpl)
{
    for (int i = 0; i < ATTEMPTS; i++) {
        if (fill(tmpl) < 0)
            return 0;
        if (mkdir(tmpl, 0700) == 0)
            return tmpl;
        if (errno != EEXIST)
            return 0;
    }
    return 0;
}
