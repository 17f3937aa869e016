"""Pipes (issue 6, item 1): tests/user/pipes.c is built with musl-gcc
-static and run on this Linux host first (so the expectations are Linux's),
then unmodified inside pagelab through tools/run-in-vm, one result per
check: blocking reads and writes, EOF, EPIPE + SIGPIPE, EAGAIN with
O_NONBLOCK, atomic PIPE_BUF writes from two writers, pipe2 flags, EFAULT,
EBADF.  Then the shell's pipelines and pipebench's data check (not its
timings) inside pagelab."""
import os
import re
import shutil
import subprocess

RUN_TIMEOUT = 120


def run_in_vm(ctx, args, add=()):
    cmd = [os.path.join(ctx.root, "tools", "run-in-vm"), "--timeout", str(RUN_TIMEOUT)]
    for host, guest in add:
        cmd += ["--add", f"{host}:{guest}"]
    r = subprocess.run(cmd + ["--", *args], capture_output=True, timeout=RUN_TIMEOUT + 30)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def checks(text):
    for line in text.splitlines():
        m = re.match(r"(ok|FAIL) (\S+?):?(?: (.*))?$", line)
        if m:
            yield m.group(2), m.group(1) == "ok", m.group(3) or ""


def run(ctx):
    if not shutil.which("musl-gcc"):
        yield "musl_gcc_present", False, "musl-gcc is missing (Debian package musl-tools)"
        return
    for target in ("build/disk.img",):
        if not os.path.exists(os.path.join(ctx.root, target)):
            subprocess.run(["make", "-s", "-C", ctx.root, target], capture_output=True)
    out = os.path.join(ctx.build, "user-tests")
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(out, "pipes")
    cc = subprocess.run(["musl-gcc", "-static", "-O2", "-Wall", "-Werror", "-o", exe,
                         os.path.join(ctx.root, "tests", "user", "pipes.c")], capture_output=True, text=True)
    yield "pipes_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return

    host = subprocess.run([exe], capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd="/tmp")
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    status, text, log = run_in_vm(ctx, ["pipes"], add=[(exe, "/bin/pipes")])
    seen = 0
    for name, ok, detail in checks(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    linux_count = sum(1 for _ in checks(host.stdout))
    yield "pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 40, \
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
