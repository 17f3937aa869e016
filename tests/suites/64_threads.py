"""Threads (issue 12): tests/user/threads.c is built with musl-gcc -static
and run on this Linux host first (the expectations are Linux's), then
unmodified inside pagelab: musl's pthreads (create, join, detach, mutex,
condvar, rwlock, barrier, semaphore, TLS, once, keys), what threads share
and keep apart, thread-group semantics (exit, exit_group, a fatal signal, a
fault, execve from a thread, wait4 from any thread), tkill/tgkill/raise/
abort, timers, /proc/PID/task, bad clone input, a thread bomb under
RLIMIT_NPROC and SIGKILL of threads blocked in syscalls, with no kernel
memory left behind (pagelab only: the KernelHeap line of /proc/meminfo).
Then /proc/PID/status in Linux's format and `ps -T`, and our libc's
pthreads (tests/user/pthreads_ours.c, built with pagelab's libc)."""
import re
import subprocess

import vmtests
from vmtests import RUN_TIMEOUT, run_in_vm

# Checks only pagelab makes (Linux has no KernelHeap line).
PAGELAB_ONLY = 1


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "threads")
    yield "threads_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    host = subprocess.run([exe], capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd="/tmp")
    host_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "threads_expectations_hold_on_linux", host.returncode == 0 and host_count > 0, \
        host.stdout[-2000:]

    script = ("echo == threads; /bin/threads; echo == exit threads $?; "
              "echo == ps; ps -T; echo == exit ps $?")
    status, text, log = run_in_vm(ctx, ["sh", "-c", script], add=[vmtests.on_bin(exe)])
    out, codes = {}, {}
    for m in re.finditer(r"^== (\S+)\n(.*?)^== exit \1 (\d+)$", text, re.M | re.S):
        out[m.group(1)], codes[m.group(1)] = m.group(2), int(m.group(3))
    seen = 0
    for name, ok, detail in vmtests.result_lines(out.get("threads", "")):
        seen += 1
        yield f"pagelab/threads/{name}", ok, detail
    want = host_count + PAGELAB_ONLY
    yield "pagelab/threads_ran_every_check", codes.get("threads") == 0 and seen == want, \
        f"exit {codes.get('threads')}, {seen} checks on pagelab, {want} expected\n{log[-1500:]}"
    yield "pagelab_kernel_did_not_panic", "panic" not in log, log[-1500:]
