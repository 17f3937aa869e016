/* env.c: the environment (getenv, setenv, unsetenv, putenv) and system(). */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>

static char **owned_env;   /* environ, once we have had to copy it */

static char **find(const char *name, size_t len)
{
    if (!environ)
        return 0;
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, name, len) && (*e)[len] == '=')
            return e;
    return 0;
}

char *getenv(const char *name)
{
    char **e = find(name, strlen(name));
    return e ? *e + strlen(name) + 1 : 0;
}

/* Adds "NAME=value" (kept, not copied) at the end of environ. */
static int append(char *entry)
{
    size_t n = 0;
    while (environ && environ[n])
        n++;
    char **ne = malloc((n + 2) * sizeof(char *));
    if (!ne)
        return -1;
    if (n)
        memcpy(ne, environ, n * sizeof(char *));
    ne[n] = entry;
    ne[n + 1] = 0;
    free(owned_env);
    environ = owned_env = ne;
    return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
    size_t len = strlen(name);
    if (!len || strchr(name, '=')) {
        errno = EINVAL;
        return -1;
    }
    char **e = find(name, len);
    if (e && !overwrite)
        return 0;
    size_t vlen = strlen(value);
    char *entry = malloc(len + vlen + 2);
    if (!entry)
        return -1;
    memcpy(entry, name, len);
    entry[len] = '=';
    memcpy(entry + len + 1, value, vlen + 1);
    if (e) {
        *e = entry;   /* the old string may be the caller's or the kernel's: not freed */
        return 0;
    }
    return append(entry);
}

int putenv(char *string)
{
    char *eq = strchr(string, '=');
    if (!eq)
        return unsetenv(string);
    char **e = find(string, (size_t)(eq - string));
    if (e) {
        *e = string;
        return 0;
    }
    return append(string);
}

int unsetenv(const char *name)
{
    size_t len = strlen(name);
    if (!len || strchr(name, '=')) {
        errno = EINVAL;
        return -1;
    }
    char **e;
    while ((e = find(name, len)))
        for (; *e; e++)
            e[0] = e[1];
    return 0;
}

int system(const char *command)
{
    if (!command)
        return access("/bin/sh", X_OK) == 0;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", command, (char *)0);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}
