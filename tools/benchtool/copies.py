"""The copy diagrams: one SVG per copycount row (OUT/copies/ROW.svg), drawn
from the copy trace that `copycount --trace` printed on pagelab.

tools/bench takes the trace from its own copycount run on pagelab (the
first round's); when copycount was not among the programs, or
tools/copydiagram is asked directly, copycount runs once on pagelab for it.
"""
import json
import os
import subprocess

from . import copytrace as CT
from . import diagram
from . import runner

ROOT = runner.ROOT


def write(text, outdir, source):
    """Every traced row of a copycount output drawn into outdir; returns the
    files' names, relative to outdir's parent."""
    traces = CT.parse(text)
    os.makedirs(outdir, exist_ok=True)
    made = []
    for row, trace in traces.items():
        path = os.path.join(outdir, CT.slug(row) + ".svg")
        with open(path, "w") as f:
            f.write(diagram.draw(trace, source))
        made.append(os.path.relpath(path, os.path.dirname(outdir)))
    return made


def run_copycount(exe, args, timeout=600):
    """copycount ARGS --trace on pagelab (tools/run-in-vm): (status, output)."""
    guest = "/bin/copycount-musl"
    cmd = [os.path.join(ROOT, "tools", "run-in-vm"), "--timeout", str(timeout), "--add",
           f"{exe}:{guest}", "--", guest, *args, "--trace"]
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                       timeout=timeout + 60, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout + ("" if r.returncode == 0 else r.stderr)


def traced_output(out):
    """The output of tools/bench's first successful copycount run on
    pagelab in OUT/raw, and its command, or (None, None)."""
    try:
        with open(os.path.join(out, "raw", "runs.json")) as f:
            runs = json.load(f)
    except (OSError, ValueError):
        return None, None
    for r in sorted(runs, key=lambda r: r["round"]):
        if r["program"] == "copycount" and r["config"] == "pagelab" and r["status"] == 0:
            with open(os.path.join(out, r["output"]), errors="replace") as f:
                text = f.read()
            if "copytrace: " in text:
                return text, r
    return None, None


def make(out, mode):
    """OUT/copies/*.svg; returns their names relative to OUT."""
    text, run = traced_output(out)
    if text is not None:
        source = (f"measured by `copycount {' '.join(run['command'][run['command'].index('--') + 4:])}` "
                  f"on pagelab (tools/bench {mode}, round {run['round']})")
    else:
        from . import programs as P
        built = runner.build([P.by_name()["copycount"]], os.path.join(out, "bin"))
        status, text = run_copycount(built["copycount"], ["--quick"])
        if status != 0:
            raise RuntimeError(f"copycount --quick --trace failed on pagelab:\n{text[-2000:]}")
        source = "measured by `copycount --quick --trace` on pagelab"
    return write(text, os.path.join(out, "copies"), source)
