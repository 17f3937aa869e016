/* pwd [-L | -P]: the working directory (the kernel's name for it, which
 * has no symbolic links to resolve, so -L and -P print the same). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-L") && strcmp(argv[i], "-P")) {
            fprintf(stderr, "pwd: invalid option -- '%s'\nusage: pwd [-L | -P]\n", argv[i] + 1);
            return 1;
        }
    }
    char buf[4096];
    if (!getcwd(buf, sizeof(buf))) {
        fprintf(stderr, "pwd: %s\n", strerror(errno));
        return 1;
    }
    puts(buf);
    return 0;
}
