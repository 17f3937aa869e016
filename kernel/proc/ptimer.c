/* kernel/proc/ptimer.c: POSIX per-process timers (ptimer.h). */
#include "kernel/proc/ptimer.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktimer.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/cpuclock.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "libc/include/pagelab/clock_values.h"

#define DELAYTIMER_MAX 0x7fffffff /* the largest overrun reported (INT_MAX, as Linux) */

struct ptimer {
    struct ktimer timer; /* on the monotonic clock (the wall clocks) */
    /* On a CPU-time clock instead: the next expiry and the period in that
       clock's time (0: disarmed), checked at the ticks that find a thread
       of the process running (ptimer_cpu_tick); cpu_tid: the thread whose
       clock it is (CLOCK_THREAD_CPUTIME_ID: the creator), 0 the process's. */
    bool cpu;
    int cpu_tid;
    uint64_t cpu_deadline_ns, cpu_interval_ns;
    struct list_head link; /* on its group's ptimers, newest first */
    struct thread_group *group;
    int id;
    int clock;
    struct ptimer_event ev;
    int overrun_last; /* of the last signal taken */
};

static struct ptimer *find(struct thread_group *g, int id)
{
    struct list_head *l;
    list_for_each(l, &g->ptimers)
    {
        struct ptimer *t = list_entry(l, struct ptimer, link);
        if (t->id == id)
            return t;
    }
    return NULL;
}

static int32_t add_overrun(int64_t overrun, uint64_t more)
{
    return more >= DELAYTIMER_MAX || overrun + (int64_t)more >= DELAYTIMER_MAX
               ? DELAYTIMER_MAX
               : (int32_t)(overrun + (int64_t)more);
}

/* The thread a SIGEV_THREAD_ID timer signals, while it lives in g. */
static struct proc *target_thread(struct thread_group *g, int tid)
{
    struct proc *t = proc_find(tid);
    return t && t->group == g && t->state != PROC_ZOMBIE ? t : NULL;
}

/* t expired count times since the last (interrupts off): its signal. */
static void notify(struct ptimer *t, uint64_t count)
{
    struct thread_group *g = t->group;
    if (t->ev.notify == SIGEV_NONE || g->live == 0 || g->exiting)
        return;
    struct proc *thread = NULL;
    struct sigpending *sp = &g->shared_pending;
    if (t->ev.notify == SIGEV_THREAD_ID) {
        thread = target_thread(g, t->ev.tid);
        if (!thread)
            return; /* its thread has gone: nobody to tell */
        sp = &thread->sig.pending;
    }
    /* Still waiting to be taken: the signal stands for these expiries too. */
    struct ksiginfo *queued = sigpending_find_timer(sp, t->ev.signo, t->id);
    if (queued) {
        queued->timer.overrun = add_overrun(queued->timer.overrun, count);
        return;
    }
    struct ksiginfo info = { .si_signo = t->ev.signo, .si_code = SI_TIMER };
    info.timer.tid = t->id;
    info.timer.overrun = add_overrun(0, count - 1);
    info.timer.value = t->ev.value;
    signal_send_timer(g->leader, thread, &info);
}

static void ptimer_expired(struct ktimer *kt, uint64_t count)
{
    notify(container_of(kt, struct ptimer, timer), count);
}

/* The signal of t's former arming, if still waiting, is dropped (timer
   set again or deleted), as Linux 6.13 on drops it: sent to the process
   or, for SIGEV_THREAD_ID, to a thread, whichever still holds it. */
static void drop_queued(struct ptimer *t)
{
    if (t->ev.notify == SIGEV_NONE)
        return;
    struct thread_group *g = t->group;
    sigpending_remove_timer(&g->shared_pending, t->ev.signo, t->id, &g->sigq_count);
    struct list_head *l;
    list_for_each(l, &g->threads)
    {
        struct proc *thread = list_entry(l, struct proc, group_link);
        sigpending_remove_timer(&thread->sig.pending, t->ev.signo, t->id, &g->sigq_count);
    }
}

