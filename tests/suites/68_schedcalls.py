"""Scheduling attributes, prctl, positioned vector I/O and robust futexes:
tests/user/schedcalls.c is built with musl-gcc -static and run on this
Linux host first (as root, so the expectations are Linux's), then
unmodified inside pagelab: policies and their ranges, nice values per
thread and across fork, CPU affinity and getcpu, PR_SET_NAME /
PR_SET_PDEATHSIG / PR_SET_DUMPABLE, preadv/pwritev and the "2" forms with
their flags, and a robust mutex whose owner died (EOWNERDEAD)."""
import os

import vmtests
from vmtests import run_in_vm


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "schedcalls.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "schedcalls")
    yield "schedcalls_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    host = vmtests.run_on_host([exe, "/tmp"])
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    status, text, log = run_in_vm(ctx, ["schedcalls", "/tmp"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 60, \
        f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"
