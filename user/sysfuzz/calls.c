/*
 * user/sysfuzz/calls.c: the calls sysfuzz issues: every line of
 * kernel/syscall/table.h (through build/gen/sysfuzz_calls.h, made by
 * tools/mkfuzz.py), and what sysfuzz must do around the few that would
 * otherwise end the run instead of testing the kernel.  As trinity and
 * syzkaller do, a call is excluded only when no argument can make it safe;
 * the rest are sandboxed (worker.c, gen.c):
 *
 *   - reboot is excluded: the right magic numbers power the machine off.
 *   - kill, tkill, tgkill, setpgid, prlimit64 and wait4 only ever name the
 *     worker, its children, its own process group or a pid nobody has
 *     (gen.c, FK_PID): never -1 or another process, which would signal
 *     the shell or init.
 *   - fork, vfork, clone, clone3: the child exits at once (FP_FORK), so a
 *     random stack or shared memory never runs user code.
 *   - munmap, mprotect, madvise, msync, mmap with MAP_FIXED, shmat, shmdt
 *     act on the worker's zone only (FP_MEMORY), never its code or stack.
 *   - rt_sigaction, rt_sigprocmask, alarm, setitimer, arch_prctl: the
 *     worker's SIGALRM tick (which ends blocking calls), SIGPIPE being
 *     ignored and the TLS pointer are put back after each (FP_RESTORE).
 *   - paths are names in the worker's own directory /tmp/sysfuzz/wN (or
 *     bad pointers), so no call reaches the rest of the disk; mknod makes
 *     only /dev/null- and /dev/zero-like, binder or unknown devices; bind's
 *     AF_UNIX paths are made relative (gen.c).
 */
#include "sysfuzz.h"
#include "sysfuzz_calls.h"
#include <string.h>

#define ENTRY(nr, name, n, ...) {nr, name, n, {__VA_ARGS__}, FP_PLAIN},
struct fuzz_call fuzz_calls[] = {FUZZ_CALLS(ENTRY)};
const int fuzz_ncalls = FUZZ_NCALLS;
_Static_assert(FUZZ_NCALLS <= 512, "struct fuzz_slot's per_call is too small");

static const struct {
    const char *name;
    enum fuzz_policy policy;
    const char *why;
} policies[] = {
    {"reboot", FP_EXCLUDED, "powers the machine off"},
    {"fork", FP_FORK, NULL},
    {"vfork", FP_FORK, NULL},
    {"clone", FP_FORK, NULL},
    {"clone3", FP_FORK, NULL},
    {"rt_sigaction", FP_RESTORE, NULL},
    {"rt_sigprocmask", FP_RESTORE, NULL},
    {"alarm", FP_RESTORE, NULL},
    {"setitimer", FP_RESTORE, NULL},
    {"arch_prctl", FP_RESTORE, NULL},
    {"mmap", FP_MEMORY, NULL},
    {"munmap", FP_MEMORY, NULL},
    {"mprotect", FP_MEMORY, NULL},
    {"madvise", FP_MEMORY, NULL},
    {"msync", FP_MEMORY, NULL},
    {"shmat", FP_MEMORY, NULL},
    {"shmdt", FP_MEMORY, NULL},
};

void fuzz_calls_init(void)
{
    for (int i = 0; i < fuzz_ncalls; i++)
        for (unsigned p = 0; p < sizeof policies / sizeof policies[0]; p++)
            if (strcmp(fuzz_calls[i].name, policies[p].name) == 0)
                fuzz_calls[i].policy = policies[p].policy;
}

const char *fuzz_excluded_reason(int nr)
{
    for (int i = 0; i < fuzz_ncalls; i++)
        if (fuzz_calls[i].nr == nr)
            for (unsigned p = 0; p < sizeof policies / sizeof policies[0]; p++)
                if (strcmp(fuzz_calls[i].name, policies[p].name) == 0)
                    return policies[p].why;
    return NULL;
}
