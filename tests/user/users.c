/*
 * tests/user/users.c: users and permissions (credentials(7),
 * path_resolution(7), svipc(7), unix(7)).  One line per check ("ok NAME" or
 * "FAIL NAME: what happened"); the exit status is the number of failures.
 *
 * Run as root, with the path of this program as its argument (it copies
 * itself to make a set-user-ID program).  Root sets up files, directories
 * and IPC objects in a fresh directory under /tmp; children drop to the
 * unprivileged uid and gid 65534 (nobody, nogroup) and check what Linux
 * refuses them (EACCES, EPERM) and what it allows.  The same binary passes
 * on the Linux host first (the expectations are Linux's), then on pagelab.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"

#define NOBODY  65534
#define GROUP_X 4242 /* a group only some children have */
#define MQ_NAME "/pagelab-users-test"
#define SHM_NAME "/pagelab-users-test"

static int msqid, shmid, semid;

/* Becomes uid/gid NOBODY with the given supplementary groups. */
static int drop(const gid_t *groups, size_t n)
{
    return setgroups(n, groups) == 0 && setgid(NOBODY) == 0 && setuid(NOBODY) == 0 ? 0 : -1;
}

static int fails_with(int r, int err) { return r == -1 && errno == err; }

static void make_file(const char *name, mode_t mode, uid_t uid, gid_t gid)
{
    int fd = open(path(name), O_CREAT | O_WRONLY | O_TRUNC, 0600);
    if (fd < 0 || write(fd, "secret\n", 7) != 7 || fchown(fd, uid, gid) || fchmod(fd, mode)) {
        printf("FAIL setup %s: %s\n", name, strerror(errno));
        exit(1);
    }
    close(fd);
}

/* Copies the program at from to DIR/name with the given mode. */
static void copy_program(const char *from, const char *name, mode_t mode)
{
    int in = open(from, O_RDONLY), out = open(path(name), O_CREAT | O_WRONLY | O_TRUNC, 0700);
    char buf[8192];
    ssize_t n;
    while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            break;
    if (in < 0 || out < 0 || fchmod(out, mode)) {
        printf("FAIL setup copy of %s: %s\n", from, strerror(errno));
        exit(1);
    }
    close(in);
    close(out);
}

static int bound_socket(const char *name, mode_t mode)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path(name));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4) || chmod(path(name), mode)) {
        printf("FAIL setup socket %s: %s\n", name, strerror(errno));
        exit(1);
    }
    return s;
}

static int connect_to(const char *name)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path(name));
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    int r = connect(s, (struct sockaddr *)&a, sizeof a);
    int e = errno;
    close(s);
    errno = e;
    return r;
}

static void setup(const char *self)
{
    snprintf(dir, sizeof dir, "/tmp/users.XXXXXX");
    if (!mkdtemp(dir) || chmod(dir, 0755)) {
        printf("FAIL setup mkdtemp: %s\n", strerror(errno));
        exit(1);
    }
    make_file("secret", 0600, 0, 0);
    make_file("public", 0644, 0, 0);
    make_file("group-readable", 0640, 0, GROUP_X);
    make_file("not-executable", 0644, 0, 0);
    mkdir(path("private"), 0700);
    make_file("private/inside", 0644, 0, 0);
    mkdir(path("sticky"), 0777);
    chmod(path("sticky"), 01777);
    make_file("sticky/roots", 0666, 0, 0);
    make_file("setuid-writable", 06777, 0, 0);
    copy_program(self, "setuid-program", 06755);
    msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    if (msqid < 0 || shmid < 0 || semid < 0) {
        printf("FAIL setup System V objects: %s\n", strerror(errno));
        exit(1);
    }
}

