"""Benchmark programs (user/faultbench, mmapbench, pipebench, copycount, shmbench,
msgbench, sockbench, binderbench, threadbench, splicebench):
each is built with `musl-gcc -static`, exactly as it is run on Linux in QEMU
and on pagelab, and run natively on this host in its quick mode.  The tests
check that it exits 0 and prints every row it promises, and the facts that
do not depend on speed (one fault per touched page, a skipped mechanism says
why); they never assert a timing.

`make bench` itself (tools/bench) runs end to end in its smoke mode: four
tiny programs on pagelab and on Linux 6.1 (tools/run-on-linux fetches
Debian's kernel on first use; PAGELAB_LINUX_TESTS=0 leaves Linux out), and
the report, the plots and the copy diagrams it writes must be well
formed; the report code's ratios and two-kernel plots are checked on a
report made from that run's outputs (tools/benchtool, unit checks).

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
            "sockbench", "binderbench", "threadbench", "splicebench"]
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
                  "mmap read warm", "mmap write+msync", "pipe", "read()+write() file->pipe",
                  "sendfile file->pipe", "sendfile file->socket", "splice file->pipe->file",
                  "splice+read() file->user", "tee pipe->pipe", "vmsplice user->pipe",
                  "copy_file_range", "message queue", "posix mq",
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


SPLICEBENCH_ROWS = ["read/write", "splice", "sendfile", "sendfile direct", "copy_file_range"]
# The chunk-size table of its default --sizes (4K,64K): what make bench's
# throughput plot draws.
SPLICEBENCH_SIZE_ROWS = [(size, method) for size in ("4 KiB", "64 KiB")
                         for method in ("read+write", "splice", "sendfile+splice")]


def check_splicebench(out):
    """Every method ran (none skipped) and printed its throughputs, in 64
    KiB chunks and by chunk size; the program itself compares the output
    file with the input."""
    for name in SPLICEBENCH_ROWS:
        r = row(out, name)
        ok = r is not None and len(r) == 7 and all(re.fullmatch(NUM, c) for c in r[1:5])
        yield "row_" + re.sub(r"\W+", "_", name).strip("_"), ok, f"no complete row {name!r}:\n{out}"
    for size, method in SPLICEBENCH_SIZE_ROWS:
        found = [r for r in rows(out) if r[:2] == [f"throughput {size}", method]]
        ok = len(found) == 1 and len(found[0]) == 8 and \
            all(re.fullmatch(NUM, c) for c in found[0][2:6])
        yield f"size_row_{method.replace('+', '_')}_{size.replace(' ', '')}", ok, \
            f"no complete row throughput {size} / {method}:\n{out}"


CHECKS = {"splicebench": check_splicebench, "threadbench": check_threadbench, "faultbench": check_faultbench, "mmapbench": check_mmapbench,
          "pipebench": check_pipebench, "copycount": check_copycount,
          "shmbench": check_shmbench, "msgbench": check_msgbench,
          "sockbench": check_pipebench,  # sockbench prints pipebench's three rows
          "binderbench": check_binderbench}


def names(ctx):
    """Each check function names its rows even for an empty output."""
    checks = {p: [n for n, _, _ in CHECKS[p]("")] for p in PROGRAMS}
    out = ["programs_remove_their_files", "linux/fault_around_is_off",
           "splicebench/throughput_plot_has_splice_on_both_kernels"] + MAKE_BENCH_NAMES
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
        if "splicebench" in built:
            yield from splice_plot_series(ctx, built["splicebench"], tmp)
        left = [f for f in os.listdir(tmp)]
        yield "programs_remove_their_files", not left, f"left behind: {left}"
    yield from make_bench_smoke(ctx)
    if os.environ.get("PAGELAB_LINUX_TESTS") == "1":
        yield from run_on_linux(ctx, built)
    if os.environ.get("PAGELAB_BENCH_VM") == "1":
        yield from run_on_pagelab(ctx, built)


def splice_plot_series(ctx, exe, tmp):
    """make bench's throughput plot has splicebench's panels, with a line
    for each kernel at every chunk size: its figures (BENCH_FIGURES=1, a
    native quick run with make bench's quick arguments) as the output of a
    pagelab and a Linux run, through the report and plot code."""
    import sys
    sys.path.insert(0, os.path.join(ctx.root, "tools"))
    from benchtool import plots as PL
    from benchtool import programs as P
    from benchtool import report as R
    from benchtool import runner
    prog = P.by_name()["splicebench"]
    res = subprocess.run([exe, *prog.args["quick"], "--dir", tmp], capture_output=True,
                         text=True, timeout=300, env=dict(os.environ, BENCH_FIGURES="1"))
    kernels = [k for k in P.KERNELS if k.key in ("pagelab", "linux")]
    runs = [{"program": prog.name, "config": k.key, "config_title": k.title, "status":
             res.returncode} for k in kernels]
    rep = R.build({"mode": "quick"}, [prog], lambda p: runner.configs(p, "quick", kernels), runs,
                  lambda run: res.stdout)
    series, _ = PL.throughput_series(rep, P.by_name())
    sizes = {256, 4096, 65536}  # QUICK_SWEEP, as the other IPC programs
    want = set(prog.throughput.values())
    got = {label: {k: set(per) for k, per in by_kernel.items()} for label, by_kernel in series}
    ok = res.returncode == 0 and any("splice" in w for w in want) and set(got) == want and \
        all(by_kernel == {"pagelab": sizes, "linux": sizes} for by_kernel in got.values())
    yield "splicebench/throughput_plot_has_splice_on_both_kernels", ok, \
        f"exit {res.returncode}; panels {got}, want {want} at {sizes}\n{res.stderr[-1000:]}"


def run_on_linux(ctx, built):
    tool = os.path.join(ctx.root, "tools", "run-on-linux")
    for prog in ("faultbench", "pipebench", "shmbench", "msgbench", "sockbench", "binderbench",
                 "threadbench", "splicebench"):
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


# ---- make bench, end to end (tools/bench --mode smoke) ---------------------

SMOKE = ["faultbench", "pipebench", "mmapbench", "copycount"]
MAKE_BENCH_NAMES = [
    "make_bench/smoke_exits_0", "make_bench/report_json_complete", "make_bench/report_md_tables",
    "make_bench/plots_png_and_svg", "make_bench/copy_diagrams_svg",
    "make_bench/diagram_arrows_carry_bytes", "make_bench/report_again_from_raw",
    "make_bench/ratios_and_two_kernel_plots", "make_bench/docs_block_from_report",
    "make_bench/docs_benchmarks_md_is_the_committed_report",
]


def svg_ok(path):
    import xml.etree.ElementTree as ET
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        return False, f"{path}: {e}"
    return root.tag.endswith("svg"), f"{path}: root {root.tag}"


def docs_match(ctx):
    """docs/benchmarks.md's figures are docs/bench/report.json's, as
    tools/bench --docs writes them: no figure there is typed by hand."""
    import importlib.machinery
    tool = importlib.machinery.SourceFileLoader(
        "tools_bench", os.path.join(ctx.root, "tools", "bench")).load_module()
    with open(os.path.join(ctx.root, "docs", "benchmarks.md")) as f:
        now = f.read()
    want = tool.docs_markdown()
    diff = [(a, b) for a, b in zip(now.splitlines(), want.splitlines()) if a != b][:3]
    yield "make_bench/docs_benchmarks_md_is_the_committed_report", now == want, \
        f"run tools/bench --docs DIR again; first differences: {diff}"


def make_bench_smoke(ctx):
    import sys
    sys.path.insert(0, os.path.join(ctx.root, "tools"))
    yield from docs_match(ctx)
    import json
    out = os.path.join(ctx.build, "bench-smoke")
    kernels = "pagelab" if os.environ.get("PAGELAB_LINUX_TESTS") == "0" else "pagelab linux"
    r = subprocess.run([os.path.join(ctx.root, "tools", "bench"), "--mode", "smoke", "--only",
                        " ".join(SMOKE), "--kernels", kernels, "--out", out],
                       capture_output=True, text=True, timeout=900)
    yield "make_bench/smoke_exits_0", r.returncode == 0 and "about" in r.stderr, \
        f"exit {r.returncode}\n{r.stderr[-3000:]}"
    try:
        with open(os.path.join(out, "report.json")) as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        rep = None
        detail = str(e)
    ok = rep is not None and [p["name"] for p in rep["programs"]] == SMOKE and \
        all(p["runs_ok"] == len(kernels.split()) and p["figures"] for p in rep["programs"]) and \
        all(set(f["configs"]) <= set(kernels.split()) and
            all({"median", "min", "max", "spread"} <= set(v) for v in f["configs"].values())
            for p in rep["programs"] for f in p["figures"]) and \
        all({k for f in p["figures"] for k in f["configs"]} == set(kernels.split())
            for p in rep["programs"])  # copy counts are pagelab's alone: Linux has no ledger
    if rep is not None:
        detail = json.dumps([(p["name"], p["runs_ok"], len(p["figures"])) for p in rep["programs"]])
    yield "make_bench/report_json_complete", ok, detail
    try:
        with open(os.path.join(out, "report.md")) as f:
            md = f.read()
    except OSError:
        md = ""
    ok = all(f"## {p}:" in md for p in SMOKE) and "| figure | unit | pagelab |" in md and \
        "Host load average" in md
    yield "make_bench/report_md_tables", ok, md[:3000]
    plots = []
    for name in ("faults", "throughput", "mmap"):
        png = os.path.join(out, name + ".png")
        good = os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
        svg, why = svg_ok(os.path.join(out, name + ".svg"))
        plots.append((name, good and svg, why))
    yield "make_bench/plots_png_and_svg", all(p[1] for p in plots), str(plots)
    copies_dir = os.path.join(out, "copies")
    svgs = sorted(os.listdir(copies_dir)) if os.path.isdir(copies_dir) else []
    checked = [svg_ok(os.path.join(copies_dir, f)) for f in svgs]
    want = {"pipe.svg", "message-queue.svg", "unix-socket.svg", "shared-memory.svg",
            "binder.svg", "file-read-cold.svg", "mmap-read-cold.svg", "file-write-fsync.svg"}
    yield "make_bench/copy_diagrams_svg", want <= set(svgs) and all(c[0] for c in checked), \
        f"{svgs} {[c[1] for c in checked if not c[0]]}"
    # The pictures' arrows: the pipe's bytes go in and out by CPU copies, a cold
    # file read comes from the disk by DMA, binder maps the receiver's pages.
    texts = {}
    for name in ("pipe", "file-read-cold", "binder"):
        try:
            with open(os.path.join(copies_dir, name + ".svg")) as f:
                texts[name] = f.read()
        except OSError:
            texts[name] = ""
    ok = "copy in" in texts["pipe"] and "copy out" in texts["pipe"] and \
        re.search(r"\d+ CPU cop", texts["pipe"]) and "DMA disk → memory" in texts["file-read-cold"] \
        and re.search(r"\d+ DMA transfer", texts["file-read-cold"]) and \
        ("mapped, no copy" in texts["binder"] or "skipped" in texts["binder"])
    yield "make_bench/diagram_arrows_carry_bytes", bool(ok), texts["pipe"][:2000]
    # The report again from the raw outputs, without running anything.
    again = subprocess.run([os.path.join(ctx.root, "tools", "bench"), "--from", out],
                           capture_output=True, text=True, timeout=120)
    try:
        with open(os.path.join(out, "report.json")) as f:
            rep2 = json.load(f)
    except (OSError, ValueError):
        rep2 = {"programs": []}
    same = rep is not None and [p["figures"] for p in rep2["programs"]] == \
        [p["figures"] for p in rep["programs"]]
    yield "make_bench/report_again_from_raw", again.returncode == 0 and same, again.stderr[-2000:]
    yield from report_unit_checks(ctx, out, rep)


def report_unit_checks(ctx, out, rep):
    """The report code on a run list of two kernels made from the smoke
    run's pagelab outputs (the same output as 'linux' too): every ratio is
    1 and the plots draw both; the docs block is the report's."""
    import json
    from benchtool import plots as PL
    from benchtool import programs as P
    from benchtool import report as R
    from benchtool import runner
    if rep is None:
        yield "make_bench/ratios_and_two_kernel_plots", False, "no report"
        yield "make_bench/docs_block_from_report", False, "no report"
        return
    runs = [r for r in rep["runs"] if r["config"] == "pagelab"]
    twin = [dict(r, config="linux", config_title="Linux 6.1") for r in runs]
    progs = [P.by_name()[n] for n in SMOKE]
    kernels = [k for k in P.KERNELS if k.key in ("pagelab", "linux")]

    def read_output(run):
        with open(os.path.join(out, run["output"]), errors="replace") as f:
            return f.read()

    meta = {k: rep[k] for k in ("title", "mode", "rounds", "started", "ended", "machine",
                                "command", "left_out")}
    two = R.build(meta, progs, lambda p: runner.configs(p, "smoke", kernels), runs + twin,
                  read_output)
    ratios = [v for p in two["programs"] for f in p["figures"] for k, v in f["ratios"].items()
              if k == "pagelab/linux"]
    unit_dir = os.path.join(out, "unit")
    made, _ = PL.draw_all(unit_dir, two, P.by_name())
    try:
        with open(os.path.join(unit_dir, "plots", "throughput-0.dat")) as f:
            cols = len(f.readline().split("\t"))
    except OSError:
        cols = 0
    ok = ratios and all(abs(x - 1) < 1e-9 for x in ratios) and len(made) == 6 and cols == 7
    yield "make_bench/ratios_and_two_kernel_plots", bool(ok), \
        f"{len(ratios)} ratios, {made}, {cols} columns"
    two["runs"] = runs + twin
    block = R.docs_block(two, "docs/bench")
    ok = block.startswith(R.DOCS_BEGIN) and block.rstrip().endswith(R.DOCS_END) and \
        rep["started"] in block and "| figure | unit | pagelab | Linux 6.1 | pagelab / this |" in block
    yield "make_bench/docs_block_from_report", ok, block[:2000]
