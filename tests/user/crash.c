/* tests/user/crash.c: dies of the fault named by argv[1] (segv, ill, fpe),
   of kill(SIGTERM) (term), or never ends (hang); run-in-vm must report 128+signal and the kernel's one line. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile uintptr_t null_page = 0x1000;
static volatile int zero;

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "segv";
    printf("crash: about to %s\n", how);
    fflush(stdout);
    if (!strcmp(how, "segv"))
        *(volatile int *)null_page = 1;
    else if (!strcmp(how, "ill"))
        __asm__ volatile("ud2");
    else if (!strcmp(how, "fpe")) {
        int divisor = zero, quotient;
        /* An explicit idiv: the compiler may not fold a division by zero away. */
        __asm__ volatile("cltd; idivl %2" : "=a"(quotient) : "a"(1), "r"(divisor) : "edx");
        printf("%d\n", quotient);
    }
    else if (!strcmp(how, "hang"))
        for (;;)
            ;
    else
        kill(getpid(), SIGTERM);
    return 0;
}
