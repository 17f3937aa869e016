"""System V IPC and POSIX message queues: tests/user/sysvipc.c (msgget/msgsnd/msgrcv/msgctl,
shmget/shmat/shmdt/shmctl, semget/semop/semtimedop/semctl, their limits in
/proc/sys and /proc/sysvipc) and tests/user/posixmq.c (mq_open ...
mq_notify) are built with musl-gcc -static and run on this Linux host first
(in an IPC namespace of their own, so the expectations are Linux's and the
host's objects are not touched), then unmodified inside pagelab, one result
per check; tests/user/ipcedge.c the same way for the corner cases (msgtyp
LONG_MIN, the message-count limit, GETNCNT of a multi-op sleeper, the exit
undo's clamp, removed segments across fork, mode bits for nobody, mq
notification's siginfo and its end at the owner's close).
tests/user/ipcstress.c makes and removes thousands of objects and attachments and kills sleepers; inside pagelab it must leave the kernel
heap and the free frames exactly as it found them.  Then ipcs and ipcrm in
/bin, and copycount's message-queue, shared-memory and POSIX mq rows."""
import os
import re
import shutil
import subprocess

import vmtests
from vmtests import RUN_TIMEOUT, run_in_vm


def host_then_pagelab(ctx, name, minimum):
    """Runs tests/user/NAME.c on the host, then in pagelab: the results."""
    exe, cc = vmtests.build_checked(ctx, name)
    yield f"{name}_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    host = vmtests.run_on_host([exe])
    yield f"{name}/expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
    status, text, log = run_in_vm(ctx, [name], add=[vmtests.on_bin(exe)])
    seen = 0
    for check, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}/{check}", ok, detail
    linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield f"pagelab/{name}/ran_every_check", status == 0 and seen == linux_count and seen >= minimum, \
        f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"


def stress(ctx):
    exe, cc = vmtests.build_checked(ctx, "ipcstress")
    yield "ipcstress_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    host = vmtests.run_on_host([exe])
    yield "ipcstress/workload_holds_on_linux", host.returncode == 0, host.stdout[-2000:]
    status, text, log = run_in_vm(ctx, ["ipcstress"], add=[vmtests.on_bin(exe)])
    results = list(vmtests.result_lines(text))
    for check, ok, detail in results:
        yield f"pagelab/ipcstress/{check}", ok, detail
    names = {c for c, _, _ in results}
    want = {"kernel_heap_objects_and_bytes_return_to_where_they_started",
            "free_frames_return_to_where_they_started"}
    yield "pagelab/ipcstress/memory_was_measured", status == 0 and want <= names, \
        f"status {status}\n{text[-1500:]}\n{log[-800:]}"


# ipcs and ipcrm (in /bin, our libc) on objects `sysvipc --make` leaves
# behind: the same script runs on the host with util-linux's ipcs and ipcrm
# (in a new IPC namespace) when they are there, and must print the same.
TOOLS_SCRIPT = ("sysvipc --make; ipcs; echo ===; ipcs -q; ipcs -m -s; "
                "ipcrm -q 77; echo status $?; ipcrm -Q 0x777; echo status $?; "
                "ipcrm -q 1 -Q 0x1234 -M 0x5678 -s 0; echo status $?; ipcs -a; "
                "ipcrm -q abc; echo status $?")


def tools(ctx, exe):
    status, text, log = run_in_vm(ctx, ["sh", "-c", TOOLS_SCRIPT], add=[vmtests.on_bin(exe)])
    rows = re.findall(r"^0x[0-9a-f]{8} .*$", text, re.M)
    ok = status == 0 and len(rows) == 8 and \
        "0x00001234 0          root       640        5            1           " in rows and \
        "0x00005678 0          root       666        10000      0                 locked" in rows and \
        "0x00009abc 0          root       600        3         " in rows
    yield "ipcs_lists_queues_segments_and_sets_in_util_linux_columns", ok, \
        f"status {status}\n{text}\n{log[-800:]}"
    statuses = re.findall(r"^status (\d+)$", text, re.M)
    tail = text.split("status 0\n")[-1]  # what ipcs shows after the removals
    yield "ipcrm_removes_by_id_and_key_and_reports_errors", \
        statuses == ["1", "1", "0", "1"] and "invalid id (77)" in text and \
        "invalid key (0x777)" in text and not re.search(r"^0x", tail, re.M), text
    if shutil.which("ipcs") and shutil.which("ipcrm") and shutil.which("unshare"):
        host = subprocess.run(["unshare", "--ipc", "sh", "-c", f"({TOOLS_SCRIPT}) 2>&1"],
                              capture_output=True,
                              text=True, timeout=RUN_TIMEOUT,
                              env={**os.environ, "PATH": os.path.dirname(exe) + ":" + os.environ["PATH"]})
        if host.returncode == 0 and "invalid option" not in host.stderr:
            yield "ipcs_and_ipcrm_print_what_util_linux_prints", \
                host.stdout == text.replace("\r\n", "\n"), \
                f"util-linux:\n{host.stdout}\npagelab:\n{text}"


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    yield from host_then_pagelab(ctx, "sysvipc", 150)
    yield from host_then_pagelab(ctx, "posixmq", 70)
    yield from host_then_pagelab(ctx, "ipcedge", 80)
    yield from stress(ctx)

    yield from tools(ctx, os.path.join(vmtests.user_test_dir(ctx), "sysvipc"))

    # msgbench checks every message it receives; its timings are not asserted here.
    status, text, log = run_in_vm(ctx, ["msgbench", "--bytes", "1M", "--rounds", "1",
                                        "--roundtrips", "100"])
    ok = status == 0 and all(re.search(rf"^{r} +[\d.]+ +[\d.]+", text, re.M)
                             for r in ("throughput 4 KiB", "throughput 64 KiB", "mq throughput 4 KiB",
                                       "mq throughput 64 KiB"))
    yield "msgbench_runs_with_our_libc_and_sees_correct_data", ok, \
        f"status {status}\n{text}\n{log[-800:]}"
