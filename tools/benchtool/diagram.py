"""One mechanism's copies drawn as SVG, the articles' picture (sender's
buffer -> kernel buffer -> receiver's buffer, the disk below) with what a
copy trace measured on every arrow: the bytes, and how many CPU copies,
DMA transfers or mapped pages carried them.

    processes (user buffers)   top row: the sender left, the receiver right
    kernel                     middle: its buffer or page cache; kernel-to-
                               kernel copies and zero-fills written inside
    disk                       bottom, when a DMA transfer happened

Solid arrows are copies by the CPU, thick ones DMA transfers by the disk,
dashed ones pages mapped into a process (no byte copied).  Plain SVG
written by hand: no library beyond Python's.
"""
from xml.sax.saxutils import escape

from . import copytrace as CT

W = 1000
PROC_Y, PROC_H, PROC_W = 40, 80, 300
KERN_Y, KERN_H = 250, 110
DISK_Y, DISK_H = 480, 60
SLOT = 115          # how far beside a box's middle the arrows in and out run
KERNEL_WHAT = {
    "pipe": "the pipe's ring buffer", "msgq": "the queued message", "posix-mq":
    "the queued message", "socket": "the socket's buffers", "shm": "the shared frames",
    "binder": "frames of the receiver's binder area", "file-read": "the page cache",
    "file-write": "the page cache", "writeback": "the page cache", "mmap-fault": "the page cache",
}
COLORS = {"cpu": "#c0392b", "dma": "#1f5fbf", "map": "#27ae60"}


def fmt_bytes(n):
    if n >= 1 << 20 and n % (1 << 20) == 0:
        return f"{n >> 20} MiB"
    if n >= 1 << 10 and n % (1 << 10) == 0:
        return f"{n >> 10} KiB"
    return f"{n} B"


def plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def arrow_words(a):
    """Three short lines: what, how many bytes, by how many operations."""
    if a.kind in CT.DEVICE_KINDS:
        return ["DMA " + ("disk → memory" if a.kind == "device->memory" else "memory → disk"),
                fmt_bytes(a.bytes), plural(a.ops, "DMA transfer")]
    if a.kind == "map":
        return ["mapped, no copy", fmt_bytes(a.bytes), plural(a.ops, "page")]
    what = {"user->kernel": "copy in", "kernel->user": "copy out",
            "cross-space": "copy into the other", "cow-page": "copy-on-write"}.get(a.kind, a.kind)
    return [what, fmt_bytes(a.bytes), plural(a.ops, "CPU copy").replace("copys", "copies")]


def style(a):
    if a.kind in CT.DEVICE_KINDS:
        return COLORS["dma"], 4, ""
    if a.kind == "map":
        return COLORS["map"], 2, ' stroke-dasharray="7,5"'
    return COLORS["cpu"], 2, ""


class Svg:
    def __init__(self, height):
        self.height = height
        self.parts = []

    def add(self, s):
        self.parts.append(s)

    def text(self, x, y, s, size=12, anchor="start", weight="normal", color="#222"):
        self.add(f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}" '
                 f'font-weight="{weight}" fill="{color}">{escape(s)}</text>')

    def box(self, x, y, w, h, fill, lines):
        self.add(f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="8" '
                 f'fill="{fill}" stroke="#333" stroke-width="1.2"/>')
        for i, (s, size, weight) in enumerate(lines):
            self.text(x + w / 2, y + 22 + 17 * i, s, size, "middle", weight)

    def arrow(self, x1, y1, x2, y2, a, label_side):
        color, width, dash = style(a)
        self.add(f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" '
                 f'stroke="{color}" stroke-width="{width}"{dash} '
                 f'marker-end="url(#head-{color[1:]})"/>')
        lx = (x1 + x2) / 2 + (8 if label_side == "right" else -8)
        ly = (y1 + y2) / 2 - 14
        for i, s in enumerate(arrow_words(a)):
            self.text(lx, ly + 15 * i, s, 12 if i == 1 else 11,
                      "start" if label_side == "right" else "end",
                      "bold" if i == 1 else "normal", color)

    def render(self):
        heads = "".join(
            f'<marker id="head-{c[1:]}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="12" '
            f'markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
            for c in COLORS.values())
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{self.height}" '
                f'viewBox="0 0 {W} {self.height}" font-family="sans-serif">\n'
                f'<defs>{heads}</defs>\n<rect width="100%" height="100%" fill="#ffffff"/>\n'
                + "\n".join(self.parts) + "\n</svg>\n")


def process_order(arrs):
    """The processes of the payload arrows, the sender first."""
    senders, receivers, seen = [], [], []
    for a in arrs:
        for end in (a.src, a.dst):
            if end.startswith("pid ") and end not in seen:
                seen.append(end)
        if a.kind in ("user->kernel", "cross-space") and a.src.startswith("pid "):
            senders.append(a.src)
        if a.kind in ("kernel->user", "cross-space") and a.dst.startswith("pid "):
            receivers.append(a.dst)
    first = [p for p in seen if p in senders] + [p for p in seen if p not in senders]
    return first, set(senders), set(receivers)


def mappers(arrs):
    return {a.dst for a in arrs if a.kind == "map"}


def role(pid, senders, receivers, lone):
    """What a process does with the payload; a lone process writes or
    reads a file, or talks to itself."""
    words = ("writer", "reader") if lone else ("sender", "receiver")
    if pid in senders and pid in receivers:
        return f"{words[0]} and {words[1]}"
    if pid in senders:
        return words[0]
    if pid in receivers:
        return words[1]
    return ""


