/*
 * tests/user/check.h: the one-line-per-check reporting of the in-OS test
 * programs in tests/user: "ok NAME" or "FAIL NAME: what happened", the
 * count of failures in `failures` (the programs exit with it).  The suites
 * parse these lines (tests/vmtests.py, checks()).  Each line is flushed so
 * that nothing is lost or duplicated when the program forks or crashes.
 */
#ifndef PAGELAB_TESTS_USER_CHECK_H
#define PAGELAB_TESTS_USER_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check(const char *name, int ok, const char *detail)
{
    if (ok) {
        printf("ok %s\n", name);
    } else {
        printf("FAIL %s: %s (errno %d %s)\n", name, detail, errno, strerror(errno));
        failures++;
    }
    fflush(stdout);
}
#define CHECK(name, cond) check(name, (cond), #cond)

#endif
