/*
 * tests/user/scratch.h: the directory an in-OS test program works in (set
 * from its command line into `dir`) and the names of its files there.
 */
#ifndef PAGELAB_TESTS_USER_SCRATCH_H
#define PAGELAB_TESTS_USER_SCRATCH_H

#include <stdio.h>

static char dir[256];

/* DIR/NAME in one of four rotating buffers, so that a call may take two or
   three paths at once (rename, link) without copying them. */
static char *path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

#endif
