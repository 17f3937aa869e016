/* touch [-a] [-m] [-c] FILE...: sets a file's access and modification times
 * to now (-a: only the access time, -m: only the modification time),
 * creating it empty unless -c, as coreutils' touch. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    int only_a = 0, only_m = 0, no_create = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        for (const char *c = argv[i] + 1; *c; c++) {
            if (*c == 'a')
                only_a = 1;
            else if (*c == 'm')
                only_m = 1;
            else if (*c == 'c')
                no_create = 1;
            else {
                fprintf(stderr, "touch: invalid option -- '%c'\nusage: touch [-acm] FILE...\n", *c);
                return 1;
            }
        }
    }
    if (i == argc) {
        fputs("touch: missing file operand\nTry 'touch --help' for more information.\n", stderr);
        return 1;
    }
    if (!only_a && !only_m)
        only_a = only_m = 1;
    struct timespec t[2] = { { 0, only_a ? UTIME_NOW : UTIME_OMIT },
                             { 0, only_m ? UTIME_NOW : UTIME_OMIT } };
    int status = 0;
    for (; i < argc; i++) {
        if (!no_create) {
            int fd = open(argv[i], O_WRONLY | O_CREAT | O_NOCTTY, 0666);
            if (fd >= 0)
                close(fd);
        }
        if (utimensat(AT_FDCWD, argv[i], t, 0) < 0) {
            if (no_create && errno == ENOENT)
                continue;
            fprintf(stderr, "touch: cannot touch '%s': %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
