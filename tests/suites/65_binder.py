"""Binder: Linux's binder protocol through /dev/binder.

tests/user/binder.c is built with musl-gcc -static and run first on Linux
6.1's own binder driver (binder_linux, loaded by tools/run-on-linux), so the
expectations are Linux's, then unmodified inside pagelab: the device and its
mmap rules, calls, replies, one-way order, nested calls, dead replies, death
notices, object and descriptor translation, node counts and bad input.  Then
tests/user/binderleak.c runs it three more times inside pagelab and checks
/proc/binder/stats and MemFree: every object, buffer and frame comes back,
and unused frames of a receive area go back on drop_caches.  Last, the
service manager started by init, /bin/service, /bin/binderdemo (the ledger
shows one cross-space copy per byte) and copycount's binder row."""
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm

LINUX_TIMEOUT = 300


def build(ctx, name):
    """binder.c also links the binder library (its library_pool checks)."""
    exe = os.path.join(vmtests.user_test_dir(ctx), name)
    src = os.path.join(ctx.root, "tests", "user", name + ".c")
    lib = vmtests.binder_lib_sources(ctx) if name == "binder" else []
    return exe, vmtests.musl_build(src, exe, ["-Wall", "-Werror", *lib])


def on_linux(ctx, exe):
    """(exit status, output) of exe on Linux 6.1 with binder_linux."""
    tool = os.path.join(ctx.root, "tools", "run-on-linux")
    r = subprocess.run([tool, "--timeout", str(LINUX_TIMEOUT), "--", exe], capture_output=True,
                       text=True, timeout=LINUX_TIMEOUT + 60)
    return r.returncode, r.stdout + r.stderr


def lines_after(text, start):
    """The lines of text from the first one starting with start on."""
    out = text.splitlines()
    for i, line in enumerate(out):
        if line.startswith(start):
            return out[i:]
    return []


def check_session(text):
    """The service manager, service, binderdemo and copycount session."""
    lines = text.splitlines()
    yield "servicemanager_answers_at_boot", bool(lines) and lines[0] == "Found 0 services:", text
    yield "service_list_shows_echo", "0\techo: [org.pagelab.IEcho]" in lines, text
    yield "service_check_finds_echo", "Service echo: found" in lines, text
    yield "service_call_echoes_a_string16", \
        any(l.startswith("Result: Parcel(00000005 00650068 006c006c 0000006f") for l in lines), text
    # After the echo service exits, the service manager hears of its death.
    after_quit = lines_after(text, "Result: Parcel(NULL)")
    yield "dead_service_leaves_the_list", "Found 0 services:" in after_quit[:3], text
    demo = lines_after(text, "binderdemo:")
    call = next((l for l in demo if l.startswith("call echo (")), "")
    m = re.match(r"call echo \((\d+) \+ (\d+) B\)\s+(\d+)", call)
    yield "demo_call_is_one_cross_space_copy", \
        m is not None and int(m.group(3)) == int(m.group(1)) + int(m.group(2)), call
    read = next((l for l in demo if l.startswith("read the reply in place")), "")
    nums = re.findall(r"\s(\d+)\s", read)
    yield "demo_reply_is_read_in_place", nums[:4] == ["0", "0", "0", "0"] and "all equal" in read, read
    svc = next((l for l in demo if l.startswith("the echo service's ledger:")), "")
    yield "demo_service_copied_its_reply_once", svc.startswith(
        "the echo service's ledger: 65536 bytes copied cross-space"), svc
    row = next((l for l in lines if l.startswith("binder ") and "65536" in l), "")
    cols = row.split()
    yield "copycount_binder_row_is_one_copy", cols[2:4] == ["1.00", "0.00"], row
    for f in ("state", "stats", "transactions", "transaction_log", "failed_transaction_log"):
        yield f"proc_binder_{f}_listed", f in lines, text
    yield "transaction_log_records_calls_and_replies", \
        any(re.match(r"\d+: call from \d+:\d+ to \d+:\d+ context \w+", l) for l in lines) and \
        any(re.match(r"\d+: reply from", l) for l in lines), text


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = build(ctx, "binder")
    yield "binder_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    leak, cc2 = build(ctx, "binderleak")
    yield "binderleak_c_builds", cc2.returncode == 0, cc2.stderr[-2000:]
    if cc.returncode or cc2.returncode:
        return

    status, linux_out = on_linux(ctx, exe)
    linux = list(vmtests.result_lines(linux_out))
    yield "expectations_hold_on_linux_binder", status == 0 and linux and all(ok for _, ok, _ in linux), \
        "\n".join(f"{n}: {d}" for n, ok, d in linux if not ok) or linux_out[-2000:]

    status, text, log = run_in_vm(ctx, ["sh", "-c", "bindertest; binderleak /bin/bindertest"],
                                  add=[(exe, "/bin/bindertest"), (leak, "/bin/binderleak")])
    names = {n for n, _, _ in linux}
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += name in names
        yield f"pagelab/{name}", ok, detail
    yield "pagelab_ran_every_linux_check", status == 0 and seen == len(names) and seen >= 100, \
        f"status {status}, {seen} of {len(names)} Linux checks on pagelab\n{log[-1500:]}"

    session = ("service list; binderdemo --serve; service list; service check echo; "
               "service call echo 1 s16 hello; service call echo 3; service list; "
               "binderdemo; copycount --quick; ls /proc/binder; cat /proc/binder/transaction_log")
    status, text, log = run_in_vm(ctx, ["sh", "-c", session])
    yield "session_exits_0", status == 0, f"status {status}\n{text[-1500:]}\n{log[-1500:]}"
    yield from check_session(text)
