/* head [-n N | -N] [FILE...]: the first N lines (10 by default) of each file. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int head(FILE *f, long lines)
{
    int c;
    while (lines > 0 && (c = fgetc(f)) != EOF) {
        putchar(c);
        if (c == '\n')
            lines--;
    }
    return ferror(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
    long lines = 10;
    int i = 1, status = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            lines = atol(argv[++i]);
        else if (!strncmp(argv[i], "-n", 2))
            lines = atol(argv[i] + 2);
        else if (isdigit((unsigned char)argv[i][1]))
            lines = atol(argv[i] + 1);
        else {
            fprintf(stderr, "usage: head [-n N] [FILE...]\n");
            return 2;
        }
    }
    if (i >= argc)
        return head(stdin, lines);
    int many = argc - i > 1;
    for (int first = i; i < argc; i++) {
        FILE *f = !strcmp(argv[i], "-") ? stdin : fopen(argv[i], "r");
        if (!f) {
            fprintf(stderr, "head: %s: ", argv[i]);
            perror(0);
            status = 1;
            continue;
        }
        if (many)
            printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
        status |= head(f, lines);
        if (f != stdin)
            fclose(f);
    }
    return status;
}
