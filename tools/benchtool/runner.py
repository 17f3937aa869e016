"""Building the benchmark programs once and running them on each kernel in
turns, with progress on stderr.

Every run's output is kept under OUT/raw/ (ROUND-PROGRAM-CONFIG.out, and
.err for the tool's own messages) and listed in OUT/raw/runs.json as it
ends, so that a report can be made again from them (tools/bench --from).
"""
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import programs as P

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
# Without a measured duration, a run is guessed to take this long (seconds):
# booting is most of a quick run (pagelab about 4 s, Linux under TCG about 8).
GUESS = {"run-in-vm": {"full": 40, "quick": 10, "smoke": 6},
         "run-on-linux": {"full": 80, "quick": 20, "smoke": 12}}


@dataclass
class Config:
    """One column of a program's results: a kernel, maybe with a variant."""
    key: str
    title: str
    kernel: P.Kernel
    program_args: list = field(default_factory=list)
    tool_options: list = field(default_factory=list)
    variant: str = ""

    @property
    def is_pagelab(self):
        return self.kernel.tool == "run-in-vm"


def configs(program, mode, kernels):
    out = [Config(k.key, k.title, k) for k in kernels]
    for v in program.variants:
        if mode not in v.modes:
            continue
        for k in kernels:
            pagelab = k.tool == "run-in-vm"
            out.append(Config(f"{k.key}-{v.key}", f"{k.title}, {v.title}", k,
                              v.pagelab_args if pagelab else [],
                              [] if pagelab else v.linux_options, v.key))
    return out


def available(mode, only=None):
    """The programs of this mode whose source exists (and that `only` names),
    and the names left out with the reason."""
    chosen, left_out = [], []
    for p in P.PROGRAMS:
        if only and p.name not in only:
            continue
        if not os.path.exists(os.path.join(ROOT, "user", p.name + ".c")):
            left_out.append((p.name, f"user/{p.name}.c does not exist in this tree"))
        elif mode not in p.args:
            left_out.append((p.name, f"not part of the {mode} mode"))
        else:
            chosen.append(p)
    return chosen, left_out


def build(progs, bindir):
    """musl-gcc -static -O2 each program into bindir, once: {name: path}.
    A program that includes the binder library's header (pagelab/binder.h)
    gets its sources (libc/src/binder/*.c) compiled in, as our libc links
    them into /bin."""
    os.makedirs(bindir, exist_ok=True)
    binder_dir = os.path.join(ROOT, "libc", "src", "binder")
    binder_lib = sorted(os.path.join(binder_dir, f) for f in os.listdir(binder_dir)
                        if f.endswith(".c"))
    built = {}
    for p in progs:
        src = os.path.join(ROOT, "user", p.name + ".c")
        with open(src, encoding="utf-8") as f:
            extra = binder_lib if "pagelab/binder.h" in f.read() else []
        exe = os.path.join(bindir, p.name)
        cc = subprocess.run(["musl-gcc", "-static", "-O2", "-Wall", "-o", exe, src, *extra],
                            capture_output=True, text=True)
        if cc.returncode != 0:
            sys.exit(f"bench: cannot build {src} with musl-gcc (package musl-tools):\n{cc.stderr}")
        built[p.name] = exe
    return built


def command(program, exe, config, mode, timeout):
    """The host command that runs the program once in this configuration,
    asking for its figures (BENCH_FIGURES=1, user/benchlib.h)."""
    args = program.args[mode] + config.program_args
    if config.is_pagelab:
        guest = f"/bin/{program.name}-musl"
        return [os.path.join(TOOLS, "run-in-vm"), "--timeout", str(timeout), *program.machine,
                "--add", f"{exe}:{guest}", "--", "/bin/env", "BENCH_FIGURES=1", guest, *args]
    # Linux gives init the NAME=VALUE words of its command line as environment
    # (tools/linux-init/init.c passes it on to the program).
    append = " ".join(filter(None, ["BENCH_FIGURES=1", config.kernel.append]))
    return [os.path.join(TOOLS, "run-on-linux"), "--timeout", str(timeout), *program.machine,
            *config.kernel.options, *config.tool_options, "--append", append, "--", exe, *args]


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def fmt_duration(s):
    s = int(round(s))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s // 60 % 60:02d} min"


