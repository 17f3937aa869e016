/*
 * tests/host/permission_sources.h: the file permission checks
 * (kernel/fs/permission.c) for host tests of the VFS, which run as root:
 * cred_current() answers root's credentials, as for a kernel thread.
 */
#ifndef PAGELAB_TESTS_PERMISSION_SOURCES_H
#define PAGELAB_TESTS_PERMISSION_SOURCES_H

#include "kernel/lib/cred.c"
#include "kernel/fs/permission.c"

static const struct cred host_root_cred; /* every id 0, no groups */
const struct cred *cred_current(void) { return &host_root_cred; }

#endif
