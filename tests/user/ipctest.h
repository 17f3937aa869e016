/*
 * tests/user/ipctest.h: what the IPC test programs (sysvipc.c, posixmq.c,
 * ipcstress.c) share: clocks and sleeps for the "it waited" checks, child
 * status, the /proc/sys limit files, and a private IPC namespace on Linux.
 *
 * On the Linux host the programs first move into a new IPC namespace
 * (unshare(CLONE_NEWIPC), root only), so that the limits they lower and
 * the objects they count are their own and not the host's; pagelab has one
 * namespace and answers ENOSYS, and the programs go on in it.
 */
#ifndef PAGELAB_TESTS_USER_IPCTEST_H
#define PAGELAB_TESTS_USER_IPCTEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static __attribute__((unused)) uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static __attribute__((unused)) void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

static __attribute__((unused)) int child_status(pid_t pid)
{
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

/* The child's exit code, or -1 if it did not exit normally. */
static __attribute__((unused)) int child_code(pid_t pid)
{
    int st = child_status(pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The first number in a /proc file, or -1. */
static __attribute__((unused)) long proc_read_long(const char *path)
{
    char buf[128];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    return strtol(buf, NULL, 10);
}

/* A whole /proc file into buf (NUL-terminated): its length, or -1. */
static __attribute__((unused)) long proc_read(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t got = 0;
    ssize_t n;
    while (got + 1 < size && (n = read(fd, buf + got, size - 1 - got)) > 0)
        got += (size_t)n;
    close(fd);
    buf[got] = 0;
    return (long)got;
}

/* Writes text to a /proc/sys file: 0, or -1 with errno. */
static __attribute__((unused)) int proc_write(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static __attribute__((unused)) int proc_write_long(const char *path, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld\n", v);
    return proc_write(path, buf);
}

/* Linux: a fresh IPC namespace of our own (see the header comment). */
static __attribute__((unused)) void private_ipc_namespace(void)
{
#ifdef CLONE_NEWIPC
    if (unshare(CLONE_NEWIPC) == 0)
        printf("# in a new IPC namespace\n");
#endif
}

/* Does this process hold CAP_SYS_RESOURCE?  It lifts msg_qbytes above
   msgmnb and the POSIX queue limits.  Linux's root normally has it, and so
   does pagelab's (no /proc/self/status there: every process is root); the
   Linux host these tests first run on drops it from root's bounding set. */
static __attribute__((unused)) int has_cap_sys_resource(void)
{
    char buf[4096];
    if (proc_read("/proc/self/status", buf, sizeof buf) < 0)
        return getuid() == 0;
    const char *p = strstr(buf, "CapEff:");
    if (!p)
        return getuid() == 0;
    unsigned long long caps = strtoull(p + 7, NULL, 16);
    return (caps >> 24) & 1; /* CAP_SYS_RESOURCE = 24 */
}

#endif
