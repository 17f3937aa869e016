/*
 * init: the first process.  The kernel has mounted the file systems.
 *
 * It first turns on the swap areas /etc/fstab lists (swapon -a: the swap
 * disk of make run and run-in-vm --swap, when there is one), then starts
 * /bin/servicemanager, the owner of handle 0 of /dev/binder (the registry
 * binder services are found in), as Android's init does.
 *
 * If the kernel command line (/proc/cmdline) holds the word "pagelab.run",
 * init runs the command stored in /etc/run-in-vm (argv as NUL-separated
 * strings) on the console, writes "pagelab-exit-status N" to /dev/ttyS1
 * (tools/run-in-vm's control channel; N is the exit status or 128+signal),
 * syncs and powers off.  Otherwise it shows /etc/motd, keeps a shell
 * running on the console (saying so when it starts a new one) and reaps
 * every orphan that is handed to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>

#define CONSOLE "/dev/console"
#define CONTROL "/dev/ttyS1"
#define RUN_FILE "/etc/run-in-vm"
#define RUN_MAX_ARGS 256
#define RUN_FILE_MAX 65536

static int cmdline_has_word(const char *word)
{
    char buf[4096];
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = 0;
    char *save;
    for (char *w = strtok_r(buf, " \t\n", &save); w; w = strtok_r(0, " \t\n", &save))
        if (!strcmp(w, word))
            return 1;
    return 0;
}

/* stdin, stdout and stderr on the console, which becomes our controlling terminal. */
static void open_console(void)
{
    int fd = open(CONSOLE, O_RDWR);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
}

static pid_t spawn(char *const argv[], int new_session)
{
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);   /* ignored dispositions would survive exec */
        if (new_session) {
            setsid();
            open_console();
            ioctl(0, TIOCSCTTY, 0);   /* Linux does not make /dev/console a ctty on open */
        }
        execvp(argv[0], argv);
        fprintf(stderr, "init: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (pid < 0)
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
    return pid;
}

/* Waits for `pid`, reaping any orphan that exits meanwhile; returns its status word. */
static int wait_for(pid_t pid)
{
    for (;;) {
        int status;
        pid_t r = wait(&status);
        if (r == pid)
            return status;
        if (r < 0 && errno == ECHILD)
            return 127 << 8;
    }
}

static int load_command(char **argv)
{
    static char buf[RUN_FILE_MAX];
    int fd = open(RUN_FILE, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = 0, r;
    while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    int argc = 0;
    for (char *p = buf; p < buf + n && argc < RUN_MAX_ARGS; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = 0;
    return argc;
}

static void run_once(void)
{
    char *argv[RUN_MAX_ARGS + 1];
    int code;
    if (load_command(argv) <= 0) {
        fprintf(stderr, "init: %s: no command to run\n", RUN_FILE);
        code = 127;
    } else {
        pid_t pid = spawn(argv, 0);   /* a bare name is looked up in PATH (/bin) */
        int status = pid < 0 ? 127 << 8 : wait_for(pid);
        code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    }
    int ctl = open(CONTROL, O_WRONLY | O_NOCTTY);
    if (ctl >= 0) {
        dprintf(ctl, "pagelab-exit-status %d\n", code);
        close(ctl);
    } else {
        fprintf(stderr, "init: %s: %s\n", CONTROL, strerror(errno));
    }
    sync();
    reboot(RB_POWER_OFF);
    fprintf(stderr, "init: reboot: %s\n", strerror(errno));
    for (;;)
        sleep(1000);
}

/* The welcome text, as login shows it. */
static void show_motd(void)
{
    char buf[1024];
    int fd = open("/etc/motd", O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        write(1, buf, (size_t)n);
    close(fd);
}

/* A shell on the console, restarted whenever it exits; every other child
 * that ends (orphans re-parented to us) is just reaped. */
static void shell_forever(void)
{
    char *sh_argv[] = { "/bin/sh", 0 };
    show_motd();
    for (;;) {
        time_t started = time(0);
        pid_t shell = spawn(sh_argv, 1);
        int status = 0;
        while (shell >= 0) {
            pid_t r = wait(&status);
            if (r == shell || (r < 0 && errno == ECHILD))
                break;
        }
        if (WIFSIGNALED(status))
            printf("init: the shell was killed by signal %d; starting a new one\n", WTERMSIG(status));
        else
            printf("init: the shell exited (status %d); starting a new one (poweroff ends pagelab)\n",
                   WEXITSTATUS(status));
        fflush(stdout);
        if (time(0) - started < 1)
            sleep(1);   /* a shell that dies at once must not spin the CPU */
    }
}

/* Swap first, as a boot script's swapon -a: before anything may need it. */
static void swap_on(void)
{
    char *argv[] = { "/bin/swapon", "-a", 0 };
    pid_t pid = spawn(argv, 0);
    if (pid > 0)
        wait_for(pid);
}

/* The binder service manager runs for as long as the system does. */
static void start_servicemanager(void)
{
    char *argv[] = { "/bin/servicemanager", 0 };
    spawn(argv, 0);
}

int main(void)
{
    signal(SIGINT, SIG_IGN);   /* Ctrl-C on the console is for the foreground program */
    /* What every program may expect to find, unless the kernel passed it. */
    setenv("PATH", "/bin", 0);
    setenv("HOME", "/", 0);
    if (getpid() == 1 && fcntl(0, F_GETFD) < 0)
        open_console();
    swap_on();
    start_servicemanager();
    if (cmdline_has_word("pagelab.run"))
        run_once();
    shell_forever();
    return 0;
}
