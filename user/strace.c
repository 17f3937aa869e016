/*
 * strace [-f] [-o FILE] COMMAND [ARG...]: runs COMMAND and prints each of
 * its system calls with its name, arguments and result, as Linux's
 * strace(1) does:
 *
 *     openat(AT_FDCWD, "/etc/motd", O_RDONLY) = 3
 *     read(3, "Welcome to pagelab\n", 4096) = 19
 *     open("/nope", O_RDONLY) = -1 ENOENT
 *     +++ exited with 0 +++
 *
 * The kernel writes the lines (kernel/syscall/strace.c): the child asks
 * for it with pagelab_trace(2) on the output file, then execs COMMAND, so
 * the trace starts with execve.  -f follows children (lines start
 * "[pid N] "); -o writes the trace to FILE instead of standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <pagelab/syscalls.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: strace [-f] [-o FILE] COMMAND [ARG...]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int flags = 0, out = 2, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-f")) {
            flags |= PAGELAB_TRACE_CHILDREN;
        } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
            out = open(argv[++i], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (out < 0) {
                fprintf(stderr, "strace: %s: %s\n", argv[i], strerror(errno));
                return 1;
            }
        } else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            usage();
        }
    }
    if (i >= argc)
        usage();

    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "strace: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        if (pagelab_trace(out, flags) < 0) {
            fprintf(stderr, "strace: pagelab_trace: %s (not a pagelab kernel?)\n", strerror(errno));
            _exit(127);
        }
        execvp(argv[i], argv + i);
        /* Traced too: the failed execve is in the trace. */
        fprintf(stderr, "strace: %s: %s\n", argv[i], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "strace: waitpid: %s\n", strerror(errno));
            return 1;
        }
    if (WIFSIGNALED(status)) {
        dprintf(out, "+++ killed by %s +++\n", strsignal(WTERMSIG(status)));
        return 128 + WTERMSIG(status);
    }
    dprintf(out, "+++ exited with %d +++\n", WEXITSTATUS(status));
    return WEXITSTATUS(status);
}
