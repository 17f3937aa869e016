"""Disk waits sleep (issue 14, item 1): tests/user/sleepio.c forks a CPU-bound
spinner and reads a cold 8 MiB file in one read() call, then streams it in
64 KiB reads; the spinner's count must move during that single call (on
pagelab's one CPU, with a kernel that is never preempted, only a reader that
sleeps for the disk lets it run) and the data must be intact.  Built with
musl-gcc -static, checked on this Linux host first, then run unmodified in
pagelab."""
import subprocess
import tempfile

import vmtests
from vmtests import RUN_TIMEOUT, run_in_vm


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "sleepio")
    yield "sleepio_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    with tempfile.TemporaryDirectory(prefix="pagelab-sleepio.") as tmp:
        host = subprocess.run([exe, tmp], capture_output=True, text=True, timeout=RUN_TIMEOUT)
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    status, text, log = run_in_vm(ctx, ["sleepio", "/tmp"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 10, \
        f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{text[-1000:]}\n{log[-1500:]}"
