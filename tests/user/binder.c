/*
 * tests/user/binder.c: Linux's binder protocol, checked on Linux's driver
 * (binder_linux, through tools/run-on-linux) and then, unchanged, on
 * pagelab's /dev/vndbinder.  One line per check ("ok NAME" / "FAIL NAME:
 * ..."), exit status = failures.
 *
 *   the device   version, ioctl errors, the receive area's mmap rules
 *                (read-only, EPERM for write, EBUSY twice, EINVAL from
 *                another process, SIGBUS where no buffer was, not inherited,
 *                capped at 4 MiB), context manager (EBUSY for a second)
 *   calls        call and reply (code, data, sender pid and euid, the data
 *                read in place in the receiver's area), one-way calls in
 *                order and one at a time, a nested call back to the caller's
 *                thread, BR_DEAD_REPLY (no manager, server dies), a caller
 *                that dies, the first read of a new thread
 *   objects      a binder becomes a handle (lowest free) and comes back as
 *                the binder, the owner is told (BR_INCREFS/BR_ACQUIRE), a
 *                handle passed on becomes the receiver's own handle, node
 *                counts (BINDER_GET_NODE_INFO_FOR_REF), descriptors
 *                installed close-on-exec, refused without ACCEPTS_FDS /
 *                TF_ACCEPT_FDS
 *   deaths       BR_DEAD_BINDER once with its cookie, cleared notices
 *   bad input    bad pointers, unknown and truncated commands, offsets out
 *                of the data, misaligned, overlapping, unknown objects and
 *                handles, double frees, replies with nothing to answer,
 *                full areas and one-way space (half the area)
 *   library    the binder library's looper pool (libc/src/binder/pool.c):
 *                four callers at once are served by four threads of the
 *                server, each of which calls back into its caller
 * Where Linux records an errno for a failed transaction
 * (BINDER_GET_EXTENDED_ERROR), it is checked too.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stddef.h>
#include "binder_raw.h"
#include "check.h"
#include "../../libc/include/pagelab/binder.h" /* the library's pool: library_pool */

#define CODE_ECHO   1
#define CODE_CALLBACK 2
#define CODE_QUIT   99
#define CODE_SLEEP  7

static pid_t test_pid;

/* Touches *p (a load, or a store with write): the signal that stopped it,
   or 0.  The mapping under test is not inherited by fork, so the access
   is made here, with a handler that jumps back. */
static sigjmp_buf touch_jump;
static void touch_handler(int sig) { siglongjmp(touch_jump, sig); }
static int touch(const volatile uint8_t *p, int write)
{
    struct sigaction sa, old_bus, old_segv;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = touch_handler;
    sigaction(SIGBUS, &sa, &old_bus);
    sigaction(SIGSEGV, &sa, &old_segv);
    int sig = sigsetjmp(touch_jump, 1);
    if (sig == 0) {
        if (write)
            *(volatile uint8_t *)p = 1;
        else
            (void)*p;
    }
    sigaction(SIGBUS, &old_bus, NULL);
    sigaction(SIGSEGV, &old_segv, NULL);
    return sig;
}

/* ---- a context-manager process ------------------------------------------------ */

typedef void (*manager_fn)(struct bproc *b, int arg);

/* Forks a process that becomes the manager of TEST_DEV (object flags:
   0, or FLAT_BINDER_FLAG_ACCEPTS_FDS...), enters the looper and runs fn;
   returns once it is ready. */
static pid_t start_manager(uint32_t flags, manager_fn fn, int arg)
{
    int p[2];
    if (pipe(p))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        failures = 0; /* the child's exit status counts its own */
        close(p[0]);
        struct bproc b;
        bopen(&b);
        int r = become_manager(&b, flags);
        if (r) {
            printf("FAIL manager_setup: %s\n", strerror(-r));
            exit(99);
        }
        bcmd(&b, BC_ENTER_LOOPER);
        if (write(p[1], "r", 1) != 1)
            exit(98);
        close(p[1]);
        fn(&b, arg);
        fflush(stdout);
        _exit(failures);
    }
    close(p[1]);
    char c;
    if (read(p[0], &c, 1) != 1)
        printf("FAIL manager_start: the manager did not come up\n");
    close(p[0]);
    return pid;
}

/* Waits for a child; its own FAIL lines are counted here too. */
static int finish(pid_t pid)
{
    int st = 0;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return st;
    failures++;
    return st;
}

/* Echoes every call until CODE_QUIT.  The data is copied out first: the
   free goes before the reply in one write, because a reply that fails
   (the caller's area is full) stops the rest of the write, as on Linux. */
static void echo_server(struct bproc *b, int arg)
{
    struct ret r;
    while (bnext_skip(b, &r) == 0) {
        if (r.cmd != BR_TRANSACTION)
            continue;
        if (r.tr.flags & TF_ONE_WAY) {
            free_buffer(b, &r);
            continue;
        }
        void *copy = malloc(r.tr.data_size ? r.tr.data_size : 1);
        memcpy(copy, (const void *)(uintptr_t)r.tr.data.ptr.buffer, r.tr.data_size);
        reply_with(b, &r, 0, copy, r.tr.data_size, NULL, 0);
        free(copy);
        if (r.tr.code == CODE_QUIT)
            return;
    }
}

/* Holds the first call until a byte arrives on fd, then echoes. */
static void hold_server(struct bproc *b, int fd)
{
    struct ret r;
    bnext_skip(b, &r);
    char c;
    if (read(fd, &c, 1) != 1)
        return;
    reply_with(b, &r, 0, NULL, 0, NULL, 0);
    expect(b, BR_TRANSACTION_COMPLETE, NULL);
    echo_server(b, 0);
}

static void quit_manager(struct bproc *b, pid_t pid)
{
    struct ret r;
    call(b, 0, CODE_QUIT, 0, NULL, 0, NULL, 0, &r);
    finish(pid);
}

/* ---- the device ------------------------------------------------------------------ */

