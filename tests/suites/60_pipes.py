"""Pipes: tests/user/pipes.c is built with musl-gcc
-static and run on this Linux host first (so the expectations are Linux's),
then unmodified inside pagelab through tools/run-in-vm, one result per
check: blocking reads and writes, EOF, EPIPE + SIGPIPE, EAGAIN with
O_NONBLOCK, atomic PIPE_BUF writes from two writers, pipe2 flags, EFAULT,
EBADF.  tests/user/pipeedge.c the same way: pipe sizes (F_SETPIPE_SZ),
O_DIRECT packets, end of file under poll, epoll re-arming.  Then the shell's pipelines and pipebench's data check (not its
timings) inside pagelab."""
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "pipes.c")
    edge = os.path.join(ctx.root, "tests", "user", "pipeedge.c")
    return vmtests.yielded_patterns(__file__, {
        "pagelab/*": vmtests.check_names(src, prefix="pagelab/"),
        "pipeedge/pagelab/*": vmtests.check_names(edge, prefix="pipeedge/pagelab/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "pipes")
    yield "pipes_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return

    host = vmtests.run_on_host([exe])
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    status, text, log = run_in_vm(ctx, ["pipes"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 40, \
        f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"

    # The corner cases: F_GETPIPE_SZ and F_SETPIPE_SZ, O_DIRECT packets,
    # end of file under O_NONBLOCK and poll, epoll re-arming.
    exe, cc = vmtests.build_checked(ctx, "pipeedge")
    yield "pipeedge/builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode == 0:
        host = vmtests.run_on_host([exe])
        yield "pipeedge/expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
        status, text, log = run_in_vm(ctx, ["pipeedge"], add=[vmtests.on_bin(exe)])
        seen = 0
        for name, ok, detail in vmtests.result_lines(text):
            seen += 1
            yield f"pipeedge/pagelab/{name}", ok, detail
        linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
        yield "pipeedge/pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 40, \
            f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"

    # The shell joins commands with pipes; a long stream arrives whole.
    status, text, log = run_in_vm(ctx, ["sh", "-c",
                                        "echo one two three | wc -w; "
                                        "cat /bin/sh /bin/sh | wc -c; wc -c < /bin/sh; "
                                        "cat /bin/sh | cat | cat | wc -c"])
    nums = [int(x) for x in text.split()] if re.fullmatch(r"[\d\s]*", text) else []
    ok = status == 0 and len(nums) == 4 and nums[0] == 3 and nums[1] == 2 * nums[2] and nums[3] == nums[2] > 10000
    yield "shell_pipelines_carry_every_byte", ok, f"status {status}: {text!r}\n{log[-800:]}"

    # pipebench checks every message it receives; its timings are not asserted here.
    status, text, log = run_in_vm(ctx, ["pipebench", "--bytes", "1M", "--rounds", "1", "--roundtrips", "100"])
    ok = status == 0 and all(re.search(rf"^{r} +\S+ +[\d.]+", text, re.M)
                             for r in ("throughput 4 KiB", "throughput 64 KiB", "round trip 1 B"))
    yield "pipebench_runs_with_our_libc_and_sees_correct_data", ok, f"status {status}\n{text}\n{log[-800:]}"
