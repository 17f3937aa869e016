/*
 * chmod [-R] MODE FILE...: changes permission bits, as coreutils' chmod.
 * MODE is octal (755) or symbolic: comma-separated [ugoa]*[+-=][rwxXst]*
 * (u+x, go-w, a=r, +x; without u/g/o/a the umask's bits are left alone,
 * X is x for directories and for files some x bit is set on).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int recursive;

/* The new mode from the old one, or -1 if mode is not a mode. */
static long apply(const char *mode, mode_t old, int is_dir)
{
    if (*mode >= '0' && *mode <= '7') {
        char *end;
        long v = strtol(mode, &end, 8);
        if (*end || v > 07777)
            return -1;
        return v;
    }
    mode_t m = old & 07777;
    mode_t mask = umask(0);
    umask(mask);
    const char *p = mode;
    for (;;) {
        mode_t who = 0;
        for (; *p && strchr("ugoa", *p); p++)
            who |= *p == 'u' ? 04700 : *p == 'g' ? 02070 : *p == 'o' ? 01007 : 07777;
        int masked = who == 0;
        if (!who)
            who = 07777;
        if (!*p || !strchr("+-=", *p))
            return -1;
        while (*p && strchr("+-=", *p)) {
            char op = *p++;
            mode_t bits = 0;
            for (; *p && strchr("rwxXst", *p); p++) {
                switch (*p) {
                case 'r': bits |= 0444; break;
                case 'w': bits |= 0222; break;
                case 'x': bits |= 0111; break;
                case 'X':
                    if (is_dir || (old & 0111))
                        bits |= 0111;
                    break;
                case 's': bits |= 06000; break;
                case 't': bits |= 01000; break;
                }
            }
            bits &= who;
            if (masked)
                bits &= ~mask;
            if (op == '+')
                m |= bits;
            else if (op == '-')
                m &= ~bits;
            else
                m = (m & ~(who & (masked ? ~mask : 07777))) | bits;
        }
        if (!*p)
            return m;
        if (*p++ != ',')
            return -1;
    }
}

static int change(const char *mode, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "chmod: cannot access '%s': %s\n", path, strerror(errno));
        return 1;
    }
    long m = apply(mode, st.st_mode, S_ISDIR(st.st_mode));
    if (chmod(path, (mode_t)m) < 0) {
        fprintf(stderr, "chmod: changing permissions of '%s': %s\n", path, strerror(errno));
        return 1;
    }
    int status = 0;
    if (recursive && S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char sub[4096];
            snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
            status |= change(mode, sub);
        }
        if (d)
            closedir(d);
    }
    return status;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && !strcmp(argv[i], "-R")) {
        recursive = 1;
        i++;
    }
    if (argc - i < 2) {
        fprintf(stderr, "chmod: missing operand\nTry 'chmod --help' for more information.\n");
        return 1;
    }
    const char *mode = argv[i++];
    if (apply(mode, 0, 0) < 0) {
        fprintf(stderr, "chmod: invalid mode: '%s'\nTry 'chmod --help' for more information.\n", mode);
        return 1;
    }
    int status = 0;
    for (; i < argc; i++)
        status |= change(mode, argv[i]);
    return status;
}
