/*
 * kernel/proc/procfs_pid.c: the files of /proc/PID, in Linux's formats
 * (proc(5)), and the list of processes /proc shows (kernel/fs/procfs.h):
 *
 *   /proc/PID/stat    "pid (comm) state ppid pgrp session ..." (52 fields)
 *   /proc/PID/status  "Name:\tcomm", "Tgid:", "Pid:", "Threads:", ... one per line
 *   /proc/PID/comm    the program name
 *   /proc/PID/wchan   the function it sleeps in, or 0 (no newline)
 *   /proc/PID/syscall the call it is blocked in: number, six arguments, sp, pc
 *   /proc/PID/stack   its kernel stack, "[<0>] name+0xoff/0xsize" a frame (root)
 *   /proc/PID/maps    its regions: start-end perms offset major:minor inode path
 *   /proc/PID/copies  its copy ledger (kernel/copy/ledger_format.h)
 *
 * In /proc/PID they describe the process (CPU times summed over its
 * threads, the leader's state); in /proc/PID/task/TID the one thread (its
 * own times, state and pending signals).  Only processes are listed in
 * /proc, as on Linux; their threads are in task/.
 */
#include "kernel/copy/ledger_format.h"
#include "kernel/drivers/clock.h"
#include "kernel/fs/procfs.h"
#include "kernel/lib/backtrace.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/procfs_pid.h"

#define NS_PER_CLOCK_TICK 10000000ull /* USER_HZ 100: times in stat are in 1/100 s */
#define TIMER_NS_PER_TICK (1000000000ull / TIMER_HZ)

/* The task a /proc/PID or /proc/PID/task/TID entry stands for; NULL once
   it is gone. */
static struct proc *proc_of(void *arg) { return proc_find((int)(uintptr_t)arg); }
static bool thread_view(void *arg) { return ((uint64_t)(uintptr_t)arg & PROCFILE_TASK_VIEW) != 0; }

/* CPU ticks: the thread's own, or the whole process's. */
static void cpu_ticks(const struct proc *p, bool one_thread, uint64_t *user, uint64_t *sys)
{
    *user = p->user_ticks;
    *sys = p->system_ticks;
    if (one_thread)
        return;
    *user = p->group->dead_user_ticks;
    *sys = p->group->dead_system_ticks;
    struct list_head *l;
    list_for_each(l, &p->group->threads)
    {
        const struct proc *t = list_entry(l, struct proc, group_link);
        *user += t->user_ticks;
        *sys += t->system_ticks;
    }
}

static char state_letter(const struct proc *p) { return procfs_state_name(p)[0]; }

static uint64_t vsize_bytes(const struct vm_space *vm)
{
    uint64_t total = 0;
    for (int i = 0; vm && i < vm->count; i++)
        total += vm->vmas[i].end - vm->vmas[i].start;
    return total;
}

