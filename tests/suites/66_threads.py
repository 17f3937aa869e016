"""Threads: tests/user/threads.c is built with musl-gcc -static
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
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm

# Checks only pagelab makes (Linux has no KernelHeap line): kernel heap and
# free frames back after the SIGKILL rounds.
PAGELAB_ONLY = 2


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
    host = vmtests.run_on_host([exe])
    host_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "threads_expectations_hold_on_linux", host.returncode == 0 and host_count > 0, \
        host.stdout[-2000:]

    # Our libc's pthreads: the same source with musl and with ours, on Linux.
    ours = os.path.join(ctx.build, "user-tests-ours", "pthreads_ours")
    mk = vmtests.make_file(ctx, ours)
    yield "pthreads_ours_builds_with_our_libc", mk.returncode == 0, mk.stderr[-2000:]
    mexe, mcc = vmtests.build_checked(ctx, "pthreads_ours")
    yield "pthreads_ours_builds_with_musl", mcc.returncode == 0, mcc.stderr[-2000:]
    ours_count = 0
    for label, binary in (("musl", mexe), ("ours", ours)):
        r = vmtests.run_on_host([binary])
        ours_count = max(ours_count, sum(1 for _ in vmtests.result_lines(r.stdout)))
        yield f"pthreads_ours_{label}_build_passes_on_linux", r.returncode == 0, r.stdout[-2000:]

    script = ("echo == threads; /bin/threads; echo == exit threads $?; "
              "echo == pthreads; /bin/pthreads_ours; echo == exit pthreads $?; "
              "echo == ps; /bin/threads ps-T; echo == exit ps $?; "
              "echo == status; cat /proc/1/status; echo == exit status $?")
    status, text, log = run_in_vm(ctx, ["sh", "-c", script],
                                  add=[vmtests.on_bin(exe), (ours, "/bin/pthreads_ours")])
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
    seen = 0
    for name, ok, detail in vmtests.result_lines(out.get("pthreads", "")):
        seen += 1
        yield f"pagelab/pthreads_ours/{name}", ok, detail
    yield "pagelab/pthreads_ours_ran_every_check", codes.get("pthreads") == 0 and \
        seen == ours_count and seen > 0, f"exit {codes.get('pthreads')}, {seen} of {ours_count}"
    yield "pagelab_kernel_did_not_panic", "panic" not in log, log[-1500:]

    # ps -T: one line per thread, the process id and each thread's own.
    ps = out.get("ps", "")
    m = re.search(r"^threads pid (\d+)$", ps, re.M)
    pid = m.group(1) if m else "?"
    rows = re.findall(rf"^\s*{pid}\s+(\d+)\s+\d+\s+\S\s+\d+\s+\d+\s+threads$", ps, re.M)
    yield "ps_T_lists_each_thread_with_its_id", codes.get("ps") == 0 and len(set(rows)) == 3 and \
        pid in rows, ps

    # /proc/PID/status in Linux's format: "Key:\tvalue" lines in its order.
    st = out.get("status", "")
    keys = re.findall(r"^([A-Za-z_]+):\t", st, re.M)
    order = ["Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
             "FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "VmSize", "VmLck", "VmHWM", "VmRSS", "VmSwap",
             "Threads", "SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"]
    in_order = [k for k in order if k in keys]
    yield "proc_status_has_linux_fields_in_linux_order", codes.get("status") == 0 and \
        keys == in_order and {"Name", "Tgid", "Pid", "PPid", "Threads", "SigBlk"} <= set(keys) and \
        re.search(r"^Name:\tinit$", st, re.M) is not None and \
        re.search(r"^Threads:\t1$", st, re.M) is not None, st
