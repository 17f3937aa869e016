/*
 * tests/labs/pipe.c: the grader of lab 04-pipe (docs/labs/04-pipe.md):
 * write(2) on a pipe moves the bytes in order with one copy in (and one
 * out, by read), waits for room, and fails as POSIX says.
 */
#include <fcntl.h>

#include "lab.h"

static char out[256 * 1024], in[256 * 1024];

static void pattern(char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (char)(i * 7 + i / 4096);
}

static int in_order(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pattern(out, 1000);
    ssize_t w = write(p[1], out, 1000);
    if (w != 1000)
        return fail("write of 1000 bytes returned %zd (%s)", w, strerror(errno));
    ssize_t r = read(p[0], in, sizeof in);
    if (r != 1000 || memcmp(in, out, 1000))
        return fail("read returned %zd bytes, not the 1000 written", r);
    return 1;
}

static int one_copy_in(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pattern(out, 4096);
    ledger_warm();
    ledger(&ledger_a);
    ssize_t w = write(p[1], out, 4096);
    ledger(&ledger_b);
    uint64_t in_bytes = kind_bytes(COPY_USER_TO_KERNEL, MECH_PIPE), all = cpu_bytes(MECH_PIPE);
    if (w != 4096)
        return fail("write returned %zd (%s)", w, strerror(errno));
    if (in_bytes != 4096 || all != 4096)
        return fail("writing 4096 bytes counted %llu bytes user->kernel and %llu in all for "
                    "MECH_PIPE (want 4096 and 4096)", (unsigned long long)in_bytes,
                    (unsigned long long)all);
    ssize_t r = read(p[0], in, 4096);
    if (r != 4096 || memcmp(in, out, 4096))
        return fail("the bytes did not come back");
    return 1;
}

static int waits_for_room(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    pattern(out, sizeof out);
    pid_t pid = fork();
    if (pid == 0) { /* the reader: slowly, in odd pieces */
        close(p[1]);
        size_t got = 0;
        ssize_t n;
        while (got < sizeof in && (n = read(p[0], in + got, 3000)) > 0)
            got += (size_t)n;
        _exit(got == sizeof in && !memcmp(in, out, sizeof in) ? 0 : 1);
    }
    close(p[0]);
    ssize_t w = write(p[1], out, sizeof out);
    close(p[1]);
    int st;
    waitpid(pid, &st, 0);
    if (w != (ssize_t)sizeof out)
        return fail("a write of 256 KiB returned %zd (%s)", w, strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st))
        return fail("the reader did not get the 256 KiB in order");
    return 1;
}

static int epipe(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    errno = 0;
    ssize_t w = write(p[1], "x", 1);
    if (w != -1 || errno != EPIPE)
        return fail("write with no reader returned %zd, errno %d (want -1, EPIPE)", w, errno);
    return 1;
}

static int eagain(void)
{
    int p[2];
    if (pipe(p) < 0)
        return fail("pipe: %s", strerror(errno));
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    size_t total = 0;
    ssize_t w;
    while ((w = write(p[1], out, 1024)) > 0)
        total += (size_t)w;
    if (w != -1 || errno != EAGAIN || total < 4096)
        return fail("filling a non-blocking pipe: %zu bytes, then %zd, errno %d (want EAGAIN)",
                    total, w, errno);
    return 1;
}

int main(void)
{
    run_check("pipe_carries_bytes_in_order", in_order);
    run_check("pipe_write_is_one_copy_in", one_copy_in);
    run_check("pipe_write_waits_for_room", waits_for_room);
    run_check("write_without_reader_is_epipe", epipe);
    run_check("nonblocking_full_pipe_is_eagain", eagain);
    return failures;
}
