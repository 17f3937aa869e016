/*
 * tools/linux-init/init.c: the whole user space of the Linux guest that
 * tools/run-on-linux boots, so that a pagelab benchmark binary can be timed
 * on Linux in the same QEMU machine.  Built with `musl-gcc -static`; it is
 * /init of an initramfs that also holds /prog (the program to run) and
 * /modules/ (the kernel modules for virtio-blk, ext2 and binder, loaded in
 * the order /modules/order lists, with the parameters it gives).
 *
 * It mounts /dev (and a tmpfs on /dev/shm, for POSIX shared memory), /proc,
 * /sys and debugfs; puts /tmp on the ext2 file system of /dev/vda when there
 * is a disk (a tmpfs otherwise); applies the settings
 * the kernel command line passes as environment variables; runs
 * /prog ARGS... (ARGS are init's own arguments: what follows "--" on the
 * kernel command line); prints its exit status between markers the host
 * tool looks for; and powers the machine off.
 *
 * Settings (kernel command line, NAME=VALUE, given to init as environment):
 *   pagelab_fault_around_bytes=N   write N to debugfs' fault_around_bytes
 *                                  (4096 turns Linux's fault-around off)
 *   pagelab_thp=never|madvise|always  /sys/kernel/mm/transparent_hugepage/enabled
 *   pagelab_swap=/dev/vdb          swapon(2) that device (run-on-linux --swap)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARK_START "=== run-on-linux: program start ==="
#define MARK_EXIT  "=== run-on-linux: program exit"

static void say(const char *fmt, const char *a, const char *b)
{
    printf("run-on-linux init: ");
    printf(fmt, a, b);
    printf("\n");
    fflush(stdout);
}

static void mount_or_say(const char *src, const char *dst, const char *type)
{
    mkdir(dst, 0755);
    if (mount(src, dst, type, 0, NULL) != 0)
        say("mount %s: %s", dst, strerror(errno));
}

/* /modules/order: one module a line, "FILE [PARAMETERS...]", each loaded
   after the ones it depends on; the rest of the line is its parameters
   (binder_linux.ko devices=binder,hwbinder,vndbinder). */
static void load_modules(void)
{
    FILE *order = fopen("/modules/order", "r");
    if (!order)
        return;
    char line[512], path[300];
    while (fgets(line, sizeof line, order)) {
        line[strcspn(line, "\n")] = 0;
        char *params = strchr(line, ' ');
        if (params)
            *params++ = 0;
        if (!line[0])
            continue;
        snprintf(path, sizeof path, "/modules/%s", line);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            say("%s: %s", path, strerror(errno));
            continue;
        }
        if (syscall(SYS_finit_module, fd, params ? params : "", 0) != 0 && errno != EEXIST)
            say("loading %s: %s", line, strerror(errno));
        close(fd);
    }
    fclose(order);
}

static void write_setting(const char *file, const char *value)
{
    int fd = open(file, O_WRONLY);
    if (fd < 0 || write(fd, value, strlen(value)) < 0)
        say("cannot set %s: %s", file, strerror(errno));
    else
        say("%s = %s", file, value);
    if (fd >= 0)
        close(fd);
}

/* virtio-blk probes asynchronously: wait up to 5 s for a disk. */
static int wait_for(const char *dev)
{
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 100; i++) {
        if (access(dev, F_OK) == 0)
            return 1;
        nanosleep(&pause, NULL);
    }
    return 0;
}

static void setup_tmp(void)
{
    mkdir("/tmp", 01777);
    if (wait_for("/dev/vda")) {
        if (mount("/dev/vda", "/tmp", "ext2", 0, NULL) == 0) {
            say("/tmp is the ext2 file system on /dev/vda%s", "", "");
            return;
        }
        say("mount /dev/vda as ext2 on /tmp: %s; using tmpfs", strerror(errno), "");
    }
    mount_or_say("tmpfs", "/tmp", "tmpfs");
    say("/tmp is a tmpfs (no disk)%s", "", "");
}

int main(int argc, char **argv)
{
    mount_or_say("devtmpfs", "/dev", "devtmpfs");
    mount_or_say("tmpfs", "/dev/shm", "tmpfs"); /* POSIX shm and named semaphores live here */
    mount_or_say("proc", "/proc", "proc");
    mount_or_say("sysfs", "/sys", "sysfs");
    mount_or_say("debugfs", "/sys/kernel/debug", "debugfs");
    load_modules();
    setup_tmp();

    const char *v = getenv("pagelab_fault_around_bytes");
    if (v)
        write_setting("/sys/kernel/debug/fault_around_bytes", v);
    v = getenv("pagelab_thp");
    if (v)
        write_setting("/sys/kernel/mm/transparent_hugepage/enabled", v);
    v = getenv("pagelab_swap");
    if (v) {
        if (!wait_for(v) || swapon(v, 0) != 0)
            say("swapon %s: %s", v, strerror(errno));
        else
            say("swap on %s%s", v, "");
    }

    printf("%s\n", MARK_START);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        argv[0] = "/prog";
        execv("/prog", argv);
        perror("exec /prog");
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    printf("%s %d ===\n", MARK_EXIT, code);
    fflush(stdout);
    sync();
    umount("/tmp");
    reboot(RB_POWER_OFF);
    (void)argc;
    return 0;
}
