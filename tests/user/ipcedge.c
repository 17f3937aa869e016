/*
 * tests/user/ipcedge.c: edge cases of System V IPC and POSIX message
 * queues that sysvipc.c and posixmq.c leave out: the queue's message-count
 * limit, msgtyp corner values, who counts in GETNCNT, the exit undo's clamp,
 * removal while a forked child is attached, mode bits for a user that is
 * not root, mq timeouts checked before the queue, notification details.
 * One line per check; the exit status is the number of failures.  Runs on
 * Linux first (in an IPC namespace of its own), then unmodified in pagelab.
 */
#include "ipctest.h"

#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>

#include "check.h"

#define NOBODY 65534
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct msg {
    long mtype;
    char mtext[64];
};

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

/* Two pipes between a parent and its child: each side waits for the
   other's byte on its own pipe (one pipe would let a side read back
   its own byte). */
struct chan {
    int to_parent[2], to_child[2];
};

static struct chan chan_open(void)
{
    struct chan c;
    if (pipe(c.to_parent) || pipe(c.to_child))
        perror("pipe");
    return c;
}

static void chan_tell(struct chan *c, int from_child)
{
    write(from_child ? c->to_parent[1] : c->to_child[1], "x", 1);
}

static void chan_wait(struct chan *c, int in_child)
{
    char b;
    read(in_child ? c->to_child[0] : c->to_parent[0], &b, 1);
}

static void chan_close(struct chan *c)
{
    close(c->to_parent[0]);
    close(c->to_parent[1]);
    close(c->to_child[0]);
    close(c->to_child[1]);
}

static int send_type(int q, long type, const char *text)
{
    struct msg m = { .mtype = type };
    strncpy(m.mtext, text, sizeof m.mtext - 1);
    return msgsnd(q, &m, strlen(text), IPC_NOWAIT);
}

/* The type of the message msgrcv(typ, flags) takes, or -errno. */
static long take(int q, long typ, int flags)
{
    struct msg m;
    if (msgrcv(q, &m, sizeof m.mtext, typ, flags | IPC_NOWAIT) < 0)
        return -errno;
    return m.mtype;
}

