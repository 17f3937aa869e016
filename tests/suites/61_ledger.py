"""The copy ledger against known operations (issue 6, item 5), inside
pagelab: tests/user/copyledger.c (built with musl-gcc -static) measures LEDGER_SELF
deltas around a pipe transfer, cached and cold read(), warm and cold mmap
reads, a COW write and fork, and checks the syscall's errors and
/proc/self/copies.  Then user/copycount (built with our libc, on the disk)
must print the same per-byte figures for each mechanism, and user/mmapbench
its ledger columns (read+write: 2 CPU copies per byte; mmap: none)."""
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


# copycount rows: (cpu/B, dev/B) that the ledger must show for each mechanism.
COPYCOUNT_EXPECT = {
    "file read() warm": ("1.00", "0.00"),
    "file read() cold": ("1.00", "1.00"),
    "mmap read warm": ("0.00", "0.00"),
    "mmap read cold": ("0.00", "1.00"),
    "pipe": ("2.00", "0.00"),
}


def run(ctx):
    if not shutil.which("musl-gcc"):
        yield "musl_gcc_present", False, "musl-gcc is missing (Debian package musl-tools)"
        return
    out = os.path.join(ctx.build, "user-tests")
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(out, "copyledger")
    cc = subprocess.run(["musl-gcc", "-static", "-O2", "-Wall", "-Werror", "-o", exe,
                         os.path.join(ctx.root, "tests", "user", "copyledger.c")], capture_output=True, text=True)
    yield "copyledger_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    status, text, log = run_in_vm(ctx, ["copyledger", "/tmp"], add=[(exe, "/bin/copyledger")])
    seen = 0
    for line in text.splitlines():
        m = re.match(r"(ok|FAIL) (\S+?):?(?: (.*))?$", line)
        if m:
            seen += 1
            yield m.group(2), m.group(1) == "ok", (m.group(3) or "") + "\n" + text[-1500:]
    yield "ledger_test_ran_every_check", status == 0 and seen >= 30, \
        f"status {status}, {seen} checks\n{text[-1500:]}\n{log[-1500:]}"

    status, text, log = run_in_vm(ctx, ["copycount", "--quick"])
    yield "copycount_runs_in_pagelab", status == 0 and "ledger: not available" not in text, \
        f"status {status}\n{text}\n{log[-1000:]}"
    for name, (cpu, dev) in COPYCOUNT_EXPECT.items():
        row = next((re.split(r"\s{2,}", l.strip()) for l in text.splitlines()
                    if l.startswith(name + " ")), None)
        ok = row is not None and len(row) >= 4 and row[2] == cpu and row[3] == dev
        yield "copycount_" + re.sub(r"\W+", "_", name).strip("_") + f"_cpu_{cpu}_dev_{dev}", ok, \
            f"row {row}\n{text}"

    status, text, log = run_in_vm(ctx, ["mmapbench", "--quick"])
    yield "mmapbench_runs_in_pagelab", status == 0, f"status {status}\n{text}\n{log[-1000:]}"
    for size in ("40000 B", "1 MiB"):
        for cache, dev in (("cold", ("2.05", "2.00")), ("warm", ("1.02", "1.00"))):
            found = [re.split(r"\s{2,}", l.strip()) for l in text.splitlines()
                     if re.match(rf"{size} +{cache} ", l)]
            r = found[0] if len(found) == 1 else []
            ok = len(r) == 9 and r[5] == "2.00" and r[7] == "0.00" and r[6] == r[8] and r[6] in dev
            yield f"mmapbench_{size.replace(' ', '')}_{cache}_read_2_cpu_copies_mmap_none", ok, \
                f"row {r}\n{text}"
