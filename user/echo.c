/* echo: prints its arguments separated by spaces.  -n: no final newline. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int i = 1, newline = 1;
    if (argc > 1 && !strcmp(argv[1], "-n")) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++) {
        if (i > first)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    if (newline)
        putchar('\n');
    return fflush(stdout) ? 1 : 0;
}
