/* In-kernel tests of the scheduler: kernel threads, wait queues, timed sleeps. */
#include "kernel/proc/arch_glue.h"
#include "kernel/lib/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/waitqueue.h"

static struct waitqueue test_wq = WAITQUEUE_INIT(test_wq);
static struct waitqueue done_wq = WAITQUEUE_INIT(done_wq);
static volatile int go, woke, finished;

static void sleeper(void *arg)
{
    wait_event(&test_wq, go);
    woke++;
    finished++;
    wake_up(&done_wq);
}

KTEST(sched_wait_queue_sleepers_run_only_after_wake_up)
{
    go = woke = finished = 0;
    for (int i = 0; i < 3; i++)
        KASSERT(kthread_create("sleeper", sleeper, NULL));
    /* Let them run and block. */
    for (int i = 0; i < 5; i++)
        sched_yield();
    KEXPECT(woke == 0);
    go = 1;
    wake_up(&test_wq);
    wait_event(&done_wq, finished == 3);
    KEXPECT(woke == 3);
}

static volatile uint64_t spins[2];
static volatile int stop_spinning, spinners_done;

static void spinner(void *arg)
{
    int i = (int)(uintptr_t)arg;
    while (!stop_spinning)
        spins[i]++;
    spinners_done++;
    wake_up(&done_wq);
}

KTEST(sched_timer_preempts_busy_threads_round_robin)
{
    spins[0] = spins[1] = 0;
    stop_spinning = spinners_done = 0;
    KASSERT(kthread_create("spin0", spinner, (void *)0));
    KASSERT(kthread_create("spin1", spinner, (void *)1));
    /* Sleeping 50 ms: only preemption lets both spinners make progress
       (neither ever yields). */
    KEXPECT(sched_sleep_until(clock_monotonic_ns() + 50 * 1000 * 1000) == 0);
    stop_spinning = 1;
    wait_event(&done_wq, spinners_done == 2);
    KEXPECT(spins[0] > 0 && spins[1] > 0);
}

KTEST(sched_sleep_until_waits_at_least_the_time_asked)
{
    uint64_t start = clock_monotonic_ns();
    KEXPECT(sched_sleep_until(start + 10 * 1000 * 1000) == 0);
    uint64_t slept = clock_monotonic_ns() - start;
    KEXPECT(slept >= 10 * 1000 * 1000);
    KEXPECT(slept < 1000ull * 1000 * 1000);
}
