/* start.c: from the kernel's initial stack to main() and exit(). */
#include <stdlib.h>
#include <unistd.h>
#include "libc_internal.h"
#include "thread/pthread_impl.h"

char **environ;
unsigned long __auxv_pagesz = 4096;

/* Linux auxiliary vector tags (include/uapi/linux/auxvec.h). */
#define AT_NULL 0
#define AT_PAGESZ 6

int main(int argc, char **argv, char **envp);

/* The linker's default script brackets the constructor tables. */
extern void (*__preinit_array_start[])(int, char **, char **) __attribute__((weak));
extern void (*__preinit_array_end[])(int, char **, char **) __attribute__((weak));
extern void (*__init_array_start[])(int, char **, char **) __attribute__((weak));
extern void (*__init_array_end[])(int, char **, char **) __attribute__((weak));

static void parse_auxv(unsigned long *auxv)
{
    for (; auxv[0] != AT_NULL; auxv += 2)
        if (auxv[0] == AT_PAGESZ)
            __auxv_pagesz = auxv[1];
}

__attribute__((noreturn, used)) void __libc_start(long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    char **p = envp;

    environ = envp;
    while (*p)
        p++;
    /* The main thread's control block (errno, TLS) before anything else. */
    __tls_init_main((unsigned long *)(p + 1));
    parse_auxv((unsigned long *)(p + 1));

    for (size_t i = 0; i < (size_t)(__preinit_array_end - __preinit_array_start); i++)
        __preinit_array_start[i](argc, argv, envp);
    for (size_t i = 0; i < (size_t)(__init_array_end - __init_array_start); i++)
        __init_array_start[i](argc, argv, envp);
    exit(main(argc, argv, envp));
}