/* What an unprivileged process is refused, and what it may do. */
static void as_nobody(void)
{
    CHECK("drop_to_nobody", drop(NULL, 0) == 0);
    uid_t r, e, s;
    CHECK("getresuid_after_setuid_as_root_sets_all_three",
          getresuid(&r, &e, &s) == 0 && r == NOBODY && e == NOBODY && s == NOBODY);
    CHECK("getgroups_is_empty_after_setgroups_0", getgroups(0, NULL) == 0);
    CHECK("setuid_0_is_eperm", fails_with(setuid(0), EPERM));
    CHECK("seteuid_0_is_eperm", fails_with(seteuid(0), EPERM));
    CHECK("setgid_0_is_eperm", fails_with(setgid(0), EPERM));
    CHECK("setgroups_is_eperm", fails_with(setgroups(0, NULL), EPERM));
    CHECK("setresuid_to_own_ids_is_allowed", setresuid(-1, NOBODY, -1) == 0);

    /* Files and directories. */
    CHECK("open_0600_file_of_root_is_eacces", fails_with(open(path("secret"), O_RDONLY), EACCES));
    int fd = open(path("public"), O_RDONLY);
    CHECK("open_0644_file_for_reading_works", fd >= 0);
    close(fd);
    CHECK("open_0644_file_for_writing_is_eacces", fails_with(open(path("public"), O_WRONLY), EACCES));
    CHECK("o_trunc_needs_write_permission",
          fails_with(open(path("public"), O_RDONLY | O_TRUNC), EACCES));
    CHECK("group_readable_file_is_eacces_outside_the_group",
          fails_with(open(path("group-readable"), O_RDONLY), EACCES));
    struct stat st;
    CHECK("stat_through_0700_directory_is_eacces", fails_with(stat(path("private/inside"), &st), EACCES));
    CHECK("open_0700_directory_is_eacces",
          fails_with(open(path("private"), O_RDONLY | O_DIRECTORY), EACCES));
    CHECK("chdir_into_0700_directory_is_eacces", fails_with(chdir(path("private")), EACCES));
    CHECK("create_in_root_0755_directory_is_eacces",
          fails_with(open(path("mine"), O_CREAT | O_WRONLY, 0644), EACCES));
    CHECK("mkdir_in_root_0755_directory_is_eacces", fails_with(mkdir(path("newdir"), 0755), EACCES));
    CHECK("unlink_from_root_0755_directory_is_eacces", fails_with(unlink(path("public")), EACCES));
    CHECK("rename_in_root_0755_directory_is_eacces",
          fails_with(rename(path("public"), path("renamed")), EACCES));
    CHECK("truncate_0644_file_of_root_is_eacces", fails_with(truncate(path("public"), 0), EACCES));
    CHECK("chmod_file_of_root_is_eperm", fails_with(chmod(path("public"), 0666), EPERM));
    CHECK("chown_file_of_root_is_eperm", fails_with(chown(path("public"), NOBODY, NOBODY), EPERM));
    CHECK("utimensat_now_without_write_permission_is_eacces",
          fails_with(utimensat(AT_FDCWD, path("public"), NULL, 0), EACCES));
    struct timespec t[2] = { { 1, 0 }, { 1, 0 } };
    CHECK("utimensat_explicit_time_by_non_owner_is_eperm",
          fails_with(utimensat(AT_FDCWD, path("public"), t, 0), EPERM));
    CHECK("access_r_ok_of_0644_file_works", access(path("public"), R_OK) == 0);
    CHECK("access_w_ok_of_0644_file_is_eacces", fails_with(access(path("public"), W_OK), EACCES));
    CHECK("access_r_ok_of_0600_file_is_eacces", fails_with(access(path("secret"), R_OK), EACCES));
    char *argv[] = { "x", NULL };
    CHECK("mknod_of_a_character_device_is_eperm",
          fails_with(mknod(path("sticky/null"), S_IFCHR | 0666, makedev(1, 3)), EPERM));
    CHECK("exec_without_execute_bit_is_eacces",
          fails_with(execve(path("not-executable"), argv, argv + 1), EACCES));

    /* A sticky world-writable directory: create yes, others' files no. */
    umask(077);
    fd = open(path("sticky/nobodys"), O_CREAT | O_WRONLY, 0666);
    CHECK("create_in_sticky_1777_directory_works", fd >= 0);
    CHECK("new_file_belongs_to_its_creator_with_umask_applied",
          fstat(fd, &st) == 0 && st.st_uid == NOBODY && st.st_gid == NOBODY && (st.st_mode & 0777) == 0600);
    CHECK("owner_may_chmod_own_file", fchmod(fd, 0640) == 0);
    CHECK("owner_may_not_give_own_file_away", fails_with(fchown(fd, 0, -1), EPERM));
    CHECK("owner_may_not_give_own_file_to_a_foreign_group", fails_with(fchown(fd, -1, 0), EPERM));
    CHECK("owner_may_chown_to_own_ids", fchown(fd, NOBODY, NOBODY) == 0);
    close(fd);
    CHECK("unlink_other_users_file_in_sticky_directory_is_eperm",
          fails_with(unlink(path("sticky/roots")), EPERM));
    CHECK("rename_other_users_file_in_sticky_directory_is_eperm",
          fails_with(rename(path("sticky/roots"), path("sticky/taken")), EPERM));
    CHECK("writing_a_0666_file_of_root_works", (fd = open(path("sticky/roots"), O_WRONLY)) >= 0);
    close(fd);
    CHECK("unlink_own_file_in_sticky_directory_works", unlink(path("sticky/nobodys")) == 0);
    fd = open(path("setuid-writable"), O_WRONLY);
    CHECK("write_by_non_root_drops_setuid_and_setgid_bits",
          fd >= 0 && write(fd, "x", 1) == 1 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0777);
    close(fd);

    /* System V IPC: mode 0600 objects of root. */
    struct msqid_ds mds;
    long m[2] = { 1, 0 };
    CHECK("msgsnd_to_0600_queue_of_root_is_eacces", fails_with(msgsnd(msqid, m, sizeof m[1], IPC_NOWAIT), EACCES));
    CHECK("msgctl_ipc_stat_of_0600_queue_is_eacces", fails_with(msgctl(msqid, IPC_STAT, &mds), EACCES));
    CHECK("msgctl_ipc_rmid_of_root_queue_is_eperm", fails_with(msgctl(msqid, IPC_RMID, NULL), EPERM));
    CHECK("shmat_of_0600_segment_of_root_is_eacces", shmat(shmid, NULL, SHM_RDONLY) == (void *)-1 && errno == EACCES);
    CHECK("shmctl_ipc_rmid_of_root_segment_is_eperm", fails_with(shmctl(shmid, IPC_RMID, NULL), EPERM));
    struct sembuf op = { 0, 1, IPC_NOWAIT };
    CHECK("semop_on_0600_set_of_root_is_eacces", fails_with(semop(semid, &op, 1), EACCES));
    int mine = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    CHECK("own_queue_is_usable", mine >= 0 && msgsnd(mine, m, sizeof m[1], IPC_NOWAIT) == 0 &&
                                     msgctl(mine, IPC_STAT, &mds) == 0 && mds.msg_perm.uid == NOBODY &&
                                     mds.msg_perm.cuid == NOBODY && mds.msg_perm.gid == NOBODY);
    CHECK("own_queue_can_be_removed", msgctl(mine, IPC_RMID, NULL) == 0);

    /* POSIX message queue and shared memory of root, mode 0600. */
    CHECK("mq_open_of_0600_queue_of_root_is_eacces", mq_open(MQ_NAME, O_RDONLY) == (mqd_t)-1 && errno == EACCES);
    CHECK("mq_unlink_of_root_queue_is_eacces", fails_with(mq_unlink(MQ_NAME), EACCES));
    CHECK("shm_open_of_0600_object_of_root_is_eacces", fails_with(shm_open(SHM_NAME, O_RDONLY, 0), EACCES));

    /* Unix sockets: connecting writes to the socket file. */
    CHECK("connect_to_0755_socket_of_root_is_eacces", fails_with(connect_to("sock-closed"), EACCES));
    CHECK("connect_to_0777_socket_works", connect_to("sock-open") == 0);

    /* Signals: only to processes of the same user. */
    CHECK("kill_root_process_is_eperm", fails_with(kill(getppid(), 0), EPERM));
    CHECK("kill_own_process_works", kill(getpid(), 0) == 0);

    /* Scheduling: only one's own processes, and only to a lower priority.
       Lower and higher are relative to the nice value this process inherits
       (the suite may run under nice -n 10, where 5 would be higher). */
    int base = getpriority(PRIO_PROCESS, 0);
    int lower = base + 5 > 19 ? 19 : base + 5;
    CHECK("setpriority_of_root_process_is_eperm", fails_with(setpriority(PRIO_PROCESS, getppid(), lower), EPERM));
    CHECK("setpriority_own_process_lower_works", setpriority(PRIO_PROCESS, 0, lower) == 0);
    CHECK("setpriority_own_process_higher_is_eacces", fails_with(setpriority(PRIO_PROCESS, 0, lower - 1), EACCES));
}

