/*
 * tests/user/sysvipc.c: System V IPC (svipc(7), msgop(2), msgctl(2),
 * shmop(2), shmctl(2), semop(2), semctl(2)).  One line per check ("ok NAME"
 * or "FAIL NAME: what happened"); the exit status is the number of
 * failures.  The same binary passes on Linux (the suite runs it there first,
 * in an IPC namespace of its own: the expectations are Linux's), then on
 * pagelab.
 *
 * Waiting is by timing: the side that must block gets 150 ms to get there
 * before the other side acts, and the check asks that it waited >= 100 ms.
 * Every process is root on pagelab, and root on the Linux host: mode bits
 * refuse root nothing (CAP_IPC_OWNER), which the checks show.
 *
 *     sysvipc                 run every check
 *     sysvipc --nattch ID     (used by the exec check) exit with ID's shm_nattch
 *     sysvipc --make          make keyed objects for ipcs and ipcrm to see and
 *                             leave them (queue 0x1234 holding 5 bytes, a
 *                             private queue, segment 0x5678 of 10000 bytes
 *                             locked, set 0x9abc of 3)
 */
#include "ipctest.h"

#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "check.h"

#define MSGMAX   8192  /* Linux's defaults */
#define MSGMNB   16384
#define BAD_PTR  16L   /* never mapped: the first page stays empty */
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#define SHM_DEST_BIT   01000
#define SHM_LOCKED_BIT 02000

static const char *self_path;

struct msg {
    long mtype;
    char mtext[MSGMAX + 16];
};

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
    struct seminfo *__buf;
};

static void on_usr1(int sig) { (void)sig; }

/* SIGUSR1 with a handler and SA_RESTART: these calls fail with EINTR
   regardless (signal(7): never restarted). */
static void catch_usr1(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
}

/* A child that sends SIGUSR1 to us after ms. */
static pid_t signal_me_after(int ms)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(ms);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    return pid;
}

static int send_text(int q, long type, const char *text, int flags)
{
    struct msg m;
    m.mtype = type;
    size_t n = strlen(text);
    memcpy(m.mtext, text, n);
    return msgsnd(q, &m, n, flags);
}

/* Receives into m and NUL-terminates: the length, or -1. */
static long recv_text(int q, struct msg *m, long type, int flags)
{
    long n = msgrcv(q, m, MSGMAX, type, flags);
    if (n >= 0)
        m->mtext[n] = 0;
    return n;
}

/* ---- message queues -------------------------------------------------- */

static void msg_keys(void)
{
    int a = msgget(IPC_PRIVATE, 0600), b = msgget(IPC_PRIVATE, 0600);
    CHECK("msgget_ipc_private_makes_a_new_queue_each_time", a >= 0 && b >= 0 && a != b);
    key_t key = ftok("/", 'q');
    struct stat st;
    stat("/", &st);
    CHECK("ftok_combines_inode_device_and_id",
          key == (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) | ((unsigned)'q' << 24)));
    CHECK("msgget_unknown_key_without_ipc_creat_is_enoent",
          msgget(key, 0600) == -1 && errno == ENOENT);
    int k = msgget(key, IPC_CREAT | 0640);
    CHECK("msgget_ipc_creat_makes_the_keyed_queue", k >= 0);
    CHECK("msgget_same_key_finds_the_same_queue", msgget(key, 0) == k);
    CHECK("msgget_ipc_creat_finds_it_too", msgget(key, IPC_CREAT | 0600) == k);
    CHECK("msgget_ipc_creat_ipc_excl_on_an_existing_key_is_eexist",
          msgget(key, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST);
    struct msqid_ds ds;
    CHECK("ipc_stat_shows_key_and_mode_bits",
          msgctl(k, IPC_STAT, &ds) == 0 && ds.msg_perm.__key == key &&
              (ds.msg_perm.mode & 0777) == 0640 && ds.msg_perm.cuid == getuid());
    msgctl(k, IPC_RMID, NULL);
    CHECK("removed_key_is_enoent_again", msgget(key, 0) == -1 && errno == ENOENT);
    CHECK("removed_id_is_einval", msgctl(k, IPC_STAT, &ds) == -1 && errno == EINVAL);
    CHECK("ipc_rmid_twice_is_einval", msgctl(k, IPC_RMID, NULL) == -1 && errno == EINVAL);
    int again = msgget(key, IPC_CREAT | 0600);
    CHECK("a_new_queue_gets_a_new_id", again >= 0 && again != k);
    msgctl(again, IPC_RMID, NULL);
    msgctl(a, IPC_RMID, NULL);
    msgctl(b, IPC_RMID, NULL);
}

static void msg_selection(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct msg m;
    send_text(q, 5, "five", 0);
    send_text(q, 3, "three", 0);
    send_text(q, 7, "seven", 0);
    send_text(q, 3, "three-b", 0);
    send_text(q, 1, "one", 0);
    long n = recv_text(q, &m, 0, 0);
    CHECK("msgrcv_type_0_takes_the_oldest", n == 4 && m.mtype == 5 && !strcmp(m.mtext, "five"));
    n = recv_text(q, &m, 3, 0);
    CHECK("msgrcv_positive_type_takes_the_first_of_that_type",
          n == 5 && m.mtype == 3 && !strcmp(m.mtext, "three"));
    n = recv_text(q, &m, 3, MSG_EXCEPT);
    CHECK("msg_except_takes_the_first_of_another_type", m.mtype == 7 && !strcmp(m.mtext, "seven"));
    n = recv_text(q, &m, -4, 0);
    CHECK("msgrcv_negative_type_takes_the_lowest_type_first", m.mtype == 1 && !strcmp(m.mtext, "one"));
    n = recv_text(q, &m, -4, 0);
    CHECK("msgrcv_negative_type_then_the_next_lowest", m.mtype == 3 && !strcmp(m.mtext, "three-b"));
    CHECK("no_matching_message_with_ipc_nowait_is_enomsg",
          recv_text(q, &m, 0, IPC_NOWAIT) == -1 && errno == ENOMSG);
    send_text(q, 2, "0123456789", 0);
    CHECK("message_longer_than_the_buffer_is_e2big",
          msgrcv(q, &m, 4, 0, IPC_NOWAIT) == -1 && errno == E2BIG);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    CHECK("e2big_leaves_the_message_queued", ds.msg_qnum == 1 && ds.__msg_cbytes == 10);
    n = msgrcv(q, &m, 4, 0, MSG_NOERROR);
    CHECK("msg_noerror_truncates", n == 4 && !memcmp(m.mtext, "0123", 4));
    msgctl(q, IPC_STAT, &ds);
    CHECK("msg_noerror_discards_the_rest", ds.msg_qnum == 0 && ds.__msg_cbytes == 0);
    CHECK("msg_copy_without_ipc_nowait_is_einval",
          msgrcv(q, &m, 4, 0, MSG_COPY) == -1 && errno == EINVAL);
    msgctl(q, IPC_RMID, NULL);
}

