/*
 * kernel/proc/user_stack.h: the initial stack of a new program, laid out
 * as Linux does on x86-64 (psABI 3.4.1 "Initial Stack and Register State"):
 *
 *   high  [ strings: argv[], envp[], the program's path ]
 *         [ the platform name (AT_PLATFORM points here), if any ]
 *         [ 16 random bytes (AT_RANDOM points here) ]
 *         [ padding so that rsp ends 16-byte aligned ]
 *         [ auxv pairs ..., AT_NULL 0 ]
 *         [ envp[0] ... envp[envc-1], NULL ]
 *         [ argv[0] ... argv[argc-1], NULL ]
 *   rsp-> [ argc ]
 *
 * Pure C: the image is built in a kernel buffer that stands for the top of
 * the user stack, then copied out in one copy_to_user.  Host-tested.
 */
#ifndef PAGELAB_PROC_USER_STACK_H
#define PAGELAB_PROC_USER_STACK_H

#include <stddef.h>
#include <stdint.h>

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h values, psABI). */
#define AT_NULL        0
#define AT_PHDR        3
#define AT_PHENT       4
#define AT_PHNUM       5
#define AT_PAGESZ      6
#define AT_BASE        7
#define AT_FLAGS       8
#define AT_ENTRY       9
#define AT_UID         11
#define AT_EUID        12
#define AT_GID         13
#define AT_EGID        14
#define AT_PLATFORM    15
#define AT_HWCAP       16
#define AT_CLKTCK      17
#define AT_SECURE      23
#define AT_RANDOM      25
#define AT_HWCAP2      26
#define AT_EXECFN      31
#define AT_MINSIGSTKSZ 51

struct auxv_entry {
    uint64_t type, value;
};

struct ustack_args {
    int argc, envc;
    const char *const *argv; /* kernel copies of the strings */
    const char *const *envp;
    const char *execfn;            /* the path as given to execve (AT_EXECFN) */
    const struct auxv_entry *auxv; /* without AT_RANDOM, AT_EXECFN, AT_PLATFORM and
                                      AT_NULL: added here */
    int nauxv;
    const uint8_t *random16; /* 16 random bytes */
    const char *platform;    /* AT_PLATFORM's string ("x86_64"), or NULL for none */
};

/* Bytes the image needs (an upper bound; the image is at most this long). */
size_t ustack_size(const struct ustack_args *a);

/*
 * Builds the image for a stack whose top (first byte above it) is at user
 * address stack_top into buf, which stands for [stack_top - size, stack_top).
 * Returns the user rsp (16-byte aligned, pointing at argc), or 0 if size is
 * too small.  The whole buffer is written (zeros where nothing goes).
 */
uint64_t ustack_build(const struct ustack_args *a, uint64_t stack_top, uint8_t *buf, size_t size);

#endif
