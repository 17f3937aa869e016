"""Benchmark programs (user/faultbench, mmapbench, pipebench, copycount, shmbench,
msgbench, sockbench, binderbench, threadbench):
each is built with `musl-gcc -static`, exactly as it is run on Linux in QEMU
and on pagelab, and run natively on this host in its quick mode.  The tests
check that it exits 0 and prints every row it promises, and the facts that
do not depend on speed (one fault per touched page, a skipped mechanism says
why); they never assert a timing.

With PAGELAB_LINUX_TESTS=1 the same binaries also run on Linux 6.1 in QEMU
through tools/run-on-linux (needs Debian's linux-image-amd64; off by default),
and with PAGELAB_BENCH_VM=1 on pagelab through tools/run-in-vm (off until
pagelab has the processes, files, pipes and mmap they use).
"""
import os
import re
import subprocess
import tempfile

import vmtests

PROGRAMS = ["faultbench", "mmapbench", "pipebench", "copycount", "shmbench", "msgbench",
            "sockbench", "binderbench", "threadbench"]
# Programs that use the binder library (pagelab/binder.h): its sources are
# compiled in, as our libc links them into /bin.
WITH_BINDER_LIB = {"copycount", "binderbench"}
WARNINGS = ["-Wall", "-Wextra", "-Werror"]
NUM = r"[0-9]+(?:\.[0-9]+)?"


def build(ctx, prog, out_dir):
    exe = os.path.join(out_dir, prog)
    extra = vmtests.binder_lib_sources(ctx) if prog in WITH_BINDER_LIB else []
    return exe, vmtests.musl_build(os.path.join(ctx.root, "user", prog + ".c"), exe,
                                   WARNINGS + extra)


def rows(out):
    """Table rows: lines whose columns are split by two or more spaces."""
    return [re.split(r"\s{2,}", l.strip()) for l in out.splitlines() if "  " in l.strip()]


def row(out, first):
    for r in rows(out):
        if r[0] == first:
            return r
    return None


def check_faultbench(out):
    for case, faults in [("touch-mapped", (0.0, 0.0)), ("anon-first-touch", (0.95, 1.1)),
                         ("file-cached-read", None), ("cow-after-fork", (0.95, 1.1)),
                         ("cow-private-file", (0.95, 1.1))]:
        r = row(out, case)
        if not r or len(r) != 9 or not all(re.fullmatch(NUM, c) for c in r[1:]):
            yield case, False, f"no complete row for {case}:\n{out}"
            continue
        ok = faults is None or faults[0] <= float(r[8]) <= faults[1]
        yield case, ok, f"faults/touch {r[8]}, expected {faults}"


def check_mmapbench(out):
    for size in ("40000 B", "1 MiB"):
        for cache in ("cold", "warm"):
            found = [r for r in rows(out) if r[:2] == [size, cache]]
            ok = len(found) == 1 and len(found[0]) >= 5 and \
                all(re.fullmatch(NUM, c) for c in found[0][2:5])
            yield f"{size.replace(' ', '')}_{cache}", ok, f"row {size} {cache} missing:\n{out}"
    m = re.search(rf"^seqread +4 MiB cold, 1 MiB read\(\)s: ({NUM}) ms, ({NUM}) MB/s", out, re.M)
    yield "seqread_figure", m is not None, f"no sequential-read line:\n{out}"


def check_pipebench(out):
    for name, cols in [("throughput 4 KiB", 5), ("throughput 64 KiB", 5), ("round trip 1 B", 5)]:
        r = row(out, name)
        ok = r is not None and all(re.fullmatch(NUM, c) for c in r[2:cols])
        yield name.replace(" ", "_"), ok, f"no row {name}:\n{out}"


MSGBENCH_ROWS = ["throughput 4 KiB", "throughput 64 KiB", "mq throughput 4 KiB",
                 "mq throughput 64 KiB", "round trip 1 B", "mq round trip 1 B"]


def check_msgbench(out):
    for name in MSGBENCH_ROWS:
        r = row(out, name)
        ok = r is not None and all(re.fullmatch(NUM, c) for c in r[2:5])
        yield name.replace(" ", "_"), ok, f"no row {name}:\n{out}"


def check_shmbench(out):
    for name in ("futex, anonymous", "futex, memfd", "semaphore", "pipe 1 B"):
        r = row(out, name)
        ok = r is not None and len(r) == 5 and all(re.fullmatch(NUM, c) for c in r[1:4])
        yield "row_" + re.sub(r"\W+", "_", name).strip("_"), ok, f"no row {name}:\n{out}"


