/* exec.c: the exec family built on execve, with PATH search for the -p forms. */
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>

#define EXECL_MAX_ARGS 256

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

/* Tries each PATH directory in turn (default "/bin:/usr/bin"); a name with
 * a slash is used as is.  The most telling error wins: EACCES over ENOENT. */
int execvp(const char *file, char *const argv[])
{
    if (!*file) {
        errno = ENOENT;
        return -1;
    }
    if (strchr(file, '/'))
        return execve(file, argv, environ);
    const char *path = getenv("PATH");
    if (!path)
        path = "/bin:/usr/bin";
    size_t flen = strlen(file);
    int saw_eacces = 0;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        if (!end)
            end = p + strlen(p);
        size_t dlen = (size_t)(end - p);
        char buf[PATH_MAX];
        if (dlen + 1 + flen < sizeof(buf)) {
            memcpy(buf, p, dlen);
            size_t at = dlen;
            if (dlen)
                buf[at++] = '/';
            memcpy(buf + at, file, flen + 1);
            execve(buf, argv, environ);
            if (errno == EACCES)
                saw_eacces = 1;
            else if (errno != ENOENT && errno != ENOTDIR)
                return -1;
        }
        if (!*end)
            break;
        p = end;
    }
    errno = saw_eacces ? EACCES : ENOENT;
    return -1;
}

static int collect(const char *arg, va_list ap, char **argv)
{
    int n = 0;
    argv[n++] = (char *)arg;
    while (arg) {
        if (n == EXECL_MAX_ARGS) {
            errno = E2BIG;
            return -1;
        }
        arg = va_arg(ap, const char *);
        argv[n++] = (char *)arg;
    }
    return 0;
}

int execl(const char *path, const char *arg, ...)
{
    char *argv[EXECL_MAX_ARGS + 1];
    va_list ap;
    va_start(ap, arg);
    int r = collect(arg, ap, argv);
    va_end(ap);
    return r < 0 ? -1 : execv(path, argv);
}

int execlp(const char *file, const char *arg, ...)
{
    char *argv[EXECL_MAX_ARGS + 1];
    va_list ap;
    va_start(ap, arg);
    int r = collect(arg, ap, argv);
    va_end(ap);
    return r < 0 ? -1 : execvp(file, argv);
}
