/*
 * tests/user/fuzzfound.c: one check per kernel bug sysfuzz found (user/sysfuzz),
 * each named after what it proves, so that none comes back.  Runs on Linux
 * first (the expectations are Linux's), then inside pagelab.
 */
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int gone(pid_t pid)
{
    char path[32];
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    struct stat st;
    return stat(path, &st) < 0;
}

/* A child made by clone with no exit signal outlives its parent: the new
   parent (a subreaper on Linux; init on pagelab, which has no prctl) sees
   it as an ordinary child, reaps it with a plain wait, and it is gone.
   (pagelab kept the child's exit signal, so init's wait() never matched
   the zombie: every such orphan stayed in the process table.) */
static void orphan_of_clone_is_reaped(void)
{
    int subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
    int p[2];
    if (pipe(p) < 0) {
        check("orphan_made_by_clone_without_exit_signal_is_reaped_by_its_new_parent", 0, "pipe");
        return;
    }
    pid_t middle = fork();
    if (middle == 0) {
        /* flags 0: no CSIGNAL bits, so no signal to the parent at exit */
        long g = syscall(SYS_clone, 0L, 0L, 0L, 0L, 0L);
        if (g == 0)
            _exit(0);
        write(p[1], &g, sizeof g);
        _exit(0);
    }
    long g = -1;
    read(p[0], &g, sizeof g);
    waitpid(middle, NULL, 0);
    int ok = 0;
    if (subreaper) {
        /* Linux: we are its parent now, and a plain waitpid matches it */
        ok = g > 0 && waitpid((pid_t)g, NULL, 0) == (pid_t)g;
    } else {
        struct timespec tick = {0, 20 * 1000000};
        for (int i = 0; i < 150 && !(ok = g > 0 && gone((pid_t)g)); i++)
            nanosleep(&tick, NULL);
    }
    check("orphan_made_by_clone_without_exit_signal_is_reaped_by_its_new_parent", ok,
          subreaper ? "waitpid of the orphan failed" : "/proc/PID of the orphan is still there after 3 s");
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    orphan_of_clone_is_reaped();
    return failures;
}
