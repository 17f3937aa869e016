/* In-kernel tests of the scheduler: kernel threads, wait queues, timed sleeps. */
#include "kernel/drivers/clock.h"
#include "kernel/lib/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/lib/wait.h"

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

static volatile int other_ran;

static void bystander(void *arg)
{
    other_ran = 1;
    finished++;
    wake_up(&done_wq);
}

KTEST(sched_kernel_code_is_not_preempted_by_the_timer)
{
    other_ran = 0;
    finished = 0;
    KASSERT(kthread_create("bystander", bystander, NULL));
    /* Busy for 30 ms (many ticks) without sleeping: nothing else may run. */
    uint64_t start = clock_monotonic_ns();
    while (clock_monotonic_ns() - start < 30 * 1000 * 1000)
        cpu_relax();
    KEXPECT(other_ran == 0);
    wait_event(&done_wq, finished == 1);
    KEXPECT(other_ran == 1);
}

KTEST(sched_sleep_until_waits_at_least_the_time_asked)
{
    uint64_t start = clock_monotonic_ns();
    KEXPECT(sched_sleep_until(start + 10 * 1000 * 1000) == 0);
    uint64_t slept = clock_monotonic_ns() - start;
    KEXPECT(slept >= 10 * 1000 * 1000);
    KEXPECT(slept < 1000ull * 1000 * 1000);
}