static void msg_errors(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct msg m = { .mtype = 0 };
    CHECK("msgsnd_type_0_is_einval", msgsnd(q, &m, 1, 0) == -1 && errno == EINVAL);
    m.mtype = -3;
    CHECK("msgsnd_negative_type_is_einval", msgsnd(q, &m, 1, 0) == -1 && errno == EINVAL);
    m.mtype = 1;
    CHECK("msgsnd_larger_than_msgmax_is_einval",
          msgsnd(q, &m, MSGMAX + 1, 0) == -1 && errno == EINVAL);
    CHECK("msgsnd_of_msgmax_bytes_works", msgsnd(q, &m, MSGMAX, 0) == 0);
    CHECK("msgsnd_zero_bytes_works", msgsnd(q, &m, 0, 0) == 0);
    CHECK("msgsnd_negative_id_is_einval", msgsnd(-1, &m, 1, 0) == -1 && errno == EINVAL);
    CHECK("msgsnd_unknown_id_is_einval", msgsnd(q + 1000, &m, 1, 0) == -1 && errno == EINVAL);
    CHECK("msgrcv_unknown_id_is_einval", msgrcv(q + 1000, &m, 1, 0, 0) == -1 && errno == EINVAL);
    CHECK("msgctl_unknown_command_is_einval", msgctl(q, 99, NULL) == -1 && errno == EINVAL);
    CHECK("msgsnd_bad_pointer_is_efault",
          syscall(SYS_msgsnd, q, BAD_PTR, 4, IPC_NOWAIT) == -1 && errno == EFAULT);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    unsigned long before = ds.msg_qnum;
    CHECK("msgrcv_bad_buffer_is_efault",
          syscall(SYS_msgrcv, q, BAD_PTR, MSGMAX, 0, IPC_NOWAIT) == -1 && errno == EFAULT);
    msgctl(q, IPC_STAT, &ds);
    CHECK("msgrcv_bad_buffer_loses_the_message_as_linux_does", ds.msg_qnum == before - 1);
    CHECK("msgctl_ipc_stat_bad_pointer_is_efault",
          syscall(SYS_msgctl, q, IPC_STAT, BAD_PTR) == -1 && errno == EFAULT);
    CHECK("msgctl_ipc_set_bad_pointer_is_efault",
          syscall(SYS_msgctl, q, IPC_SET, BAD_PTR) == -1 && errno == EFAULT);
    msgctl(q, IPC_RMID, NULL);
}

static void msg_stat_set_info(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct msqid_ds ds;
    msgctl(q, IPC_STAT, &ds);
    CHECK("new_queue_has_msgmnb_bytes_and_no_messages",
          ds.msg_qbytes == MSGMNB && ds.msg_qnum == 0 && ds.msg_stime == 0 && ds.msg_rtime == 0 &&
              ds.msg_ctime > 0);
    send_text(q, 1, "abc", 0);
    send_text(q, 1, "defgh", 0);
    msgctl(q, IPC_STAT, &ds);
    CHECK("ipc_stat_counts_messages_bytes_and_the_sender",
          ds.msg_qnum == 2 && ds.__msg_cbytes == 8 && ds.msg_lspid == getpid() && ds.msg_stime > 0);
    struct msg m;
    recv_text(q, &m, 0, 0);
    msgctl(q, IPC_STAT, &ds);
    CHECK("ipc_stat_records_the_receiver", ds.msg_lrpid == getpid() && ds.msg_rtime > 0);
    ds.msg_perm.mode = 0604;
    ds.msg_qbytes = 100;
    CHECK("ipc_set_returns_0", msgctl(q, IPC_SET, &ds) == 0);
    msgctl(q, IPC_STAT, &ds);
    CHECK("ipc_set_changes_mode_and_qbytes", (ds.msg_perm.mode & 0777) == 0604 && ds.msg_qbytes == 100);
    m.mtype = 1;
    memset(m.mtext, 'x', 100);
    CHECK("a_smaller_qbytes_limits_the_queue",
          msgsnd(q, &m, 96, IPC_NOWAIT) == -1 && errno == EAGAIN && msgsnd(q, &m, 95, IPC_NOWAIT) == 0);
    ds.msg_qbytes = MSGMNB + 1;
    int r = msgctl(q, IPC_SET, &ds);
    CHECK(has_cap_sys_resource() ? "qbytes_above_msgmnb_allowed_with_cap_sys_resource"
                                 : "qbytes_above_msgmnb_is_eperm_without_cap_sys_resource",
          has_cap_sys_resource() ? r == 0 : r == -1 && errno == EPERM);
    ds.msg_perm.uid = (uid_t)-1;
    ds.msg_qbytes = 100;
    CHECK("ipc_set_uid_minus_1_is_einval", msgctl(q, IPC_SET, &ds) == -1 && errno == EINVAL);
    ds.msg_perm.uid = 0;
    ds.msg_perm.mode = 0;
    ds.msg_qbytes = 200;
    msgctl(q, IPC_SET, &ds);
    CHECK("root_passes_mode_0_cap_ipc_owner", send_text(q, 1, "x", IPC_NOWAIT) == 0 &&
                                                 recv_text(q, &m, 0, IPC_NOWAIT) >= 0);

    struct msginfo mi;
    int max = msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
    CHECK("ipc_info_gives_linux_limits",
          max >= 0 && mi.msgmax == MSGMAX && mi.msgmnb == MSGMNB && mi.msgmni == 32000 &&
              mi.msgssz == 16 && mi.msgseg == 0xffff);
    max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
    CHECK("msg_info_counts_queues_messages_and_bytes",
          max >= (q & 0x7fff) && mi.msgpool >= 1 && mi.msgmap >= 2 && mi.msgtql >= 96);
    int id = msgctl(q & 0x7fff, MSG_STAT, &ds);
    CHECK("msg_stat_takes_an_index_and_returns_the_id", id == q && ds.msg_qnum >= 2);
    CHECK("msg_stat_any_too", msgctl(q & 0x7fff, MSG_STAT_ANY, &ds) == q);

    char buf[16384], want[64];
    proc_read("/proc/sysvipc/msg", buf, sizeof buf);
    snprintf(want, sizeof want, "%10d %10d  %4o ", 0, q, 0);
    CHECK("proc_sysvipc_msg_lists_the_queue",
          !strncmp(buf, "       key      msqid perms      cbytes       qnum lspid lrpid", 62) &&
              strstr(buf, want) != NULL);
    msgctl(q, IPC_RMID, NULL);
}

