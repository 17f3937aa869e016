/*
 * kernel/proc/sys_misc.c: identity, time, TLS, randomness and power:
 * getpid getppid gettid getuid.. setpgid getpgid getpgrp setsid uname
 * arch_prctl set_tid_address sched_yield nanosleep clock_gettime
 * clock_getres gettimeofday getrandom reboot.  Struct layouts and constants are Linux's.
 */
#include "kernel/arch/io.h"
#include "kernel/arch/power.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/rtc.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/layout.h"
#include "kernel/proc/arch_glue.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/random.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/sys_misc.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define ARCH_SET_GS      0x1001     /* arch_prctl(2) */
#define ARCH_SET_FS      0x1002
#define ARCH_GET_FS      0x1003
#define ARCH_GET_GS      0x1004
#define MSR_FS_BASE      0xc0000100

#define CLOCK_REALTIME   0          /* clock_gettime(2) */
#define CLOCK_MONOTONIC  1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME   7

#define GRND_NONBLOCK    0x1        /* getrandom(2) */
#define GRND_RANDOM      0x2
#define GRND_INSECURE    0x4
#define GETRANDOM_MAX    (32 * 1024 * 1024)

#define LINUX_REBOOT_MAGIC1 0xfee1dead   /* reboot(2) */
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT    0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

#define NSEC_PER_SEC     1000000000ull

/* The wall clock: the CMOS clock's date at boot (sys_misc_init) plus the
   monotonic clock, the same clock file times are stamped with. */
uint64_t boot_epoch_seconds;