class Progress:
    """What runs, on which kernel, and about how long is left: each run is
    guessed to take what it took last time (OUT/durations.json, kept
    across runs of the tool), or in an earlier round of this run, or GUESS."""

    def __init__(self, steps, mode, history_path):
        self.steps, self.mode, self.path = steps, mode, history_path
        self.history = {}
        try:
            with open(history_path) as f:
                self.history = json.load(f).get(mode, {})
        except (OSError, ValueError):
            pass
        self.now = {}
        self.start = time.time()
        self.done = 0

    def guess(self, prog, config):
        key = f"{prog.name}/{config.key}"
        if key in self.now:
            return self.now[key]
        if key in self.history:
            return self.history[key]
        return GUESS[config.kernel.tool][self.mode]

    def begin(self, rnd, rounds, prog, config):
        left = sum(self.guess(p, c) for _, p, c in self.steps[self.done:])
        elapsed = time.time() - self.start
        print(f"bench: [{self.done + 1}/{len(self.steps)}] round {rnd}/{rounds}: {prog.name} on "
              f"{config.title} ({fmt_duration(elapsed)} elapsed, about {fmt_duration(left)} "
              f"left)", file=sys.stderr, flush=True)

    def end(self, prog, config, seconds, status):
        self.now[f"{prog.name}/{config.key}"] = seconds
        self.done += 1
        verdict = "ok" if status == 0 else f"FAILED (exit status {status})"
        print(f"bench:     {verdict}, {seconds:.1f} s", file=sys.stderr, flush=True)

    def save(self):
        try:
            with open(self.path) as f:
                data = json.load(f)
        except (OSError, ValueError):
            data = {}
        data.setdefault(self.mode, {}).update(self.now)
        with open(self.path, "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)


def safe(name):
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def run_all(progs, built, mode, kernels, rounds, out):
    """Runs every program in every configuration, rounds times: within a
    round the configurations of one program follow each other, so that a
    host whose load drifts weighs on all of them alike.  Returns the list
    of runs (also written to OUT/raw/runs.json as they end)."""
    timeout = P.MODES[mode][1]
    raw = os.path.join(out, "raw")
    os.makedirs(raw, exist_ok=True)
    steps = [(r, p, c) for r in range(1, rounds + 1) for p in progs
             for c in configs(p, mode, kernels)]
    progress = Progress(steps, mode, os.path.join(out, "durations.json"))
    runs = []
    for rnd, prog, config in steps:
        progress.begin(rnd, rounds, prog, config)
        cmd = command(prog, built[prog.name], config, mode, timeout)
        load = load_average()
        t0 = time.time()
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                               timeout=timeout + 60, stdin=subprocess.DEVNULL)
            status, stdout, stderr = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:
            status, stdout, stderr = 124, e.stdout or "", f"bench: killed after {timeout + 60} s"
            stdout = stdout.decode(errors="replace") if isinstance(stdout, bytes) else stdout
        seconds = time.time() - t0
        progress.end(prog, config, seconds, status)
        base = f"{rnd}-{safe(prog.name)}-{safe(config.key)}"
        with open(os.path.join(raw, base + ".out"), "w") as f:
            f.write(stdout)
        with open(os.path.join(raw, base + ".err"), "w") as f:
            f.write(stderr)
        runs.append({"round": rnd, "program": prog.name, "config": config.key,
                     "config_title": config.title, "status": status,
                     "seconds": round(seconds, 2), "load": load,
                     "command": [os.path.relpath(c, ROOT) if c.startswith(ROOT) else c
                                 for c in cmd],
                     "output": f"raw/{base}.out", "log": f"raw/{base}.err"})
        with open(os.path.join(raw, "runs.json"), "w") as f:
            json.dump(runs, f, indent=1)
    progress.save()
    return runs
