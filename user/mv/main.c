/* mv SRC DST, or mv SRC... DIR: renames; across file systems, copies then unlinks. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include "../cp/copy.h"

static int move_file(const char *from, const char *to)
{
    if (rename(from, to) == 0)
        return 0;
    if (errno != EXDEV || copy_file(from, to) < 0 || unlink(from) < 0)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    return for_each_source("mv", argc, argv, move_file);
}
