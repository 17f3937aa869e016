"""The plots of a report, drawn by gnuplot (Debian package gnuplot-nox,
installed by tools/deps) as PNG and SVG into the output directory; the
data and the gnuplot script of each stay beside them in OUT/plots/, so a
plot can be redrawn or changed by hand (gnuplot OUT/plots/NAME.gp).

    faults      faultbench: median TSC cycles per fault of each case
    throughput  every IPC mechanism's MB/s by message size, a panel each
    mmap        mmapbench: read+write against mmap by file size, cold and warm
"""
import math
import os
import re
import shutil
import subprocess

from . import figures as F

COLORS = {"pagelab": "#1f5fbf", "linux": "#c0392b", "linux-noerms": "#e08e0b"}
OTHER_COLORS = ["#27ae60", "#8e44ad", "#7f8c8d"]
NAN = "NaN"
THROUGHPUT_ROW = re.compile(r"^(?P<pre>.*?)throughput (?P<size>\d+ (?:B|KiB|MiB))(?P<post>.*)$")


def color(key, i):
    return COLORS.get(key, OTHER_COLORS[i % len(OTHER_COLORS)])


def size_label(n):
    for unit, mult in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= mult and n % mult == 0:
            return f"{n // mult} {unit}"
    return f"{n} B"


def base_configs(entry):
    return [c for c in entry["configs"] if not c["variant"]]


def triple(summary):
    if not summary:
        return [NAN] * 3
    return [repr(summary["median"]), repr(summary["min"]), repr(summary["max"])]


