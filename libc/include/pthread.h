/*
 * pthread.h (POSIX): threads over clone(2) and futex(2).  Each thread has a
 * thread control block at its FS base (the x86-64 TLS ABI: %fs:0 points to
 * itself) holding its errno, its id, its keys' values and, below it, its
 * copy of the program's __thread variables (ELF TLS, variant II).
 */
#ifndef _PTHREAD_H
#define _PTHREAD_H
#include <sched.h>
#include <sys/types.h>
#include <time.h>

typedef struct __pthread *pthread_t;

typedef struct {
    unsigned long __stacksize;
    int __detached;
} pthread_attr_t;

/* A futex word (0 free, 1 locked, 2 locked with sleepers), the type, and
   for recursive and error-checking mutexes the owner and depth. */
typedef struct {
    volatile int __lock;
    int __type;
    volatile int __owner;
    int __count;
} pthread_mutex_t;
typedef struct {
    int __type;
} pthread_mutexattr_t;

/* A sequence number: waiters sleep on it, signal and broadcast bump it. */
typedef struct {
    volatile int __seq;
    int __clock;
} pthread_cond_t;
typedef struct {
    int __clock;
} pthread_condattr_t;

typedef volatile int pthread_once_t;
typedef unsigned pthread_key_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

#define PTHREAD_MUTEX_NORMAL     0
#define PTHREAD_MUTEX_DEFAULT    0
#define PTHREAD_MUTEX_RECURSIVE  1
#define PTHREAD_MUTEX_ERRORCHECK 2

#define PTHREAD_MUTEX_INITIALIZER { 0, 0, 0, 0 }
#define PTHREAD_COND_INITIALIZER  { 0, 0 }
#define PTHREAD_ONCE_INIT         0
#define PTHREAD_KEYS_MAX          128
#define PTHREAD_STACK_MIN         16384
#define PTHREAD_DESTRUCTOR_ITERATIONS 4

int pthread_create(pthread_t *restrict thread, const pthread_attr_t *restrict attr,
                   void *(*start)(void *), void *restrict arg);
int pthread_join(pthread_t thread, void **result);
int pthread_detach(pthread_t thread);
void pthread_exit(void *result) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_getcpuclockid(pthread_t thread, clockid_t *clk);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_kill(pthread_t thread, int sig);

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
int pthread_attr_getdetachstate(const pthread_attr_t *attr, int *state);
int pthread_attr_setstacksize(pthread_attr_t *attr, size_t size);
int pthread_attr_getstacksize(const pthread_attr_t *restrict attr, size_t *restrict size);

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);
int pthread_mutexattr_init(pthread_mutexattr_t *attr);
int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);
int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);

int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m);
int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict abstime);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);
int pthread_condattr_init(pthread_condattr_t *attr);
int pthread_condattr_destroy(pthread_condattr_t *attr);
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock);

int pthread_once(pthread_once_t *once, void (*init)(void));
int pthread_key_create(pthread_key_t *key, void (*destructor)(void *));
int pthread_key_delete(pthread_key_t key);
void *pthread_getspecific(pthread_key_t key);
int pthread_setspecific(pthread_key_t key, const void *value);

#endif
