/*
 * kernel/syscall/sys_misc.c: identity, time, TLS, randomness and power:
 * getpid getppid gettid setpgid getpgid getpgrp setsid getsid
 * arch_prctl set_tid_address sched_yield clock_gettime
 * clock_getres gettimeofday getrandom reboot.  Struct layouts and constants are Linux's.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/random.h"
#include "kernel/fs/vfs.h"
#include "kernel/hw/layout.h"
#include "kernel/hw/msr.h"
#include "kernel/hw/power.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"
#include "kernel/proc/cpuclock.h"
#include "kernel/proc/pgrp.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "libc/include/pagelab/clock_values.h"

#define ARCH_SET_GS 0x1001 /* arch_prctl(2) */
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

#define GRND_NONBLOCK 0x1 /* getrandom(2) */
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4
#define GETRANDOM_MAX (32 * 1024 * 1024)

#define LINUX_REBOOT_MAGIC1        0xfee1dead /* reboot(2) */
#define LINUX_REBOOT_MAGIC2        672274793
#define LINUX_REBOOT_MAGIC2A       85072278
#define LINUX_REBOOT_MAGIC2B       369367448
#define LINUX_REBOOT_MAGIC2C       537993216
#define LINUX_REBOOT_CMD_RESTART   0x01234567
#define LINUX_REBOOT_CMD_HALT      0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

struct timespec_linux {
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* The process's id; the thread's own; the parent process's. */
long sys_getpid(void) { return current->tgid; }
long sys_gettid(void) { return current->pid; }
long sys_getppid(void)
{
    struct proc *parent = proc_parent(current);
    return parent ? parent->tgid : 0;
}

long sys_getpgrp(void) { return current->pgid; }

long sys_getpgid(int pid)
{
    if (pid == 0)
        return current->pgid;
    struct proc *p = proc_find_process(pid);
    return p ? p->pgid : -ESRCH;
}

long sys_setpgid(int pid, int pgid) { return pgrp_setpgid(pid, pgid); }

long sys_setsid(void) { return pgrp_setsid(); }

long sys_getsid(int pid) { return pgrp_getsid(pid); }

long sys_arch_prctl(int code, uint64_t addr)
{
    switch (code) {
    case ARCH_SET_FS:
        if (addr >= USER_TOP)
            return -EPERM;
        current->fs_base = addr;
        wrmsr(MSR_FS_BASE, addr);
        return 0;
    case ARCH_GET_FS:
        return copy_to_user((void *)addr, &current->fs_base, 8, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    case ARCH_SET_GS:
    case ARCH_GET_GS:
        return -ENOSYS; /* GS is not switched per process */
    default:
        return -EINVAL;
    }
}

long sys_set_tid_address(uint64_t tidptr)
{
    current->clear_child_tid = tidptr;
    return current->pid; /* the caller's thread id */
}

long sys_sched_yield(void)
{
    sched_yield();
    return 0;
}

long sys_clock_gettime(int clockid, uint64_t tp)
{
    uint64_t ns;
    switch (clockid) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        ns = clock_realtime_ns();
        break;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        ns = clock_monotonic_ns();
        break;
    default: { /* the CPU-time clocks (kernel/proc/cpuclock.c) */
        int r = cpuclock_read(clockid, &ns);
        if (r)
            return r;
        break;
    }
    }
    struct timespec_linux ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
    return copy_to_user((void *)tp, &ts, sizeof ts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Every clock counts TSC cycles (kernel/lib/time.c), so each one advances in
   steps of one cycle: 1 ns at 1 GHz and faster, more on a slower TSC. */
long sys_clock_getres(int clockid, uint64_t res)
{
    switch (clockid) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        break;
    default: {
        uint64_t ns;
        int r = cpuclock_read(clockid, &ns);
        if (r)
            return r;
        break;
    }
    }
    if (!res)
        return 0;
    uint64_t hz = tsc_hz();
    uint64_t ns = hz ? (NSEC_PER_SEC + hz - 1) / hz : 1;
    struct timespec_linux ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
    return copy_to_user((void *)res, &ts, sizeof ts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_gettimeofday(uint64_t utv, uint64_t utz)
{
    if (utv) {
        uint64_t ns = clock_realtime_ns();
        int64_t tv[2] = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };
        if (copy_to_user((void *)utv, tv, sizeof tv, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    if (utz) {
        int32_t tz[2] = { 0, 0 };
        if (copy_to_user((void *)utz, tz, sizeof tz, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    return 0;
}

long sys_getrandom(uint64_t buf, uint64_t buflen, int flags)
{
    uint64_t len = buflen > GETRANDOM_MAX ? GETRANDOM_MAX : buflen;
    if (flags & ~(uint64_t)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    uint8_t chunk[256];
    for (uint64_t done = 0; done < len;) {
        uint64_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
        random_bytes(chunk, n);
        if (copy_to_user((void *)(buf + done), chunk, n, MECH_SYSCALL_ARGS))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)len;
}

long sys_reboot(uint64_t magic1, uint64_t magic2_arg, uint64_t cmd, uint64_t arg)
{
    uint32_t magic2 = (uint32_t)magic2_arg;
    if ((uint32_t)magic1 != LINUX_REBOOT_MAGIC1 ||
        (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
         magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
        return -EINVAL;
    switch ((uint32_t)cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
    case LINUX_REBOOT_CMD_RESTART: /* QEMU runs with -no-reboot: powering off is the same */
        vfs_sync();                /* what sync(2) does */
        pr_emerg("pagelab: power off (reboot syscall from pid %d)\n", current->tgid);
        power_off();
    default:
        return -EINVAL;
    }
}
