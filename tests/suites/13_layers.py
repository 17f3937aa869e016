"""The layers (docs/architecture.md): every kernel #include goes down the
order lib < copy < mm < drivers < fs < ipc < proc < syscall < entry, or to
kernel/hw/ (x86 hardware definitions, which any layer may include and
which include nothing else), or to libc/include/pagelab/ (the ABI values
the kernel and our libc share).  A violation is named by file and line; so
is a cycle between folders."""
import os
import re

import vmtests

ORDER = ["lib", "copy", "mm", "drivers", "fs", "ipc", "proc", "syscall", "entry"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def folder_of(path):
    """The layer folder of a path below kernel/ ("hw" for the hardware)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "kernel" else None


def kernel_sources(root, suffixes):
    """(path relative to root, text) of every kernel file with one of suffixes."""
    for d, _, files in os.walk(os.path.join(root, "kernel")):
        for f in sorted(files):
            if f.endswith(suffixes):
                path = os.path.relpath(os.path.join(d, f), root)
                with open(os.path.join(root, path), encoding="utf-8", errors="replace") as fh:
                    yield path, fh.read()


def includes(root):
    """(file, line, included path) for every quoted #include under kernel/."""
    for path, text in kernel_sources(root, (".c", ".h", ".S")):
        for m in INCLUDE.finditer(text):
            yield path, text.count("\n", 0, m.start()) + 1, m.group(1)


def violation(src, dst):
    """Why src may not include dst, or None."""
    a, b = folder_of(src), folder_of(dst)
    if dst.startswith("libc/include/pagelab/"):
        return None
    if b is None:
        return f"includes {dst}, which is outside kernel/ and libc/include/pagelab/"
    if a == "hw":
        return None if b == "hw" else "kernel/hw/ may include only kernel/hw/"
    if b == "hw" or a == b:
        return None
    if a not in ORDER:
        return f"{a}/ is not a layer ({', '.join(ORDER)} or hw)"
    if b not in ORDER:
        return f"{b}/ is not a layer ({', '.join(ORDER)} or hw)"
    if ORDER.index(b) > ORDER.index(a):
        return f"{a}/ is below {b}/: a lower layer never includes a higher one's header"
    return None


def cycles(edges):
    """Folder cycles in edges {a: {b: (file, line)}}: a list of paths."""
    found, seen = [], set()

    def visit(node, path):
        for nxt in sorted(edges.get(node, {})):
            if nxt in path:
                cyc = path[path.index(nxt):] + [nxt]
                key = frozenset(cyc)
                if key not in seen:
                    seen.add(key)
                    found.append(cyc)
            else:
                visit(nxt, path + [nxt])

    for start in sorted(edges):
        visit(start, [start])
    return found


# A variable at file scope whose type is a function pointer: "void (*hook)(int);"
# (declarations of functions that take one as a parameter are not matched).
HOOK = re.compile(r"^(?!typedef)(?:extern\s+|static\s+)?(?:const\s+)?[A-Za-z_][\w\s\*]*\(\s*\*\s*(\w+)\s*\)\s*\([^;{]*\)\s*(?:=[^;]*)?;", re.M)


def hooks(root):
    """(file, line, name) of every global function-pointer variable in kernel/."""
    for path, text in kernel_sources(root, (".c", ".h")):
        for m in HOOK.finditer(text):
            yield path, text.count("\n", 0, m.start()) + 1, m.group(1)


def names(ctx):
    return vmtests.yielded_patterns(__file__, {"*": []})   # the checkers' own yields are not tests


def run(ctx):
    # The checker itself, on made-up includes: it must catch both kinds.
    yield "checker_rejects_an_upward_include", \
        violation("kernel/mm/vm.c", "kernel/proc/proc.h") is not None and \
        violation("kernel/proc/exec.c", "kernel/mm/vm.h") is None and \
        violation("kernel/hw/io.h", "kernel/lib/list.h") is not None, ""
    yield "checker_finds_a_cycle", \
        cycles({"a": {"b": 1}, "b": {"a": 1}}) == [["a", "b", "a"]] and not cycles({"a": {"b": 1}}), ""

    bad, edges = [], {}
    for src, line, dst in includes(ctx.root):
        why = violation(src, dst)
        if why:
            bad.append(f"{src}:{line}: #include \"{dst}\": {why}")
        a, b = folder_of(src), folder_of(dst)
        if a and b and a != b:
            edges.setdefault(a, {}).setdefault(b, (src, line))
    yield "every_include_goes_down_the_layers", not bad, "\n".join(bad)
    found = cycles(edges)
    yield "no_cycle_between_folders", not found, "\n".join(
        " -> ".join(c) + "  (" + ", ".join(f"{edges[x][y][0]}:{edges[x][y][1]}" for x, y in zip(c, c[1:])) + ")"
        for c in found)
    yield "every_folder_is_a_layer_or_hw", \
        sorted(d for d in os.listdir(os.path.join(ctx.root, "kernel"))
               if os.path.isdir(os.path.join(ctx.root, "kernel", d))) == sorted(ORDER + ["hw"]), \
        str(sorted(os.listdir(os.path.join(ctx.root, "kernel"))))

    # Calling up goes through an ops table or a registration the upper layer
    # hands over (docs/architecture.md), never a global function pointer.
    yield "checker_finds_a_global_function_pointer", \
        [m.group(1) for m in HOOK.finditer("void (*timer_hook)(int tick);\nint f(int (*op)(int));\n")] == ["timer_hook"], ""
    found = [f"{p}:{n}: {name}" for p, n, name in hooks(ctx.root)]
    yield "no_global_function_pointer_hooks", not found, "\n".join(found)