def draw(trace, source):
    """The SVG text of one copycount row's trace; source says where the
    trace came from (printed under the picture)."""
    pay, ctx = CT.split(trace)
    procs, senders, receivers = process_order(pay)
    maps = mappers(pay)
    disk = any(a.kind in CT.DEVICE_KINDS for a in pay)
    inside = [a for a in pay if a.kind in ("kernel->kernel", "zero-fill")]
    foot_lines = 4 + (len(ctx) + 1) // 2
    height = (DISK_Y + DISK_H if disk else KERN_Y + KERN_H + 40) + 30 + 16 * foot_lines + 20
    svg = Svg(height)

    moved = f"{fmt_bytes(trace.moved)} moved" if trace.moved else "bytes moved unknown"
    svg.text(20, 24, f"{trace.row}: {moved}, as pagelab's copy trace measured it", 16,
             weight="bold")
    # Processes along the top; the sender left.
    xs = {}
    n = max(len(procs), 1)
    for i, p in enumerate(procs):
        cx = W / 2 if n == 1 else 250 + (W - 500) * i / (n - 1)
        xs[p] = cx
        r = role(p, senders, receivers, n == 1)
        if not r and p in maps:
            r = "maps the pages"
        svg.box(cx - PROC_W / 2, PROC_Y + 10, PROC_W, PROC_H, "#eef3fb",
                [(f"process {p[4:]}" + (f" ({r})" if r else ""), 13, "bold"),
                 ("its buffer in user memory" if p not in maps or p in senders | receivers
                  else "the pages, mapped in its address space", 12, "normal")])
    # The kernel, with what it copies inside itself.
    kx, kw = 120, W - 240
    what = sorted({KERNEL_WHAT.get(a.mech, a.mech) for a in pay})
    lines = [("kernel: " + ", ".join(what) if what else "kernel", 13, "bold")]
    for a in inside:
        if a.kind == "zero-fill":
            lines.append((f"zero-filled: {fmt_bytes(a.bytes)} ({plural(a.ops, 'page')}"
                          f"{'' if a.bytes == a.ops * 4096 else ' or pieces'})", 12, "normal"))
        else:
            lines.append((f"kernel → kernel copy: {fmt_bytes(a.bytes)}, "
                          f"{plural(a.ops, 'CPU copy').replace('copys', 'copies')}", 12,
                          "normal"))
    svg.box(kx, KERN_Y, kw, KERN_H, "#fdf2e9", lines[:5])
    if disk:
        svg.box(W / 2 - 200, DISK_Y, 400, DISK_H, "#eef7ee",
                [("disk (virtio-blk)", 13, "bold"), ("the file's blocks", 12, "normal")])
    # Arrows between the boxes.
    ptop, pbot, ktop, kbot = PROC_Y + 10, PROC_Y + 10 + PROC_H, KERN_Y, KERN_Y + KERN_H
    used = {}
    for a in pay:
        if a.kind in ("kernel->kernel", "zero-fill"):
            continue
        if a.kind in ("user->kernel", "cross-space") and a.src in xs:
            x = xs[a.src] - SLOT
            svg.arrow(x, pbot, x, ktop - 4, a, "left")
        elif a.kind in ("kernel->user", "map") and a.dst in xs:
            slot = SLOT if a.kind == "kernel->user" else 0
            if used.get((a.dst, slot)):
                slot = SLOT if slot == 0 else 0
            used[(a.dst, slot)] = True
            x = xs[a.dst] + slot
            svg.arrow(x, ktop, x, pbot + 4, a, "right")
        elif a.kind == "cow-page" and a.src in xs:
            svg.text(xs[a.src], pbot + 16, "copy-on-write: " + ", ".join(arrow_words(a)[1:]), 11,
                     "middle", color=COLORS["cpu"])
        elif a.kind == "device->memory":
            svg.arrow(W / 2 - SLOT, DISK_Y, W / 2 - SLOT, kbot + 4, a, "left")
        elif a.kind == "memory->device":
            svg.arrow(W / 2 + SLOT, kbot, W / 2 + SLOT, DISK_Y - 4, a, "right")
    if not pay:
        svg.text(W / 2, KERN_Y - 40, "no copy of this mechanism was recorded", 13, "middle")
    # What it all adds up to, and the rest of the trace.
    t = CT.totals(pay)
    y = (DISK_Y + DISK_H if disk else KERN_Y + KERN_H + 40) + 30
    per = (lambda b: f" ({b / trace.moved:.2f} per byte moved)") if trace.moved else (lambda b: "")
    svg.text(20, y, f"payload: CPU copies {fmt_bytes(t['cpu'])}{per(t['cpu'])} in "
                    f"{plural(t['cpu_ops'], 'copy').replace('copys', 'copies')}; DMA "
                    f"{fmt_bytes(t['dma'])}{per(t['dma'])} in {plural(t['dma_ops'], 'transfer')}",
             12, weight="bold")
    y += 16
    svg.text(20, y, f"zero-filled {fmt_bytes(t['zero'])}{per(t['zero'])}; mapped into a process "
                    f"without a copy {fmt_bytes(t['mapped'])}", 12, weight="bold")
    y += 16
    svg.text(20, y, f"{source}; trace of {plural(trace.declared, 'event')}, "
                    f"{trace.lost} lost", 11, color="#555")
    y += 16
    if ctx:
        svg.text(20, y, "also in the trace, not this mechanism's payload (the program's own "
                        "bookkeeping):", 11, color="#555")
        for i, a in enumerate(ctx):
            words = arrow_words(a)
            s = (f"{a.mech}: {a.kind} {a.src} → {a.dst} {words[1]}" +
                 (f", {words[2]}" if a.kind != "zero-fill" else " zero-filled"))
            svg.text(20 + 480 * (i % 2), y + 16 * (1 + i // 2), s, 11, color="#555")
    return svg.render()
