"""Signals and the process model as POSIX has them: tests/user/jobsig.c is
built with musl-gcc -static and run on this Linux host first (so the
expectations are Linux's), then unmodified inside pagelab, one result per
check: job control (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, waitpid
with WUNTRACED and WCONTINUED, SIGCHLD's CLD_* codes, SA_NOCLDSTOP, a stop
takes every thread), sigqueue and SA_SIGINFO, sigtimedwait, sigsuspend,
SA_NOCLDWAIT and SIGCHLD ignored, SA_RESTART, times and the CPU-time
clocks.  Then tests/user/sessions.c (setsid, getsid, setpgid's errors, subreapers, the T state,
orphaned process groups) and tests/user/fsmisc.c the same way: statfs and fstatfs, fcntl
record locks and flock, mmap of /dev/zero, bad mapping types, file times
through mappings; tests/user/ptimers.c (POSIX timers), tests/user/signalfd.c and
tests/user/filecalls.c (creat, utimes, futimesat, syncfs, close_range).  Each is also built
with our libc and run on Linux."""
import os

import vmtests
from vmtests import run_in_vm

PROGRAMS = (("jobsig", 50), ("fsmisc", 20), ("sessions", 14), ("ptimers", 55), ("signalfd", 30),
            ("filecalls", 25))


def names(ctx):
    found = []
    for prog, _ in PROGRAMS:
        src = os.path.join(ctx.root, "tests", "user", prog + ".c")
        if os.path.exists(src):
            found += [prog + "/" + n for n in vmtests.check_names(src, prefix="pagelab/")]
    return vmtests.yielded_patterns(__file__, {"*/pagelab/*": found})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    for prog, least in PROGRAMS:
        if not os.path.exists(os.path.join(ctx.root, "tests", "user", prog + ".c")):
            continue
        exe, cc = vmtests.build_checked(ctx, prog)
        yield f"{prog}/builds", cc.returncode == 0, cc.stderr[-2000:]
        if cc.returncode:
            continue
        host = vmtests.run_on_host([exe], cwd="/tmp")
        yield f"{prog}/expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

        status, text, log = run_in_vm(ctx, [prog], add=[vmtests.on_bin(exe)])
        seen = 0
        for name, ok, detail in vmtests.result_lines(text):
            seen += 1
            yield f"{prog}/pagelab/{name}", ok, detail
        linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
        yield f"{prog}/pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= least, \
            f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"

        # The same source with our libc (its POSIX names: sigqueue, sigtimedwait,
        # times, statfs, flock, clock_getcpuclockid ...), on Linux.
        ours = os.path.join(ctx.build, "user-tests-ours", prog)
        mk = vmtests.make_file(ctx, ours)
        yield f"{prog}/builds_with_our_libc", mk.returncode == 0, mk.stderr[-2000:]
        if mk.returncode == 0:
            r = vmtests.run_on_host([ours], cwd="/tmp")
            n = sum(1 for _ in vmtests.result_lines(r.stdout))
            yield f"{prog}/our_libc_build_passes_on_linux", r.returncode == 0 and n == linux_count, \
                f"{n} of {linux_count} checks\n{r.stdout[-2000:]}"