static void msg_blocking(void)
{
    int q = msgget(IPC_PRIVATE, 0600);
    struct msg m;
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        send_text(q, 9, "other", 0);
        sleep_ms(150);
        send_text(q, 4, "wanted", 0);
        _exit(0);
    }
    uint64_t t0 = now_ms();
    long n = recv_text(q, &m, 4, 0);
    uint64_t waited = now_ms() - t0;
    CHECK("blocked_receiver_waits_for_a_matching_type",
          n == 6 && m.mtype == 4 && waited >= 250);
    child_status(pid);
    recv_text(q, &m, 0, IPC_NOWAIT);

    m.mtype = 1;
    memset(m.mtext, 'f', MSGMAX);
    msgsnd(q, &m, MSGMAX, 0);
    msgsnd(q, &m, MSGMAX, 0);
    CHECK("full_queue_with_ipc_nowait_is_eagain", msgsnd(q, &m, 1, IPC_NOWAIT) == -1 && errno == EAGAIN);
    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        struct msg in;
        _exit(msgrcv(q, &in, MSGMAX, 0, 0) == MSGMAX ? 0 : 1);
    }
    t0 = now_ms();
    int r = msgsnd(q, &m, 100, 0);
    waited = now_ms() - t0;
    CHECK("blocked_sender_wakes_when_a_receiver_makes_room", r == 0 && waited >= 100);
    CHECK("the_receiver_got_a_whole_message", child_code(pid) == 0);

    /* The queue is full again: a sleeper of each kind, then IPC_RMID. */
    pid_t sender = fork();
    if (sender == 0)
        _exit(msgsnd(q, &m, MSGMAX, 0) == -1 && errno == EIDRM ? 0 : 1);
    int q2 = msgget(IPC_PRIVATE, 0600);
    pid_t receiver = fork();
    if (receiver == 0)
        _exit(msgrcv(q2, &m, MSGMAX, 0, 0) == -1 && errno == EIDRM ? 0 : 1);
    sleep_ms(150);
    msgctl(q, IPC_RMID, NULL);
    msgctl(q2, IPC_RMID, NULL);
    CHECK("ipc_rmid_wakes_a_blocked_sender_with_eidrm", child_code(sender) == 0);
    CHECK("ipc_rmid_wakes_a_blocked_receiver_with_eidrm", child_code(receiver) == 0);

    q = msgget(IPC_PRIVATE, 0600);
    catch_usr1();
    pid = signal_me_after(150);
    t0 = now_ms();
    n = msgrcv(q, &m, MSGMAX, 0, 0);
    CHECK("signal_interrupts_msgrcv_with_eintr_even_with_sa_restart",
          n == -1 && errno == EINTR && now_ms() - t0 >= 100);
    child_status(pid);
    m.mtype = 1;
    msgsnd(q, &m, MSGMAX, 0);
    msgsnd(q, &m, MSGMAX, 0);
    pid = signal_me_after(150);
    CHECK("signal_interrupts_msgsnd_with_eintr", msgsnd(q, &m, MSGMAX, 0) == -1 && errno == EINTR);
    child_status(pid);
    msgctl(q, IPC_RMID, NULL);
}

static void msg_limits(void)
{
    CHECK("proc_sys_kernel_msg_limits_are_linux_defaults",
          proc_read_long("/proc/sys/kernel/msgmax") == MSGMAX &&
              proc_read_long("/proc/sys/kernel/msgmnb") == MSGMNB &&
              proc_read_long("/proc/sys/kernel/msgmni") == 32000);
    CHECK("msgmax_write_is_taken", proc_write("/proc/sys/kernel/msgmax", "4096\n") == 0 &&
                                       proc_read_long("/proc/sys/kernel/msgmax") == 4096);
    int q = msgget(IPC_PRIVATE, 0600);
    struct msg m = { .mtype = 1 };
    CHECK("a_lower_msgmax_refuses_larger_messages",
          msgsnd(q, &m, 4097, IPC_NOWAIT) == -1 && errno == EINVAL &&
              msgsnd(q, &m, 4096, IPC_NOWAIT) == 0);
    proc_write_long("/proc/sys/kernel/msgmax", MSGMAX);
    CHECK("msgmax_rejects_garbage", proc_write("/proc/sys/kernel/msgmax", "12ab") == -1 &&
                                        errno == EINVAL &&
                                        proc_read_long("/proc/sys/kernel/msgmax") == MSGMAX);
    CHECK("msgmni_rejects_more_than_ipcmni",
          proc_write("/proc/sys/kernel/msgmni", "40000") == -1 && errno == EINVAL);
    proc_write_long("/proc/sys/kernel/msgmnb", 1000);
    int q2 = msgget(IPC_PRIVATE, 0600);
    struct msqid_ds ds;
    msgctl(q2, IPC_STAT, &ds);
    CHECK("msgmnb_sets_qbytes_of_new_queues", ds.msg_qbytes == 1000);
    proc_write_long("/proc/sys/kernel/msgmnb", MSGMNB);

    /* ENOSPC: room for exactly three more queues. */
    struct msginfo mi;
    msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
    proc_write_long("/proc/sys/kernel/msgmni", mi.msgpool + 3);
    int made[4], n = 0;
    while (n < 4 && (made[n] = msgget(IPC_PRIVATE, 0600)) >= 0)
        n++;
    CHECK("msgget_beyond_msgmni_is_enospc", n == 3 && errno == ENOSPC);
    while (n > 0)
        msgctl(made[--n], IPC_RMID, NULL);
    proc_write_long("/proc/sys/kernel/msgmni", 32000);
    msgctl(q, IPC_RMID, NULL);
    msgctl(q2, IPC_RMID, NULL);
}

