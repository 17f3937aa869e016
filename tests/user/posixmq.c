/*
 * tests/user/posixmq.c: POSIX message queues (mq_overview(7), mq_open(3),
 * mq_send(3), mq_receive(3), mq_getattr(3), mq_notify(3)).  One line per
 * check ("ok NAME" or "FAIL NAME: what happened"); the exit status is the
 * number of failures.  The same binary passes on Linux first (the suite
 * runs it there, in an IPC namespace of its own), then on pagelab.
 *
 * Root with CAP_SYS_RESOURCE (Linux's usual root, and pagelab's) may exceed
 * msg_max and msgsize_max up to the hard limits; the Linux host these tests
 * run on first lacks it, so the checks that depend on it say which case
 * they saw.
 */
#include "ipctest.h"

#include <mqueue.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "check.h"

#define BAD_PTR 16L
#define NAME    "/pagelab-mq-test"

static volatile sig_atomic_t usr1_count;
static void on_usr1(int sig) { usr1_count++; }

/* No SA_RESTART: with it Linux restarts a blocked mq_send/mq_receive
   (signal(7)), which pagelab does not do for any call yet. */
static void catch_usr1(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
}

static mqd_t open_new(const char *name, int flags, long maxmsg, long msgsize)
{
    struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };
    mq_unlink(name);
    return mq_open(name, O_CREAT | O_EXCL | flags, 0600, &a);
}

/* The status line read() gives: its QSIZE, NOTIFY and NOTIFY_PID. */
static int status_line(mqd_t q, long *qsize, int *notify, int *pid)
{
    char buf[128];
    lseek(q, 0, SEEK_SET);
    ssize_t n = read(q, buf, sizeof buf - 1);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    int signo;
    return sscanf(buf, "QSIZE:%ld NOTIFY:%d SIGNO:%d NOTIFY_PID:%d", qsize, notify, &signo, pid) == 4
               ? 0
               : -1;
}

