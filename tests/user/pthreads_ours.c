/*
 * tests/user/pthreads_ours.c: the POSIX thread names pagelab's own libc
 * provides (pthread.h), written against POSIX only so that the same source
 * builds with musl and with our libc: create and join with a result,
 * detach, self and equal, normal and recursive mutexes, condition variables
 * (with a timeout), once, keys with destructors, semaphores, errno and
 * __thread variables per thread, pthread_kill, and malloc from several
 * threads at once.  The suite runs the musl build and ours on Linux, then
 * ours inside pagelab.  One line per check; the exit status is the number
 * of failures.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;

static void *adder(void *arg)
{
    for (int i = 0; i < 5000; i++) {
        pthread_mutex_lock(&lock);
        total++;
        pthread_mutex_unlock(&lock);
        if (i % 1000 == 0)
            sched_yield();
    }
    return (void *)((long)arg + 1);
}

static __thread int tls_var = 5;
static void *tls_and_errno(void *arg)
{
    int ok = tls_var == 5;
    tls_var = (int)(long)arg;
    errno = (int)(long)arg;
    sched_yield();
    ok &= tls_var == (int)(long)arg && errno == (int)(long)arg;
    return (void *)(long)ok;
}

static pthread_t seen_self;
static void *note_self(void *arg)
{
    (void)arg;
    seen_self = pthread_self();
    return NULL;
}

static pthread_mutex_t cv_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready_flag;
static void *set_ready(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cv_lock);
    ready_flag = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&cv_lock);
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_count;
static void once_fn(void) { once_count++; }
static pthread_key_t key;
static volatile int destroyed;
static void destructor(void *v)
{
    if (v == &key)
        __atomic_add_fetch(&destroyed, 1, __ATOMIC_SEQ_CST);
}
static void *once_and_key(void *arg)
{
    (void)arg;
    pthread_once(&once, once_fn);
    pthread_setspecific(key, &key);
    return (void *)(long)(pthread_getspecific(key) == &key);
}

static sem_t sem, detached_done;
static void *sem_taker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 50; i++)
        sem_wait(&sem);
    return NULL;
}
static void *detached_fn(void *arg)
{
    (void)arg;
    sem_post(&detached_done);
    return NULL;
}

static volatile int usr1_hits;
static void on_usr1(int sig) { (void)sig; usr1_hits++; }
static sem_t parked;
static void *park_for_signal(void *arg)
{
    (void)arg;
    while (!usr1_hits)
        sched_yield();
    sem_post(&parked);
    return NULL;
}

static void *malloc_churn(void *arg)
{
    int ok = 1;
    for (int i = 0; i < 2000; i++) {
        size_t n = 16 + (size_t)((i * 37 + (long)arg) % 900);
        unsigned char *p = malloc(n);
        if (!p) {
            ok = 0;
            break;
        }
        memset(p, (int)(long)arg, n);
        for (size_t j = 0; j < n; j += 97)
            ok &= p[j] == (unsigned char)(long)arg;
        free(p);
    }
    return (void *)(long)ok;
}

int main(void)
{
    pthread_t t[4];
    int made = 0;
    for (long i = 0; i < 4; i++)
        made += pthread_create(&t[i], NULL, adder, (void *)i) == 0;
    int results = 1;
    for (long i = 0; i < made; i++) {
        void *r;
        results &= pthread_join(t[i], &r) == 0 && r == (void *)(i + 1);
    }
    CHECK("create_and_join_four_threads", made == 4 && results);
    CHECK("mutex_protects_the_counter", total == 4 * 5000);

    tls_var = 1;
    errno = 0;
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, tls_and_errno, (void *)(i + 10));
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok &= r == (void *)1;
    }
    CHECK("tls_and_errno_are_per_thread", ok && tls_var == 1 && errno == 0);

    pthread_create(&t[0], NULL, note_self, NULL);
    pthread_join(t[0], NULL);
    CHECK("pthread_self_is_the_created_handle", pthread_equal(seen_self, t[0]) &&
                                                    !pthread_equal(pthread_self(), t[0]));

    pthread_mutex_t rec;
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&rec, &ma);
    ok = pthread_mutex_lock(&rec) == 0 && pthread_mutex_lock(&rec) == 0 &&
         pthread_mutex_unlock(&rec) == 0 && pthread_mutex_unlock(&rec) == 0 &&
         pthread_mutex_trylock(&rec) == 0 && pthread_mutex_unlock(&rec) == 0;
    CHECK("recursive_mutex_relocks", ok);
    pthread_mutex_lock(&lock);
    CHECK("trylock_of_a_held_mutex_is_ebusy", pthread_mutex_trylock(&lock) == EBUSY);
    pthread_mutex_unlock(&lock);

    pthread_mutex_lock(&cv_lock);
    pthread_create(&t[0], NULL, set_ready, NULL);
    while (!ready_flag)
        pthread_cond_wait(&cv, &cv_lock);
    pthread_mutex_unlock(&cv_lock);
    pthread_join(t[0], NULL);
    CHECK("condvar_wait_sees_the_signal", ready_flag == 1);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 20000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&cv_lock);
    int r = pthread_cond_timedwait(&cv, &cv_lock, &deadline);
    pthread_mutex_unlock(&cv_lock);
    CHECK("condvar_timedwait_times_out", r == ETIMEDOUT);

    pthread_key_create(&key, destructor);
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, once_and_key, NULL);
    ok = 1;
    for (int i = 0; i < 3; i++) {
        void *v;
        pthread_join(t[i], &v);
        ok &= v == (void *)1;
    }
    CHECK("once_runs_once", once_count == 1);
    CHECK("keys_are_per_thread_and_destructed", ok && destroyed == 3 &&
                                                    pthread_getspecific(key) == NULL);

    sem_init(&sem, 0, 0);
    pthread_create(&t[0], NULL, sem_taker, NULL);
    for (int i = 0; i < 50; i++)
        sem_post(&sem);
    pthread_join(t[0], NULL);
    int v = -1;
    sem_getvalue(&sem, &v);
    CHECK("semaphore_between_threads", v == 0);

    sem_init(&detached_done, 0, 0);
    ok = 1;
    for (int i = 0; i < 10; i++) {
        pthread_t d;
        ok &= pthread_create(&d, NULL, detached_fn, NULL) == 0 && pthread_detach(d) == 0;
    }
    for (int i = 0; i < 10; i++)
        sem_wait(&detached_done);
    CHECK("detached_threads_run", ok);

    signal(SIGUSR1, on_usr1);
    sem_init(&parked, 0, 0);
    pthread_create(&t[0], NULL, park_for_signal, NULL);
    pthread_kill(t[0], SIGUSR1);
    sem_wait(&parked);
    pthread_join(t[0], NULL);
    CHECK("pthread_kill_delivers", usr1_hits == 1);

    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, malloc_churn, (void *)(i + 1));
    ok = 1;
    for (int i = 0; i < 4; i++) {
        void *res;
        pthread_join(t[i], &res);
        ok &= res == (void *)1;
    }
    CHECK("malloc_from_four_threads_at_once", ok);
    return failures;
}
