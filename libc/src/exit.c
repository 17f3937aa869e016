/* exit.c: process termination (stdlib.h exit, atexit, abort). */
#include <stdlib.h>
#include <unistd.h>
#include <signal.h>
#include "libc_internal.h"

#define ATEXIT_MAX 32   /* POSIX guarantees at least 32 */

static void (*handlers[ATEXIT_MAX])(void);
static int handler_count;

int atexit(void (*fn)(void))
{
    if (handler_count == ATEXIT_MAX)
        return -1;
    handlers[handler_count++] = fn;
    return 0;
}

/* Weak so that a program without stdio does not pull it in. */
__attribute__((weak)) void __stdio_flush_all(void) {}

void exit(int status)
{
    while (handler_count > 0)
        handlers[--handler_count]();
    __stdio_flush_all();
    _exit(status);
}

void _Exit(int status) { _exit(status); }

void abort(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGABRT);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    raise(SIGABRT);
    /* A handler returned or the signal was ignored: die by it anyway. */
    signal(SIGABRT, SIG_DFL);
    raise(SIGABRT);
    _exit(127);
}
