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
    if report.get("plots") or report.get("diagrams"):
        lines += ["", "## Plots and copy diagrams", ""]
        lines += [f"- {p}" for p in report.get("plots", []) + report.get("diagrams", [])]
    return "\n".join(lines) + "\n"


def write_markdown(path, report, columns_of):
    with open(path, "w") as f:
        f.write(markdown(report, columns_of))