struct timespec_linux {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct utsname_linux {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

static long sys_getpid(SYSCALL_ARGS) { return current->pid; }
static long sys_gettid(SYSCALL_ARGS) { return current->pid; }
static long sys_getppid(SYSCALL_ARGS) { return current->parent ? current->parent->pid : 0; }
/* One user: root. */
static long sys_getuid(SYSCALL_ARGS) { return 0; }
static long sys_getpgrp(SYSCALL_ARGS) { return current->pgid; }

static long sys_getpgid(SYSCALL_ARGS)
{
    if (a0 == 0)
        return current->pgid;
    struct proc *p = proc_find((int)a0);
    return p && !p->is_kthread ? p->pgid : -ESRCH;
}

static long sys_setpgid(SYSCALL_ARGS)
{
    int pid = (int)a0, pgid = (int)a1;
    if (pgid < 0)
        return -EINVAL;
    struct proc *p = pid == 0 ? current : proc_find(pid);
    if (!p || p->is_kthread || (p != current && p->parent != current))
        return -ESRCH;
    p->pgid = pgid == 0 ? p->pid : pgid;
    return 0;
}

static long sys_setsid(SYSCALL_ARGS)
{
    current->pgid = current->pid;
    return current->pid;
}

static long sys_uname(SYSCALL_ARGS)
{
    struct utsname_linux u;
    memset(&u, 0, sizeof u);
    strlcpy(u.sysname, "pagelab", sizeof u.sysname);
    strlcpy(u.nodename, "pagelab", sizeof u.nodename);
    strlcpy(u.release, "0.1", sizeof u.release);
    strlcpy(u.version, "pagelab teaching kernel", sizeof u.version);
    strlcpy(u.machine, "x86_64", sizeof u.machine);
    strlcpy(u.domainname, "(none)", sizeof u.domainname);
    return copy_to_user((void *)a0, &u, sizeof u, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_arch_prctl(SYSCALL_ARGS)
{
    switch (a0) {
    case ARCH_SET_FS:
        if (a1 >= USER_TOP)
            return -EPERM;
        current->fs_base = a1;
        wrmsr(MSR_FS_BASE, a1);
        return 0;
    case ARCH_GET_FS:
        return copy_to_user((void *)a1, &current->fs_base, 8, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        return -ENOSYS;   /* GS is not switched per process */
    default:
        return -EINVAL;
    }
}

static long sys_set_tid_address(SYSCALL_ARGS)
{
    current->clear_child_tid = a0;
    return current->pid;
}

static long sys_sched_yield(SYSCALL_ARGS)
{
    sched_yield();
    return 0;
}

static long sys_nanosleep(SYSCALL_ARGS)
{
    struct timespec_linux req;
    if (copy_from_user(&req, (void *)a0, sizeof req, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    uint64_t start = clock_monotonic_ns();
    uint64_t deadline = start + (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
    if (sched_sleep_until(deadline) == 0)
        return 0;
    if (a1) {
        uint64_t now = clock_monotonic_ns(), left = deadline > now ? deadline - now : 0;
        struct timespec_linux rem = { (int64_t)(left / NSEC_PER_SEC), (int64_t)(left % NSEC_PER_SEC) };
        if (copy_to_user((void *)a1, &rem, sizeof rem, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    return -EINTR;
}

static long sys_clock_gettime(SYSCALL_ARGS)
{
    uint64_t ns;
    switch (a0) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        ns = boot_epoch_seconds * NSEC_PER_SEC + clock_monotonic_ns();
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        ns = clock_monotonic_ns();
        break;
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:     /* one thread per process */
        ns = proc_cpu_ns(current);
        break;
    default:
        return -EINVAL;
    }
    struct timespec_linux ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
    return copy_to_user((void *)a1, &ts, sizeof ts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Every clock counts TSC cycles (arch/clock.c), so each one advances in
   steps of one cycle: 1 ns at 1 GHz and faster, more on a slower TSC. */
static long sys_clock_getres(SYSCALL_ARGS)
{
    switch (a0) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        break;
    default:
        return -EINVAL;
    }
    if (!a1)
        return 0;
    uint64_t hz = tsc_hz();
    uint64_t ns = hz ? (NSEC_PER_SEC + hz - 1) / hz : 1;
    struct timespec_linux ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
    return copy_to_user((void *)a1, &ts, sizeof ts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_gettimeofday(SYSCALL_ARGS)
{
    if (a0) {
        uint64_t ns = boot_epoch_seconds * NSEC_PER_SEC + clock_monotonic_ns();
        int64_t tv[2] = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };
        if (copy_to_user((void *)a0, tv, sizeof tv, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    if (a1) {
        int32_t tz[2] = { 0, 0 };
        if (copy_to_user((void *)a1, tz, sizeof tz, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    return 0;
}

static long sys_getrandom(SYSCALL_ARGS)
{
    uint64_t len = a1 > GETRANDOM_MAX ? GETRANDOM_MAX : a1;
    if (a2 & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    uint8_t chunk[256];
    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
        random_bytes(chunk, n);
        if (copy_to_user((void *)(a0 + done), chunk, n, MECH_SYSCALL_ARGS))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)len;
}

void (*reboot_sync_hook)(void);

static long sys_reboot(SYSCALL_ARGS)
{
    uint32_t magic2 = (uint32_t)a1;
    if ((uint32_t)a0 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
         magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
        return -EINVAL;
    switch ((uint32_t)a2) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
    case LINUX_REBOOT_CMD_RESTART:   /* QEMU runs with -no-reboot: powering off is the same */
        if (reboot_sync_hook)
            reboot_sync_hook();
        printk("pagelab: power off (reboot syscall from pid %d)\n", current->pid);
        power_off();
    default:
        return -EINVAL;
    }
}

void sys_misc_init(void)
{
    int64_t boot = rtc_read_epoch() - (int64_t)(clock_monotonic_ns() / NSEC_PER_SEC);
    boot_epoch_seconds = boot > 0 ? (uint64_t)boot : 0;
    syscall_register(NR_getpid, sys_getpid);
    syscall_register(NR_gettid, sys_gettid);
    syscall_register(NR_getppid, sys_getppid);
    syscall_register(NR_getuid, sys_getuid);
    syscall_register(NR_geteuid, sys_getuid);
    syscall_register(NR_getgid, sys_getuid);
    syscall_register(NR_getegid, sys_getuid);
    syscall_register(NR_getpgrp, sys_getpgrp);
    syscall_register(NR_getpgid, sys_getpgid);
    syscall_register(NR_setpgid, sys_setpgid);
    syscall_register(NR_setsid, sys_setsid);
    syscall_register(NR_uname, sys_uname);
    syscall_register(NR_arch_prctl, sys_arch_prctl);
    syscall_register(NR_set_tid_address, sys_set_tid_address);
    syscall_register(NR_sched_yield, sys_sched_yield);
    syscall_register(NR_nanosleep, sys_nanosleep);
    syscall_register(NR_clock_gettime, sys_clock_gettime);
    syscall_register(NR_clock_getres, sys_clock_getres);
    syscall_register(NR_gettimeofday, sys_gettimeofday);
    syscall_register(NR_getrandom, sys_getrandom);
    syscall_register(NR_reboot, sys_reboot);
}
