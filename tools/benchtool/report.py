"""build/bench/report.json and report.md: per program and figure, the median
over the rounds in each configuration, the spread, and the ratio
pagelab / Linux."""
import json
import os
import platform
import subprocess

from . import figures as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _out(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        return r.stdout.strip() if r.returncode == 0 else None
    except OSError:
        return None


def machine(linux_kernel=None):
    """What the figures were measured on."""
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    qemu = _out(["qemu-system-x86_64", "--version"])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "host_kernel": platform.release(),
        "qemu": qemu.splitlines()[0] if qemu else None,
        "qemu_machine": "-machine pc -accel tcg -cpu max -m 512M (tools/pagelab_qemu.py)",
        "linux_guest": linux_kernel,
        "pagelab_commit": _out(["git", "describe", "--always", "--dirty"]),
    }


def ratio_pairs(cfgs):
    """(pagelab config, Linux config) pairs of the same variant:
    pagelab/linux, pagelab/linux-noerms, pagelab-fa64k/linux-fa64k, ..."""
    return [(p.key, l.key) for p in cfgs if p.is_pagelab
            for l in cfgs if not l.is_pagelab and l.variant == p.variant]


def build(meta, progs, configs_of, runs, read_output):
    """The report as a dict (what report.json holds)."""
    gathered = F.gather(runs, read_output)
    out = dict(meta)
    out["programs"] = []
    for prog in progs:
        cfgs = configs_of(prog)
        keys = [c.key for c in cfgs]
        pairs = ratio_pairs(cfgs)
        mine = [r for r in runs if r["program"] == prog.name]
        entry = {"name": prog.name, "what": prog.what, "args": prog.args.get(meta["mode"], []),
                 "configs": [{"key": c.key, "title": c.title, "variant": c.variant} for c in cfgs],
                 "ratios": [{"pagelab": p, "linux": l} for p, l in pairs],
                 "runs_ok": sum(1 for r in mine if r["status"] == 0),
                 "runs_failed": [r for r in mine if r["status"] != 0],
                 "figures": []}
        g = gathered.get(prog.name, {"order": [], "values": {}})
        for row, col in g["order"]:
            vals = g["values"][(row, col)]
            fig = {"row": row, "column": col, "unit": F.unit(col), "better": F.better(col),
                   "configs": {k: F.summary(vals.get(k, [])) for k in keys if vals.get(k)},
                   "ratios": {}}
            for p, l in pairs:
                sp, sl = fig["configs"].get(p), fig["configs"].get(l)
                if sp and sl and sl["median"]:
                    fig["ratios"][f"{p}/{l}"] = sp["median"] / sl["median"]
            entry["figures"].append(fig)
        out["programs"].append(entry)
    return out


def write_json(path, report):
    with open(path, "w") as f:
        json.dump(report, f, indent=1)


def cell(s):
    if not s:
        return "—"
    if len(s["samples"]) == 1:
        return F.sig3(s["median"])
    return f"{F.sig3(s['median'])} ({F.sig3(s['min'])}–{F.sig3(s['max'])})"


def program_tables(entry, columns):
    """Markdown tables of one program: one for the plain configurations and
    one per variant, each configuration beside its ratio column."""
    lines = []
    variants = []
    for c in entry["configs"]:
        if c["variant"] not in variants:
            variants.append(c["variant"])
    titles = {c["key"]: c["title"] for c in entry["configs"]}
    for variant in variants:
        keys = [c["key"] for c in entry["configs"] if c["variant"] == variant]
        pairs = [(r["pagelab"], r["linux"]) for r in entry["ratios"] if r["linux"] in keys]
        head = ["figure", "unit"]
        order = []
        for k in keys:
            order.append(("value", k))
            head.append(titles[k])
            for p, l in pairs:
                if l == k:
                    order.append(("ratio", f"{p}/{l}"))
                    head.append("pagelab / this")
        figs = [f for f in entry["figures"]
                if columns is None or any(f["column"] == c or f["column"].startswith(c + " ")
                                          for c in columns)]
        figs = [f for f in figs if any(k in f["configs"] for k in keys)]
        if not figs:
            continue
        if variant:
            lines.append(f"\n{titles[keys[0]].split(', ', 1)[-1]}:\n")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        for f in figs:
            cells = [f["row"], f["column"]]
            for kind, k in order:
                if kind == "value":
                    cells.append(cell(f["configs"].get(k)))
                else:
                    r = f["ratios"].get(k)
                    cells.append(f"{r:.2f}" if r is not None else "—")
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(report, columns_of):
    m = report["machine"]
    lines = [f"# pagelab beside Linux 6.1: `make bench` ({report['mode']})", ""]
    lines.append(
        f"Measured {report['started']} to {report['ended']} on {m['cpu'] or 'an unknown CPU'} "
        f"({m['cores']} cores, host Linux {m['host_kernel']}), {m['qemu'] or 'QEMU'}, "
        f"{m['qemu_machine']}; guest Linux: {m['linux_guest'] or 'not run'}; pagelab "
        f"{m['pagelab_commit'] or '(no git)'}.")
    loads = [r["load"] for r in report["runs"] if r.get("load") is not None]
    if loads:
        lines.append(f"Host load average (1 min) before the runs: {min(loads):.1f} to "
                     f"{max(loads):.1f}.")
    lines += ["",
              f"{report['rounds']} round(s); within a round the configurations of a program "
              "run one after the other, so that a drifting host weighs on all of them alike. "
              "Each cell is the median over the rounds, with the lowest and highest in "
              "brackets. \"pagelab / this\" is pagelab's median over the column's: below 1 "
              "pagelab is faster where the unit is a time (us, ms, cyc), above 1 where it is "
              "MB/s.", "",
              f"Made with `{report['command']}`; every run's output is in raw/ beside this "
              "report."]
    for entry in report["programs"]:
        lines += ["", f"## {entry['name']}: {entry['what']}", ""]
        lines.append(f"`{' '.join([entry['name'], *entry['args']])}`; "
                     f"{entry['runs_ok']} run(s) ok")
        for r in entry["runs_failed"]:
            lines.append(f"- FAILED: round {r['round']} on {r['config_title']}: exit status "
                         f"{r['status']} (see {r['output']}, {r['log']})")
        lines.append("")
        lines += program_tables(entry, columns_of(entry["name"]))
    if report.get("left_out"):
        lines += ["", "## Left out", ""]
        lines += [f"- {x['name']}: {x['why']}" for x in report["left_out"]]
    lines += pictures(report, "")
    return "\n".join(lines) + "\n"