/* Supplementary groups give the group's permissions. */
static void in_group_x(void)
{
    gid_t g = GROUP_X;
    CHECK("drop_with_a_supplementary_group", drop(&g, 1) == 0);
    gid_t list[4];
    CHECK("getgroups_lists_it", getgroups(4, list) == 1 && list[0] == GROUP_X);
    CHECK("getgroups_with_too_small_array_is_einval", getgroups(0, list) == 1 && fails_with(getgroups(-1, list), EINVAL));
    int fd = open(path("group-readable"), O_RDONLY);
    CHECK("group_member_reads_0640_file", fd >= 0);
    close(fd);
    CHECK("group_member_may_not_write_0640_file", fails_with(open(path("group-readable"), O_WRONLY), EACCES));
}

/* A root process moving between ids it keeps (saved set-user-ID). */
static void saved_ids(void)
{
    CHECK("setresuid_keeping_root_saved", setresuid(NOBODY, NOBODY, 0) == 0);
    CHECK("effective_nobody_is_refused", fails_with(open(path("secret"), O_RDONLY), EACCES));
    CHECK("seteuid_back_to_saved_root_works", seteuid(0) == 0 && geteuid() == 0);
    int fd = open(path("secret"), O_RDONLY);
    CHECK("effective_root_reads_again", fd >= 0);
    close(fd);
    CHECK("setuid_as_effective_root_sets_all_three", setuid(NOBODY) == 0);
    CHECK("then_root_is_gone_for_good", fails_with(seteuid(0), EPERM));
}

