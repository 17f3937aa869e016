/* cp SRC DST, or cp SRC... DIR: copies regular files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "copy.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cp SRC DST | cp SRC... DIR\n");
        return 1;
    }
    const char *dst = argv[argc - 1];
    int status = 0;
    for (int i = 1; i < argc - 1; i++) {
        char *t = target_in_dir(dst, argv[i]);
        if (!t && argc > 3) {
            fprintf(stderr, "cp: %s: not a directory\n", dst);
            return 1;
        }
        if (copy_file(argv[i], t ? t : dst) < 0) {
            fprintf(stderr, "cp: %s: %s\n", argv[i], strerror(errno));
            status = 1;
        }
        free(t);
    }
    return status;
}
