"""The copy ledger against known operations, inside
pagelab: tests/user/copyledger.c (built with musl-gcc -static) measures LEDGER_SELF
deltas around a pipe transfer, cached and cold read(), warm and cold mmap
reads, a COW write and fork, and checks the syscall's errors and
/proc/self/copies.  Then user/copycount (built with our libc, on the disk)
must print the same per-byte figures for each mechanism, and user/mmapbench
its ledger columns (read+write: 2 CPU copies per byte; mmap: none)."""
import os
import re

import vmtests
from vmtests import run_in_vm


# copycount rows: (cpu/B, dev/B) that the ledger must show for each mechanism.
COPYCOUNT_EXPECT = {
    "file read() warm": ("1.00", "0.00"),
    "file read() cold": ("1.00", "1.00"),
    "mmap read warm": ("0.00", "0.00"),
    "mmap read cold": ("0.00", "1.00"),
    "pipe": ("2.00", "0.00"),
    # user -> kernel -> user, each between two processes
    "message queue": ("2.00", "0.00"),
    "posix mq": ("2.00", "0.00"),
    "shared memory": ("0.00", "0.00"),
    "unix socket": ("2.00", "0.00"),  # user -> the receiving socket's queue -> user
    "memfd over SCM_RIGHTS": ("0.00", "0.00"),  # both ends map the same pages
}


MMAPBENCH_ROWS = [("40000 B", "cold"), ("40000 B", "warm"), ("1 MiB", "cold"), ("1 MiB", "warm")]


def copycount_name(row, cpu, dev):
    return "copycount_" + re.sub(r"\W+", "_", row).strip("_") + f"_cpu_{cpu}_dev_{dev}"


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "copyledger.c")
    return vmtests.yielded_patterns(__file__, {
        "*": vmtests.check_names(src) + [copycount_name(r, *v) for r, v in COPYCOUNT_EXPECT.items()],
        "mmapbench_*_*_read_2_cpu_copies_mmap_none": [
            f"mmapbench_{size.replace(' ', '')}_{cache}_read_2_cpu_copies_mmap_none"
            for size, cache in MMAPBENCH_ROWS]})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "copyledger")
    yield "copyledger_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    status, text, log = run_in_vm(ctx, ["copyledger", "/tmp"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield name, ok, detail + "\n" + text[-1500:]
    yield "ledger_test_ran_every_check", status == 0 and seen >= 30, \
        f"status {status}, {seen} checks\n{text[-1500:]}\n{log[-1500:]}"

    status, text, log = run_in_vm(ctx, ["copycount", "--quick"])
    yield "copycount_runs_in_pagelab", status == 0 and "ledger: not available" not in text, \
        f"status {status}\n{text}\n{log[-1000:]}"
    for name, (cpu, dev) in COPYCOUNT_EXPECT.items():
        row = next((re.split(r"\s{2,}", l.strip()) for l in text.splitlines()
                    if l.startswith(name + " ")), None)
        ok = row is not None and len(row) >= 4 and row[2] == cpu and row[3] == dev
        yield copycount_name(name, cpu, dev), ok, \
            f"row {row}\n{text}"

    status, text, log = run_in_vm(ctx, ["mmapbench", "--quick"])
    yield "mmapbench_runs_in_pagelab", status == 0, f"status {status}\n{text}\n{log[-1000:]}"
    for size in ("40000 B", "1 MiB"):
        for cache, dev in (("cold", ("2.05", "2.00")), ("warm", ("1.02", "1.00"))):
            found = [re.split(r"\s{2,}", l.strip()) for l in text.splitlines()
                     if re.match(rf"{size} +{cache} ", l)]
            # size, cache, read ms, mmap ms, ratio, read req/MiB, mmap req/MiB, then the ledger
            r = found[0] if len(found) == 1 else []
            ok = len(r) == 11 and r[7] == "2.00" and r[9] == "0.00" and r[8] == r[10] and r[8] in dev
            yield f"mmapbench_{size.replace(' ', '')}_{cache}_read_2_cpu_copies_mmap_none", ok, \
                f"row {r}\n{text}"