/* a + b, or UINT64_MAX (an instant that never comes) past it. */
static uint64_t add_sat(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

/* The reading of t's CPU-time clock; false when its thread has gone. */
static bool cpu_now(const struct ptimer *t, uint64_t *now)
{
    if (!t->cpu_tid) {
        *now = cpuclock_process_ns(t->group->leader);
        return true;
    }
    struct proc *thread = target_thread(t->group, t->cpu_tid);
    if (thread)
        *now = cpuclock_thread_ns(thread);
    return thread != NULL;
}

/* A CPU-time timer at clock reading now: expires if due. */
static void cpu_check(struct ptimer *t, uint64_t now)
{
    if (!t->cpu_deadline_ns || now < t->cpu_deadline_ns)
        return;
    uint64_t count = 1;
    if (t->cpu_interval_ns) {
        count += (now - t->cpu_deadline_ns) / t->cpu_interval_ns;
        uint64_t step;
        t->cpu_deadline_ns = __builtin_mul_overflow(count, t->cpu_interval_ns, &step)
                                 ? UINT64_MAX
                                 : add_sat(t->cpu_deadline_ns, step);
    } else {
        t->cpu_deadline_ns = 0;
    }
    notify(t, count);
}

void ptimer_cpu_tick(struct thread_group *g)
{
    struct list_head *l;
    list_for_each(l, &g->ptimers)
    {
        struct ptimer *t = list_entry(l, struct ptimer, link);
        uint64_t now;
        if (t->cpu && t->cpu_deadline_ns && cpu_now(t, &now))
            cpu_check(t, now);
    }
}

static int check_event(struct thread_group *g, const struct ptimer_event *ev)
{
    switch (ev->notify) {
    case SIGEV_THREAD_ID:
        if (!target_thread(g, ev->tid))
            return -EINVAL;
        __attribute__((fallthrough)); /* it sends a signal */
    case SIGEV_SIGNAL:
    case SIGEV_THREAD:
        return ev->signo > 0 && ev->signo <= NSIG ? 0 : -EINVAL;
    case SIGEV_NONE:
        return 0;
    default:
        return -EINVAL;
    }
}

/* The next id not in use, counting up from the last one given (Linux's
   ids grow: a deleted timer's id is not handed out again soon). */
static int next_id(struct thread_group *g)
{
    for (;;) {
        int id = g->ptimer_next_id;
        g->ptimer_next_id = id == 0x7fffffff ? 0 : id + 1;
        if (!find(g, id))
            return id;
    }
}

int ptimer_create(struct thread_group *g, int clock, const struct ptimer_event *ev, int *id)
{
    struct ptimer_event def = { .notify = SIGEV_SIGNAL, .signo = SIGALRM };
    if (ev) {
        int r = check_event(g, ev);
        if (r)
            return r;
    }
    uint64_t flags = irq_save();
    if ((uint64_t)g->ptimer_count + (uint64_t)g->sigq_count >= g->rlim[RLIMIT_SIGPENDING].cur) {
        irq_restore(flags);
        return -EAGAIN;
    }
    irq_restore(flags);
    struct ptimer *t = kzalloc(sizeof *t);
    if (!t)
        return -EAGAIN; /* Linux's answer when it cannot allocate a timer */
    flags = irq_save();
    ktimer_init(&t->timer, ptimer_expired);
    t->group = g;
    t->clock = clock;
    t->cpu = clock == CLOCK_PROCESS_CPUTIME_ID || clock == CLOCK_THREAD_CPUTIME_ID;
    if (clock == CLOCK_THREAD_CPUTIME_ID)
        t->cpu_tid = current->pid;
    t->id = next_id(g);
    t->ev = ev ? *ev : def;
    if (t->ev.notify == SIGEV_THREAD)
        t->ev.notify = SIGEV_SIGNAL;
    if (!ev)
        t->ev.value = (uint64_t)t->id;
    list_add(&t->link, &g->ptimers); /* newest first, as /proc/PID/timers lists them */
    g->ptimer_count++;
    *id = t->id;
    irq_restore(flags);
    return 0;
}

/* Time left before t's next expiry (0: disarmed, at least 1 ns when armed)
   and its period. */
static void current_setting(struct ptimer *t, uint64_t *value_ns, uint64_t *interval_ns)
{
    uint64_t now;
    if (!t->cpu) {
        *value_ns = ktimer_left(&t->timer, clock_monotonic_ns(), 1);
        *interval_ns = t->timer.interval_ns;
    } else if (t->cpu_deadline_ns && cpu_now(t, &now)) {
        *value_ns = t->cpu_deadline_ns > now ? t->cpu_deadline_ns - now : 1;
        *interval_ns = t->cpu_interval_ns;
    } else {
        *value_ns = 0; /* disarmed, or its thread has gone */
        *interval_ns = t->cpu_deadline_ns ? t->cpu_interval_ns : 0;
    }
}

static void arm_wall(struct ptimer *t, bool absolute, uint64_t value_ns, uint64_t interval_ns)
{
    uint64_t now = clock_monotonic_ns();
    uint64_t at = add_sat(now, value_ns);
    if (absolute && (t->clock == CLOCK_REALTIME || t->clock == CLOCK_TAI)) {
        uint64_t real = clock_realtime_ns();
        at = value_ns > real ? add_sat(now, value_ns - real) : now;
    } else if (absolute) {
        at = value_ns; /* the monotonic clock's own time */
    }
    ktimer_arm(&t->timer, at, interval_ns); /* a time already past expires now */
}

static void arm_cpu(struct ptimer *t, bool absolute, uint64_t value_ns, uint64_t interval_ns)
{
    uint64_t now;
    if (!cpu_now(t, &now))
        return; /* the thread whose clock it is has gone: never expires */
    uint64_t at = absolute ? value_ns : add_sat(now, value_ns);
    t->cpu_deadline_ns = at ? at : 1;
    t->cpu_interval_ns = interval_ns;
    cpu_check(t, now); /* a time already past expires now */
}

int ptimer_settime(struct thread_group *g, int id, bool absolute, uint64_t value_ns,
                   uint64_t interval_ns, uint64_t *old_value, uint64_t *old_interval)
{
    uint64_t flags = irq_save();
    struct ptimer *t = find(g, id);
    if (!t) {
        irq_restore(flags);
        return -EINVAL;
    }
    current_setting(t, old_value, old_interval);
    ktimer_disarm(&t->timer);
    drop_queued(t);
    t->cpu_deadline_ns = t->cpu_interval_ns = 0;
    t->overrun_last = 0; /* as Linux: the overrun is of the last arming */
    if (value_ns && t->cpu)
        arm_cpu(t, absolute, value_ns, interval_ns);
    else if (value_ns)
        arm_wall(t, absolute, value_ns, interval_ns);
    irq_restore(flags);
    return 0;
}

int ptimer_gettime(struct thread_group *g, int id, uint64_t *value_ns, uint64_t *interval_ns)
{
    uint64_t flags = irq_save();
    struct ptimer *t = find(g, id);
    if (t)
        current_setting(t, value_ns, interval_ns);
    irq_restore(flags);
    return t ? 0 : -EINVAL;
}

int ptimer_getoverrun(struct thread_group *g, int id)
{
    uint64_t flags = irq_save();
    struct ptimer *t = find(g, id);
    int r = t ? t->overrun_last : -EINVAL;
    irq_restore(flags);
    return r;
}

static void destroy(struct ptimer *t)
{
    ktimer_disarm(&t->timer);
    drop_queued(t);
    list_del(&t->link);
    t->group->ptimer_count--;
    kfree(t);
}

int ptimer_delete(struct thread_group *g, int id)
{
    uint64_t flags = irq_save();
    struct ptimer *t = find(g, id);
    if (t)
        destroy(t);
    irq_restore(flags);
    return t ? 0 : -EINVAL;
}

void ptimer_delete_all(struct thread_group *g)
{
    uint64_t flags = irq_save();
    while (!list_empty(&g->ptimers))
        destroy(list_first_entry(&g->ptimers, struct ptimer, link));
    irq_restore(flags);
}

void ptimer_signal_taken(struct thread_group *g, const struct ksiginfo *info)
{
    struct ptimer *t = find(g, info->timer.tid);
    if (t && info->timer.overrun >= 0) /* sigqueue can forge SI_TIMER; not this */
        t->overrun_last = info->timer.overrun;
}

/* /proc/PID/timers: the process's POSIX timers in Linux's format (its
   show_timer: ID, signal/value, notify/target, ClockID), newest first.
   A thread's directory shows its process's, as on Linux. */
static long show_timers(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_find((int)((uintptr_t)arg & 0xffffffff));
    if (!p)
        return -ESRCH;
    static const char *const how[] = { [SIGEV_SIGNAL] = "signal",
                                       [SIGEV_NONE] = "none",
                                       [SIGEV_THREAD] = "thread",
                                       [SIGEV_THREAD_ID] = "signal" };
    struct thread_group *g = p->group;
    uint64_t flags = irq_save();
    size_t n = 0;
    struct list_head *l;
    list_for_each(l, &g->ptimers)
    {
        if (n >= size)
            break;
        const struct ptimer *t = list_entry(l, struct ptimer, link);
        bool thread = t->ev.notify == SIGEV_THREAD_ID;
        n += (size_t)snprintf(buf + n, size - n,
                              "ID: %d\nsignal: %d/%016llx\nnotify: %s/%s.%d\nClockID: %d\n", t->id,
                              t->ev.signo, (unsigned long long)t->ev.value, how[t->ev.notify],
                              thread ? "tid" : "pid", thread ? t->ev.tid : g->tgid, t->clock);
    }
    irq_restore(flags);
    return (long)(n < size ? n : size);
}
PROC_PID_FILE(timers, "timers", show_timers);