static void open_and_attributes(void)
{
    mqd_t q = open_new(NAME, O_RDWR, 4, 64);
    CHECK("mq_open_o_creat_makes_a_queue", q >= 0);
    struct mq_attr a;
    CHECK("mq_getattr_gives_the_attributes",
          mq_getattr(q, &a) == 0 && a.mq_maxmsg == 4 && a.mq_msgsize == 64 && a.mq_curmsgs == 0 &&
              a.mq_flags == 0);
    struct stat st;
    CHECK("a_queue_descriptor_is_a_file",
          fstat(q, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600 && st.st_size == 80);
    CHECK("mq_open_o_excl_on_an_existing_queue_is_eexist",
          mq_open(NAME, O_CREAT | O_EXCL | O_RDWR, 0600, NULL) == -1 && errno == EEXIST);
    mqd_t q2 = mq_open(NAME, O_RDONLY);
    CHECK("mq_open_without_o_creat_opens_the_existing_queue", q2 >= 0 && q2 != q);
    CHECK("o_rdwr_o_wronly_together_is_einval", mq_open(NAME, O_RDWR | O_WRONLY) == -1 && errno == EINVAL);
    CHECK("mq_open_unknown_name_is_enoent", mq_open("/pagelab-no-such-q", O_RDONLY) == -1 && errno == ENOENT);
    CHECK("a_name_with_another_slash_is_eacces", mq_open("/a/b", O_RDONLY) == -1 && errno == EACCES);
    char longname[300];
    longname[0] = '/';
    memset(longname + 1, 'n', sizeof longname - 2);
    longname[sizeof longname - 1] = 0;
    CHECK("a_name_longer_than_name_max_is_enametoolong",
          mq_open(longname, O_CREAT | O_RDWR, 0600, NULL) == -1 && errno == ENAMETOOLONG);
    struct mq_attr bad = { .mq_maxmsg = 0, .mq_msgsize = 10 };
    CHECK("maxmsg_0_is_einval", mq_open("/pagelab-q-bad", O_CREAT | O_RDWR, 0600, &bad) == -1 && errno == EINVAL);
    bad.mq_maxmsg = 1;
    bad.mq_msgsize = -5;
    CHECK("negative_msgsize_is_einval", mq_open("/pagelab-q-bad", O_CREAT | O_RDWR, 0600, &bad) == -1 && errno == EINVAL);
    bad.mq_maxmsg = 65537;
    bad.mq_msgsize = 16;
    CHECK("maxmsg_above_the_hard_limit_is_einval",
          mq_open("/pagelab-q-bad", O_CREAT | O_RDWR, 0600, &bad) == -1 && errno == EINVAL);
    bad.mq_maxmsg = 11;
    mqd_t over = mq_open("/pagelab-q-bad", O_CREAT | O_RDWR, 0600, &bad);
    if (has_cap_sys_resource())
        CHECK("maxmsg_above_msg_max_is_allowed_with_cap_sys_resource", over >= 0);
    else
        CHECK("maxmsg_above_msg_max_is_einval_without_cap_sys_resource", over == -1 && errno == EINVAL);
    if (over >= 0)
        mq_close(over);
    mq_unlink("/pagelab-q-bad");
    CHECK("mq_open_bad_attr_pointer_is_efault",
          syscall(SYS_mq_open, "pagelab-q-bad", O_CREAT | O_RDWR, 0600, BAD_PTR) == -1 && errno == EFAULT);
    CHECK("mq_open_bad_name_pointer_is_efault",
          syscall(SYS_mq_open, BAD_PTR, O_RDWR, 0600, NULL) == -1 && errno == EFAULT);
    CHECK("mq_getattr_bad_pointer_is_efault",
          syscall(SYS_mq_getsetattr, q, NULL, BAD_PTR) == -1 && errno == EFAULT);

    mq_unlink("/pagelab-q-default");
    umask(022);
    mqd_t d = mq_open("/pagelab-q-default", O_CREAT | O_RDWR | O_CLOEXEC, 0666, NULL);
    CHECK("no_attr_gives_msg_default_and_msgsize_default",
          d >= 0 && mq_getattr(d, &a) == 0 && a.mq_maxmsg == 10 && a.mq_msgsize == 8192);
    CHECK("the_mode_is_umasked", fstat(d, &st) == 0 && (st.st_mode & 0777) == 0644);
    CHECK("o_cloexec_sets_fd_cloexec", fcntl(d, F_GETFD) == FD_CLOEXEC);
    mq_close(d);
    mq_unlink("/pagelab-q-default");
    CHECK("proc_sys_fs_mqueue_limits_are_linux_defaults",
          proc_read_long("/proc/sys/fs/mqueue/msg_max") == 10 &&
              proc_read_long("/proc/sys/fs/mqueue/msgsize_max") == 8192 &&
              proc_read_long("/proc/sys/fs/mqueue/queues_max") == 256 &&
              proc_read_long("/proc/sys/fs/mqueue/msg_default") == 10 &&
              proc_read_long("/proc/sys/fs/mqueue/msgsize_default") == 8192);
    proc_write_long("/proc/sys/fs/mqueue/msg_default", 5);
    d = mq_open("/pagelab-q-default", O_CREAT | O_RDWR, 0600, NULL);
    CHECK("msg_default_sets_maxmsg_of_new_queues", mq_getattr(d, &a) == 0 && a.mq_maxmsg == 5);
    proc_write_long("/proc/sys/fs/mqueue/msg_default", 10);
    CHECK("msg_max_rejects_0", proc_write("/proc/sys/fs/mqueue/msg_max", "0") == -1 && errno == EINVAL);
    mq_close(d);
    mq_unlink("/pagelab-q-default");
    mq_close(q2);
    mq_close(q);
    mq_unlink(NAME);
}

static void send_and_receive(void)
{
    mqd_t q = open_new(NAME, O_RDWR, 4, 64);
    char buf[64];
    unsigned prio = 99;
    mq_send(q, "low-1", 5, 1);
    mq_send(q, "high", 4, 30);
    mq_send(q, "low-2", 5, 1);
    mq_send(q, "zero", 4, 0);
    struct mq_attr a;
    mq_getattr(q, &a);
    CHECK("mq_curmsgs_counts_the_queue", a.mq_curmsgs == 4);
    long qsize;
    int notify, pid;
    CHECK("read_gives_the_status_line_with_qsize",
          status_line(q, &qsize, &notify, &pid) == 0 && qsize == 18 && notify == 0 && pid == 0);
    ssize_t n = mq_receive(q, buf, sizeof buf, &prio);
    CHECK("the_highest_priority_comes_first", n == 4 && !memcmp(buf, "high", 4) && prio == 30);
    n = mq_receive(q, buf, sizeof buf, &prio);
    CHECK("equal_priorities_come_oldest_first", n == 5 && !memcmp(buf, "low-1", 5) && prio == 1);
    n = mq_receive(q, buf, sizeof buf, NULL);
    CHECK("a_null_priority_pointer_is_fine", n == 5 && !memcmp(buf, "low-2", 5));
    n = mq_receive(q, buf, sizeof buf, &prio);
    CHECK("priority_0_comes_last", n == 4 && prio == 0);
    CHECK("mq_send_empty_message", mq_send(q, "", 0, 5) == 0 && mq_receive(q, buf, 64, &prio) == 0 && prio == 5);
    CHECK("mq_send_longer_than_msgsize_is_emsgsize",
          mq_send(q, buf, 65, 0) == -1 && errno == EMSGSIZE);
    mq_send(q, "x", 1, 0);
    CHECK("mq_receive_buffer_smaller_than_msgsize_is_emsgsize",
          mq_receive(q, buf, 63, &prio) == -1 && errno == EMSGSIZE);
    CHECK("priority_32767_is_the_highest_allowed", mq_send(q, "y", 1, 32767) == 0);
    CHECK("priority_32768_is_einval", mq_send(q, "z", 1, 32768) == -1 && errno == EINVAL);
    CHECK("mq_send_bad_buffer_is_efault",
          syscall(SYS_mq_timedsend, q, BAD_PTR, 4, 0, NULL) == -1 && errno == EFAULT);
    CHECK("mq_receive_bad_buffer_is_efault",
          syscall(SYS_mq_timedreceive, q, BAD_PTR, 64, NULL, NULL) == -1 && errno == EFAULT);
    mq_getattr(q, &a);
    CHECK("a_receive_into_a_bad_buffer_loses_the_message_as_linux_does", a.mq_curmsgs == 1);
    int p[2];
    pipe(p);
    CHECK("mq_send_on_a_pipe_is_ebadf", mq_send(p[1], "x", 1, 0) == -1 && errno == EBADF);
    CHECK("mq_send_on_a_closed_descriptor_is_ebadf", mq_send(1000, "x", 1, 0) == -1 && errno == EBADF);
    mqd_t ro = mq_open(NAME, O_RDONLY), wo = mq_open(NAME, O_WRONLY);
    CHECK("mq_send_on_o_rdonly_is_ebadf", mq_send(ro, "x", 1, 0) == -1 && errno == EBADF);
    CHECK("mq_receive_on_o_wronly_is_ebadf", mq_receive(wo, buf, 64, NULL) == -1 && errno == EBADF);
    CHECK("read_on_o_wronly_is_ebadf", read(wo, buf, 10) == -1 && errno == EBADF);
    mq_close(ro);
    mq_close(wo);
    close(p[0]);
    close(p[1]);

    /* Nonblocking, through mq_setattr and through mq_open. */
    struct mq_attr nb = { .mq_flags = O_NONBLOCK }, old;
    CHECK("mq_setattr_sets_o_nonblock", mq_setattr(q, &nb, &old) == 0 && old.mq_flags == 0 &&
                                            mq_getattr(q, &a) == 0 && a.mq_flags == O_NONBLOCK);
    mq_receive(q, buf, 64, NULL);
    CHECK("empty_nonblocking_receive_is_eagain", mq_receive(q, buf, 64, NULL) == -1 && errno == EAGAIN);
    for (int i = 0; i < 4; i++)
        mq_send(q, "f", 1, 0);
    CHECK("full_nonblocking_send_is_eagain", mq_send(q, "f", 1, 0) == -1 && errno == EAGAIN);
    nb.mq_flags = O_NONBLOCK | O_APPEND;
    CHECK("mq_setattr_other_flags_is_einval", mq_setattr(q, &nb, NULL) == -1 && errno == EINVAL);
    nb.mq_flags = 0;
    mq_setattr(q, &nb, NULL);
    mqd_t nbq = mq_open(NAME, O_RDWR | O_NONBLOCK);
    CHECK("o_nonblock_at_open_is_per_descriptor",
          mq_getattr(nbq, &a) == 0 && a.mq_flags == O_NONBLOCK && a.mq_curmsgs == 4 &&
              mq_send(nbq, "f", 1, 0) == -1 && errno == EAGAIN);
    mq_close(nbq);
    mq_close(q);
    mq_unlink(NAME);
}

static struct timespec in_ms(int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)ms * 1000000;
    ts.tv_sec += ts.tv_nsec / 1000000000;
    ts.tv_nsec %= 1000000000;
    return ts;
}

