/* mv SRC DST, or mv SRC... DIR: renames; across file systems, copies then unlinks. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../cp/copy.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mv SRC DST | mv SRC... DIR\n");
        return 1;
    }
    const char *dst = argv[argc - 1];
    int status = 0;
    for (int i = 1; i < argc - 1; i++) {
        char *t = target_in_dir(dst, argv[i]);
        if (!t && argc > 3) {
            fprintf(stderr, "mv: %s: not a directory\n", dst);
            return 1;
        }
        const char *to = t ? t : dst;
        if (rename(argv[i], to) < 0) {
            if (errno != EXDEV || copy_file(argv[i], to) < 0 || unlink(argv[i]) < 0) {
                fprintf(stderr, "mv: %s: %s\n", argv[i], strerror(errno));
                status = 1;
            }
        }
        free(t);
    }
    return status;
}