static void test_device(void)
{
    int fd = open(TEST_DEV, O_RDWR | O_CLOEXEC);
    CHECK("open_test_device", fd >= 0);
    struct binder_version v = { 0 };
    CHECK("version_is_8", ioctl(fd, BINDER_VERSION, &v) == 0 && v.protocol_version == 8);
    errno = 0;
    CHECK("version_bad_pointer_is_einval", ioctl(fd, BINDER_VERSION, NULL) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("write_read_bad_pointer_is_efault",
          ioctl(fd, BINDER_WRITE_READ, (void *)16) < 0 && errno == EFAULT);
    errno = 0;
    CHECK("set_max_threads_bad_pointer_is_einval",
          ioctl(fd, BINDER_SET_MAX_THREADS, NULL) < 0 && errno == EINVAL);
    uint32_t max = 0;
    CHECK("set_max_threads", ioctl(fd, BINDER_SET_MAX_THREADS, &max) == 0);
    errno = 0;
    CHECK("set_context_mgr_ext_bad_pointer_is_einval",
          ioctl(fd, BINDER_SET_CONTEXT_MGR_EXT, NULL) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("unknown_ioctl_is_einval",
          ioctl(fd, BINDER_IOW_('b', 99, int32_t), &max) < 0 && errno == EINVAL);
    CHECK("thread_exit", ioctl(fd, BINDER_THREAD_EXIT, 0) == 0);
    CHECK("ioctl_after_thread_exit", ioctl(fd, BINDER_VERSION, &v) == 0);

    errno = 0;
    void *w = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("mmap_writable_is_eperm", w == MAP_FAILED && errno == EPERM);
    uint8_t *m = mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("mmap_read_only", m != MAP_FAILED);
    errno = 0;
    void *m2 = mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK("mmap_twice_is_ebusy", m2 == MAP_FAILED && errno == EBUSY);
    errno = 0;
    CHECK("mprotect_write_is_eacces",
          mprotect(m, 4096, PROT_READ | PROT_WRITE) < 0 && errno == EACCES);

    /* A page no buffer ever used has no frame: SIGBUS; a store: SIGSEGV. */
    CHECK("unused_page_is_sigbus", touch(m, 0) == SIGBUS);
    CHECK("store_is_sigsegv", touch(m, 1) == SIGSEGV);
    int st;
    pid_t pid;

    /* Only the process that opened the file may map it. */
    int fd2 = open(TEST_DEV, O_RDWR | O_CLOEXEC);
    pid = fork();
    if (pid == 0) {
        errno = 0;
        void *c = mmap(NULL, MAP_SIZE, PROT_READ, MAP_PRIVATE, fd2, 0);
        _exit(c == MAP_FAILED && errno == EINVAL ? 0 : 1);
    }
    waitpid(pid, &st, 0);
    CHECK("mmap_by_another_process_is_einval", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(fd2);
    munmap(m, MAP_SIZE);
    close(fd);
}

/* The second manager of a context is refused, the first is not disturbed. */
static void idle_manager(struct bproc *b, int arg)
{
    struct ret r;
    while (bnext_skip(b, &r) == 0)
        if (r.cmd == BR_TRANSACTION) {
            reply_with(b, &r, 0, NULL, 0, NULL, 0);
            if (r.tr.code == CODE_QUIT)
                return;
        }
}

static void test_context_manager(void)
{
    pid_t mgr = start_manager(0, idle_manager, 0);
    struct bproc b;
    bopen(&b);
    errno = 0;
    CHECK("second_context_manager_is_ebusy",
          ioctl(b.fd, BINDER_SET_CONTEXT_MGR, 0) < 0 && errno == EBUSY);
    struct flat_binder_object fbo = { 0 };
    errno = 0;
    CHECK("second_context_manager_ext_is_ebusy",
          ioctl(b.fd, BINDER_SET_CONTEXT_MGR_EXT, &fbo) < 0 && errno == EBUSY);
    quit_manager(&b, mgr);
    bclose(&b);
}

/* ---- calls ------------------------------------------------------------------------- */

/* The manager checks what arrives and replies "world!". */
static void call_checker(struct bproc *b, int caller)
{
    struct ret r;
    CHECK("call_arrives_as_br_transaction", bnext_skip(b, &r) == 0 && r.cmd == BR_TRANSACTION);
    CHECK("call_code", r.tr.code == 42);
    CHECK("call_target_is_the_manager_node", r.tr.target.ptr == 0 && r.tr.cookie == 0);
    CHECK("call_flags", r.tr.flags == 0);
    CHECK("call_sender_pid", r.tr.sender_pid == caller);
    CHECK("call_sender_euid", r.tr.sender_euid == geteuid());
    CHECK("call_data", r.tr.data_size == 6 && r.tr.offsets_size == 0 &&
                           !memcmp((void *)(uintptr_t)r.tr.data.ptr.buffer, "hello", 6));
    /* The data is read where the kernel put it: inside our own mapping. */
    uint64_t at = r.tr.data.ptr.buffer;
    CHECK("call_data_is_in_the_receive_area",
          at >= (uintptr_t)b->map && at + 6 <= (uintptr_t)b->map + MAP_SIZE);
    CHECK("reply_sent", reply_with(b, &r, 0, "world!", 7, NULL, 0) == 0);
    CHECK("replier_gets_transaction_complete", expect(b, BR_TRANSACTION_COMPLETE, NULL));
    idle_manager(b, 0);
}

static void test_call_and_reply(void)
{
    pid_t mgr = start_manager(0, call_checker, (int)getpid());
    struct bproc b;
    bopen(&b);
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, 0, 42, 0, "hello", 6, NULL, 0);
    CHECK("call_written", bwrite(&b, &c) == 0);
    /* The first read of a new thread returns at once with what it has. */
    struct ret r;
    CHECK("caller_gets_transaction_complete", expect(&b, BR_TRANSACTION_COMPLETE, NULL));
    CHECK("caller_gets_br_reply", expect(&b, BR_REPLY, &r));
    CHECK("reply_data", r.tr.data_size == 7 &&
                            !memcmp((void *)(uintptr_t)r.tr.data.ptr.buffer, "world!", 7));
    CHECK("reply_sender_pid_is_0", r.tr.sender_pid == 0);
    CHECK("reply_has_no_target", r.tr.target.ptr == 0 && r.tr.code == 0);
    CHECK("reply_freed", free_buffer(&b, &r) == 0);
    CHECK("nothing_left_after_reply", nothing_pending(&b));
    /* A thread that has made a call before waits for the reply in one read. */
    CHECK("second_call", call(&b, 0, CODE_ECHO, 0, "x", 2, NULL, 0, &r) == 0 && r.cmd == BR_REPLY &&
                             r.tr.data_size == 0);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
}

/* One-way calls: delivered in order, the next only when the previous
   buffer is freed; no sender pid. */
static void oneway_checker(struct bproc *b, int count)
{
    int in_order = 1, one_at_a_time = 1, pid0 = 1;
    for (int i = 1; i <= count; i++) {
        struct ret r;
        if (bnext_skip(b, &r) || r.cmd != BR_TRANSACTION) {
            in_order = 0;
            break;
        }
        in_order &= r.tr.code == (uint32_t)i && (r.tr.flags & TF_ONE_WAY);
        pid0 &= r.tr.sender_pid == 0;
        if (i < count)
            one_at_a_time &= nothing_pending(b);
        free_buffer(b, &r);
    }
    CHECK("oneway_calls_arrive_in_order", in_order);
    CHECK("oneway_next_waits_for_free_buffer", one_at_a_time);
    CHECK("oneway_sender_pid_is_0", pid0);
}

static void test_oneway(void)
{
    pid_t mgr = start_manager(0, oneway_checker, 5);
    struct bproc b;
    bopen(&b);
    struct cmds c = { .len = 0 };
    for (uint32_t i = 1; i <= 5; i++)
        put_txn(&c, BC_TRANSACTION, 0, i, TF_ONE_WAY, &i, 4, NULL, 0);
    CHECK("oneway_written", bwrite(&b, &c) == 0);
    int completes = 0;
    for (int i = 0; i < 5; i++)
        completes += expect(&b, BR_TRANSACTION_COMPLETE, NULL);
    CHECK("oneway_each_gets_transaction_complete", completes == 5);
    finish(mgr); /* it exits after the fifth: a call now could be taken for a sixth */
    bclose(&b);
}

/* While handling a call, the manager calls the caller back: the call comes
   back on the thread that waits, although it never entered the looper. */
static void callback_server(struct bproc *b, int arg)
{
    struct ret r, r2;
    if (bnext_skip(b, &r) || r.cmd != BR_TRANSACTION) {
        CHECK("callback_first_call", 0);
        return;
    }
    const struct flat_binder_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    uint32_t h = o->handle;
    CHECK("callback_gets_handle_1", o->hdr.type == BINDER_TYPE_HANDLE && h == 1);
    CHECK("nested_call", call(b, h, CODE_CALLBACK, 0, "cb", 3, NULL, 0, &r2) == 0 &&
                             r2.cmd == BR_REPLY && r2.tr.data_size == 5);
    free_buffer(b, &r2);
    reply_with(b, &r, 0, NULL, 0, NULL, 0);
    idle_manager(b, 0);
}

static void test_nested_call(void)
{
    pid_t mgr = start_manager(0, callback_server, 0);
    struct bproc b;
    bopen(&b);
    struct flat_binder_object obj = { 0 };
    obj.hdr.type = BINDER_TYPE_BINDER;
    obj.binder = 0x5000;
    obj.cookie = 0x6000;
    binder_size_t off = 0;
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, 0, CODE_ECHO, 0, &obj, sizeof obj, &off, 1);
    bwrite(&b, &c);
    struct ret r;
    CHECK("callback_arrives_on_the_waiting_thread",
          bnext_skip(&b, &r) == 0 && r.cmd == BR_TRANSACTION && r.tr.code == CODE_CALLBACK &&
              r.tr.target.ptr == 0x5000 && r.tr.cookie == 0x6000);
    reply_with(&b, &r, 0, "back", 5, NULL, 0);
    CHECK("callback_then_own_reply", bnext_skip(&b, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
}

/* ---- deaths -------------------------------------------------------------------------- */

static void die_on_call(struct bproc *b, int arg)
{
    struct ret r;
    bnext_skip(b, &r); /* the call arrives; we go without replying */
    _exit(0);
}

static void exit_on_pipe(struct bproc *b, int fd)
{
    char c;
    if (read(fd, &c, 1) < 0)
        _exit(1);
    _exit(0);
}

static void test_dead_reply(void)
{
    struct bproc b;
    bopen(&b);
    struct ret r;
    /* Each earlier test's manager is gone by now (or going). */
    CHECK("no_manager_is_dead_reply",
          call(&b, 0, CODE_ECHO, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_DEAD_REPLY);
    pid_t mgr = start_manager(0, die_on_call, 0);
    CHECK("server_dies_mid_call_is_dead_reply",
          call(&b, 0, CODE_ECHO, 0, "x", 2, NULL, 0, &r) == 0 && r.cmd == BR_DEAD_REPLY);
    finish(mgr);
    bclose(&b);
}

static void test_death_notification(void)
{
    int p[2];
    if (pipe(p))
        return;
    pid_t mgr = start_manager(0, exit_on_pipe, p[0]);
    close(p[0]);
    struct bproc b;
    bopen(&b);
    /* A handle on the manager's node (desc 0), a looper to hear of it. */
    CHECK("incref_handle_0", bcmd32(&b, BC_INCREFS, 0) == 0);
    CHECK("enter_looper", bcmd(&b, BC_ENTER_LOOPER) == 0);
    CHECK("request_death", bdeath(&b, BC_REQUEST_DEATH_NOTIFICATION, 0, 0xC0FFEE) == 0);
    CHECK("no_death_yet", nothing_pending(&b));
    if (write(p[1], "x", 1) != 1) /* the manager exits */
        CHECK("tell_manager_to_exit", 0);
    close(p[1]);
    finish(mgr);
    struct ret r;
    CHECK("dead_binder_with_cookie",
          bnext_skip(&b, &r) == 0 && r.cmd == BR_DEAD_BINDER && r.cookie == 0xC0FFEE);
    CHECK("dead_binder_done", bcmd64(&b, BC_DEAD_BINDER_DONE, 0xC0FFEE) == 0);
    CHECK("death_arrives_once", nothing_pending(&b));
    CHECK("clear_after_death", bdeath(&b, BC_CLEAR_DEATH_NOTIFICATION, 0, 0xC0FFEE) == 0);
    CHECK("clear_done_with_cookie",
          bnext_skip(&b, &r) == 0 && r.cmd == BR_CLEAR_DEATH_NOTIFICATION_DONE &&
              r.cookie == 0xC0FFEE);
    CHECK("decref_dead_handle", bcmd32(&b, BC_DECREFS, 0) == 0);
    CHECK("nothing_after_clear", nothing_pending(&b));
    bclose(&b);

    /* Cleared before the death: no notice comes. */
    if (pipe(p))
        return;
    mgr = start_manager(0, exit_on_pipe, p[0]);
    close(p[0]);
    bopen(&b);
    bcmd32(&b, BC_INCREFS, 0);
    bcmd(&b, BC_ENTER_LOOPER);
    bdeath(&b, BC_REQUEST_DEATH_NOTIFICATION, 0, 0xBEEF);
    CHECK("clear_before_death", bdeath(&b, BC_CLEAR_DEATH_NOTIFICATION, 0, 0xBEEF) == 0);
    CHECK("clear_before_death_done",
          bnext_skip(&b, &r) == 0 && r.cmd == BR_CLEAR_DEATH_NOTIFICATION_DONE &&
              r.cookie == 0xBEEF);
    if (write(p[1], "x", 1) != 1)
        CHECK("tell_manager_to_exit", 0);
    close(p[1]);
    finish(mgr);
    sleep_ms(100); /* Linux releases the manager from a work queue */
    CHECK("cleared_notice_never_comes", nothing_pending(&b));
    bclose(&b);
}

/* A caller that dies while its call is handled: the reply goes nowhere and
   the server goes on. */
static void reply_late_server(struct bproc *b, int notify)
{
    struct ret r;
    bnext_skip(b, &r);
    char c = 'x';
    if (write(notify, &c, 1) != 1)
        return;
    sleep_ms(300); /* the caller is killed meanwhile */
    CHECK("reply_to_dead_caller_written", reply_with(b, &r, 0, "late", 5, NULL, 0) == 0);
    CHECK("reply_to_dead_caller_completes", expect(b, BR_TRANSACTION_COMPLETE, NULL));
    idle_manager(b, 0);
}

static void test_caller_dies(void)
{
    int p[2];
    if (pipe(p))
        return;
    pid_t mgr = start_manager(0, reply_late_server, p[1]);
    close(p[1]);
    pid_t caller = fork();
    if (caller == 0) {
        struct bproc b;
        bopen(&b);
        struct ret r;
        call(&b, 0, CODE_ECHO, 0, "x", 2, NULL, 0, &r);
        _exit(0);
    }
    char c;
    if (read(p[0], &c, 1) != 1)
        CHECK("caller_dies_call_arrived", 0);
    kill(caller, SIGKILL);
    waitpid(caller, NULL, 0);
    struct bproc b;
    bopen(&b);
    struct ret r;
    CHECK("server_serves_after_caller_died",
          call(&b, 0, CODE_ECHO, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
    close(p[0]);
}

/* ---- objects --------------------------------------------------------------------------- */

/* Receives a binder as a handle, checks the node's counts, keeps the handle,
   then sends it back in a reply. */
static void object_server(struct bproc *b, int arg)
{
    struct ret r;
    bnext_skip(b, &r);
    const struct flat_binder_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    const binder_size_t *offs = (const void *)(uintptr_t)r.tr.data.ptr.offsets;
    CHECK("binder_becomes_handle", r.tr.offsets_size == 8 && offs[0] == 0 &&
                                       o->hdr.type == BINDER_TYPE_HANDLE);
    CHECK("handle_is_lowest_free_1", o->handle == 1 && (o->binder >> 32) == 0);
    CHECK("handle_has_no_cookie", o->cookie == 0);
    CHECK("object_flags_kept", o->flags == 0x17f);
    CHECK("data_after_object_kept",
          !memcmp((const uint8_t *)o + sizeof *o, "tail", 5));
    struct binder_node_info_for_ref info = { .handle = 1 };
    CHECK("node_info_strong_1_weak_0",
          ioctl(b->fd, BINDER_GET_NODE_INFO_FOR_REF, &info) == 0 && info.strong_count == 1 &&
              info.weak_count == 0);
    struct binder_node_info_for_ref bad = { .handle = 1, .reserved1 = 1 };
    errno = 0;
    CHECK("node_info_reserved_is_einval",
          ioctl(b->fd, BINDER_GET_NODE_INFO_FOR_REF, &bad) < 0 && errno == EINVAL);
    CHECK("acquire_handle", bcmd32(b, BC_ACQUIRE, 1) == 0);
    /* Back home: the handle is the caller's own binder again. */
    struct flat_binder_object back = { 0 };
    back.hdr.type = BINDER_TYPE_HANDLE;
    back.handle = 1;
    binder_size_t off = 0;
    reply_with(b, &r, 0, &back, sizeof back, &off, 1);
    expect(b, BR_TRANSACTION_COMPLETE, NULL);
    /* Then a call on the handle reaches the object. */
    struct ret r2;
    CHECK("call_on_handle", call(b, 1, CODE_CALLBACK, 0, "ping", 5, NULL, 0, &r2) == 0 &&
                                r2.cmd == BR_REPLY);
    free_buffer(b, &r2);
    CHECK("release_handle", bcmd32(b, BC_RELEASE, 1) == 0);
    errno = 0;
    struct binder_node_info_for_ref gone = { .handle = 1 };
    CHECK("released_handle_is_gone",
          ioctl(b->fd, BINDER_GET_NODE_INFO_FOR_REF, &gone) < 0 && errno == EINVAL);
    idle_manager(b, 0);
}

static void test_objects(void)
{
    pid_t mgr = start_manager(0, object_server, 0);
    struct bproc b;
    bopen(&b);
    struct {
        struct flat_binder_object obj;
        char tail[8];
    } data = { { { BINDER_TYPE_BINDER }, 0x17f, { 0x1000 }, 0x2000 }, "tail" };
    binder_size_t off = 0;
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, 0, CODE_ECHO, 0, &data, sizeof data, &off, 1);
    bwrite(&b, &c);
    struct ret r;
    /* The owner is told to hold its object: BR_INCREFS then BR_ACQUIRE. */
    CHECK("owner_gets_br_increfs", expect(&b, BR_INCREFS, &r) && r.ptr == 0x1000 &&
                                       r.cookie == 0x2000);
    struct cmds ack = { .len = 0 };
    put32(&ack, BC_INCREFS_DONE);
    put64(&ack, 0x1000);
    put64(&ack, 0x2000);
    CHECK("owner_gets_br_acquire", expect(&b, BR_ACQUIRE, &r) && r.ptr == 0x1000);
    put32(&ack, BC_ACQUIRE_DONE);
    put64(&ack, 0x1000);
    put64(&ack, 0x2000);
    CHECK("owner_acknowledges", bwrite(&b, &ack) == 0);
    CHECK("object_reply", bnext_skip(&b, &r) == 0 && r.cmd == BR_REPLY);
    const struct flat_binder_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    CHECK("handle_comes_home_as_binder", o->hdr.type == BINDER_TYPE_BINDER &&
                                             o->binder == 0x1000 && o->cookie == 0x2000);
    free_buffer(&b, &r);
    /* The manager's call on its handle reaches us as a looper. */
    bcmd(&b, BC_ENTER_LOOPER);
    CHECK("call_on_handle_arrives", bnext_skip(&b, &r) == 0 && r.cmd == BR_TRANSACTION &&
                                        r.tr.target.ptr == 0x1000 && r.tr.cookie == 0x2000 &&
                                        r.tr.code == CODE_CALLBACK);
    reply_with(&b, &r, 0, NULL, 0, NULL, 0);
    /* When the manager lets go, the owner is told: BR_RELEASE, BR_DECREFS. */
    int release = 0, decrefs = 0;
    while (!(release && decrefs)) {
        if (bnext(&b, &r))
            break;
        release |= r.cmd == BR_RELEASE && r.ptr == 0x1000;
        decrefs |= r.cmd == BR_DECREFS && r.ptr == 0x1000;
    }
    CHECK("owner_gets_release_and_decrefs", release && decrefs);
    quit_manager(&b, mgr);
    bclose(&b);
}

/* Three processes: B registers its object with the manager A, C gets it
   from A as its own handle and calls B directly. */
static void registry_manager(struct bproc *b, int arg)
{
    struct ret r;
    uint32_t held = 0;
    while (bnext_skip(b, &r) == 0) {
        if (r.cmd != BR_TRANSACTION)
            continue;
        if (r.tr.code == 1) { /* register: the second of two objects */
            const struct flat_binder_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
            CHECK("registry_handles_1_and_2", o[0].handle == 1 && o[1].handle == 2);
            held = o[1].handle;
            bcmd32(b, BC_ACQUIRE, held);
            reply_with(b, &r, 0, NULL, 0, NULL, 0);
        } else if (r.tr.code == 2) { /* look up */
            struct flat_binder_object h = { 0 };
            h.hdr.type = BINDER_TYPE_HANDLE;
            h.handle = held;
            binder_size_t off = 0;
            reply_with(b, &r, 0, &h, sizeof h, &off, 1);
        } else {
            reply_with(b, &r, 0, NULL, 0, NULL, 0);
            if (r.tr.code == CODE_QUIT)
                return;
        }
    }
}

static void test_handle_to_handle(void)
{
    pid_t mgr = start_manager(0, registry_manager, 0);
    int p[2];
    if (pipe(p))
        return;
    pid_t server = fork();
    if (server == 0) {
        failures = 0;
        close(p[0]);
        struct bproc b;
        bopen(&b);
        struct ret r;
        /* Two objects: the manager's handle for the second is 2, and C
           gets its own (1) for the same node. */
        struct flat_binder_object obj[2];
        memset(obj, 0, sizeof obj);
        obj[0].hdr.type = obj[1].hdr.type = BINDER_TYPE_BINDER;
        obj[0].binder = 0xB0A;
        obj[1].binder = 0xB0B;
        binder_size_t off[2] = { 0, sizeof obj[0] };
        call(&b, 0, 1, 0, obj, sizeof obj, off, 2, &r);
        free_buffer(&b, &r);
        bcmd(&b, BC_ENTER_LOOPER);
        if (write(p[1], "r", 1) != 1)
            _exit(1);
        while (bnext_skip(&b, &r) == 0 && r.cmd == BR_TRANSACTION) {
            CHECK("third_party_call_reaches_owner", r.tr.target.ptr == 0xB0B &&
                                                        r.tr.sender_pid == test_pid);
            reply_with(&b, &r, 0, "B", 2, NULL, 0);
            break;
        }
        _exit(failures);
    }
    close(p[1]);
    char c;
    if (read(p[0], &c, 1) != 1)
        CHECK("owner_registered", 0);
    struct bproc b;
    bopen(&b);
    struct ret r;
    CHECK("lookup", call(&b, 0, 2, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    const struct flat_binder_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    uint32_t h = o->handle;
    CHECK("passed_handle_is_receivers_own", o->hdr.type == BINDER_TYPE_HANDLE && h == 1);
    bcmd32(&b, BC_ACQUIRE, h);
    free_buffer(&b, &r);
    CHECK("call_through_passed_handle",
          call(&b, h, 5, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_REPLY &&
              !strcmp((const char *)(uintptr_t)r.tr.data.ptr.buffer, "B"));
    free_buffer(&b, &r);
    finish(server);
    /* The owner is gone: a call through the handle is a dead reply. */
    CHECK("call_to_dead_owner_is_dead_reply",
          call(&b, h, 5, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_DEAD_REPLY);
    quit_manager(&b, mgr);
    bclose(&b);
    close(p[0]);
}

/* Descriptors: the manager accepts them (FLAT_BINDER_FLAG_ACCEPTS_FDS),
   writes into what it got, and sends one back in its reply. */
static void fd_server(struct bproc *b, int arg)
{
    struct ret r;
    bnext_skip(b, &r);
    const struct binder_fd_object *o = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    int fd = (int)o->fd;
    CHECK("fd_object_arrives", o->hdr.type == BINDER_TYPE_FD && fd >= 0);
    CHECK("fd_is_close_on_exec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK("fd_is_usable", write(fd, "via binder", 11) == 11);
    close(fd);
    /* A reply with a descriptor to a call without TF_ACCEPT_FDS fails. */
    struct binder_fd_object back = { 0 };
    back.hdr.type = BINDER_TYPE_FD;
    back.fd = 1;
    binder_size_t off = 0;
    reply_with(b, &r, 0, &back, sizeof back, &off, 1);
    CHECK("refused_reply_completes_for_replier", expect(b, BR_TRANSACTION_COMPLETE, NULL));
    /* The second call accepts descriptors. */
    bnext_skip(b, &r);
    reply_with(b, &r, 0, &back, sizeof back, &off, 1);
    expect(b, BR_TRANSACTION_COMPLETE, NULL);
    idle_manager(b, 0);
}

static void test_fds(void)
{
    pid_t mgr = start_manager(FLAT_BINDER_FLAG_ACCEPTS_FDS, fd_server, 0);
    struct bproc b;
    bopen(&b);
    int p[2];
    if (pipe(p))
        return;
    struct binder_fd_object o = { 0 };
    o.hdr.type = BINDER_TYPE_FD;
    o.fd = (uint32_t)p[1];
    binder_size_t off = 0;
    struct ret r;
    CHECK("fd_reply_without_accept_fds_fails",
          call(&b, 0, CODE_ECHO, 0, &o, sizeof o, &off, 1, &r) == 0 && r.cmd == BR_FAILED_REPLY);
    char buf[16] = { 0 };
    CHECK("fd_carried_the_write", read(p[0], buf, sizeof buf) == 11 && !strcmp(buf, "via binder"));
    CHECK("fd_reply_with_accept_fds",
          call(&b, 0, CODE_ECHO, TF_ACCEPT_FDS, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    const struct binder_fd_object *got = (const void *)(uintptr_t)r.tr.data.ptr.buffer;
    int nfd = (int)got->fd;
    CHECK("fd_in_reply_is_new", got->hdr.type == BINDER_TYPE_FD && nfd > 2 &&
                                    fcntl(nfd, F_GETFD) == FD_CLOEXEC);
    close(nfd);
    free_buffer(&b, &r);
    /* A closed descriptor: EBADF. */
    o.fd = 250;
    CHECK("bad_fd_fails", call(&b, 0, CODE_ECHO, 0, &o, sizeof o, &off, 1, &r) == 0 &&
                              r.cmd == BR_FAILED_REPLY);
    CHECK("bad_fd_is_ebadf", ext_param(&b) == -EBADF);
    quit_manager(&b, mgr);
    bclose(&b);
    close(p[0]);
    close(p[1]);

    /* A manager that does not accept descriptors: EPERM. */
    mgr = start_manager(0, idle_manager, 0);
    bopen(&b);
    o.fd = 0;
    CHECK("fd_to_non_accepting_target_fails",
          call(&b, 0, CODE_ECHO, 0, &o, sizeof o, &off, 1, &r) == 0 && r.cmd == BR_FAILED_REPLY);
    CHECK("fd_to_non_accepting_target_is_eperm", ext_param(&b) == -EPERM);
    quit_manager(&b, mgr);
    bclose(&b);
}

/* ---- bad input ---------------------------------------------------------------------- */

static void expect_failed(struct bproc *b, const char *name, uint32_t handle, const void *data,
                          size_t size, const binder_size_t *offs, size_t noffs, uint32_t flags,
                          int want_errno)
{
    struct ret r;
    int ok = call(b, handle, CODE_ECHO, flags, data, size, offs, noffs, &r) == 0 &&
             r.cmd == BR_FAILED_REPLY;
    int param = ext_param(b);
    char detail[96];
    snprintf(detail, sizeof detail, "return %x, extended error %d", r.cmd, param);
    check(name, ok && (!want_errno || param == want_errno), detail);
}

static void test_bad_transactions(void)
{
    pid_t mgr = start_manager(0, echo_server, 0);
    struct bproc b;
    bopen(&b);
    uint8_t data[64] = { 0 };
    binder_size_t offs[2] = { 0, 8 };
    struct flat_binder_object obj = { 0 };

    expect_failed(&b, "invalid_handle_fails", 77, NULL, 0, NULL, 0, 0, -EINVAL);
    expect_failed(&b, "bad_data_pointer_fails", 0, (void *)16, 8, NULL, 0, 0, -EFAULT);
    expect_failed(&b, "bad_offsets_pointer_fails", 0, data, 8, (void *)16, 1, 0, -EFAULT);
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, 0, CODE_ECHO, 0, data, 32, offs, 1);
    memcpy(c.buf + 4 + offsetof(struct binder_transaction_data, offsets_size), &(binder_size_t){ 4 }, 8);
    bwrite(&b, &c);
    struct ret r;
    CHECK("misaligned_offsets_size_fails", bnext_skip(&b, &r) == 0 && r.cmd == BR_FAILED_REPLY &&
                                               ext_param(&b) == -EINVAL);
    binder_size_t far = 48;
    expect_failed(&b, "offset_outside_data_fails", 0, data, 24, &far, 1, 0, 0);
    binder_size_t odd = 2;
    obj.hdr.type = BINDER_TYPE_BINDER;
    memcpy(data + 4, &obj, sizeof obj);
    expect_failed(&b, "misaligned_offset_fails", 0, data, 32, &odd, 1, 0, -EINVAL);
    memset(data, 0, sizeof data);
    memcpy(data, &obj, sizeof obj);
    expect_failed(&b, "overlapping_objects_fail", 0, data, 48, offs, 2, 0, 0);
    uint32_t unknown = 0x12345678;
    memcpy(data, &unknown, 4);
    expect_failed(&b, "unknown_object_type_fails", 0, data, 32, offs, 1, 0, -EINVAL);
    obj.hdr.type = BINDER_TYPE_HANDLE;
    obj.handle = 55;
    memcpy(data, &obj, sizeof obj);
    expect_failed(&b, "unknown_handle_in_object_fails", 0, data, 32, offs, 1, 0, -EINVAL);
    expect_failed(&b, "object_past_end_of_data_fails", 0, data, 16, offs, 1, 0, -EINVAL);
    expect_failed(&b, "huge_size_fails", 0, data, ~(binder_size_t)0 - 3, NULL, 0, 0, -EINVAL);

    /* Replies with nothing to answer, two calls without waiting. */
    struct cmds rc = { .len = 0 };
    put_txn(&rc, BC_REPLY, 0, 0, 0, NULL, 0, NULL, 0);
    bwrite(&b, &rc);
    CHECK("reply_without_call_fails", bnext_skip(&b, &r) == 0 && r.cmd == BR_FAILED_REPLY &&
                                          ext_param(&b) == -EPROTO);
    CHECK("server_still_answers", call(&b, 0, CODE_ECHO, 0, "ok", 3, NULL, 0, &r) == 0 &&
                                      r.cmd == BR_REPLY && r.tr.data_size == 3);
    free_buffer(&b, &r);

    /* Buffers that are not ours to free are ignored, twice is once. */
    CHECK("free_unknown_buffer_ignored", bcmd64(&b, BC_FREE_BUFFER, 0x1234) == 0);
    call(&b, 0, CODE_ECHO, 0, "ok", 3, NULL, 0, &r);
    CHECK("free_buffer_once", free_buffer(&b, &r) == 0);
    CHECK("free_buffer_twice_ignored", free_buffer(&b, &r) == 0);
    CHECK("after_double_free_calls_work",
          call(&b, 0, CODE_ECHO, 0, "again", 6, NULL, 0, &r) == 0 && r.cmd == BR_REPLY &&
              !strcmp((const char *)(uintptr_t)r.tr.data.ptr.buffer, "again"));
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
}

static void test_bad_commands(void)
{
    pid_t mgr = start_manager(0, echo_server, 0);
    struct bproc b;
    bopen(&b);
    struct binder_write_read bwr;
    uint32_t unknown[2] = { BC_ENTER_LOOPER, 0x12345678 };
    CHECK("unknown_command_is_einval",
          bwr_io(b.fd, unknown, sizeof unknown, NULL, 0, &bwr) == -EINVAL && bwr.write_consumed == 4);
    uint32_t attempt[3] = { BC_ATTEMPT_ACQUIRE, 0, 0 };
    CHECK("attempt_acquire_is_einval", bwr_io(b.fd, attempt, sizeof attempt, NULL, 0, NULL) == -EINVAL);
    CHECK("bad_write_buffer_is_efault", bwr_io(b.fd, (void *)16, 4, NULL, 0, NULL) == -EFAULT);
    uint32_t noop = BC_ENTER_LOOPER;
    CHECK("bad_read_buffer_is_efault",
          bwr_io(b.fd, &noop, 4, (void *)16, 64, &bwr) == -EFAULT && bwr.write_consumed == 4);
    /* A command whose argument runs into an unmapped page. */
    uint8_t *pages = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(pages + 4096, 4096, PROT_NONE);
    uint32_t tx = BC_TRANSACTION;
    memcpy(pages + 4096 - 4, &tx, 4);
    CHECK("truncated_command_is_efault",
          bwr_io(b.fd, pages + 4096 - 4, 4, NULL, 0, &bwr) == -EFAULT && bwr.write_consumed == 0);
    munmap(pages, 8192);
    /* Protocol mistakes are skipped: the ioctl succeeds. */
    CHECK("acquire_invalid_handle_ignored", bcmd32(&b, BC_ACQUIRE, 4242) == 0);
    CHECK("release_invalid_handle_ignored", bcmd32(&b, BC_RELEASE, 4242) == 0);
    CHECK("dead_binder_done_unknown_ignored", bcmd64(&b, BC_DEAD_BINDER_DONE, 77) == 0);
    CHECK("clear_death_without_request_ignored",
          bdeath(&b, BC_CLEAR_DEATH_NOTIFICATION, 0, 1) == 0);
    CHECK("increfs_done_unknown_node_ignored", bcmd64(&b, BC_INCREFS_DONE, 0x99) == 0);
    quit_manager(&b, mgr);
    bclose(&b);

    /* Two synchronous calls without waiting for the first: the second is
       refused while the first is unanswered (the manager holds it). */
    int p[2];
    if (pipe(p))
        return;
    mgr = start_manager(0, hold_server, p[0]);
    bopen(&b);
    struct cmds c = { .len = 0 };
    put_txn(&c, BC_TRANSACTION, 0, CODE_ECHO, 0, "1", 2, NULL, 0);
    put_txn(&c, BC_TRANSACTION, 0, CODE_ECHO, 0, "2", 2, NULL, 0);
    CHECK("two_calls_written", bwrite(&b, &c) == 0);
    struct ret r;
    CHECK("second_call_without_waiting_fails", bnext_skip(&b, &r) == 0 &&
                                                   r.cmd == BR_FAILED_REPLY &&
                                                   ext_param(&b) == -EPROTO);
    if (write(p[1], "x", 1) != 1)
        CHECK("release_held_call", 0);
    CHECK("first_call_still_answered", bnext_skip(&b, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
    close(p[0]);
    close(p[1]);

    /* The manager calling itself, or acquiring handle 0. */
    bopen(&b);
    CHECK("manager_for_self_test", become_manager(&b, 0) == 0);
    CHECK("manager_acquire_desc_0_is_einval", bcmd32(&b, BC_INCREFS, 0) == -EINVAL);
    CHECK("manager_calling_itself_fails",
          call(&b, 0, CODE_ECHO, 0, NULL, 0, NULL, 0, &r) == 0 && r.cmd == BR_FAILED_REPLY &&
              ext_param(&b) == -EINVAL);
    bclose(&b);
}

/* ---- the receive area ---------------------------------------------------------------- */

static void test_area_limits(void)
{
    pid_t mgr = start_manager(0, echo_server, 0);
    struct bproc b;
    bopen(&b);
    size_t half = MAP_SIZE / 2;
    uint8_t *big = malloc(MAP_SIZE + 4096);
    memset(big, 7, MAP_SIZE + 4096);
    struct ret r;
    /* The manager's area is 1 MiB: one-way calls may use half of it. */
    CHECK("oneway_over_half_the_area_fails",
          call(&b, 0, CODE_ECHO, TF_ONE_WAY, big, half + 4096, NULL, 0, &r) == 0 &&
              r.cmd == BR_FAILED_REPLY && ext_param(&b) == -ENOSPC);
    /* A reply must fit in our own area: echo of 600 KiB into our 1 MiB. */
    CHECK("sync_over_half_the_area_works",
          call(&b, 0, CODE_ECHO, 0, big, half + 4096, NULL, 0, &r) == 0 && r.cmd == BR_REPLY &&
              r.tr.data_size == half + 4096 &&
              ((uint8_t *)(uintptr_t)r.tr.data.ptr.buffer)[half] == 7);
    /* While we hold that reply, a second one does not fit: BR_FAILED_REPLY
       for the caller, whose reply could not be placed. */
    struct ret r2;
    CHECK("full_area_fails_the_reply",
          call(&b, 0, CODE_ECHO, 0, big, half + 4096, NULL, 0, &r2) == 0 &&
              r2.cmd == BR_FAILED_REPLY);
    free_buffer(&b, &r);
    CHECK("area_free_again_after_free_buffer",
          call(&b, 0, CODE_ECHO, 0, big, half + 4096, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&b, &r);
    CHECK("too_big_for_the_area_fails",
          call(&b, 0, CODE_ECHO, 0, big, MAP_SIZE + 8, NULL, 0, &r) == 0 &&
              r.cmd == BR_FAILED_REPLY && ext_param(&b) == -ENOSPC);
    quit_manager(&b, mgr);
    bclose(&b);
    free(big);

    /* A mapping of 8 MiB is accepted, but the area is its first 4 MiB. */
    struct bproc mb;
    memset(&mb, 0, sizeof mb);
    mb.fd = open(TEST_DEV, O_RDWR | O_CLOEXEC);
    mb.map = mmap(NULL, 8u << 20, PROT_READ, MAP_PRIVATE, mb.fd, 0);
    CHECK("mmap_8mib_accepted", mb.map != MAP_FAILED);
    CHECK("big_area_manager", become_manager(&mb, 0) == 0 && bcmd(&mb, BC_ENTER_LOOPER) == 0);
    pid_t caller = fork();
    if (caller == 0) {
        failures = 0;
        struct bproc c;
        bopen(&c);
        size_t len = (4u << 20) + 4096;
        uint8_t *p = malloc(len);
        memset(p, 1, len);
        struct ret rr;
        int over = call(&c, 0, CODE_ECHO, 0, p, len, NULL, 0, &rr) == 0 &&
                   rr.cmd == BR_FAILED_REPLY && ext_param(&c) == -ENOSPC;
        int fits = call(&c, 0, CODE_ECHO, 0, p, 3u << 20, NULL, 0, &rr) == 0 &&
                   rr.cmd == BR_REPLY;
        _exit(over && fits ? 0 : over ? 2 : 3);
    }
    struct ret r3;
    int got = bnext_skip(&mb, &r3) == 0 && r3.cmd == BR_TRANSACTION && r3.tr.data_size == 3u << 20;
    CHECK("3mib_fits_in_the_4mib_area", got);
    if (got) {
        const uint8_t *d = (const uint8_t *)(uintptr_t)r3.tr.data.ptr.buffer;
        CHECK("3mib_arrived_whole_inside_the_first_4mib",
              d[0] == 1 && d[(3u << 20) - 1] == 1 && d + (3u << 20) <= mb.map + (4u << 20));
        reply_with(&mb, &r3, 0, NULL, 0, NULL, 0);
    }
    int st;
    waitpid(caller, &st, 0);
    CHECK("area_capped_at_4mib", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    munmap(mb.map, 8u << 20);
    close(mb.fd);
}

/* The mapping is not inherited: after fork the child has no area. */
static void test_fork_leaves_area(void)
{
    pid_t mgr = start_manager(0, echo_server, 0);
    struct bproc b;
    bopen(&b);
    struct ret r;
    call(&b, 0, CODE_ECHO, 0, "inherit?", 9, NULL, 0, &r);
    const volatile uint8_t *d = (const uint8_t *)(uintptr_t)r.tr.data.ptr.buffer;
    CHECK("parent_reads_its_area", r.cmd == BR_REPLY && d[0] == 'i');
    pid_t pid = fork();
    if (pid == 0) {
        volatile uint8_t x = d[0];
        (void)x;
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    CHECK("child_has_no_area_sigsegv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
}


/* ---- looper pools ------------------------------------------------------------------------ */

/* A manager allowed one extra looper is asked for it (BR_SPAWN_LOOPER in
   place of the leading BR_NOOP) once its only looper takes a call; a task
   sharing its binder file registers as that looper (BC_REGISTER_LOOPER) and
   is then given calls while the first is busy.  Threads do this in a
   real pool; a forked process sharing the file is a thread to binder (it is
   keyed by thread id), which is how this test makes one. */
static int pool_ctl[2], pool_ack[2];

static void pool_manager_run(struct bproc *b)
{
    uint32_t one = 1;
    CHECK("pool_set_max_threads_1", ioctl(b->fd, BINDER_SET_MAX_THREADS, &one) == 0);
    if (write(pool_ack[1], "m", 1) != 1)
        return;
    struct binder_write_read bwr;
    uint8_t buf[256];
    int r = bwr_io(b->fd, NULL, 0, buf, sizeof buf, &bwr);
    uint32_t first = 0, second = 0;
    memcpy(&first, buf, 4);
    memcpy(&second, buf + 4, 4);
    CHECK("spawn_looper_replaces_noop", r == 0 && first == BR_SPAWN_LOOPER);
    CHECK("spawn_looper_with_the_call", second == BR_TRANSACTION);
    struct binder_transaction_data tr;
    memcpy(&tr, buf + 8, sizeof tr);
    pid_t looper = fork();
    if (looper == 0) {
        /* The spawned looper: registers, then serves one call. */
        struct bproc l = { .fd = b->fd, .map = b->map };
        struct ret rr;
        int ok = bcmd(&l, BC_REGISTER_LOOPER) == 0 && bnext_skip(&l, &rr) == 0 &&
                 rr.cmd == BR_TRANSACTION && rr.tr.code == 2;
        if (ok)
            reply_with(&l, &rr, 0, NULL, 0, NULL, 0);
        _exit(ok ? 0 : 1);
    }
    /* We stay busy with the first call until the second one is answered. */
    char c;
    if (read(pool_ctl[0], &c, 1) != 1)
        return;
    int st;
    waitpid(looper, &st, 0);
    CHECK("registered_looper_took_the_second_call", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    struct ret first_call = { .cmd = BR_TRANSACTION, .tr = tr };
    reply_with(b, &first_call, 0, NULL, 0, NULL, 0);
    expect(b, BR_TRANSACTION_COMPLETE, NULL);
    /* One request at a time: no second BR_SPAWN_LOOPER while one is open. */
    idle_manager(b, 0);
}

static void pool_manager_main(struct bproc *b, int arg)
{
    (void)arg;
    close(pool_ctl[1]);
    close(pool_ack[0]);
    pool_manager_run(b);
}

static void test_looper_pool(void)
{
    if (pipe(pool_ctl) || pipe(pool_ack))
        return;
    pid_t mgr = start_manager(0, pool_manager_main, 0);
    close(pool_ctl[0]);
    close(pool_ack[1]);
    char c;
    if (read(pool_ack[0], &c, 1) != 1)
        CHECK("pool_manager_ready", 0);
    /* Two callers: the first call occupies the manager's only looper. */
    pid_t second = fork();
    if (second == 0) {
        failures = 0;
        sleep_ms(200); /* after the first call is taken */
        struct bproc b2;
        bopen(&b2);
        struct ret r2;
        int ok = call(&b2, 0, 2, 0, NULL, 0, NULL, 0, &r2) == 0 && r2.cmd == BR_REPLY;
        _exit(ok ? 0 : 1);
    }
    struct bproc b;
    bopen(&b);
    struct cmds cmd = { .len = 0 };
    put_txn(&cmd, BC_TRANSACTION, 0, 1, 0, NULL, 0, NULL, 0);
    bwrite(&b, &cmd);
    int st;
    waitpid(second, &st, 0);
    CHECK("second_caller_answered_while_first_waits", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    if (write(pool_ctl[1], "g", 1) != 1) /* the manager may answer the first now */
        CHECK("pool_release_first", 0);
    struct ret r;
    CHECK("first_caller_answered", bnext_skip(&b, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&b, &r);
    quit_manager(&b, mgr);
    bclose(&b);
    close(pool_ctl[1]);
    close(pool_ack[0]);
}

/* ---- the library's looper pool --------------------------------------------- */

/* A server allowed POOL_EXTRA loopers beside binder_loop's is sent
   POOL_CALLS calls at once; its handler holds each call until all of them
   are inside (or POOL_WAIT_MS pass), so they are served at once only if
   the library started a looper for each BR_SPAWN_LOOPER.  Each handler
   then calls back into its caller's object, from whichever thread it runs
   on: a pool thread's call must go out on that thread's own queue. */
#define POOL_EXTRA   3
#define POOL_CALLS   (POOL_EXTRA + 1)
#define POOL_WAIT_MS 5000
#define CODE_POOL    3
#define CODE_POOL_CALLBACK 4

static struct binder *pool_server_b;
static int pool_inside;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int pool_handler(void *ctx, const struct binder_transaction_data *tr, struct parcel *data,
                        struct parcel *reply)
{
    (void)ctx;
    if (tr->code != CODE_POOL)
        return BINDER_BAD_VALUE;
    uint32_t caller = parcel_read_handle(data);
    int inside = __atomic_add_fetch(&pool_inside, 1, __ATOMIC_SEQ_CST);
    int64_t deadline = mono_ms() + POOL_WAIT_MS;
    while (inside < POOL_CALLS && mono_ms() < deadline) {
        sleep_ms(1);
        inside = __atomic_load_n(&pool_inside, __ATOMIC_SEQ_CST);
    }
    struct parcel out;
    int back = binder_call(pool_server_b, caller, CODE_POOL_CALLBACK, NULL, &out, 0);
    int32_t answer = back == 0 ? parcel_read_i32(&out) : back;
    if (back == 0)
        parcel_free(&out);
    parcel_write_i32(reply, (int32_t)gettid());
    parcel_write_i32(reply, inside >= POOL_CALLS);
    parcel_write_i32(reply, answer);
    return 0;
}

static int pool_callback(void *ctx, const struct binder_transaction_data *tr, struct parcel *data,
                         struct parcel *reply)
{
    (void)ctx;
    (void)data;
    return tr->code == CODE_POOL_CALLBACK ? parcel_write_i32(reply, 42) : BINDER_BAD_VALUE;
}

static void pool_server(int ready)
{
    struct binder *b = binder_open(TEST_DEV, 0);
    const struct binder_server srv = { .handle = pool_handler };
    if (!b || binder_become_context_manager(b) || binder_set_max_threads(b, POOL_EXTRA))
        _exit(97);
    pool_server_b = b;
    binder_set_server(b, &srv);
    if (write(ready, "r", 1) != 1)
        _exit(98);
    binder_loop(b);
    _exit(99);
}

/* One caller: writes "tid reached answer" to out. */
static void pool_caller(int out)
{
    struct binder *b = binder_open(TEST_DEV, 0);
    const struct binder_server srv = { .handle = pool_callback };
    if (!b)
        _exit(1);
    binder_set_server(b, &srv);
    struct parcel in, rep;
    parcel_init(&in);
    parcel_write_binder(&in, 0x1000, 0x2000);
    int st = binder_call(b, 0, CODE_POOL, &in, &rep, 0);
    int32_t tid = parcel_read_i32(&rep), reached = parcel_read_i32(&rep),
            answer = parcel_read_i32(&rep);
    char line[64];
    int n = snprintf(line, sizeof line, "%d %d %d %d\n", st, tid, reached, answer);
    _exit(write(out, line, n) == n ? 0 : 2);
}

static void test_library_pool(void)
{
    int ready[2], results[2];
    if (pipe(ready))
        return;
    pid_t server = fork();
    if (server == 0) {
        close(ready[0]);
        pool_server(ready[1]);
    }
    close(ready[1]);
    char c;
    CHECK("pool_server_starts", read(ready[0], &c, 1) == 1);
    close(ready[0]);
    if (pipe(results)) /* after the server's fork: only the callers write it */
        return;
    pid_t callers[POOL_CALLS];
    for (int i = 0; i < POOL_CALLS; i++)
        if ((callers[i] = fork()) == 0)
            pool_caller(results[1]);
    close(results[1]);
    int ok_calls = 0, reached = 0, called_back = 0, ntids = 0;
    int tids[POOL_CALLS];
    FILE *f = fdopen(results[0], "r");
    int st, tid, r, answer;
    while (f && fscanf(f, "%d %d %d %d", &st, &tid, &r, &answer) == 4) {
        ok_calls += st == 0;
        reached += r == 1;
        called_back += answer == 42;
        int seen = 0;
        for (int i = 0; i < ntids; i++)
            seen |= tids[i] == tid;
        if (!seen && ntids < POOL_CALLS)
            tids[ntids++] = tid;
    }
    if (f)
        fclose(f);
    for (int i = 0; i < POOL_CALLS; i++)
        waitpid(callers[i], &st, 0);
    kill(server, SIGKILL);
    waitpid(server, &st, 0);
    CHECK("pool_every_call_answered", ok_calls == POOL_CALLS);
    CHECK("pool_serves_four_calls_at_once", reached == POOL_CALLS);
    CHECK("pool_calls_ran_on_four_threads", ntids == POOL_CALLS);
    CHECK("pool_threads_call_back_into_their_callers", called_back == POOL_CALLS);
}

static const struct {
    const char *name;
    void (*fn)(void);
} tests[] = {
    { "device", test_device },
    { "dead_reply", test_dead_reply },
    { "context_manager", test_context_manager },
    { "call_and_reply", test_call_and_reply },
    { "oneway", test_oneway },
    { "nested_call", test_nested_call },
    { "death_notification", test_death_notification },
    { "caller_dies", test_caller_dies },
    { "objects", test_objects },
    { "handle_to_handle", test_handle_to_handle },
    { "fds", test_fds },
    { "bad_transactions", test_bad_transactions },
    { "bad_commands", test_bad_commands },
    { "area_limits", test_area_limits },
    { "fork_leaves_area", test_fork_leaves_area },
    { "looper_pool", test_looper_pool },
    { "library_pool", test_library_pool },
};

/* binder [GROUP...]: every group, or the ones named. */
int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_pid = getpid();
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= !strcmp(argv[a], tests[i].name);
        if (wanted)
            tests[i].fn();
    }
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