COPYCOUNT_ROWS = ["file write()+fsync", "file read() cold", "file read() warm", "mmap read cold",
                  "mmap read warm", "mmap write+msync", "pipe", "message queue", "posix mq",
                  "unix socket", "shared memory", "memfd passed", "memfd over SCM_RIGHTS",
                  "shm_open"]
# Rows whose payload must cost no CPU copy at all where the ledger exists
# (two processes through one shared object: stores by one, loads by the other).
ZERO_COPY_ROWS = ["shared memory", "memfd passed", "memfd over SCM_RIGHTS", "shm_open"]
# Rows whose figures do not depend on the kernel having a ledger: the data
# really went through (bytes moved) between two processes, and the shared
# memory row took its faults (at least one per page on each side).
IPC_ROWS = ["message queue", "posix mq", "shared memory"]


def check_copycount(out):
    ledger = "ledger: not available" not in out
    for name in COPYCOUNT_ROWS:
        r = row(out, name)
        ok = r is not None and len(r) in (8, 9) and r[1] == str(64 << 10)
        if ok and ledger:
            ok = all(re.fullmatch(NUM, c) for c in r[2:6])
        yield "row_" + re.sub(r"\W+", "_", name).strip("_"), ok, f"row {name!r}: {r}\n{out}"
    for name in IPC_ROWS:
        r = row(out, name)
        ok = r is not None and not r[1].startswith("skipped") and re.fullmatch(r"\d+", r[6] or "")
        if ok and name == "shared memory":
            ok = int(r[6]) >= 2 * (64 << 10) // 4096
        yield "ipc_row_ran_" + re.sub(r"\W+", "_", name), bool(ok), f"row {name!r}: {r}\n{out}"
    if ledger:
        for name in ZERO_COPY_ROWS:
            r = row(out, name)
            ok = r is not None and len(r) >= 6 and r[2] == "0.00" and r[3] == "0.00" and \
                0.99 <= float(r[5]) <= 1.01
            yield "zero_cpu_copies_" + re.sub(r"\W+", "_", name).strip("_"), ok, \
                f"row {name!r} (cpu/B, dev/B must be 0.00, zero/B 1.00: each page zero-filled once): {r}"
    # Binder: where there is no binder device (this host) the row says so;
    # where there is, one CPU copy per byte, nothing by a device.
    r = row(out, "binder")
    if r is not None and r[1].startswith("skipped: "):
        ok = "binder" in r[1]
    else:
        ok = r is not None and len(r) in (8, 9) and r[1] == str(64 << 10)
        if ok and ledger:
            ok = r[2] == "1.00" and r[3] == "0.00"
    yield "binder_one_cpu_copy_per_byte_or_a_skip_naming_the_device", ok, f"row binder: {r}\n{out}"


def check_binderbench(out):
    for size in ("4 KiB", "64 KiB"):
        for mech in ("binder call", "binder 1-way", "pipe"):
            found = [r for r in rows(out) if r[:2] == [f"throughput {size}", mech]]
            ok = len(found) == 1 and (re.fullmatch(NUM, found[0][2]) is not None or
                                      found[0][2].startswith("skipped: "))
            yield f"{mech.replace(' ', '_')}_{size.replace(' ', '')}", ok, f"no row {mech} {size}:\n{out}"
    found = [r for r in rows(out) if r[0] == "round trip 4 B"]
    yield "round_trip_rows", len(found) >= 3, out


def check_threadbench(out):
    for name, unit in (("create+join", "us/thread"), ("futex, threads", "us/round trip"),
                       ("futex, processes", "us/round trip"), ("mutex, 4 threads", "ns/lock+unlock")):
        r = row(out, name)
        ok = r is not None and len(r) == 6 and all(re.fullmatch(NUM, c) for c in r[1:4]) and \
            r[4] == unit
        yield re.sub(r"\W+", "_", name).strip("_"), ok, f"no complete row {name!r}:\n{out}"


CHECKS = {"threadbench": check_threadbench, "faultbench": check_faultbench, "mmapbench": check_mmapbench,
          "pipebench": check_pipebench, "copycount": check_copycount,
          "shmbench": check_shmbench, "msgbench": check_msgbench,
          "sockbench": check_pipebench,  # sockbench prints pipebench's three rows
          "binderbench": check_binderbench}


