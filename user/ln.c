/*
 * ln [-s] [-f] TARGET LINK_NAME, ln [-s] [-f] TARGET... DIRECTORY: makes hard
 * links (or, with -s, symbolic links) as coreutils' ln, with its messages.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int symbolic, force;

static int make_link(const char *target, const char *name)
{
    if (force)
        unlink(name);
    int r = symbolic ? symlink(target, name) : link(target, name);
    if (r == 0)
        return 0;
    int e = errno;
    struct stat st;
    if (!symbolic && e == ENOENT && stat(target, &st) < 0)
        fprintf(stderr, "ln: failed to access '%s': %s\n", target, strerror(e));
    else if (symbolic)
        fprintf(stderr, "ln: failed to create symbolic link '%s': %s\n", name, strerror(e));
    else if (e == EEXIST)
        fprintf(stderr, "ln: failed to create hard link '%s': %s\n", name, strerror(e));
    else
        fprintf(stderr, "ln: failed to create hard link '%s' => '%s': %s\n", name, target, strerror(e));
    return 1;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        for (const char *c = argv[i] + 1; *c; c++) {
            if (*c == 's')
                symbolic = 1;
            else if (*c == 'f')
                force = 1;
            else {
                fprintf(stderr, "ln: invalid option -- '%c'\nusage: ln [-sf] TARGET LINK_NAME\n", *c);
                return 1;
            }
        }
    }
    int n = argc - i;
    if (n < 1) {
        fputs("ln: missing file operand\nTry 'ln --help' for more information.\n", stderr);
        return 1;
    }
    const char *last = argv[argc - 1];
    struct stat st;
    int into_dir = n >= 2 && stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (n == 1 || into_dir) { /* links named after the targets, here or in DIRECTORY */
        int status = 0;
        for (int k = i; k < (n == 1 ? argc : argc - 1); k++) {
            const char *base = strrchr(argv[k], '/');
            base = base ? base + 1 : argv[k];
            char name[4096];
            snprintf(name, sizeof(name), "%s/%s", n == 1 ? "." : last, base);
            status |= make_link(argv[k], name);
        }
        return status;
    }
    if (n > 2) {
        fprintf(stderr, "ln: target '%s' is not a directory\n", last);
        return 1;
    }
    return make_link(argv[i], last);
}