static void blocking_and_timeouts(void)
{
    mqd_t q = open_new(NAME, O_RDWR, 2, 32);
    char buf[32];
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        mq_send(q, "late", 4, 3);
        _exit(0);
    }
    uint64_t t0 = now_ms();
    ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
    CHECK("mq_receive_blocks_until_a_message_arrives",
          n == 4 && !memcmp(buf, "late", 4) && now_ms() - t0 >= 100);
    child_status(pid);
    mq_send(q, "a", 1, 0);
    mq_send(q, "b", 1, 0);
    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        _exit(mq_receive(q, buf, sizeof buf, NULL) == 1 && buf[0] == 'a' ? 0 : 1);
    }
    t0 = now_ms();
    int r = mq_send(q, "c", 1, 0);
    CHECK("mq_send_to_a_full_queue_blocks_until_room", r == 0 && now_ms() - t0 >= 100);
    CHECK("the_receiver_got_the_oldest", child_code(pid) == 0);

    struct timespec ts = in_ms(100);
    t0 = now_ms();
    r = mq_timedsend(q, "d", 1, 0, &ts);
    CHECK("mq_timedsend_to_a_full_queue_times_out", r == -1 && errno == ETIMEDOUT && now_ms() - t0 >= 80);
    ts.tv_sec = 0;
    ts.tv_nsec = 0;
    CHECK("a_past_timeout_still_sends_when_there_is_room",
          mq_receive(q, buf, sizeof buf, NULL) == 1 && mq_timedsend(q, "e", 1, 0, &ts) == 0);
    while (mq_timedreceive(q, buf, sizeof buf, NULL, &ts) > 0)
        ;
    CHECK("an_empty_queue_with_a_past_timeout_is_etimedout", errno == ETIMEDOUT);
    ts = in_ms(100);
    t0 = now_ms();
    n = mq_timedreceive(q, buf, sizeof buf, NULL, &ts);
    CHECK("mq_timedreceive_times_out", n == -1 && errno == ETIMEDOUT && now_ms() - t0 >= 80);
    ts.tv_nsec = 1000000000;
    CHECK("a_timeout_nsec_of_a_second_is_einval",
          mq_timedreceive(q, buf, sizeof buf, NULL, &ts) == -1 && errno == EINVAL);
    CHECK("a_bad_timeout_pointer_is_efault",
          syscall(SYS_mq_timedreceive, q, buf, sizeof buf, NULL, BAD_PTR) == -1 && errno == EFAULT);
    ts.tv_nsec = 0;
    CHECK("an_invalid_timeout_wins_over_a_bad_descriptor",
          mq_timedsend(1000, "x", 1, 0, &(struct timespec){ 0, -1 }) == -1 && errno == EINVAL);

    catch_usr1();
    pid_t parent = getpid();
    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    n = mq_receive(q, buf, sizeof buf, NULL);
    CHECK("a_signal_interrupts_mq_receive_with_eintr", n == -1 && errno == EINTR);
    child_status(pid);
    mq_close(q);
    mq_unlink(NAME);
}