def esc(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


class Plotter:
    def __init__(self, out):
        self.out = out
        self.work = os.path.join(out, "plots")
        os.makedirs(self.work, exist_ok=True)

    def data(self, name, rows):
        path = os.path.join(self.work, name)
        with open(path, "w") as f:
            for r in rows:
                f.write("\t".join(str(c) for c in r) + "\n")
        return path

    def draw(self, name, size, body):
        """Writes OUT/plots/NAME.gp and runs it for PNG and SVG; returns the
        two files, relative to OUT."""
        w, h = size
        made = []
        for term, ext in ((f"pngcairo size {w},{h} font 'sans,10'", "png"),
                          (f"svg size {w},{h} dynamic font 'sans,10' background '#ffffff'", "svg")):
            script = os.path.join(self.work, f"{name}.{ext}.gp")
            target = os.path.join(self.out, f"{name}.{ext}")
            with open(script, "w") as f:
                f.write(f"set terminal {term}\nset output '{target}'\n"
                        "set datafile separator '\\t'\nset datafile missing 'NaN'\n" + body)
            r = subprocess.run(["gnuplot", script], capture_output=True, text=True,
                               cwd=self.work)
            if r.returncode != 0 or not os.path.exists(target):
                raise RuntimeError(f"gnuplot failed on {script}:\n{r.stderr}")
            made.append(os.path.relpath(target, self.out))
        return made


def faults(p, entry):
    figs = [f for f in entry["figures"] if f["column"] == "median cyc"]
    cfgs = base_configs(entry)
    if not figs or not cfgs:
        return []
    rows = [[f["row"], *sum((triple(f["configs"].get(c["key"])) for c in cfgs), [])]
            for f in figs]
    dat = p.data("faults.dat", rows)
    plots = []
    for i, c in enumerate(cfgs):
        col = 2 + 3 * i
        src = f"'{dat}'" if i == 0 else "''"
        xtic = ":xtic(1)" if i == 0 else ""
        plots.append(f"{src} using {col}:{col + 1}:{col + 2}{xtic} title \"{esc(c['title'])}\" "
                     f"lc rgb '{color(c['key'], i)}'")
    body = ("set title 'Page-fault cost (faultbench): median TSC cycles per fault; "
            "whiskers: lowest and highest round'\n"
            "set style data histogram\nset style histogram errorbars gap 2 lw 1\n"
            "set style fill solid 0.85 border -1\nset ylabel 'cycles per fault'\n"
            "set yrange [0:*]\nset grid ytics\nset key top left\nset xtics nomirror\n"
            "plot " + ", \\\n     ".join(plots) + "\n")
    return p.draw("faults", (1000, 560), body)


def throughput_series(report, programs):
    """{label: {config key: {size: summary}}} and the configs' titles, from
    every program that maps its "throughput SIZE" rows to a mechanism."""
    series, titles, order = {}, {}, []
    for entry in report["programs"]:
        mapping = programs[entry["name"]].throughput
        if not mapping:
            continue
        cfgs = base_configs(entry)
        for c in cfgs:
            titles.setdefault(c["key"], c["title"])
        for f in entry["figures"]:
            m = THROUGHPUT_ROW.match(f["row"])
            if not m or f["column"] != "MB/s":
                continue
            key = m.group("pre") + m.group("post")
            label = mapping.get(key)
            if label is None and "*" in mapping:
                rest = (m.group("pre") + m.group("post")).strip(" /")
                label = f"{mapping['*']}: {rest}" if rest else mapping["*"]
            if label is None:
                continue
            if label not in series:
                order.append(label)
            s = series.setdefault(label, {})
            for c in cfgs:
                if c["key"] in f["configs"]:
                    s.setdefault(c["key"], {})[F.size_bytes(m.group("size"))] = \
                        f["configs"][c["key"]]
    return [(label, series[label]) for label in order], titles


def throughput(p, report, programs):
    series, titles = throughput_series(report, programs)
    if not series:
        return []
    keys = list(titles)
    values = [s["median"] for _, per in series for sizes in per.values()
              for s in sizes.values()] + [s["min"] for _, per in series
                                          for sizes in per.values() for s in sizes.values()]
    lo = 10 ** math.floor(math.log10(max(min(values), 1e-3)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    sizes = sorted({n for _, per in series for sz in per.values() for n in sz})
    xtics = ", ".join(f"'{size_label(n)}' {n}" for n in sizes)
    ncol = min(3, len(series))
    nrow = (len(series) + ncol - 1) // ncol
    body = [f"set multiplot layout {nrow},{ncol} title 'Throughput by message size, MB/s "
            "(median of the rounds; bars: lowest and highest)' font ',11'",
            "set logscale xy", f"set xrange [{sizes[0] / 1.6}:{sizes[-1] * 1.6}]",
            f"set yrange [{lo}:{hi}]", f"set xtics ({xtics})", "set grid",
            "set key bottom right font ',8'", "set ylabel 'MB/s'"]
    for n, (label, per) in enumerate(series):
        rows = [[size, *sum((triple(per.get(k, {}).get(size)) for k in keys), [])]
                for size in sizes]
        dat = p.data(f"throughput-{n}.dat", rows)
        plots = []
        for i, k in enumerate(keys):
            if k not in per:
                continue
            col = 2 + 3 * i
            plots.append(f"'{dat}' using 1:{col}:{col + 1}:{col + 2} with yerrorlines "
                         f"title \"{esc(titles[k])}\" lc rgb '{color(k, i)}' lw 2 pt 7 ps 0.6")
        body.append(f"set title \"{esc(label)}\"")
        body.append("plot " + ", ".join(plots) if plots else "plot NaN notitle")
    body.append("unset multiplot")
    return p.draw("throughput", (max(420 * ncol, 640), 330 * nrow + 40), "\n".join(body) + "\n")


def mmap(p, entry):
    """Two panels (cold, warm): read+write and mmap times by file size."""
    cfgs = base_configs(entry)
    per = {}   # cache -> size -> {(config, what): summary}
    for f in entry["figures"]:
        if f["column"] not in ("read ms", "mmap ms") or " / " not in f["row"]:
            continue
        size_text, cache = f["row"].rsplit(" / ", 1)
        size = F.size_bytes(size_text)
        if size is None:
            continue
        for c in cfgs:
            if c["key"] in f["configs"]:
                per.setdefault(cache, {}).setdefault(size, {})[
                    (c["key"], f["column"].split()[0])] = f["configs"][c["key"]]
    if not per:
        return []
    sizes = sorted({n for bysize in per.values() for n in bysize})
    xtics = ", ".join(f"'{size_label(n)}' {n}" for n in sizes)
    body = [f"set multiplot layout 1,{len(per)} title 'read+increment+write+fsync against "
            "mmap+increment+msync (mmapbench): ms per update of the whole file, log scales'",
            "set logscale xy", f"set xrange [{sizes[0] / 1.6}:{sizes[-1] * 1.6}]",
            f"set xtics ({xtics})", "set grid", "set key top left font ',8'",
            "set ylabel 'ms'", "set xlabel 'file size'"]
    for cache in [c for c in ("cold", "warm") if c in per] + \
            [c for c in per if c not in ("cold", "warm")]:
        rows = []
        for size in sizes:
            cells = [size]
            for c in cfgs:
                for what in ("read", "mmap"):
                    cells += triple(per[cache].get(size, {}).get((c["key"], what)))
            rows.append(cells)
        dat = p.data(f"mmap-{cache}.dat", rows)
        plots = []
        for i, c in enumerate(cfgs):
            for j, what in enumerate(("read", "mmap")):
                col = 2 + 6 * i + 3 * j
                dash = "dt 1" if what == "read" else "dt 2"
                plots.append(f"'{dat}' using 1:{col}:{col + 1}:{col + 2} with yerrorlines "
                             f"title \"{esc(c['title'])}: {'read/write' if what == 'read' else 'mmap'}\" "
                             f"lc rgb '{color(c['key'], i)}' {dash} lw 2 pt {7 if j == 0 else 5} ps 0.6")
        body.append(f"set title '{cache} page cache'")
        body.append("plot " + ", \\\n     ".join(plots))
    body.append("unset multiplot")
    return p.draw("mmap", (560 * len(per), 480), "\n".join(body) + "\n")


def draw_all(out, report, programs):
    """Every plot whose figures the report has; returns (files made, notes
    on the plots left out)."""
    if not shutil.which("gnuplot"):
        return [], ["no plots: gnuplot is missing (Debian package gnuplot-nox; tools/deps "
                    "installs it)"]
    p = Plotter(out)
    entries = {e["name"]: e for e in report["programs"]}
    made, notes = [], []
    if "faultbench" in entries:
        made += faults(p, entries["faultbench"]) or []
    if not any(m.startswith("faults.") for m in made):
        notes.append("faults: no faultbench figures")
    tp = throughput(p, report, programs)
    made += tp
    if not tp:
        notes.append("throughput: no throughput figures")
    if "mmapbench" in entries:
        made += mmap(p, entries["mmapbench"]) or []
    if not any(m.startswith("mmap.") for m in made):
        notes.append("mmap: no mmapbench figures")
    return made, notes