/* access(2) uses the real ids; open the effective ones. */
static void real_vs_effective(void)
{
    CHECK("setreuid_effective_only", setreuid(-1, NOBODY) == 0);
    uid_t r, e, s;
    CHECK("setreuid_moves_the_saved_id_with_a_new_effective_one",
          getresuid(&r, &e, &s) == 0 && r == 0 && e == NOBODY && s == NOBODY);
    CHECK("open_uses_effective_id", fails_with(open(path("secret"), O_RDONLY), EACCES));
    CHECK("access_uses_real_id", access(path("secret"), R_OK) == 0);
    CHECK("faccessat_eaccess_uses_effective_id",
          fails_with(faccessat(AT_FDCWD, path("secret"), R_OK, AT_EACCESS), EACCES));
    CHECK("setreuid_back_to_the_real_id", setreuid(-1, 0) == 0 && geteuid() == 0);
    CHECK("setfsuid_returns_the_old_one", setfsuid(NOBODY) == 0);
    CHECK("fsuid_decides_file_access", fails_with(open(path("secret"), O_RDONLY), EACCES));
    CHECK("setfsuid_back", setfsuid(0) == NOBODY);
    int fd = open(path("secret"), O_RDONLY);
    CHECK("fsuid_root_reads_again", fd >= 0);
    close(fd);
}

/* Runs fn in a child; its failures count here. */
static void in_child(void (*fn)(void))
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        exit(failures);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        printf("FAIL child: status %#x\n", status);
        failures++;
    } else {
        failures += WEXITSTATUS(status);
    }
}

/* A set-user-ID and set-group-ID root program run by nobody. */
static void setuid_exec(void)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (drop(NULL, 0))
            _exit(100);
        char *argv[] = { "setuid-program", "--report-ids", NULL };
        execve(path("setuid-program"), argv, argv + 2);
        _exit(101);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK("setuid_program_runs_with_owner_as_effective_and_saved_uid",
          WIFEXITED(status) && WEXITSTATUS(status) != 1 && WEXITSTATUS(status) < 100);
    CHECK("setuid_program_steps_down_and_back_through_the_saved_uid",
          WIFEXITED(status) && WEXITSTATUS(status) != 2 && WEXITSTATUS(status) < 100);
    CHECK("setuid_program_drops_root_for_good_with_setuid",
          WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The setuid program's side: real nobody, effective and saved root. */
static int report_ids(void)
{
    uid_t r, e, s;
    gid_t rg, eg, sg;
    getresuid(&r, &e, &s);
    getresgid(&rg, &eg, &sg);
    if (r != NOBODY || e != 0 || s != 0 || rg != NOBODY || eg != 0 || sg != 0)
        return 1;
    /* What set-user-ID programs do: step down to the real user and back up
       through the saved id, then drop root for good. */
    if (seteuid(NOBODY) || geteuid() != NOBODY || seteuid(0) || geteuid() != 0)
        return 2;
    if (setuid(NOBODY) || getresuid(&r, &e, &s) || r != NOBODY || e != NOBODY || s != NOBODY)
        return 3;
    return seteuid(0) == -1 && errno == EPERM ? 0 : 4;
}

static void cleanup(void)
{
    const char *files[] = { "secret", "public", "group-readable", "not-executable", "private/inside",
                            "sticky/roots", "setuid-program", "setuid-writable", "sock-closed", "sock-open", NULL };
    for (int i = 0; files[i]; i++)
        unlink(path(files[i]));
    rmdir(path("private"));
    rmdir(path("sticky"));
    rmdir(dir);
    msgctl(msqid, IPC_RMID, NULL);
    shmctl(shmid, IPC_RMID, NULL);
    semctl(semid, 0, IPC_RMID);
    mq_unlink(MQ_NAME);
    shm_unlink(SHM_NAME);
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--report-ids"))
        return report_ids();
    if (argc != 2 || getuid() != 0) {
        fprintf(stderr, "usage (as root): users PATH-OF-THIS-PROGRAM\n");
        return 2;
    }
    setup(argv[1]);
    mqd_t q = mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, NULL);
    int shm = shm_open(SHM_NAME, O_CREAT | O_RDWR, 0600);
    int closed = bound_socket("sock-closed", 0755), open_sock = bound_socket("sock-open", 0777);
    CHECK("setup_posix_objects", q != (mqd_t)-1 && shm >= 0);

    in_child(as_nobody);
    in_child(in_group_x);
    in_child(saved_ids);
    in_child(real_vs_effective);
    setuid_exec();

    close(closed);
    close(open_sock);
    close(shm);
    mq_close(q);
    cleanup();
    return failures;
}
