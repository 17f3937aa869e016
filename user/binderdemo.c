/*
 * binderdemo: the one copy of binder, step by step, with the copy ledger.
 *
 *     binderdemo [--bytes N]
 *     binderdemo --serve      (only the echo service, in the background)
 *
 * Forks an echo service (interface org.pagelab.IEcho: code 1 answers with
 * the bytes it was sent) that registers as "echo" with the service manager
 * of /dev/binder -- or, where no service manager runs (Linux in
 * tools/run-on-linux), becomes the context manager of /dev/vndbinder
 * itself.  The client then prints, after each step, what its own copy
 * ledger (LEDGER_SELF) gained:
 *
 *   open + mmap      the receive area is mapped: nothing copied
 *   get "echo"       a call to handle 0: protocol words only
 *   call echo(N)     N bytes cross-space: from the client's buffer straight
 *                    into the service's receive area -- the one copy
 *   read the reply   in place, in the client's own area: nothing copied
 *   free the reply   BC_FREE_BUFFER: nothing copied
 *
 * and last what the service's ledger says it did: it read the N bytes in
 * place and copied N back (its reply) into the client's area.  "protocol"
 * columns are the commands and returns of BINDER_WRITE_READ (syscall
 * arguments, not payload), without the ledger reads themselves; zero-fill
 * is the frames of the receiving area given to a buffer for the first time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../libc/include/pagelab/binder.h"
#include "benchlib.h"

#define ECHO_INTERFACE "org.pagelab.IEcho"
#define ECHO_CODE      1
#define REPORT_CODE    2 /* the service's ledger since it started */
#define QUIT_CODE      3 /* the service exits (after its reply) */

static int ledger;
static struct ledger_counts service_start;
static int quit;

static int echo(void *ctx, const struct binder_transaction_data *tr, struct parcel *in,
                struct parcel *reply)
{
    (void)ctx;
    if (tr->code == BINDER_INTERFACE_TRANSACTION)
        return parcel_write_string16(reply, ECHO_INTERFACE);
    if (parcel_enforce_interface(in, ECHO_INTERFACE))
        return BINDER_BAD_VALUE;
    if (tr->code == REPORT_CODE) {
        struct ledger_counts now, d;
        bench_ledger_get(LEDGER_SELF, &now);
        bench_ledger_delta(&service_start, &now, &d);
        parcel_write_i64(reply, (int64_t)d.bytes[COPY_CROSS_SPACE][MECH_BINDER]);
        parcel_write_i64(reply, (int64_t)(d.bytes[COPY_USER_TO_KERNEL][MECH_BINDER] +
                                          d.bytes[COPY_KERNEL_TO_USER][MECH_BINDER] +
                                          d.bytes[COPY_KERNEL_TO_KERNEL][MECH_BINDER]));
        return 0;
    }
    if (tr->code == QUIT_CODE) {
        quit = 1;
        return 0;
    }
    if (tr->code != ECHO_CODE)
        return BINDER_BAD_VALUE;
    /* The request is read where the kernel put it; the reply is built in
       our own memory and copied once, by the kernel, into the caller's. */
    size_t n = in->size - in->pos;
    return parcel_write(reply, parcel_read(in, n), n);
}

/* The echo service: registered with the service manager, else the manager
   of /dev/vndbinder.  Writes '1' or '2' on ready (which way) and serves. */
static void service(int ready)
{
    struct binder *b = binder_open(BINDER_DEVICE, 0);
    char how = '1';
    if (!b || svcmgr_add(b, "echo", 0xec40, 0) != 0) {
        binder_close(b);
        b = binder_open("/dev/vndbinder", 0);
        if (!b || binder_become_context_manager(b) < 0) {
            perror("binderdemo: no service manager and no free binder context");
            _exit(1);
        }
        how = '2';
    }
    struct binder_server s = { echo, NULL, NULL };
    binder_set_server(b, &s);
    bench_ledger_get(LEDGER_SELF, &service_start); /* registered: the demo starts */
    if (write(ready, &how, 1) != 1)
        _exit(1);
    uint32_t enter = BC_ENTER_LOOPER;
    binder_write(b, &enter, sizeof enter);
    while (!quit)
        if (binder_serve_once(b) < 0)
            _exit(1);
    binder_write(b, NULL, 0); /* the last reply goes out */
    _exit(0);
}

static struct ledger_counts last;
/* What reading the ledger itself costs (its counts go out as syscall
   arguments): measured once, subtracted from every step. */
static uint64_t read_cost_out, read_cost_in;

static void measure_read_cost(void)
{
    struct ledger_counts a, b, d;
    bench_ledger_get(LEDGER_SELF, &a);
    bench_ledger_get(LEDGER_SELF, &b);
    bench_ledger_delta(&a, &b, &d);
    read_cost_out = d.bytes[COPY_KERNEL_TO_USER][MECH_SYSCALL_ARGS];
    read_cost_in = d.bytes[COPY_USER_TO_KERNEL][MECH_SYSCALL_ARGS];
}

