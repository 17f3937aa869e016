/*
 * tests/labs/binder.c: the grader of lab 05-binder (docs/labs/05-binder.md):
 * a call's data reaches the receiver with one copy, straight from the
 * caller's memory into the receiver's mapped buffer.  A forked child is
 * the context manager of /dev/vndbinder (no service manager uses it) and
 * answers each call with a checksum of the data where it arrived.
 */
#include <sys/mman.h>

#include "../../libc/include/pagelab/binder.h"
#include "lab.h"

#define DEV "/dev/vndbinder"
#define CODE_SUM 1

static unsigned char message[256 * 1024] __attribute__((aligned(4096)));

static uint64_t checksum(const unsigned char *d, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i < n; i++)
        s = s * 31 + d[i];
    return s;
}

static int serve(void *ctx, const struct binder_transaction_data *tr, struct parcel *in,
                 struct parcel *reply)
{
    (void)ctx;
    (void)tr;
    return parcel_write_i64(reply, (int64_t)checksum(in->data, in->size));
}

static pid_t start_server(void)
{
    volatile int *ready = shared_page();
    if (!ready)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        struct binder *b = binder_open(DEV, 0);
        if (!b || binder_become_context_manager(b) < 0)
            _exit(1);
        struct binder_server s = { serve, NULL, NULL };
        binder_set_server(b, &s);
        *ready = 1;
        binder_loop(b);
        _exit(0);
    }
    int up = pid > 0 && wait_for_flag(ready, pid);
    munmap((void *)ready, PAGE);
    if (pid > 0 && !up)
        kill(pid, SIGKILL);
    return up ? pid : -1;
}

/* Calls the server with size bytes from offset off of message. */
static int one_copy(size_t off, size_t size)
{
    for (size_t i = 0; i < sizeof message; i++)
        message[i] = (unsigned char)(i * 13 + i / 4096);
    pid_t server = start_server();
    if (server < 0)
        return fail("no context manager of %s could start", DEV);
    struct binder *b = binder_open(DEV, 0);
    if (!b) {
        kill(server, SIGKILL);
        return fail("binder_open: %s", strerror(errno));
    }
    struct parcel in, out;
    parcel_wrap(&in, message + off, size);
    ledger_warm();
    ledger(&ledger_a);
    int status = binder_call(b, 0, CODE_SUM, &in, &out, 0);
    ledger(&ledger_b);
    int64_t sum = status ? 0 : parcel_read_i64(&out);
    kill(server, SIGKILL);
    waitpid(server, NULL, 0);
    if (status)
        return fail("binder_call: status %d", status);
    if ((uint64_t)sum != checksum(message + off, size))
        return fail("the server saw other bytes than were sent");
    uint64_t cross = kind_bytes(COPY_CROSS_SPACE, MECH_BINDER), all = cpu_bytes(MECH_BINDER);
    if (cross != size || all != size)
        return fail("a call with %zu bytes of data copied %llu bytes for binder, %llu of them "
                    "straight into the receiver (want %zu and %zu)", size,
                    (unsigned long long)all, (unsigned long long)cross, size, size);
    return 1;
}

static int small_call(void) { return one_copy(0, 64); }
static int page_crossing_call(void) { return one_copy(4096 - 100, 5000); }
static int large_call(void) { return one_copy(0, 256 * 1024 - 4096); }

int main(void)
{
    run_check("small_call_is_one_copy", small_call);
    run_check("page_crossing_call_is_one_copy", page_crossing_call);
    run_check("large_call_is_one_copy", large_call);
    return failures;
}