def pictures(report, prefix):
    """The plots (their SVG) and the copy diagrams as Markdown images, the
    files under prefix."""
    lines = []
    svgs = [p for p in report.get("plots", []) if p.endswith(".svg")]
    if svgs:
        lines += ["", "## Plots", ""]
        lines += [f"![{os.path.splitext(p)[0]}]({prefix}{p})" for p in svgs]
    if report.get("diagrams"):
        lines += ["", "## Copy diagrams, from the copy trace of copycount on pagelab", "",
                  "Each picture is one copycount row: the processes' buffers above, the kernel "
                  "in the middle, the disk below; on every arrow the bytes the trace recorded "
                  "and how many CPU copies, DMA transfers or mapped pages carried them.", ""]
        lines += [f"![{os.path.splitext(os.path.basename(d))[0]}]({prefix}{d})"
                  for d in report["diagrams"]]
    return lines


DOCS_BEGIN = ("<!-- make bench: begin. tools/bench --docs writes this part from "
              "docs/bench/report.json; do not edit it by hand -->")
DOCS_END = "<!-- make bench: end -->"


def docs_block(report, prefix, columns_of=None):
    """docs/benchmarks.md's section of figures: the report's tables, plots
    and diagrams, with when, where and how they were measured."""
    if columns_of is None:
        from . import programs as P
        cols = {p.name: p.columns for p in P.PROGRAMS}
        columns_of = cols.get
    m = report["machine"]
    loads = [r["load"] for r in report.get("runs", []) if r.get("load") is not None]
    lines = [DOCS_BEGIN, "", "## The latest `make bench` report", "",
             f"Measured {report['started']} to {report['ended']} with `{report['command']}` "
             f"({report['mode']} mode, {report['rounds']} round(s)) on {m['cpu'] or 'an unknown CPU'} "
             f"({m['cores']} cores, host Linux {m['host_kernel']}), {m['qemu'] or 'QEMU'}, "
             f"{m['qemu_machine']}; guest Linux: {m['linux_guest'] or 'not run'}; pagelab "
             f"{m['pagelab_commit'] or '(no git)'}."
             + (f" Host load average (1 min) before the runs: {min(loads):.1f} to "
                f"{max(loads):.1f} on {m['cores']} cores." if loads else ""),
             "",
             "Every figure below was written by `tools/bench --docs` from that run's report "
             "(`docs/bench/report.json`, with every run's command, exit status and load), none "
             "typed by hand; `make test` checks that this section is that report's. Each cell "
             "is the median over the rounds (lowest and highest in brackets when there were "
             "several); \"pagelab / this\" is pagelab's median over the column's. To measure "
             "again and replace this section, the plots and the copy diagrams:",
             "", "```", "make bench BENCH=quick          # or: make bench (the full run)",
             "tools/bench --docs build/bench", "```"]
    for entry in report["programs"]:
        lines += ["", f"### {entry['name']}: {entry['what']}", "",
                  f"`{' '.join([entry['name'], *entry['args']])}`; {entry['runs_ok']} run(s) ok"]
        for r in entry["runs_failed"]:
            lines.append(f"- FAILED: round {r['round']} on {r['config_title']}: exit status "
                         f"{r['status']}")
        lines.append("")
        lines += program_tables(entry, columns_of(entry["name"]))
    if report.get("left_out"):
        lines += ["", "Left out: " + "; ".join(f"{x['name']} ({x['why']})"
                                               for x in report["left_out"]) + "."]
    lines += [l.replace("## ", "### ", 1) if l.startswith("## ") else l
              for l in pictures(report, prefix)]
    lines += ["", DOCS_END]
    return "\n".join(lines) + "\n"


def replace_docs_block(text, block):
    """text with its make-bench section replaced by block (or block put
    before its first "## " heading after the introduction when it has none)."""
    if DOCS_BEGIN in text and DOCS_END in text:
        head, rest = text.split(DOCS_BEGIN, 1)
        tail = rest.split(DOCS_END, 1)[1]
        return head + block.rstrip("\n") + tail
    at = text.find("\n## ")
    at = len(text) if at < 0 else at + 1
    return text[:at] + block + "\n" + text[at:]


def write_markdown(path, report, columns_of):
    with open(path, "w") as f:
        f.write(markdown(report, columns_of))