static long show_stat(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    uint64_t start_ticks = p->start_ns / NS_PER_CLOCK_TICK;
    /* Fields 1-24 as proc(5) numbers them; utime/stime in USER_HZ ticks;
       fields 10-13: minflt cminflt majflt cmajflt. */
    const struct proc *leader = p->group->leader;
    const struct vm_space *vm = leader->vm ? leader->vm : p->vm;
    uint64_t minflt = leader->past_minor_faults + (vm ? vm->minor_faults : 0);
    uint64_t majflt = leader->past_major_faults + (vm ? vm->major_faults : 0);
    uint64_t uticks, sticks;
    cpu_ticks(p, thread_view(arg), &uticks, &sticks);
    const struct proc *parent = proc_parent(p);
    /* Field 20 is the number of threads. */
    int n = snprintf(
        buf, size, "%d (%s) %c %d %d %d 0 -1 %u %lu %lu %lu %lu %lu %lu 0 0 20 0 %d 0 %lu %lu %lu",
        p->pid, p->comm, state_letter(p), parent ? parent->tgid : 0, p->pgid, p->sid,
        p->is_kthread ? 0x00200000u : 0u, minflt, leader->child_minor_faults, majflt,
        leader->child_major_faults, (unsigned long)(uticks * TIMER_NS_PER_TICK / NS_PER_CLOCK_TICK),
        (unsigned long)(sticks * TIMER_NS_PER_TICK / NS_PER_CLOCK_TICK), p->group->live,
        start_ticks, vsize_bytes(vm), vm ? vm->resident_pages : 0);
    /* Fields 25-52: limits, addresses, signals, ... reported as 0. */
    for (int field = 25; field <= 52 && (size_t)n < size; field++)
        n += snprintf(buf + n, size - (size_t)n, " 0");
    if ((size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "\n");
    return n;
}

static long show_comm(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    return p ? snprintf(buf, size, "%s\n", p->comm) : -ESRCH;
}

#define STACK_FRAMES 32 /* as many as a panic's backtrace shows */

/* The return addresses on switched-out task p's kernel stack, innermost
   first (where context_switch returns, then the frame-pointer chain);
   none for the running task or a zombie.  How many. */
static int stack_frames(const struct proc *p, uint64_t *ret, int n)
{
    uint64_t lo = (uint64_t)p->kstack, hi = lo + KSTACK_SIZE, rbp;
    if (p == current || p->state == PROC_ZOMBIE || !p->kstack || p->saved_rsp < lo ||
        p->saved_rsp + 8 * 8 > hi || n < 1)
        return 0;
    sched_switched_out_frame(p, &ret[0], &rbp);
    return 1 + backtrace_collect(rbp, lo, hi, ret + 1, n - 1);
}

/* The scheduler and the functions every wait passes through on its way to
   it: not where a task waits, so wchan names their caller. */
static bool is_sleep_machinery(const char *name)
{
    return !strcmp(name, "schedule") || !strcmp(name, "sched_block") ||
           !strcmp(name, "waitqueue_sleep_irqoff") || !strcmp(name, "sched_sleep_until");
}

/* The function a sleeping task waits in ("pipe_read", "do_poll"), read off
   its kernel stack, or "0" when it is not asleep: Linux's format. */
static long show_wchan(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    uint64_t ret[STACK_FRAMES];
    int n = p->state == PROC_SLEEPING ? stack_frames(p, ret, STACK_FRAMES) : 0;
    for (int i = 0; i < n; i++) {
        uint64_t off;
        /* a return address is past its call: look up the call itself */
        const char *name = ksym_lookup(ret[i] - 1, &off);
        if (name && !is_sleep_machinery(name))
            return snprintf(buf, size, "%s", name);
    }
    return snprintf(buf, size, "0");
}

/* Linux's format: "running" unless asleep; asleep in a call, its number,
   the six argument registers, then the user sp and pc; asleep outside a
   call (a page fault reading the disk), -1 sp pc.  A sleeping task's user
   frame still holds the number in rax: the result replaces it only on the
   way out.  Registers are the owner's (and root's) to read. */
static long show_syscall(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    if (!cred_may_inspect(p))
        return -EACCES;
    const struct trap_frame *tf = p->user_frame;
    if (p->state != PROC_SLEEPING || !p->vm || !tf)
        return snprintf(buf, size, "running\n");
    if (tf->vector != SYSCALL_VECTOR)
        return snprintf(buf, size, "-1 0x%lx 0x%lx\n", tf->rsp, tf->rip);
    return snprintf(buf, size, "%ld 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx\n",
                    (long)tf->rax, tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9, tf->rsp,
                    tf->rip);
}

/* The frames of a switched-out task's kernel stack, innermost first, as
   Linux shows them to root; nothing for the running task or a zombie. */
static long show_stack(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    if (cred_current()->euid != ROOT_UID)
        return -EACCES;
    uint64_t ret[STACK_FRAMES];
    return (long)backtrace_format(ret, stack_frames(p, ret, STACK_FRAMES), buf, size);
}

/* pagelab's own: why the last execve of the process said ENOEXEC (one
   line, empty when it did not), for shells to tell the user. */
static long show_exec_refusal(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    return p->exec_refusal[0] ? snprintf(buf, size, "%s\n", p->exec_refusal) : 0;
}

/* Linux pads the header to this column before the path (fs/proc/task_mmu.c
   sets the width to 25 + 6 * sizeof(void *) - 1). */
#define MAPS_NAME_COLUMN 73

static void region_name(const struct vm_space *vm, const struct vma *v, struct vm_object_info *info)
{
    memset(info, 0, sizeof *info);
    if (v->ops && v->ops->describe) {
        v->ops->describe(v->obj, info);
        if ((v->flags & VMA_EXEC_IMAGE) && !info->name[0])
            strlcpy(info->name, vm->exe_path, sizeof info->name);
    } else if (v->flags & VMA_HEAP)
        strlcpy(info->name, "[heap]", sizeof info->name);
    else if (v->flags & VMA_STACK)
        strlcpy(info->name, "[stack]", sizeof info->name);
}

static long show_one(const struct vm_space *vm, const struct vma *v, char *buf, size_t size)
{
    struct vm_object_info info;
    region_name(vm, v, &info);
    uint64_t offset = v->ops ? v->pgoff * PAGE_SIZE : 0;
    int n = snprintf(buf, size, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->start, v->end,
                     (v->prot & VM_PROT_READ) ? 'r' : '-', (v->prot & VM_PROT_WRITE) ? 'w' : '-',
                     (v->prot & VM_PROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p',
                     offset, info.dev_major, info.dev_minor, info.ino);
    if (info.name[0] && (size_t)n < size) {
        /* The header's own trailing space counts: pad to the column, then
           the name (Linux's seq_pad adds one space even past the column). */
        n--;
        do
            buf[n++] = ' ';
        while (n < MAPS_NAME_COLUMN && (size_t)n + 1 < size);
        n += snprintf(buf + n, size - (size_t)n, "%s", info.name);
    }
    if ((size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "\n");
    return n;
}

static long show_maps(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    struct vm_space *vm = p->vm;
    size_t n = 0;
    for (int i = 0; vm && i < vm->count && n < size; i++)
        n += (size_t)show_one(vm, &vm->vmas[i], buf + n, size - n);
    return (long)(n < size ? n : size);
}

/* /proc/PID/smaps: each region's maps line, then what its pages cost
   (Linux's first fields, in its order and format). */
static long show_smaps(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    struct vm_space *vm = p->vm;
    size_t n = 0;
    for (int i = 0; vm && i < vm->count && n < size; i++) {
        const struct vma *v = &vm->vmas[i];
        struct vm_usage u;
        vm_usage_of(vm, v, &u);
        n += (size_t)show_one(vm, v, buf + n, size - n);
        const struct {
            const char *name;
            uint64_t bytes;
        } rows[] = { { "Size:", v->end - v->start },
                     { "KernelPageSize:", PAGE_SIZE },
                     { "MMUPageSize:", PAGE_SIZE },
                     { "Rss:", u.rss },
                     { "Pss:", u.pss_scaled >> VM_PSS_SHIFT },
                     { "Shared_Clean:", u.shared_clean },
                     { "Shared_Dirty:", u.shared_dirty },
                     { "Private_Clean:", u.private_clean },
                     { "Private_Dirty:", u.private_dirty },
                     { "Anonymous:", u.anonymous } };
        for (size_t k = 0; k < sizeof rows / sizeof rows[0] && n < size; k++)
            n += (size_t)snprintf(buf + n, size - n, "%-16s%8lu kB\n", rows[k].name,
                                  rows[k].bytes >> 10);
    }
    return (long)(n < size ? n : size);
}

static long show_copies(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    char title[64];
    snprintf(title, sizeof title, "pid %d (%s)", p->tgid, p->comm);
    return ledger_show(&p->group->ledger, title, buf, size);
}

static int self_pid(void) { return current->tgid; }

/* Process-table order, leaders only; the idle thread (pid 0) is not shown,
   as on Linux. */
static int nth_pid(int index)
{
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid != 0 && proc_is_leader(p) && index-- == 0)
            return p->pid;
    }
    return -1;
}

/* The threads of process pid, in creation order (the leader first). */
static int nth_task(int pid, int index)
{
    struct proc *p = proc_find(pid);
    if (!p)
        return -1;
    struct list_head *l;
    list_for_each(l, &p->group->threads)
    {
        if (index-- == 0)
            return list_entry(l, struct proc, group_link)->pid;
    }
    return -1;
}

static const struct procfs_processes processes = { self_pid, nth_pid, procfs_pid_link,
                                                   procfs_pid_nth_fd, nth_task };

void procfs_pid_init(void) { procfs_set_processes(&processes); }

PROC_PID_FILE(stat, "stat", show_stat);
PROC_PID_FILE(comm, "comm", show_comm);
PROC_PID_FILE(wchan, "wchan", show_wchan);
PROC_PID_FILE(syscall, "syscall", show_syscall);
PROC_PID_FILE(stack, "stack", show_stack);
PROC_PID_FILE(exec_refusal, "exec_refusal", show_exec_refusal);
PROC_PID_FILE(status, "status", procfs_show_status);
PROC_PID_FILE(maps, "maps", show_maps);
PROC_PID_FILE(smaps, "smaps", show_smaps);
PROC_PID_FILE(copies, "copies", show_copies);
