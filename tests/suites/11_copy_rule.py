"""The copy rule (docs/ledger.md): payload moves only through the
counted helpers of kernel/copy/uaccess.h.  Every raw copy primitive left in
kernel/ (memcpy, memmove, their __builtin_ forms, movs string instructions),
outside comments and in-kernel test files, must be listed with its count
and reason in kernel/copy/raw_copy_allowlist.txt.  A new raw copy fails
here; so does a stale line."""
import os
import re

PRIMITIVE = re.compile(r"\b(?:__builtin_)?mem(?:cpy|move)\s*\(|\bmovs[bwlq]?\b")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
ALLOWLIST = os.path.join("kernel", "copy", "raw_copy_allowlist.txt")


def count_primitives(text):
    """Raw copy primitives in C or assembly source, comments excluded."""
    return len(PRIMITIVE.findall(COMMENT.sub(" ", text)))


def scan(root):
    found = {}
    for d, _, files in os.walk(os.path.join(root, "kernel")):
        for f in files:
            if not f.endswith((".c", ".h", ".S")) or f.endswith("_test.c"):
                continue
            path = os.path.join(d, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                n = count_primitives(fh.read())
            if n:
                found[os.path.relpath(path, root)] = n
    return found


def load_allowlist(root):
    entries, bad = {}, []
    with open(os.path.join(root, ALLOWLIST)) as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            m = re.match(r"(\S+)\s+(\d+)\s+(\S.*)$", line.rstrip())
            if not m:
                bad.append(line.rstrip())
                continue
            entries[m.group(1)] = int(m.group(2))
    return entries, bad


def run(ctx):
    # The scanner itself: it must see copies and skip comments.
    sample = "/* memcpy(a, b, n) in a comment */\nx = memcpy(d, s, n); // memmove(\n" \
             "__builtin_memmove (d, s, n);\n    rep movsq\n    movsb\n"
    yield "scanner_counts_code_and_skips_comments", count_primitives(sample) == 4, \
        f"counted {count_primitives(sample)} of 4"

    entries, bad = load_allowlist(ctx.root)
    yield "allowlist_lines_have_path_count_and_reason", not bad, "\n".join(bad)
    found = scan(ctx.root)
    new = {p: n for p, n in found.items() if n > entries.get(p, 0)}
    yield "no_raw_copy_outside_the_allowlist", not new, \
        "\n".join(f"{p}: {n} raw copies, {entries.get(p, 0)} allowed -- payload must go through "
                  f"kernel/copy/uaccess.h, or list the bookkeeping copy in {ALLOWLIST}"
                  for p, n in sorted(new.items()))
    stale = {p: n for p, n in entries.items() if found.get(p, 0) < n}
    yield "allowlist_has_no_stale_lines", not stale, \
        "\n".join(f"{p}: {n} allowed, {found.get(p, 0)} found: lower the count" for p, n in sorted(stale.items()))