static void unlink_and_sharing(void)
{
    mqd_t q = open_new(NAME, O_RDWR, 4, 32);
    mq_send(q, "kept", 4, 0);
    CHECK("mq_unlink_removes_the_name", mq_unlink(NAME) == 0 && mq_open(NAME, O_RDONLY) == -1 && errno == ENOENT);
    CHECK("mq_unlink_unknown_name_is_enoent", mq_unlink(NAME) == -1 && errno == ENOENT);
    char buf[32];
    CHECK("an_unlinked_queue_lives_while_open",
          mq_receive(q, buf, sizeof buf, NULL) == 4 && mq_send(q, "more", 4, 0) == 0);
    mqd_t fresh = open_new(NAME, O_RDWR, 4, 32);
    struct mq_attr a;
    CHECK("the_name_can_be_reused_for_a_new_queue", fresh >= 0 && mq_getattr(fresh, &a) == 0 && a.mq_curmsgs == 0);
    pid_t pid = fork();
    if (pid == 0)
        _exit(mq_receive(q, buf, sizeof buf, NULL) == 4 && !memcmp(buf, "more", 4) ? 0 : 1);
    CHECK("fork_shares_the_queue_descriptor", child_code(pid) == 0);
    int d = dup(fresh);
    mq_send(d, "dup", 3, 0);
    CHECK("a_dup_is_the_same_queue", mq_receive(fresh, buf, sizeof buf, NULL) == 3);
    close(d);
    mq_close(q);
    mq_close(fresh);
    mq_unlink(NAME);
}

