/* env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]: runs COMMAND
 * with an environment changed so (-i: emptied first, -u: NAME removed), or
 * prints the environment when there is no command.  Exit status as
 * coreutils': 125 for env's own error, 126 when COMMAND cannot run, 127
 * when it is not found. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-i") || !strcmp(argv[i], "-") || !strcmp(argv[i], "--ignore-environment")) {
            static char *empty[1];
            environ = empty;
        } else if (!strcmp(argv[i], "-u") && i + 1 < argc) {
            unsetenv(argv[++i]);
        } else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            fprintf(stderr, "env: invalid option -- '%s'\nusage: env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]\n",
                    argv[i] + 1);
            return 125;
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        if (putenv(argv[i]) != 0) {
            fprintf(stderr, "env: cannot set '%s': %s\n", argv[i], strerror(errno));
            return 125;
        }
    }
    if (i == argc) {
        for (char **e = environ; *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    int e = errno;
    fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(e));
    return e == ENOENT ? 127 : 126;
}