/* ---- shared memory --------------------------------------------------- */

static struct shmid_ds shm_stat(int id)
{
    struct shmid_ds ds;
    memset(&ds, 0xff, sizeof ds);
    shmctl(id, IPC_STAT, &ds);
    return ds;
}

static void shm_basics(void)
{
    CHECK("shmget_size_0_is_einval", shmget(IPC_PRIVATE, 0, 0600) == -1 && errno == EINVAL);
    key_t key = ftok("/", 's');
    CHECK("shmget_unknown_key_is_enoent", shmget(key, 100, 0600) == -1 && errno == ENOENT);
    int id = shmget(key, 10000, IPC_CREAT | 0600);
    CHECK("shmget_creates_a_segment", id >= 0);
    CHECK("shmget_same_key_smaller_size_finds_it", shmget(key, 5000, 0) == id);
    CHECK("shmget_existing_key_larger_size_is_einval",
          shmget(key, 20000, 0) == -1 && errno == EINVAL);
    CHECK("shmget_ipc_excl_existing_is_eexist",
          shmget(key, 100, IPC_CREAT | IPC_EXCL | 0600) == -1 && errno == EEXIST);
    struct shmid_ds ds = shm_stat(id);
    CHECK("new_segment_stat", ds.shm_segsz == 10000 && ds.shm_nattch == 0 &&
                                  ds.shm_cpid == getpid() && ds.shm_lpid == 0 &&
                                  ds.shm_atime == 0 && ds.shm_ctime > 0);
    char *p = shmat(id, NULL, 0);
    CHECK("shmat_returns_a_page_aligned_address",
          p != (char *)-1 && ((uintptr_t)p & (SHMLBA - 1)) == 0);
    int zero = 1;
    for (int i = 0; i < 12288; i++)
        zero &= p[i] == 0;
    CHECK("a_new_segment_reads_as_zeros_to_its_last_page", zero);
    ds = shm_stat(id);
    CHECK("shmat_counts_an_attachment_and_the_time",
          ds.shm_nattch == 1 && ds.shm_lpid == getpid() && ds.shm_atime > 0);
    strcpy(p, "parent wrote");
    pid_t pid = fork();
    if (pid == 0) {
        int ok = !strcmp(p, "parent wrote") && shm_stat(id).shm_nattch == 2;
        strcpy(p + 5000, "child wrote");
        _exit(ok ? 0 : 1);
    }
    int code = child_code(pid);
    CHECK("fork_inherits_the_attachment_and_sees_the_data", code == 0);
    CHECK("the_parent_sees_what_the_child_wrote", !strcmp(p + 5000, "child wrote"));
    ds = shm_stat(id);
    CHECK("the_child_exit_detached_it", ds.shm_nattch == 1 && ds.shm_lpid == pid && ds.shm_dtime > 0);

    pid = fork();
    if (pid == 0) {
        char *q = shmat(shmget(key, 0, 0), NULL, SHM_RDONLY);
        _exit(q != (char *)-1 && !strcmp(q, "parent wrote") ? 0 : 1);
    }
    CHECK("another_process_attaches_by_key", child_code(pid) == 0);

    char maps[16384], want[64];
    proc_read("/proc/self/maps", maps, sizeof maps);
    snprintf(want, sizeof want, "rw-s 00000000 00:01 %d ", id);
    char name[32];
    snprintf(name, sizeof name, "/SYSV%08x (deleted)\n", (unsigned)key);
    CHECK("proc_pid_maps_names_the_segment_as_linux_does",
          strstr(maps, want) != NULL && strstr(maps, name) != NULL);

    char buf[16384];
    proc_read("/proc/sysvipc/shm", buf, sizeof buf);
    snprintf(want, sizeof want, "%10d %10d  %4o %21lu ", key, id, 0600, 10000ul);
    CHECK("proc_sysvipc_shm_lists_the_segment",
          !strncmp(buf, "       key      shmid perms                  size  cpid  lpid nattch", 68) &&
              strstr(buf, want) != NULL);

    CHECK("shmdt_returns_0", shmdt(p) == 0);
    ds = shm_stat(id);
    CHECK("shmdt_detaches", ds.shm_nattch == 0 && ds.shm_lpid == getpid());
    CHECK("shmdt_of_a_detached_address_is_einval", shmdt(p) == -1 && errno == EINVAL);
    CHECK("shmdt_unaligned_is_einval", shmdt(p + 1) == -1 && errno == EINVAL);
    char *again = shmat(id, NULL, 0);
    CHECK("the_data_stays_without_attachments", !strcmp(again, "parent wrote"));
    shmdt(again);
    shmctl(id, IPC_RMID, NULL);
}