static void notification(void)
{
    mqd_t q = open_new(NAME, O_RDWR, 4, 32);
    catch_usr1();
    usr1_count = 0;
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    CHECK("mq_notify_registers", mq_notify(q, &sev) == 0);
    long qsize;
    int how, pid;
    CHECK("the_status_line_shows_the_registration",
          status_line(q, &qsize, &how, &pid) == 0 && how == SIGEV_SIGNAL && pid == getpid());
    pid_t child = fork();
    if (child == 0)
        _exit(mq_notify(q, &sev) == -1 && errno == EBUSY ? 0 : 1);
    CHECK("a_second_registration_is_ebusy", child_code(child) == 0);
    mq_send(q, "m", 1, 0);
    CHECK("a_message_into_the_empty_queue_signals_once", usr1_count == 1);
    mq_send(q, "n", 1, 0);
    char buf[32];
    mq_receive(q, buf, sizeof buf, NULL);
    mq_receive(q, buf, sizeof buf, NULL);
    mq_send(q, "o", 1, 0);
    CHECK("the_registration_is_gone_after_one_notification", usr1_count == 1);
    mq_receive(q, buf, sizeof buf, NULL);

    CHECK("mq_notify_again_then_unregister", mq_notify(q, &sev) == 0 && mq_notify(q, NULL) == 0);
    mq_send(q, "p", 1, 0);
    mq_receive(q, buf, sizeof buf, NULL);
    CHECK("an_unregistered_process_is_not_signalled", usr1_count == 1);

    /* A waiting receiver takes the message: no notification (Linux). */
    mq_notify(q, &sev);
    child = fork();
    if (child == 0)
        _exit(mq_receive(q, buf, sizeof buf, NULL) == 1 ? 0 : 1);
    sleep_ms(150);
    mq_send(q, "r", 1, 0);
    CHECK("no_notification_while_a_receiver_waits", child_code(child) == 0 && usr1_count == 1 &&
                                                        status_line(q, &qsize, &how, &pid) == 0 &&
                                                        pid == getpid());
    mq_notify(q, NULL);

    sev.sigev_notify = SIGEV_NONE;
    CHECK("sigev_none_registers_without_a_signal", mq_notify(q, &sev) == 0 &&
                                                       status_line(q, &qsize, &how, &pid) == 0 &&
                                                       how == SIGEV_NONE && pid == getpid());
    mq_send(q, "s", 1, 0);
    CHECK("sigev_none_sends_nothing_and_ends_the_registration",
          usr1_count == 1 && status_line(q, &qsize, &how, &pid) == 0 && pid == 0);
    sev.sigev_notify = 99;
    CHECK("an_unknown_sigev_notify_is_einval", mq_notify(q, &sev) == -1 && errno == EINVAL);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 65;
    CHECK("an_invalid_signal_is_einval", mq_notify(q, &sev) == -1 && errno == EINVAL);
    CHECK("mq_notify_bad_pointer_is_efault",
          syscall(SYS_mq_notify, q, BAD_PTR) == -1 && errno == EFAULT);
    CHECK("mq_notify_on_a_non_queue_is_ebadf", mq_notify(0, NULL) == -1 && errno == EBADF);
    /* SIGEV_THREAD needs a netlink socket descriptor in sigev_signo. */
    char cookie[32] = { 0 };
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_value.sival_ptr = cookie;
    sev.sigev_signo = q;
    CHECK("sigev_thread_with_a_non_socket_is_enotsock",
          syscall(SYS_mq_notify, q, &sev) == -1 && errno == ENOTSOCK);
    sev.sigev_signo = 1000;
    CHECK("sigev_thread_with_a_closed_descriptor_is_ebadf",
          syscall(SYS_mq_notify, q, &sev) == -1 && errno == EBADF);
    mq_close(q);
    mq_unlink(NAME);
}

/* RLIMIT_MSGQUEUE (819200 bytes for root too): queues of the default size
   cost 81920 bytes of text plus Linux's bookkeeping each, so some nine fit. */
static void memory_limit(void)
{
    char name[64];
    mqd_t made[64];
    int n = 0;
    for (; n < 64; n++) {
        snprintf(name, sizeof name, "/pagelab-limit-%d", n);
        mq_unlink(name);
        if ((made[n] = mq_open(name, O_CREAT | O_RDWR, 0600, NULL)) < 0)
            break;
    }
    CHECK("rlimit_msgqueue_ends_in_emfile", n >= 1 && n <= 9 && errno == EMFILE);
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "/pagelab-limit-%d", i);
        mq_close(made[i]);
        mq_unlink(name);
    }
    snprintf(name, sizeof name, "/pagelab-limit-%d", 0);
    mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, NULL);
    CHECK("closing_and_unlinking_gives_the_bytes_back", q >= 0);
    mq_close(q);
    mq_unlink(name);
}

int main(void)
{
    private_ipc_namespace();
    open_and_attributes();
    send_and_receive();
    blocking_and_timeouts();
    unlink_and_sharing();
    notification();
    memory_limit();
    printf("%d failures\n", failures);
    return failures;
}