/* Prints what the client's ledger gained since the last step. */
static void step(const char *what, const char *note)
{
    if (!ledger) {
        printf("%-26s  %s\n", what, note);
        return;
    }
    struct ledger_counts now, d;
    bench_ledger_get(LEDGER_SELF, &now);
    bench_ledger_delta(&last, &now, &d);
    last = now;
    printf("%-26s  %11llu  %11llu  %11llu  %9llu  %s\n", what,
           (unsigned long long)d.bytes[COPY_CROSS_SPACE][MECH_BINDER],
           (unsigned long long)(d.bytes[COPY_USER_TO_KERNEL][MECH_SYSCALL_ARGS] - read_cost_in),
           (unsigned long long)(d.bytes[COPY_KERNEL_TO_USER][MECH_SYSCALL_ARGS] - read_cost_out),
           (unsigned long long)d.zero_fill_bytes[MECH_BINDER], note);
}

int main(int argc, char **argv)
{
    size_t n = 64 << 10;
    int serve_only = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--bytes") && i + 1 < argc) {
            n = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--serve")) {
            serve_only = 1;
        } else {
            fprintf(stderr, "usage: binderdemo [--bytes N] | binderdemo --serve\n");
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    ledger = bench_ledger_available();
    int p[2];
    if (pipe(p))
        bench_die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        service(p[1]);
    }
    close(p[1]);
    char how = 0;
    if (read(p[0], &how, 1) != 1) {
        fprintf(stderr, "binderdemo: the echo service did not start\n");
        return 1;
    }
    if (serve_only) {
        /* The service goes on alone (init adopts it) until QUIT_CODE. */
        printf("echo service (%s): pid %d\n", how == '1' ? "\"echo\" on /dev/binder" : "/dev/vndbinder",
               (int)pid);
        return 0;
    }
    const char *dev = how == '1' ? BINDER_DEVICE : "/dev/vndbinder";
    printf("binderdemo: %zu bytes through an echo service (%s)\n", n,
           how == '1' ? "registered as \"echo\" with /bin/servicemanager on /dev/binder"
                      : "the context manager of /dev/vndbinder: no service manager here");
    if (ledger) {
        printf("%-26s  %11s  %11s  %11s  %9s\n", "client step", "cross-space", "user->kern",
               "kern->user", "zero-fill");
        printf("%-26s  %11s  %11s  %11s  %9s\n", "", "(binder)", "(protocol)", "(protocol)",
               "(binder)");
        measure_read_cost();
        bench_ledger_get(LEDGER_SELF, &last);
    }

    struct binder *b = binder_open(dev, 0);
    if (!b)
        bench_die(dev);
    step("open + mmap 1 MiB", "the receive area, read-only: nothing copied");

    uint32_t echo_h = how == '1' ? svcmgr_get(b, "echo") : 0;
    if (how == '1' && !echo_h) {
        fprintf(stderr, "binderdemo: the service manager does not know \"echo\"\n");
        return 1;
    }
    step(how == '1' ? "get \"echo\" from handle 0" : "(echo is handle 0)",
         bench_fmt("handle %u", echo_h));

    unsigned char *msg = malloc(n);
    for (size_t i = 0; i < n; i++)
        msg[i] = (unsigned char)(i * 31 + 7);
    struct parcel in, out;
    parcel_init(&in);
    parcel_write_interface_token(&in, ECHO_INTERFACE);
    size_t header = in.size;
    parcel_write(&in, msg, n);
    int status = binder_call(b, echo_h, ECHO_CODE, &in, &out, 0);
    if (status) {
        fprintf(stderr, "binderdemo: echo failed: status %d\n", status);
        return 1;
    }
    step(bench_fmt("call echo (%zu + %zu B)", header, n),
         "the request, straight into the service's area");

    const unsigned char *reply = out.data;
    int same = out.size >= n && !memcmp(reply, msg, n);
    uintptr_t at = (uintptr_t)reply;
    char note[96];
    snprintf(note, sizeof note, "%zu bytes at %#lx, in our own area: %s", out.size,
             (unsigned long)at, same ? "all equal" : "WRONG DATA");
    step("read the reply in place", note);
    parcel_free(&out);
    step("free the reply buffer", "BC_FREE_BUFFER (sent with the next call)");

    struct parcel rin, rout;
    parcel_init(&rin);
    parcel_write_interface_token(&rin, ECHO_INTERFACE);
    if (binder_call(b, echo_h, REPORT_CODE, &rin, &rout, 0) == 0 && ledger) {
        long long cross = parcel_read_i64(&rout), other = parcel_read_i64(&rout);
        printf("the echo service's ledger: %lld bytes copied cross-space (its reply into our "
               "area), %lld other binder copies; the request was read in place\n",
               cross, other);
        parcel_free(&rout);
    }
    parcel_free(&in);
    parcel_free(&rin);
    struct parcel qin, qout;
    parcel_init(&qin);
    parcel_write_interface_token(&qin, ECHO_INTERFACE);
    if (binder_call(b, echo_h, QUIT_CODE, &qin, &qout, 0) == 0)
        parcel_free(&qout);
    parcel_free(&qin);
    binder_close(b);
    waitpid(pid, NULL, 0);
    return same ? 0 : 1;
}