static void shm_deferred_removal(void)
{
    key_t key = ftok("/", 'd');
    int id = shmget(key, 4096, IPC_CREAT | 0600);
    char *p = shmat(id, NULL, 0);
    strcpy(p, "still here");
    CHECK("ipc_rmid_while_attached_returns_0", shmctl(id, IPC_RMID, NULL) == 0);
    struct shmid_ds ds = shm_stat(id);
    CHECK("a_removed_attached_segment_is_marked_and_loses_its_key",
          (ds.shm_perm.mode & SHM_DEST_BIT) && ds.shm_perm.__key == 0 && ds.shm_nattch == 1);
    CHECK("its_key_no_longer_finds_it", shmget(key, 4096, 0) == -1 && errno == ENOENT);
    CHECK("its_memory_stays_usable", !strcmp(p, "still here"));
    char *p2 = shmat(id, NULL, 0);
    CHECK("linux_lets_a_marked_segment_be_attached_by_id", p2 != (char *)-1 && !strcmp(p2, "still here"));
    shmdt(p2);
    shmdt(p);
    CHECK("the_last_detach_destroys_it", shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
    id = shmget(IPC_PRIVATE, 4096, 0600);
    shmctl(id, IPC_RMID, NULL);
    CHECK("ipc_rmid_without_attachments_destroys_at_once",
          shmctl(id, IPC_STAT, &ds) == -1 && errno == EINVAL);
}

static void shm_attach_modes(void)
{
    int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
    char *p = shmat(id, NULL, 0);
    strcpy(p, "data");
    shmdt(p);
    /* Eight free pages to attach in (SHM_REMAP below maps past the first
       attachment's end). */
    p = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, 8 * 4096);
    char *at = shmat(id, p, 0);
    CHECK("shmat_at_a_given_address_maps_there", at == p && !strcmp(at, "data"));
    CHECK("shmat_over_an_existing_mapping_is_einval",
          shmat(id, p + 4096, 0) == (void *)-1 && errno == EINVAL);
    char *remapped = shmat(id, p + 4096, SHM_REMAP);
    CHECK("shm_remap_replaces_the_mapping", remapped == p + 4096 && !strcmp(remapped, "data"));
    CHECK("shmdt_takes_every_piece_within_the_size", shmdt(p + 4096) == 0 && shmdt(p) == 0);
    CHECK("shmat_unaligned_without_shm_rnd_is_einval",
          shmat(id, p + 100, 0) == (void *)-1 && errno == EINVAL);
    char *rnd = shmat(id, p + 100, SHM_RND);
    CHECK("shm_rnd_rounds_down_to_shmlba", rnd == p);
    shmdt(rnd);
    CHECK("shm_remap_without_an_address_is_einval",
          shmat(id, NULL, SHM_REMAP) == (void *)-1 && errno == EINVAL);
    CHECK("shmat_unknown_id_is_einval", shmat(id + 1000, NULL, 0) == (void *)-1 && errno == EINVAL);
    CHECK("shmat_negative_id_is_einval", shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL);

    char *ro = shmat(id, NULL, SHM_RDONLY);
    CHECK("shm_rdonly_maps_readable", ro != (char *)-1 && !strcmp(ro, "data"));
    CHECK("shm_rdonly_cannot_be_made_writable",
          mprotect(ro, 4096, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
    pid_t pid = fork();
    if (pid == 0) {
        ro[0] = 'X';
        _exit(0);
    }
    int st = child_status(pid);
    CHECK("a_store_to_a_shm_rdonly_attachment_is_sigsegv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    /* Split in two by mprotect: Linux counts each piece as an attachment. */
    char *rw = shmat(id, NULL, 0);
    mprotect(rw, 4096, PROT_READ);
    CHECK("each_piece_of_a_split_attachment_counts", shm_stat(id).shm_nattch == 3);
    CHECK("shmdt_detaches_all_pieces", shmdt(rw) == 0 && shm_stat(id).shm_nattch == 1);
    shmdt(ro);

    /* exec detaches: the new program finds no attachment left. */
    pid = fork();
    if (pid == 0) {
        char arg[16];
        snprintf(arg, sizeof arg, "%d", id);
        shmat(id, NULL, 0);
        execl(self_path, self_path, "--nattch", arg, (char *)NULL);
        _exit(99);
    }
    CHECK("exec_detaches_every_segment", child_code(pid) == 0);

    struct shmid_ds ds;
    CHECK("shmctl_ipc_stat_bad_pointer_is_efault",
          syscall(SYS_shmctl, id, IPC_STAT, BAD_PTR) == -1 && errno == EFAULT);
    ds = shm_stat(id);
    ds.shm_perm.mode = 0640;
    CHECK("shmctl_ipc_set_changes_the_mode",
          shmctl(id, IPC_SET, &ds) == 0 && (shm_stat(id).shm_perm.mode & 0777) == 0640);
    CHECK("shm_lock_sets_shm_locked", shmctl(id, SHM_LOCK, NULL) == 0 &&
                                          (shm_stat(id).shm_perm.mode & SHM_LOCKED_BIT));
    CHECK("shm_unlock_clears_it", shmctl(id, SHM_UNLOCK, NULL) == 0 &&
                                      !(shm_stat(id).shm_perm.mode & SHM_LOCKED_BIT));
    CHECK("shmctl_unknown_command_is_einval", shmctl(id, 99, &ds) == -1 && errno == EINVAL);
    shmctl(id, IPC_RMID, NULL);
}

static void shm_info_and_limits(void)
{
    struct shminfo si;
    int max = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
    CHECK("shm_ipc_info_gives_linux_limits",
          max >= 0 && si.shmmni == 4096 && si.shmmin == 1 &&
              si.shmmax == 0xffffffffffffffffUL - (1UL << 24) && si.shmall == si.shmmax);
    int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
    struct shm_info before, after;
    shmctl(0, SHM_INFO, (struct shmid_ds *)&before);
    char *p = shmat(id, NULL, 0);
    p[0] = 1;
    p[2 * 4096] = 1;
    shmctl(0, SHM_INFO, (struct shmid_ds *)&after);
    CHECK("shm_info_counts_segments_pages_and_touched_pages",
          after.used_ids >= 1 && after.shm_tot >= 3 && after.shm_rss == before.shm_rss + 2);
    CHECK("shm_stat_takes_an_index", shmctl(id & 0x7fff, SHM_STAT, (struct shmid_ds *)&si) == id &&
                                         shmctl(id & 0x7fff, SHM_STAT_ANY, (struct shmid_ds *)&si) == id);
    shmdt(p);
    shmctl(id, IPC_RMID, NULL);

    CHECK("proc_sys_kernel_shm_limits_are_linux_defaults",
          proc_read_long("/proc/sys/kernel/shmmni") == 4096);
    /* Linux's overcommit heuristic: one segment larger than all of RAM. */
    char meminfo[4096];
    proc_read("/proc/meminfo", meminfo, sizeof meminfo);
    unsigned long total_kb = strtoul(strstr(meminfo, "MemTotal:") + 9, NULL, 10);
    CHECK("shmget_larger_than_all_memory_is_enomem",
          shmget(IPC_PRIVATE, total_kb * 1024 * 2, 0600) == -1 && errno == ENOMEM);
    proc_write_long("/proc/sys/kernel/shmmax", 8192);
    CHECK("shmget_above_shmmax_is_einval", shmget(IPC_PRIVATE, 8193, 0600) == -1 && errno == EINVAL);
    proc_write("/proc/sys/kernel/shmmax", "18446744073692774399\n");
    CHECK("shmmax_takes_linux_default_back",
          shmctl(0, IPC_INFO, (struct shmid_ds *)&si) >= 0 && si.shmmax == 18446744073692774399UL);
    shmctl(0, SHM_INFO, (struct shmid_ds *)&before);
    proc_write_long("/proc/sys/kernel/shmmni", before.used_ids + 2);
    int made[3], n = 0;
    while (n < 3 && (made[n] = shmget(IPC_PRIVATE, 4096, 0600)) >= 0)
        n++;
    CHECK("shmget_beyond_shmmni_is_enospc", n == 2 && errno == ENOSPC);
    while (n > 0)
        shmctl(made[--n], IPC_RMID, NULL);
    proc_write_long("/proc/sys/kernel/shmmni", 4096);
}

/* ---- semaphores ------------------------------------------------------ */

static int semval(int id, int n) { return semctl(id, n, GETVAL); }

static int op1(int id, unsigned short num, short op, short flg)
{
    struct sembuf b = { num, op, flg };
    return semop(id, &b, 1);
}

static void sem_basics(void)
{
    CHECK("semget_0_semaphores_is_einval", semget(IPC_PRIVATE, 0, 0600) == -1 && errno == EINVAL);
    CHECK("semget_more_than_semmsl_is_einval",
          semget(IPC_PRIVATE, 32001, 0600) == -1 && errno == EINVAL);
    key_t key = ftok("/", 'm');
    int id = semget(key, 3, IPC_CREAT | 0600);
    CHECK("semget_creates_a_set", id >= 0);
    CHECK("semget_existing_key_fewer_semaphores_finds_it", semget(key, 2, 0) == id);
    CHECK("semget_existing_key_more_semaphores_is_einval",
          semget(key, 4, 0) == -1 && errno == EINVAL);
    CHECK("new_semaphores_are_0", semval(id, 0) == 0 && semval(id, 1) == 0 && semval(id, 2) == 0);
    struct semid_ds ds;
    union semun arg = { .buf = &ds };
    semctl(id, 0, IPC_STAT, arg);
    CHECK("ipc_stat_gives_nsems_and_no_operation_yet", ds.sem_nsems == 3 && ds.sem_otime == 0 &&
                                                           ds.sem_ctime > 0);
    CHECK("setval_then_getval", semctl(id, 1, SETVAL, (union semun){ .val = 7 }) == 0 && semval(id, 1) == 7);
    CHECK("setval_above_semvmx_is_erange",
          semctl(id, 1, SETVAL, (union semun){ .val = 32768 }) == -1 && errno == ERANGE);
    CHECK("setval_negative_is_erange",
          semctl(id, 1, SETVAL, (union semun){ .val = -1 }) == -1 && errno == ERANGE);
    CHECK("setval_bad_semnum_is_einval",
          semctl(id, 3, SETVAL, (union semun){ .val = 1 }) == -1 && errno == EINVAL);
    CHECK("getval_bad_semnum_is_einval", semctl(id, -1, GETVAL) == -1 && errno == EINVAL);
    CHECK("getpid_after_setval_is_the_caller", semctl(id, 1, GETPID) == getpid());
    unsigned short all[3] = { 1, 2, 3 }, got[3] = { 9, 9, 9 };
    CHECK("setall_then_getall", semctl(id, 0, SETALL, (union semun){ .array = all }) == 0 &&
                                    semctl(id, 0, GETALL, (union semun){ .array = got }) == 0 &&
                                    got[0] == 1 && got[1] == 2 && got[2] == 3);
    unsigned short bad[3] = { 1, 40000, 3 };
    CHECK("setall_above_semvmx_is_erange",
          semctl(id, 0, SETALL, (union semun){ .array = bad }) == -1 && errno == ERANGE &&
              semval(id, 1) == 2);
    CHECK("getall_bad_pointer_is_efault",
          syscall(SYS_semctl, id, 0, GETALL, BAD_PTR) == -1 && errno == EFAULT);

    struct sembuf ops[2] = { { 0, -1, 0 }, { 2, 2, 0 } };
    CHECK("semop_applies_every_operation", semop(id, ops, 2) == 0 && semval(id, 0) == 0 &&
                                               semval(id, 2) == 5);
    semctl(id, 0, IPC_STAT, arg);
    CHECK("semop_sets_otime_and_sempid", ds.sem_otime > 0 && semctl(id, 2, GETPID) == getpid());
    struct sembuf blocked[2] = { { 2, -1, 0 }, { 0, -1, IPC_NOWAIT } };
    CHECK("semop_that_cannot_complete_changes_nothing",
          semop(id, blocked, 2) == -1 && errno == EAGAIN && semval(id, 2) == 5);
    struct sembuf twice[2] = { { 1, 1, 0 }, { 1, -3, 0 } };
    CHECK("operations_on_one_semaphore_apply_in_order", semop(id, twice, 2) == 0 && semval(id, 1) == 0);
    semctl(id, 0, SETVAL, (union semun){ .val = 32767 });
    CHECK("semop_past_semvmx_is_erange", op1(id, 0, 1, 0) == -1 && errno == ERANGE);
    CHECK("wait_for_zero_on_nonzero_with_ipc_nowait_is_eagain",
          op1(id, 0, 0, IPC_NOWAIT) == -1 && errno == EAGAIN);
    CHECK("wait_for_zero_on_zero_succeeds", op1(id, 1, 0, 0) == 0);
    CHECK("semop_zero_operations_is_einval", semop(id, ops, 0) == -1 && errno == EINVAL);
    static struct sembuf many[501];
    CHECK("semop_more_than_semopm_operations_is_e2big", semop(id, many, 501) == -1 && errno == E2BIG);
    CHECK("semop_semnum_beyond_the_set_is_efbig", op1(id, 3, 1, 0) == -1 && errno == EFBIG);
    CHECK("semop_bad_pointer_is_efault", syscall(SYS_semop, id, BAD_PTR, 1) == -1 && errno == EFAULT);
    CHECK("semop_unknown_id_is_einval", op1(id + 1000, 0, 1, 0) == -1 && errno == EINVAL);
    ds.sem_perm.mode = 0640;
    CHECK("semctl_ipc_set_changes_the_mode",
          semctl(id, 0, IPC_SET, arg) == 0 && semctl(id, 0, IPC_STAT, arg) == 0 &&
              (ds.sem_perm.mode & 0777) == 0640);
    CHECK("semctl_unknown_command_is_einval", semctl(id, 0, 99) == -1 && errno == EINVAL);

    struct seminfo si;
    int max = semctl(0, 0, IPC_INFO, (union semun){ .__buf = &si });
    CHECK("sem_ipc_info_gives_linux_limits",
          max >= 0 && si.semmsl == 32000 && si.semmns == 1024000000 && si.semopm == 500 &&
              si.semmni == 32000 && si.semvmx == 32767);
    semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
    CHECK("sem_info_counts_sets_and_semaphores", si.semusz >= 1 && si.semaem >= 3 &&
                                                     si.semmsl == 32000);
    CHECK("sem_stat_takes_an_index", semctl(id & 0x7fff, 0, SEM_STAT, arg) == id &&
                                         semctl(id & 0x7fff, 0, SEM_STAT_ANY, arg) == id);
    char buf[16384], want[80];
    proc_read("/proc/sysvipc/sem", buf, sizeof buf);
    snprintf(want, sizeof want, "%10d %10d  %4o %10u ", key, id, 0640, 3);
    CHECK("proc_sysvipc_sem_lists_the_set",
          !strncmp(buf, "       key      semid perms      nsems", 38) && strstr(buf, want) != NULL);
    semctl(id, 0, IPC_RMID);
    CHECK("removed_set_is_einval", semval(id, 0) == -1 && errno == EINVAL);
}

static void sem_blocking(void)
{
    int id = semget(IPC_PRIVATE, 2, 0600);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        int n = semctl(id, 0, GETNCNT);
        op1(id, 0, 2, 0);
        _exit(n);
    }
    uint64_t t0 = now_ms();
    int r = op1(id, 0, -2, 0);
    uint64_t waited = now_ms() - t0;
    CHECK("semop_blocks_until_the_value_is_there", r == 0 && waited >= 100 && semval(id, 0) == 0);
    CHECK("getncnt_counts_the_sleeper", child_code(pid) == 1);

    semctl(id, 1, SETVAL, (union semun){ .val = 1 });
    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        int n = semctl(id, 1, GETZCNT);
        op1(id, 1, -1, 0);
        _exit(n);
    }
    t0 = now_ms();
    r = op1(id, 1, 0, 0);
    CHECK("wait_for_zero_blocks_until_zero", r == 0 && now_ms() - t0 >= 100);
    CHECK("getzcnt_counts_the_sleeper", child_code(pid) == 1);

    /* A two-operation sleeper completes only when both can. */
    pid = fork();
    if (pid == 0) {
        struct sembuf both[2] = { { 0, -1, 0 }, { 1, -1, 0 } };
        _exit(semop(id, both, 2) == 0 ? 0 : 1);
    }
    sleep_ms(100);
    op1(id, 0, 1, 0);
    sleep_ms(100);
    CHECK("a_partly_satisfiable_sleeper_takes_nothing", semval(id, 0) == 1);
    op1(id, 1, 1, 0);
    CHECK("it_completes_when_all_can", child_code(pid) == 0 && semval(id, 0) == 0 && semval(id, 1) == 0);

    struct timespec ts = { 0, 100 * 1000 * 1000 };
    struct sembuf dec = { 0, -1, 0 };
    t0 = now_ms();
    r = semtimedop(id, &dec, 1, &ts);
    CHECK("semtimedop_times_out_with_eagain", r == -1 && errno == EAGAIN && now_ms() - t0 >= 80);
    ts.tv_nsec = 1000000000;
    CHECK("semtimedop_bad_timeout_is_einval", semtimedop(id, &dec, 1, &ts) == -1 && errno == EINVAL);
    CHECK("semtimedop_bad_timeout_pointer_is_efault",
          syscall(SYS_semtimedop, id, &dec, 1, BAD_PTR) == -1 && errno == EFAULT);

    catch_usr1();
    pid = signal_me_after(150);
    CHECK("signal_interrupts_semop_with_eintr", op1(id, 0, -1, 0) == -1 && errno == EINTR);
    child_status(pid);
    CHECK("an_interrupted_sleeper_leaves_the_queue", semctl(id, 0, GETNCNT) == 0);

    pid = fork();
    if (pid == 0)
        _exit(op1(id, 0, -1, 0) == -1 && errno == EIDRM ? 0 : 1);
    sleep_ms(150);
    semctl(id, 0, IPC_RMID);
    CHECK("ipc_rmid_wakes_a_sleeper_with_eidrm", child_code(pid) == 0);
}

static void sem_undo(void)
{
    int id = semget(IPC_PRIVATE, 2, 0600);
    semctl(id, 0, SETVAL, (union semun){ .val = 5 });
    pid_t pid = fork();
    if (pid == 0) {
        op1(id, 0, 3, SEM_UNDO);
        op1(id, 0, -1, SEM_UNDO);
        _exit(semval(id, 0) == 7 ? 0 : 1);
    }
    CHECK("sem_undo_is_undone_at_exit", child_code(pid) == 0 && semval(id, 0) == 5);
    CHECK("the_exit_records_its_pid", semctl(id, 0, GETPID) == pid);

    pid = fork();
    if (pid == 0) {
        op1(id, 0, -2, SEM_UNDO);
        for (;;)
            pause();
    }
    sleep_ms(100);
    int during = semval(id, 0);
    kill(pid, SIGKILL);
    child_status(pid);
    CHECK("sem_undo_is_undone_when_the_process_is_killed", during == 3 && semval(id, 0) == 5);

    pid = fork();
    if (pid == 0) {
        op1(id, 1, 4, SEM_UNDO);
        sleep_ms(200);
        _exit(0);
    }
    sleep_ms(100);
    semctl(id, 1, SETVAL, (union semun){ .val = 2 });
    child_status(pid);
    CHECK("setval_clears_the_undo_records", semval(id, 1) == 2);

    /* A sleeper killed in semop: only what it did is undone, not the
       operation it was waiting to do. */
    semctl(id, 0, SETVAL, (union semun){ .val = 0 });
    pid = fork();
    if (pid == 0) {
        op1(id, 0, 2, SEM_UNDO);
        op1(id, 0, -3, SEM_UNDO); /* blocks: the value is 2 */
        _exit(1);
    }
    sleep_ms(150);
    kill(pid, SIGKILL);
    child_status(pid);
    CHECK("killing_a_sleeper_undoes_only_what_it_did", semval(id, 0) == 0);

    semctl(id, 0, SETVAL, (union semun){ .val = 1 });
    pid = fork();
    if (pid == 0) {
        op1(id, 0, -1, SEM_UNDO);
        sleep_ms(150);
        _exit(0); /* the undo gives the 1 back */
    }
    sleep_ms(50);
    uint64_t t0 = now_ms();
    int r = op1(id, 0, -1, 0);
    CHECK("an_exit_undo_wakes_a_waiting_semop", r == 0 && now_ms() - t0 >= 50);
    child_status(pid);

    /* An undo record holds at most SEMAEM (32767) each way. */
    semctl(id, 0, SETVAL, (union semun){ .val = 32767 });
    op1(id, 0, -32767, SEM_UNDO);
    op1(id, 0, 1, 0);
    CHECK("sem_undo_beyond_semaem_is_erange", op1(id, 0, -1, SEM_UNDO) == -1 && errno == ERANGE);
    semctl(id, 0, IPC_RMID);
}

static void sem_limits(void)
{
    char buf[128];
    proc_read("/proc/sys/kernel/sem", buf, sizeof buf);
    CHECK("proc_sys_kernel_sem_is_linux_default", !strcmp(buf, "32000\t1024000000\t500\t32000\n"));
    struct seminfo si;
    semctl(0, 0, SEM_INFO, (union semun){ .__buf = &si });
    snprintf(buf, sizeof buf, "32000 1024000000 500 %d", si.semusz + 2);
    proc_write("/proc/sys/kernel/sem", buf);
    int made[3], n = 0;
    while (n < 3 && (made[n] = semget(IPC_PRIVATE, 1, 0600)) >= 0)
        n++;
    CHECK("semget_beyond_semmni_is_enospc", n == 2 && errno == ENOSPC);
    while (n > 0)
        semctl(made[--n], 0, IPC_RMID);
    snprintf(buf, sizeof buf, "32000 %d 500 32000", si.semaem + 10);
    proc_write("/proc/sys/kernel/sem", buf);
    CHECK("semget_beyond_semmns_is_enospc", semget(IPC_PRIVATE, 11, 0600) == -1 && errno == ENOSPC);
    CHECK("proc_sys_kernel_sem_rejects_semmni_above_ipcmni_with_erange",
          proc_write("/proc/sys/kernel/sem", "32000 1024000000 500 40000") == -1 && errno == ERANGE);
    proc_write("/proc/sys/kernel/sem", "32000 1024000000 500 32000");
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--nattch")) {
        struct shmid_ds ds;
        if (shmctl(atoi(argv[2]), IPC_STAT, &ds) != 0)
            return 100;
        return (int)ds.shm_nattch;
    }
    if (argc == 2 && !strcmp(argv[1], "--make")) {
        struct msg m = { .mtype = 5, .mtext = "hello" };
        int q = msgget(0x1234, IPC_CREAT | 0640);
        int ok = q >= 0 && msgsnd(q, &m, 5, 0) == 0 && msgget(IPC_PRIVATE, 0600) >= 0;
        int seg = shmget(0x5678, 10000, IPC_CREAT | 0666);
        ok &= seg >= 0 && shmctl(seg, SHM_LOCK, NULL) == 0;
        ok &= semget(0x9abc, 3, IPC_CREAT | 0600) >= 0;
        return ok ? 0 : 1;
    }
    /* exec needs a path: pagelab's init runs us by name from /bin. */
    static char path[256];
    snprintf(path, sizeof path, "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
    self_path = path;
    private_ipc_namespace();
    msg_keys();
    msg_selection();
    msg_errors();
    msg_stat_set_info();
    msg_blocking();
    msg_limits();
    shm_basics();
    shm_deferred_removal();
    shm_attach_modes();
    shm_info_and_limits();
    sem_basics();
    sem_blocking();
    sem_undo();
    sem_limits();
    printf("%d failures\n", failures);
    return failures;
}
