"""Reading the copy traces that `copycount --trace` prints on pagelab
(user/copycount.c; the trace itself: libc/include/pagelab/ledger.h,
kernel/copy/copy_trace.c):

    copytrace: ROW | begin | pid P | events N | lost L
    copytrace: ROW | PID | KIND | MECHANISM | FROM | TO | BYTES | OPS

and sorting each row's events into the arrows of its picture: the
payload's (the row's own mechanisms) and the rest (the program's
bookkeeping: fork's copy-on-write, the pipe it synchronises with, exec's
code pages), which a diagram only lists.
"""
import re
from dataclasses import dataclass, field

BEGIN = re.compile(r"^copytrace: (.+?) \| begin \| pid (\d+) \| events (\d+) \| lost (\d+)\s*$")
EVENT = re.compile(r"^copytrace: (.+?) \| (\d+) \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) \| "
                   r"([^|]+?) \| (\d+) \| (\d+)\s*$")
FIGURE_BYTES = re.compile(r"^figure: (.+?) \| bytes \| (\d+)\s*$", re.M)

# The kinds of the ledger (kernel/copy/ledger.c names) by what moves the bytes.
CPU_KINDS = {"user->kernel", "kernel->user", "kernel->kernel", "cross-space", "cow-page"}
DEVICE_KINDS = {"device->memory", "memory->device"}

# Each copycount row's payload, by mechanism; a row not listed takes every
# mechanism but CONTEXT's (and the pipe, unless it is the pipe's row).
ROW_MECHS = {
    "file write()+fsync": {"file-write", "writeback"},
    "file read() cold": {"file-read"},
    "file read() warm": {"file-read"},
    "mmap read cold": {"mmap-fault"},
    "mmap read warm": {"mmap-fault"},
    "mmap write+msync": {"mmap-fault", "writeback"},
    "pipe": {"pipe"},
    "message queue": {"msgq"},
    "posix mq": {"posix-mq"},
    "unix socket": {"socket"},
    "shared memory": {"shm"},
    "memfd passed": {"mmap-fault"},
    "memfd over SCM_RIGHTS": {"mmap-fault"},
    "shm_open": {"mmap-fault", "shm"},
    "binder": {"binder"},
}
CONTEXT = {"fs-metadata", "exec", "fork", "syscall-args", "other", "trace", "?"}


@dataclass
class Event:
    pid: int
    kind: str
    mech: str
    src: str      # "pid N", "kernel" or "disk"
    dst: str
    bytes: int
    ops: int


@dataclass
class Trace:
    row: str
    pid: int = 0            # the process that traced (copycount)
    declared: int = 0       # events the kernel said it returned
    lost: int = 0           # events it could not keep
    events: list = field(default_factory=list)
    moved: int = None       # payload bytes the row moved (its "bytes" figure)


def parse(text):
    """{row: Trace} in the order the rows were printed."""
    traces = {}
    for line in text.splitlines():
        m = BEGIN.match(line)
        if m:
            traces[m.group(1)] = Trace(m.group(1), int(m.group(2)), int(m.group(3)),
                                       int(m.group(4)))
            continue
        m = EVENT.match(line)
        if m and m.group(1) in traces:
            traces[m.group(1)].events.append(Event(int(m.group(2)), m.group(3), m.group(4),
                                                   m.group(5), m.group(6), int(m.group(7)),
                                                   int(m.group(8))))
    for row, moved in FIGURE_BYTES.findall(text):
        if row in traces:
            traces[row].moved = int(moved)
    for t in traces.values():
        if t.moved is None:   # without BENCH_FIGURES: the table's bytes column
            m = re.search(rf"^{re.escape(t.row)}\s{{2,}}(\d+)\s", text, re.M)
            t.moved = int(m.group(1)) if m else None
    return traces


def is_payload(row, ev):
    mechs = ROW_MECHS.get(row)
    if mechs is not None:
        return ev.mech in mechs
    return ev.mech not in CONTEXT and (ev.mech != "pipe" or row == "pipe")


@dataclass
class Arrow:
    kind: str
    mech: str
    src: str
    dst: str
    bytes: int = 0
    ops: int = 0      # CPU copies, DMA transfers, pages mapped, or zero-fills
    events: int = 0


def arrows(events):
    """The events summed per (kind, from, to, mechanism), in first-seen order."""
    out = {}
    for e in events:
        a = out.setdefault((e.kind, e.src, e.dst, e.mech), Arrow(e.kind, e.mech, e.src, e.dst))
        a.bytes += e.bytes
        a.ops += e.ops
        a.events += 1
    return list(out.values())


def split(trace):
    """(payload arrows, context arrows) of a row's trace."""
    pay = [e for e in trace.events if is_payload(trace.row, e)]
    ctx = [e for e in trace.events if not is_payload(trace.row, e)]
    return arrows(pay), arrows(ctx)


def totals(arrs):
    """Bytes by what moved them: {"cpu", "dma", "zero", "mapped"}."""
    t = {"cpu": 0, "dma": 0, "zero": 0, "mapped": 0, "cpu_ops": 0, "dma_ops": 0}
    for a in arrs:
        if a.kind in CPU_KINDS:
            t["cpu"] += a.bytes
            t["cpu_ops"] += a.ops
        elif a.kind in DEVICE_KINDS:
            t["dma"] += a.bytes
            t["dma_ops"] += a.ops
        elif a.kind == "zero-fill":
            t["zero"] += a.bytes
        elif a.kind == "map":
            t["mapped"] += a.bytes
    return t


def slug(row):
    return re.sub(r"[^a-z0-9]+", "-", row.lower()).strip("-")