static void msg_edges(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    send_type(q, 3, "a");
    send_type(q, 1, "b");
    send_type(q, 2, "c");
    send_type(q, 1, "d");
    CHECK("msgrcv_long_min_type_takes_the_lowest_type", take(q, LONG_MIN, 0) == 1);
    struct msg m;
    CHECK("equal_lowest_types_come_oldest_first",
          msgrcv(q, &m, sizeof m.mtext, -5, IPC_NOWAIT) == 1 && m.mtext[0] == 'd');
    CHECK("msg_except_with_type_0_takes_any", take(q, 0, MSG_EXCEPT) == 3);
    CHECK("msg_except_is_ignored_for_a_negative_type", take(q, -2, MSG_EXCEPT) == 2);
    CHECK("negative_type_below_every_message_is_enomsg", take(q, -1, 0) == -ENOMSG);
    CHECK("msgrcv_negative_size_is_einval",
          msgrcv(q, &m, (size_t)-1, 0, IPC_NOWAIT) == -1 && errno == EINVAL);
    CHECK("msgsnd_negative_size_is_einval",
          msgsnd(q, &m, (size_t)-1, IPC_NOWAIT) == -1 && errno == EINVAL);

    /* A queue holds at most msg_qbytes messages, whatever their size. */
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    ds.msg_qbytes = 3;
    CHECK("ipc_set_lowers_qbytes_to_3", msgctl(q, IPC_SET, &ds) == 0);
    m.mtype = 1;
    int sent = 0;
    while (sent < 10 && msgsnd(q, &m, 0, IPC_NOWAIT) == 0)
        sent++;
    CHECK("a_queue_holds_at_most_qbytes_messages_even_empty_ones", sent == 3 && errno == EAGAIN);
    msgctl(q, IPC_STAT, &ds);
    CHECK("ipc_stat_counts_the_empty_messages", ds.msg_qnum == 3 && ds.msg_cbytes == 0);
    ds.msg_qbytes = 0;
    CHECK("qbytes_0_is_allowed", msgctl(q, IPC_SET, &ds) == 0 && msgctl(q, IPC_STAT, &ds) == 0 &&
                                     ds.msg_qbytes == 0);
    CHECK("a_message_bigger_than_qbytes_waits_eagain",
          msgsnd(q, &m, 1, IPC_NOWAIT) == -1 && errno == EAGAIN);
    msgctl(q, IPC_RMID, NULL);

    /* Times: a new queue has ctime, no stime/rtime; IPC_SET moves ctime. */
    q = msgget(IPC_PRIVATE, 0600);
    msgctl(q, IPC_STAT, &ds);
    time_t t0 = time(NULL);
    CHECK("new_queue_has_ctime_and_no_stime_rtime",
          ds.msg_stime == 0 && ds.msg_rtime == 0 && ds.msg_ctime >= t0 - 2 && ds.msg_ctime <= t0 + 1);
    CHECK("new_queue_has_no_pids", ds.msg_lspid == 0 && ds.msg_lrpid == 0);
    pid_t kid = fork();
    if (kid == 0)
        _exit(send_type(q, 7, "kid") == 0 ? 0 : 1);
    child_code(kid);
    msgctl(q, IPC_STAT, &ds);
    CHECK("msg_lspid_is_the_sending_child", ds.msg_lspid == kid && ds.msg_stime >= t0 - 1);
    kid = fork();
    if (kid == 0)
        _exit(take(q, 7, 0) == 7 ? 0 : 1);
    int code = child_code(kid);
    msgctl(q, IPC_STAT, &ds);
    CHECK("msg_lrpid_is_the_receiving_child", code == 0 && ds.msg_lrpid == kid && ds.msg_rtime >= t0 - 1);
    CHECK("ipc_stat_of_an_empty_queue_after_traffic", ds.msg_qnum == 0 && ds.msg_cbytes == 0);
    msgctl(q, IPC_RMID, NULL);

    /* MSG_COPY (checkpoint/restore): a copy of the n-th message, left queued. */
    q = msgget(IPC_PRIVATE, 0600);
    send_type(q, 5, "first");
    send_type(q, 6, "second");
    memset(&m, 0, sizeof m);
    CHECK("msg_copy_copies_the_nth_message", msgrcv(q, &m, sizeof m.mtext, 1, IPC_NOWAIT | MSG_COPY) == 6 &&
                                                 m.mtype == 6 && !memcmp(m.mtext, "second", 6));
    msgctl(q, IPC_STAT, &ds);
    CHECK("msg_copy_leaves_it_queued_and_no_receiver_recorded", ds.msg_qnum == 2 && ds.msg_lrpid == 0);
    CHECK("msg_copy_past_the_last_is_enomsg",
          msgrcv(q, &m, sizeof m.mtext, 2, IPC_NOWAIT | MSG_COPY) == -1 && errno == ENOMSG);
    CHECK("msg_copy_short_buffer_is_e2big", msgrcv(q, &m, 2, 0, IPC_NOWAIT | MSG_COPY) == -1 && errno == E2BIG);
    CHECK("msg_copy_with_msg_except_is_einval",
          msgrcv(q, &m, sizeof m.mtext, 0, IPC_NOWAIT | MSG_COPY | MSG_EXCEPT) == -1 && errno == EINVAL);
    CHECK("the_queue_still_gives_the_first", take(q, 0, 0) == 5);
    msgctl(q, IPC_RMID, NULL);

    /* msgrcv with a zero-size buffer takes a zero-length message. */
    q = msgget(IPC_PRIVATE, 0600);
    m.mtype = 4;
    msgsnd(q, &m, 0, 0);
    CHECK("msgrcv_size_0_takes_an_empty_message", msgrcv(q, &m, 0, 0, IPC_NOWAIT) == 0 && m.mtype == 4);
    send_type(q, 4, "xyz");
    CHECK("msgrcv_size_0_of_a_longer_message_is_e2big",
          msgrcv(q, &m, 0, 0, IPC_NOWAIT) == -1 && errno == E2BIG);
    CHECK("msg_noerror_size_0_takes_it", msgrcv(q, &m, 0, 0, IPC_NOWAIT | MSG_NOERROR) == 0);
    msgctl(q, IPC_RMID, NULL);
}

