/*
 * kernel/proc/oom.c: choosing and killing the out-of-memory victim (see
 * oom.h).  The report, one line:
 *
 *   pid 7 (hog): killed: out of memory (50 MiB resident, 255 MiB swapped,
 *   2048 MiB mapped, 64 MiB of RAM, 256 MiB of swap)
 */
#include "kernel/proc/oom.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/time.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/swap.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

#define OOM_WAIT_NS     (10ull * 1000 * 1000)   /* the faulting process's pause */
#define OOM_PATIENCE_NS (5000ull * 1000 * 1000) /* a victim that will not die */

static int victim_pid;
static uint64_t victim_since_ns;

static uint64_t footprint(const struct proc *p)
{
    return p->vm ? p->vm->resident_pages + p->vm->swap_pages : 0;
}

/* A victim still on its way out, that we keep waiting for. */
static bool victim_pending(void)
{
    if (!victim_pid)
        return false;
    struct proc *v = proc_find(victim_pid);
    if (!v || v->state == PROC_ZOMBIE || !v->vm ||
        clock_monotonic_ns() - victim_since_ns > OOM_PATIENCE_NS) {
        victim_pid = 0;
        return false;
    }
    return true;
}

static struct proc *choose_victim(void)
{
    struct proc *best = NULL;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->is_kthread || p->pid == INIT_PID || p->state == PROC_ZOMBIE || !p->vm)
            continue;
        if (!best || footprint(p) > footprint(best))
            best = p;
    }
    return best ? best : current;
}

static void report(const struct proc *p)
{
    struct frame_stats fs;
    struct swap_stats ss;
    frame_stats(&fs);
    swap_get_stats(&ss);
    uint64_t mapped = 0;
    for (int i = 0; p->vm && i < p->vm->count; i++)
        mapped += p->vm->vmas[i].end - p->vm->vmas[i].start;
    uint64_t resident = p->vm ? p->vm->resident_pages << PAGE_SHIFT : 0;
    uint64_t swapped = p->vm ? p->vm->swap_pages << PAGE_SHIFT : 0;
    pr_err("pid %d (%s): killed: out of memory (%lu MiB resident, %lu MiB swapped, %lu MiB "
           "mapped, %lu MiB of RAM, %lu MiB of swap)\n",
           p->tgid, p->comm, resident >> 20, swapped >> 20, mapped >> 20,
           (fs.total << PAGE_SHIFT) >> 20, (ss.total_pages << PAGE_SHIFT) >> 20);
}

bool oom_kill_for_fault(void)
{
    if (!victim_pending()) {
        struct proc *v = choose_victim();
        report(v);
        if (v == current)
            proc_exit(wait_status_signaled(SIGKILL));
        signal_send(v, SIGKILL);
        victim_pid = v->pid;
        victim_since_ns = clock_monotonic_ns();
    }
    /* Let the victim run and free its memory; the access is tried again. */
    sched_sleep_until(clock_monotonic_ns() + OOM_WAIT_NS);
    return true;
}
