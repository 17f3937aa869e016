/* cp SRC DST, or cp SRC... DIR: copies regular files. */
#include "copy.h"

int main(int argc, char **argv)
{
    return for_each_source("cp", argc, argv, copy_file);
}
