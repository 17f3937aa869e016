"""The syscall fuzzer (user/sysfuzz, tools/fuzz).  sysfuzz's list
of calls is generated from kernel/syscall/table.h, so it covers every line
of it; a short fixed-seed run of tools/fuzz (boot, fuzz, then: no panic or
kernel fault, the shell answers, free memory, kernel heap, open files and
processes back, e2fsck clean); and tests/user/fuzzfound.c, one check per
kernel bug the fuzzer found, run on Linux first and then in pagelab.  The
long run (1,000,000 calls over 8 seeds) is documented in docs/fuzzing.md."""
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm

SEED = 1
CALLS = 4000   # two runs (a warm-up, then the measured one): a few seconds each


def run(ctx):
    # Every line of the kernel's table is in sysfuzz's description.
    with open(os.path.join(ctx.root, "kernel", "syscall", "table.h")) as f:
        table = re.findall(r"^\s*X\((\d+), (\w+),", f.read(), re.M)
    gen = os.path.join(ctx.build, "gen", "sysfuzz_calls.h")
    mk = vmtests.make_file(ctx, gen)
    text = open(gen).read() if os.path.exists(gen) else ""
    fuzzed = re.findall(r'C\((\d+), "(\w+)"', text)
    yield "sysfuzz_describes_every_syscall_of_the_table", mk.returncode == 0 and fuzzed == table, \
        f"{len(table)} in table.h, {len(fuzzed)} in {gen}\n{mk.stderr[-500:]}"

    # A kind without a generator stops the build instead of going unfuzzed.
    bad = os.path.join(ctx.build, "gen", "table_unknown_kind.h")
    with open(bad, "w") as f:
        f.write("#define SYSCALL_TABLE(X) \\\n    X(0, read, sys_read, fd, no_such_kind, size)\n")
    r = subprocess.run([os.path.join(ctx.root, "tools", "mkfuzz.py"), bad, bad + ".out"],
                       capture_output=True, text=True)
    yield "an_argument_kind_without_a_generator_stops_the_build", \
        r.returncode != 0 and "no_such_kind" in r.stderr, r.stderr

    r = subprocess.run([os.path.join(ctx.root, "tools", "fuzz"), "--calls", str(CALLS), "--seed", str(SEED)],
                       capture_output=True, text=True, timeout=300)
    for m in re.finditer(r"^(ok|FAIL) (\w+)(?:: (.*))?$", r.stdout, re.M):
        yield f"fuzz_seed{SEED}_{m.group(2)}", m.group(1) == "ok", (m.group(3) or "") + "\n" + r.stdout[-2500:]
    rate = re.search(r"calls in [\d.]+ s: (\d+) calls/s", r.stdout)
    yield "fuzz_run_completes_and_reports_calls_per_second", \
        r.returncode == 0 and rate is not None and f"{CALLS} calls in" in r.stdout, r.stdout[-2500:]

    # The bugs the fuzzer found stay fixed; and a seed replays a run (the
    # same calls in the same order, as --trace prints them), in one boot.
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "fuzzfound")
    yield "fuzzfound_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    host = vmtests.run_on_host([exe])
    yield "fuzzfound_expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
    replay = "sysfuzz --calls 300 --seed 7 --workers 1 --gen 300 --trace 2>&1"
    status, text, log = run_in_vm(ctx, ["sh", "-c", f"{replay}; echo ==again; {replay}; echo ==found; fuzzfound"],
                                  add=[vmtests.on_bin(exe)])
    first, _, rest = text.partition("==again")
    second, _, found = rest.partition("==found")
    # The calls and their order; not every argument, since those naming
    # pids or descriptors come from the worker's state (a second run in one
    # boot has other pids; tools/fuzz replays in a fresh boot, where they match).
    calls = [[line.split("(")[0] for line in part.splitlines() if line.startswith("sysfuzz w0 #")]
             for part in (first, second)]
    yield "a_seed_replays_the_same_calls", len(calls[0]) >= 300 and calls[0] == calls[1], \
        f"{len(calls[0])} and {len(calls[1])} calls traced"
    seen = 0
    for name, ok, detail in vmtests.result_lines(found):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    yield "pagelab_ran_every_fuzzfound_check", status == 0 and seen == sum(
        1 for _ in vmtests.result_lines(host.stdout)), f"status {status}\n{found[-1500:]}\n{log[-1500:]}"
