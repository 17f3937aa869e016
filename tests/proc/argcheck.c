/* tests/proc/argcheck.c: execve'd by proctest with argv {"argcheck",
   "hello", "two words"} and envp {"K=V"}; checks its initial stack and
   exits 7 when argc/argv/envp/auxv are what Linux would give. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <stdint.h>

int main(int argc, char **argv, char **envp)
{
    if (argc != 3 || strcmp(argv[0], "argcheck") || strcmp(argv[1], "hello") ||
        strcmp(argv[2], "two words") || argv[3] != NULL)
        return 1;
    if (!envp[0] || strcmp(envp[0], "K=V") || envp[1] != NULL)
        return 2;
    if (strcmp(getenv("K"), "V"))
        return 3;
    if (getauxval(AT_PAGESZ) != 4096)
        return 4;
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    if (!rnd)
        return 5;
    if (getauxval(AT_PHNUM) == 0 || getauxval(AT_ENTRY) == 0 || getauxval(AT_PHDR) == 0)
        return 6;
    /* The stack pointer at main is 16-byte aligned per the psABI (the
       compiler relies on it for SSE spills). */
    if (((uintptr_t)__builtin_frame_address(0) & 15) != 0)
        return 8;
    return 7;
}