def names(ctx):
    """Each check function names its rows even for an empty output."""
    checks = {p: [n for n, _, _ in CHECKS[p]("")] for p in PROGRAMS}
    out = ["programs_remove_their_files", "linux/fault_around_is_off"]
    for p in PROGRAMS:
        out += [f"{p}/builds_static_with_musl", f"{p}/native_quick_exits_0", f"{p}/rejects_unknown_option",
                f"linux/{p}_exits_0", f"pagelab/{p}_exits_0"]
        out += [f"{where}{p}_{n}" for where in ("linux/", "pagelab/") for n in checks[p]]
        out += [f"{p}/native_{n}" for n in checks[p]]
    return out


def run_native(exe, prog, tmp):
    args = [exe, "--quick"] + ([] if prog in ("pipebench", "shmbench", "msgbench", "sockbench",
                                              "binderbench", "threadbench")
                               else ["--dir", tmp])
    return subprocess.run(args, capture_output=True, text=True, timeout=300)


def run(ctx):
    out_dir = os.path.join(ctx.build, "bench-host")
    os.makedirs(out_dir, exist_ok=True)
    built = {}
    for prog in PROGRAMS:
        exe, cc = build(ctx, prog, out_dir)
        yield f"{prog}/builds_static_with_musl", cc.returncode == 0, cc.stderr[-2000:]
        if cc.returncode == 0:
            built[prog] = exe
    with tempfile.TemporaryDirectory(prefix="pagelab-bench.") as tmp:
        for prog, exe in built.items():
            res = run_native(exe, prog, tmp)
            yield f"{prog}/native_quick_exits_0", res.returncode == 0, \
                f"exit {res.returncode}\n{res.stdout[-1500:]}\n{res.stderr[-1500:]}"
            for name, ok, detail in CHECKS[prog](res.stdout):
                yield f"{prog}/native_{name}", ok, detail
            bad = subprocess.run([exe, "--no-such-option"], capture_output=True, text=True)
            yield f"{prog}/rejects_unknown_option", bad.returncode == 2 and "usage" in bad.stderr, \
                f"exit {bad.returncode}: {bad.stderr}"
        left = [f for f in os.listdir(tmp)]
        yield "programs_remove_their_files", not left, f"left behind: {left}"
    if os.environ.get("PAGELAB_LINUX_TESTS") == "1":
        yield from run_on_linux(ctx, built)
    if os.environ.get("PAGELAB_BENCH_VM") == "1":
        yield from run_on_pagelab(ctx, built)


def run_on_linux(ctx, built):
    tool = os.path.join(ctx.root, "tools", "run-on-linux")
    for prog in ("faultbench", "pipebench", "shmbench", "msgbench", "sockbench", "binderbench",
                 "threadbench"):
        if prog not in built:
            continue
        res = subprocess.run([tool, "--timeout", "300", "--", built[prog], "--quick"],
                             capture_output=True, text=True, timeout=400)
        yield f"linux/{prog}_exits_0", res.returncode == 0, \
            f"exit {res.returncode}\n{res.stdout[-1500:]}\n{res.stderr[-1500:]}"
        for name, ok, detail in CHECKS[prog](res.stdout):
            yield f"linux/{prog}_{name}", ok, detail
        if prog == "binderbench":
            # Linux 6.1 has binder_linux (run-on-linux loads it): real rows.
            found = [x for x in rows(res.stdout) if x[:2] == ["throughput 64 KiB", "binder 1-way"]]
            yield "linux/binderbench_measures_binder", \
                len(found) == 1 and re.fullmatch(NUM, found[0][2]) is not None, res.stdout
        if prog == "faultbench":
            # run-on-linux turns fault-around off: one fault per file page.
            r = row(res.stdout, "file-cached-read")
            ok = r is not None and 0.95 <= float(r[8]) <= 1.1
            yield "linux/fault_around_is_off", ok, f"file-cached-read row: {r}"


def run_on_pagelab(ctx, built):
    tool = os.path.join(ctx.root, "tools", "run-in-vm")
    for prog, exe in built.items():
        guest = f"/tmp/{prog}"
        args = [guest, "--quick"] + ([] if prog in ("pipebench", "shmbench", "msgbench",
                                                     "binderbench")
                                     else ["--dir", "/tmp"])
        res = subprocess.run([tool, "--add", f"{exe}:{guest}", "--", *args],
                             capture_output=True, text=True, timeout=600)
        yield f"pagelab/{prog}_exits_0", res.returncode == 0, \
            f"exit {res.returncode}\n{res.stdout[-1500:]}\n{res.stderr[-1500:]}"
        for name, ok, detail in CHECKS[prog](res.stdout):
            yield f"pagelab/{prog}_{name}", ok, detail
