"""The figures of the runs: "figure: ROW | COLUMN | VALUE" lines
(user/benchlib.h), gathered per program, configuration and round, and
summed up as median, minimum, maximum and spread."""
import re
import statistics

LINE = re.compile(r"^figure: (.+?) \| (.+?) \| (-?[0-9.]+(?:e[-+]?[0-9]+)?)\s*$", re.M)
# Units whose smaller figures are better; MB/s is the one where larger is.
LOWER_IS_BETTER = {"us", "ms", "ns", "cyc", "cycles", "s"}


def parse(text):
    """[(row, column, value)] in the order the program printed them."""
    return [(m.group(1), m.group(2), float(m.group(3))) for m in LINE.finditer(text)]


def unit(column):
    """The unit of a column: its last word ("median us" -> "us")."""
    return column.split()[-1]


def better(column):
    u = unit(column)
    if u == "MB/s":
        return "higher"
    if u in LOWER_IS_BETTER:
        return "lower"
    return None


def summary(values):
    if not values:
        return None
    med = statistics.median(values)
    lo, hi = min(values), max(values)
    return {"samples": values, "median": med, "min": lo, "max": hi,
            "spread": (hi - lo) / med if med else 0.0}


def gather(runs, read_output):
    """{program: {"order": [(row, column)], "values": {(row, column): {config: [values]}}}}
    from the runs that exited 0; read_output(run) gives a run's output."""
    out = {}
    for run in runs:
        if run["status"] != 0:
            continue
        prog = out.setdefault(run["program"], {"order": [], "values": {}})
        for row, col, value in parse(read_output(run)):
            key = (row, col)
            if key not in prog["values"]:
                prog["order"].append(key)
                prog["values"][key] = {}
            prog["values"][key].setdefault(run["config"], []).append(value)
    return out


def sig3(x):
    """Three significant digits, never in exponent form (as the tables print)."""
    a = abs(x)
    if x == int(x) and a < 1e15:
        return str(int(x))
    if a >= 100:
        return f"{x:.0f}"
    if a >= 10:
        return f"{x:.1f}"
    if a >= 1:
        return f"{x:.2f}"
    if a == 0:
        return "0"
    return f"{x:.3f}"


SIZE = re.compile(r"(\d+) (B|KiB|MiB|GiB)\b")
SIZE_UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}


def size_bytes(text):
    """The first size ("4 KiB", "40000 B") in a row name, in bytes, or None."""
    m = SIZE.search(text)
    return int(m.group(1)) * SIZE_UNITS[m.group(2)] if m else None
