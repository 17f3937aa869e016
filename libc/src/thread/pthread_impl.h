/* pthread_impl.h: the thread control block and what libc's thread files share. */
#ifndef LIBC_PTHREAD_IMPL_H
#define LIBC_PTHREAD_IMPL_H
#include <pthread.h>
#include <stddef.h>

enum { DT_JOINABLE, DT_EXITING, DT_DETACHED };

/* At the thread's FS base.  The ABI fixes only the first word. */
struct __pthread {
    struct __pthread *self; /* %fs:0 */
    int errno_val;
    volatile int tid;          /* the kernel clears it and wakes its futex at exit */
    volatile int detach_state; /* DT_* */
    void *(*start)(void *);
    void *arg;
    void *result;
    void *map_base; /* the mapping holding its stack, TLS and this block */
    size_t map_size;
    void *specific[PTHREAD_KEYS_MAX];
};

static inline struct __pthread *__self(void)
{
    struct __pthread *self;
    __asm__("mov %%fs:0, %0" : "=r"(self));
    return self;
}

/* tls.c: the program's TLS image (PT_TLS) and a new thread's block. */
extern size_t __tls_area_size; /* TLS block + control block + alignment slack */
/* Lays out the TLS block and control block at the top of [base, base+size)
   and returns the control block. */
struct __pthread *__tls_install(void *base, size_t size);
/* Sets up the main thread's (start.c, before anything uses errno). */
void __tls_init_main(unsigned long *auxv);

/* once_key.c: runs the calling thread's key destructors. */
void __keys_run_destructors(struct __pthread *self);

/* clone.S: clone(2) for a thread: the child runs fn() on stack. */
long __thread_clone(unsigned long flags, void *stack, int *ptid, int *ctid, void *tls,
                    void (*fn)(void));
/* clone.S: munmap(base, size) then exit(0), never touching the stack
   (a detached thread freeing the stack it runs on). */
void __unmap_self_and_exit(void *base, size_t size) __attribute__((noreturn));

/* The futex(2) calls the thread files make (private futexes). */
long __futex_wait(volatile int *word, int val, const struct timespec *abs_deadline, int realtime);
long __futex_wake(volatile int *word, int n);

/* Threads alive, the main one included (the last to leave exits 0). */
extern volatile int __threads_alive;

#endif
