/* buffering.c: stdio's buffering as seen from outside.  The suite runs it on
 * a pipe and on a pseudo-terminal and compares the bytes with glibc's build:
 * full buffering on a pipe, line buffering on a terminal, stderr unbuffered,
 * and output still in a buffer lost by _exit but kept by exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "order")) {
        printf("out1\n");
        fprintf(stderr, "err1\n");
        printf("out2 no newline yet");
        fprintf(stderr, "err2\n");
        printf("\n");
        return 0;
    }
    if (!strcmp(mode, "lost")) {
        printf("kept by a line-buffered terminal\n");
        printf("lost in the buffer");
        _exit(0);
    }
    if (!strcmp(mode, "flushed")) {
        printf("written by exit");
        exit(0);
    }
    if (!strcmp(mode, "setvbuf")) {
        setvbuf(stdout, NULL, _IONBF, 0);
        printf("unbuffered ");
        fprintf(stderr, "then stderr ");
        printf("then stdout\n");
        _exit(0);
    }
    fprintf(stderr, "usage: buffering order|lost|flushed|setvbuf\n");
    return 2;
}
