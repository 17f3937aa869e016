"""Disk waits sleep: while one process waits in
a single read() for the disk (tests/user/sleepio.c reads 8 MiB, dropped
from the page cache, in one call), another process runs.  The kernel never
preempts kernel code, so the spinner counts only if the reader's waits give
up the CPU."""
import os
import vmtests
from vmtests import run_in_vm


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "sleepio.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "sleepio")
    yield "sleepio_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    status, text, log = run_in_vm(ctx, ["sleepio"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    yield "sleepio_ran_every_check", status == 0 and seen == 4, f"status {status}\n{text}\n{log[-1500:]}"