static void sem_edges(void)
{
    int s = semget(IPC_PRIVATE, 2, 0600);
    union semun arg;
    /* A child blocks on {0: -1, 1: -1}: only the op that blocks counts. */
    pid_t kid = fork();
    if (kid == 0) {
        struct sembuf ops[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
        _exit(semop(s, ops, 2) == 0 ? 0 : 1);
    }
    sleep_ms(150);
    arg.val = 0;
    CHECK("getncnt_counts_the_op_that_blocks",
          semctl(s, 0, GETNCNT, arg) == 1 && semctl(s, 1, GETNCNT, arg) == 0);
    struct sembuf up0 = { 0, 1, 0 };
    semop(s, &up0, 1);
    sleep_ms(150);
    CHECK("then_the_next_op_that_blocks",
          semctl(s, 0, GETNCNT, arg) == 0 && semctl(s, 1, GETNCNT, arg) == 1 &&
              semctl(s, 0, GETVAL, arg) == 1);
    arg.val = 1;
    CHECK("setval_wakes_the_sleeper", semctl(s, 1, SETVAL, arg) == 0 && child_code(kid) == 0);
    arg.val = 0;
    CHECK("both_values_were_taken", semctl(s, 0, GETVAL, arg) == 0 && semctl(s, 1, GETVAL, arg) == 0);

    /* The exit undo clamps at 0 rather than failing. */
    kid = fork();
    if (kid == 0) {
        struct sembuf up = { 0, 5, SEM_UNDO };
        semop(s, &up, 1);
        _exit(0);
    }
    child_code(kid);
    CHECK("undo_of_a_plus_5_takes_them_back", semctl(s, 0, GETVAL, arg) == 0);
    struct chan ch = chan_open();
    kid = fork();
    if (kid == 0) {
        struct sembuf up = { 0, 5, SEM_UNDO };
        semop(s, &up, 1);
        chan_tell(&ch, 1);
        chan_wait(&ch, 1); /* for the parent's down 3 */
        _exit(0);
    }
    chan_wait(&ch, 0);
    struct sembuf down3 = { 0, -3, 0 };
    semop(s, &down3, 1);
    chan_tell(&ch, 0);
    child_code(kid);
    CHECK("an_exit_undo_below_0_leaves_0", semctl(s, 0, GETVAL, arg) == 0);
    chan_close(&ch);

    /* Zero-timeout semtimedop and semget corner cases. */
    struct timespec zero = { 0, 0 };
    struct sembuf down = { 0, -1, 0 };
    CHECK("semtimedop_zero_timeout_is_eagain_at_once",
          semtimedop(s, &down, 1, &zero) == -1 && errno == EAGAIN);
    CHECK("semop_negative_nsops_is_einval", semop(s, &down, (size_t)-1) == -1 && (errno == EINVAL || errno == E2BIG));
    int keyed = semget(0x5e11ed9, 3, IPC_CREAT | 0600);
    CHECK("semget_nsems_0_finds_an_existing_set", keyed >= 0 && semget(0x5e11ed9, 0, 0) == keyed);
    CHECK("semget_nsems_0_creating_is_einval", semget(0x5e11eda, 0, IPC_CREAT | 0600) == -1 && errno == EINVAL);
    struct semid_ds ds;
    arg.buf = &ds;
    CHECK("new_set_has_no_otime", semctl(keyed, 0, IPC_STAT, arg) == 0 && ds.sem_otime == 0 &&
                                      ds.sem_ctime != 0 && ds.sem_nsems == 3);
    CHECK("ipc_stat_ignores_semnum", semctl(keyed, 99, IPC_STAT, arg) == 0);
    arg.val = 0;
    CHECK("getval_negative_semnum_is_einval", semctl(keyed, -1, GETVAL, arg) == -1 && errno == EINVAL);
    CHECK("semctl_getpid_of_an_untouched_semaphore_is_0", semctl(keyed, 2, GETPID, arg) == 0);

    /* Several ops on one semaphore in one call: all or nothing. */
    struct sembuf mix[3] = { { 1, 2, 0 }, { 1, -3, IPC_NOWAIT }, { 2, 1, 0 } };
    CHECK("ops_that_dip_below_0_midway_fail_with_eagain", semop(keyed, mix, 3) == -1 && errno == EAGAIN);
    CHECK("and_change_nothing", semctl(keyed, 1, GETVAL, arg) == 0 && semctl(keyed, 2, GETVAL, arg) == 0);
    struct sembuf mix2[3] = { { 1, 3, 0 }, { 1, -2, 0 }, { 1, 0, IPC_NOWAIT } };
    CHECK("wait_for_zero_after_ops_sees_their_result", semop(keyed, mix2, 3) == -1 && errno == EAGAIN &&
                                                           semctl(keyed, 1, GETVAL, arg) == 0);
    struct sembuf mix3[2] = { { 1, 3, 0 }, { 1, -3, 0 } };
    CHECK("plus_then_minus_in_one_call_works", semop(keyed, mix3, 2) == 0 && semctl(keyed, 1, GETVAL, arg) == 0 &&
                                                  semctl(keyed, 1, GETPID, arg) == getpid());
    semctl(keyed, 0, IPC_RMID);
    semctl(s, 0, IPC_RMID);
}

static void shm_edges(void)
{
    int key = 0x5bed9e;
    int id = shmget(key, 10000, IPC_CREAT | 0600);
    CHECK("shmget_size_0_finds_an_existing_segment", id >= 0 && shmget(key, 0, 0) == id);
    CHECK("shmget_size_0_with_ipc_creat_finds_it_too", shmget(key, 0, IPC_CREAT | 0600) == id);
    struct shmid_ds ds;
    shmctl(id, IPC_STAT, &ds);
    CHECK("shm_segsz_is_the_size_asked", ds.shm_segsz == 10000 && ds.shm_cpid == getpid() &&
                                             ds.shm_lpid == 0 && ds.shm_atime == 0 && ds.shm_dtime == 0);
    char *p = shmat(id, NULL, 0);
    shmctl(id, IPC_STAT, &ds);
    CHECK("shmat_sets_lpid_and_atime", p != (void *)-1 && ds.shm_lpid == getpid() && ds.shm_atime != 0);
    CHECK("shmdt_in_the_middle_is_einval", shmdt(p + 4096) == -1 && errno == EINVAL);
    CHECK("shmdt_of_the_start_works", shmdt(p) == 0 && shmctl(id, IPC_STAT, &ds) == 0 &&
                                          ds.shm_dtime != 0 && ds.shm_nattch == 0);

    /* Removed while attached, then a fork: both keep it until they detach. */
    p = shmat(id, NULL, 0);
    p[0] = 'a';
    shmctl(id, IPC_RMID, NULL);
    struct chan ch = chan_open();
    pid_t kid = fork();
    if (kid == 0) {
        struct shmid_ds k;
        int ok = shmctl(id, IPC_STAT, &k) == 0 && k.shm_nattch == 2;
        p[1] = 'b';
        chan_tell(&ch, 1);
        chan_wait(&ch, 1);
        _exit(ok ? 0 : 1);
    }
    chan_wait(&ch, 0);
    CHECK("a_fork_of_a_removed_segment_shares_it", p[1] == 'b');
    CHECK("the_key_is_free_while_it_lives", shmget(key, 0, 0) == -1 && errno == ENOENT);
    chan_tell(&ch, 0);
    CHECK("the_child_counted_two_attachments", child_code(kid) == 0);
    CHECK("after_the_child_exits_one_remains", shmctl(id, IPC_STAT, &ds) == 0 && ds.shm_nattch == 1 &&
                                                   p[0] == 'a');
    shmdt(p);
    CHECK("the_last_detach_removes_it", shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
    chan_close(&ch);

    /* Beyond the last page of a 10000-byte segment is not mapped. */
    id = shmget(IPC_PRIVATE, 10000, 0600);
    p = shmat(id, NULL, 0);
    kid = fork();
    if (kid == 0) {
        p[3 * 4096 - 1] = 1; /* the last page: fine */
        p[3 * 4096] = 1;     /* past it */
        _exit(0);
    }
    int st = child_status(kid);
    CHECK("a_store_past_the_last_page_is_sigsegv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    shmdt(p);
    shmctl(id, IPC_RMID, NULL);
}

/* Sleepers: IPC_SET that makes room wakes a sender; receivers are served
   in the order they went to sleep, each by a message that matches. */
static void msg_sleepers(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    ds.msg_qbytes = 4;
    msgctl(q, IPC_SET, &ds);
    send_type(q, 1, "abcd");
    pid_t kid = fork();
    if (kid == 0) {
        struct msg m = { .mtype = 2, .mtext = "ef" };
        _exit(msgsnd(q, &m, 2, 0) == 0 ? 0 : 1);
    }
    sleep_ms(150);
    ds.msg_qbytes = 16;
    msgctl(q, IPC_SET, &ds);
    CHECK("ipc_set_raising_qbytes_wakes_a_blocked_sender", child_code(kid) == 0 &&
                                                              msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2);
    msgctl(q, IPC_RMID, NULL);

    q = msgget(IPC_PRIVATE, 0600);
    int p[2];
    pipe(p);
    pid_t a = fork();
    if (a == 0) {
        struct msg m;
        long r = msgrcv(q, &m, sizeof m.mtext, 1, 0);
        write(p[1], "A", 1);
        _exit(r == 1 && m.mtext[0] == 'x' ? 0 : 1);
    }
    sleep_ms(150);
    pid_t b = fork();
    if (b == 0) {
        struct msg m;
        long r = msgrcv(q, &m, sizeof m.mtext, 0, 0);
        write(p[1], "B", 1);
        _exit(r == 1 && m.mtext[0] == 'y' ? 0 : 1);
    }
    sleep_ms(150);
    send_type(q, 1, "x");
    char who = 0;
    read(p[0], &who, 1);
    CHECK("the_first_sleeper_whose_type_matches_gets_the_message", who == 'A' && child_code(a) == 0);
    send_type(q, 2, "y");
    CHECK("the_other_gets_the_next", child_code(b) == 0);
    close(p[0]);
    close(p[1]);
    msgctl(q, IPC_RMID, NULL);
}

static void sem_setall_pid(void)
{
    int s = semget(IPC_PRIVATE, 2, 0600);
    unsigned short v[2] = { 3, 4 };
    union semun arg = { .array = v };
    pid_t kid = fork();
    if (kid == 0)
        _exit(semctl(s, 0, SETALL, arg) == 0 ? 0 : 1);
    child_code(kid);
    arg.val = 0;
    CHECK("setall_records_the_caller_as_sempid",
          semctl(s, 0, GETPID, arg) == kid && semctl(s, 1, GETPID, arg) == kid);
    struct semid_ds ds;
    arg.buf = &ds;
    semctl(s, 0, IPC_STAT, arg);
    CHECK("setall_is_not_a_semop_otime_stays_0", ds.sem_otime == 0);
    semctl(s, 0, IPC_RMID);
}

/* Mode bits for a process that is not root (a child that drops to nobody). */
static void as_nobody(int (*fn)(int), int id, const char *name)
{
    pid_t kid = fork();
    if (kid == 0) {
        if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
            _exit(99);
        _exit(fn(id));
    }
    int code = child_code(kid);
    check(name, code == 0, code == 99 ? "could not become nobody" : "the child's check failed");
}

static int nobody_msgsnd_0600_is_eacces(int q)
{
    struct msg m = { .mtype = 1 };
    return msgsnd(q, &m, 1, IPC_NOWAIT) == -1 && errno == EACCES ? 0 : 1;
}
static int nobody_ipc_stat_0600_is_eacces(int q)
{
    struct msqid_ds ds;
    return msgctl(q, IPC_STAT, &ds) == -1 && errno == EACCES ? 0 : 1;
}
static int nobody_rmid_is_eperm(int q) { return msgctl(q, IPC_RMID, NULL) == -1 && errno == EPERM ? 0 : 1; }
static int nobody_msgget_mode_0_finds_a_0600_key(int key)
{
    return msgget(key, 0) >= 0 ? 0 : 1;
}
static int nobody_msgget_asking_0600_is_eacces(int key)
{
    return msgget(key, 0600) == -1 && errno == EACCES ? 0 : 1;
}
static int nobody_msgsnd_0622_works(int q)
{
    struct msg m = { .mtype = 1 };
    return msgsnd(q, &m, 1, IPC_NOWAIT) == 0 ? 0 : 1;
}
static int nobody_msgrcv_0622_is_eacces(int q)
{
    return take(q, 0, 0) == -EACCES ? 0 : 1;
}
static int nobody_shmat_0644_rdonly_only(int id)
{
    void *rw = shmat(id, NULL, 0);
    if (rw != (void *)-1 || errno != EACCES)
        return 1;
    void *ro = shmat(id, NULL, SHM_RDONLY);
    return ro != (void *)-1 && shmdt(ro) == 0 ? 0 : 2;
}
static int nobody_semop_0444_is_eacces(int id)
{
    struct sembuf up = { 0, 1, 0 };
    union semun arg = { .val = 0 };
    return semop(id, &up, 1) == -1 && errno == EACCES && semctl(id, 0, GETVAL, arg) == 0 ? 0 : 1;
}
static int nobody_semop_wait_zero_0444_works(int id)
{
    struct sembuf z = { 0, 0, IPC_NOWAIT };
    return semop(id, &z, 1) == 0 ? 0 : 1;
}

static void permissions(void)
{
    int key = 0x9e5a11;
    int q = msgget(key, IPC_CREAT | 0600);
    as_nobody(nobody_msgsnd_0600_is_eacces, q, "nobody_msgsnd_to_a_0600_queue_is_eacces");
    as_nobody(nobody_ipc_stat_0600_is_eacces, q, "nobody_ipc_stat_of_a_0600_queue_is_eacces");
    as_nobody(nobody_rmid_is_eperm, q, "nobody_ipc_rmid_of_roots_queue_is_eperm");
    as_nobody(nobody_msgget_mode_0_finds_a_0600_key, key, "nobody_msgget_with_mode_0_finds_a_0600_key");
    as_nobody(nobody_msgget_asking_0600_is_eacces, key, "nobody_msgget_asking_for_0600_is_eacces");
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    ds.msg_perm.mode = 0622;
    msgctl(q, IPC_SET, &ds);
    as_nobody(nobody_msgsnd_0622_works, q, "nobody_msgsnd_to_a_0622_queue_works");
    as_nobody(nobody_msgrcv_0622_is_eacces, q, "nobody_msgrcv_from_a_0622_queue_is_eacces");
    msgctl(q, IPC_RMID, NULL);

    int seg = shmget(IPC_PRIVATE, 4096, 0644);
    as_nobody(nobody_shmat_0644_rdonly_only, seg, "nobody_shmat_0644_is_eacces_but_shm_rdonly_works");
    shmctl(seg, IPC_RMID, NULL);
    int s = semget(IPC_PRIVATE, 1, 0444);
    as_nobody(nobody_semop_0444_is_eacces, s, "nobody_semop_change_on_0444_is_eacces");
    as_nobody(nobody_semop_wait_zero_0444_works, s, "nobody_semop_wait_for_zero_on_0444_works");
    semctl(s, 0, IPC_RMID);
}

static volatile sig_atomic_t got_sig, got_code, got_pid, got_val;

static void on_info(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_sig = sig;
    got_code = si->si_code;
    got_pid = si->si_pid;
    got_val = si->si_value.sival_int;
}

static void mq_edges(void)
{
    const char *name = "/ipcedge-mq";
    mq_unlink(name);
    struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 32 };
    mqd_t q = mq_open(name, O_CREAT | O_RDWR, 0600, &a);
    struct mq_attr other = { .mq_maxmsg = 7, .mq_msgsize = 99 };
    mqd_t q2 = mq_open(name, O_CREAT | O_RDWR, 0600, &other);
    struct mq_attr got;
    CHECK("o_creat_on_an_existing_queue_ignores_the_attributes",
          q2 != (mqd_t)-1 && mq_getattr(q2, &got) == 0 && got.mq_maxmsg == 4 && got.mq_msgsize == 32);
    mq_close(q2);

    struct mq_attr set = { .mq_flags = O_NONBLOCK, .mq_maxmsg = 99, .mq_msgsize = 99 }, old;
    CHECK("mq_setattr_returns_the_old_attributes",
          mq_setattr(q, &set, &old) == 0 && old.mq_flags == 0 && old.mq_maxmsg == 4 && old.mq_msgsize == 32);
    CHECK("mq_setattr_changes_only_o_nonblock", mq_getattr(q, &got) == 0 && got.mq_flags == O_NONBLOCK &&
                                                    got.mq_maxmsg == 4 && got.mq_msgsize == 32);
    set.mq_flags = 0;
    mq_setattr(q, &set, NULL);

    mq_send(q, "m", 1, 1);
    struct timespec bad = { 0, -1 };
    char buf[64];
    CHECK("a_bad_timeout_is_einval_even_with_a_message_waiting",
          mq_timedreceive(q, buf, sizeof buf, NULL, &bad) == -1 && errno == EINVAL);
    CHECK("the_message_is_still_there", mq_getattr(q, &got) == 0 && got.mq_curmsgs == 1);
    struct timespec neg = { -1, 0 };
    CHECK("a_negative_tv_sec_is_einval_too", mq_timedreceive(q, buf, sizeof buf, NULL, &neg) == -1 &&
                                                 errno == EINVAL);
    mq_receive(q, buf, sizeof buf, NULL);
    CHECK("mq_timedsend_bad_timeout_with_room_is_einval",
          mq_timedsend(q, "m", 1, 0, &bad) == -1 && errno == EINVAL);

    /* Priority order across many priorities, FIFO inside one. */
    mq_send(q, "a", 1, 5);
    mq_send(q, "b", 1, 0);
    mq_send(q, "c", 1, 5);
    mq_send(q, "d", 1, 9);
    char order[5] = "";
    unsigned prio[4];
    for (int i = 0; i < 4; i++)
        if (mq_receive(q, buf, sizeof buf, &prio[i]) == 1)
            order[i] = buf[0];
    CHECK("mixed_priorities_come_highest_first_fifo_within",
          strcmp(order, "dacb") == 0 && prio[0] == 9 && prio[1] == 5 && prio[3] == 0);

    /* Notification: the signal's siginfo, registration on a non-empty queue. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigaddset(&none, SIGUSR2);
    sigprocmask(SIG_UNBLOCK, &none, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR2;
    ev.sigev_value.sival_int = 4242;
    mq_notify(q, &ev);
    pid_t kid = fork();
    if (kid == 0)
        _exit(mq_send(q, "n", 1, 0) == 0 ? 0 : 1);
    child_code(kid);
    for (int i = 0; i < 50 && !got_sig; i++)
        sleep_ms(10);
    CHECK("notification_siginfo_is_si_mesgq_with_the_value_and_sender",
          got_sig == SIGUSR2 && got_code == SI_MESGQ && got_val == 4242 && got_pid == kid);
    got_sig = 0;
    CHECK("registering_on_a_non_empty_queue_works", mq_notify(q, &ev) == 0);
    mq_send(q, "o", 1, 0);
    sleep_ms(50);
    CHECK("a_send_to_a_non_empty_queue_does_not_notify", got_sig == 0);
    mq_receive(q, buf, sizeof buf, NULL);
    mq_receive(q, buf, sizeof buf, NULL);
    mq_send(q, "p", 1, 0);
    for (int i = 0; i < 50 && !got_sig; i++)
        sleep_ms(10);
    CHECK("the_next_empty_to_non_empty_send_notifies", got_sig == SIGUSR2);
    mq_receive(q, buf, sizeof buf, NULL);

    /* Any close by the owner ends its registration, even of a dup. */
    mq_notify(q, &ev);
    close(dup(q));
    CHECK("closing_a_dup_ends_the_owners_registration", mq_notify(q, &ev) == 0);
    kid = fork();
    if (kid == 0) {
        close(q);
        _exit(0);
    }
    child_code(kid);
    CHECK("a_child_closing_its_copy_leaves_it", mq_notify(q, &ev) == -1 && errno == EBUSY);
    mq_notify(q, NULL);

    /* Unregistering what is not ours, and a registration ends with our close. */
    CHECK("unregistering_without_a_registration_is_0", mq_notify(q, NULL) == 0);
    kid = fork();
    if (kid == 0) {
        mqd_t k = mq_open(name, O_RDWR);
        struct sigevent none_ev = { .sigev_notify = SIGEV_NONE };
        int ok = mq_notify(k, &none_ev) == 0;
        mq_close(k);
        _exit(ok ? 0 : 1);
    }
    CHECK("a_child_registers_and_closes", child_code(kid) == 0);
    CHECK("its_close_ended_the_registration", mq_notify(q, &ev) == 0);
    kid = fork();
    if (kid == 0)
        _exit(mq_notify(q, NULL) == 0 ? 0 : 1);
    CHECK("another_process_unregistering_is_0", child_code(kid) == 0);
    CHECK("and_leaves_our_registration", mq_notify(q, &ev) == -1 && errno == EBUSY);
    mq_notify(q, NULL);

    /* Non-root and the queue's mode. */
    mq_close(q);
    kid = fork();
    if (kid == 0) {
        if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
            _exit(99);
        _exit(mq_open(name, O_RDONLY) == (mqd_t)-1 && errno == EACCES ? 0 : 1);
    }
    CHECK("nobody_mq_open_of_a_0600_queue_is_eacces", child_code(kid) == 0);
    kid = fork();
    if (kid == 0) {
        if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0)
            _exit(99);
        _exit(mq_unlink(name) == -1 && errno == EACCES ? 0 : 1);
    }
    CHECK("nobody_mq_unlink_of_roots_queue_is_eacces", child_code(kid) == 0);
    mq_unlink(name);
}

/* ipcedge [SECTION...]: every section, or the ones named. */
int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } sections[] = { { "msg", msg_edges },   { "sem", sem_edges },        { "shm", shm_edges },
                     { "perm", permissions }, { "mq", mq_edges },
                     { "sleepers", msg_sleepers }, { "setall", sem_setall_pid } };
    private_ipc_namespace();
    fflush(stdout); /* before any fork */
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        int wanted = argc == 1;
        for (int a = 1; a < argc; a++)
            wanted |= !strcmp(argv[a], sections[i].name);
        if (wanted)
            sections[i].fn();
    }
    return failures;
}
