"""The kernel's C is laid out by clang-format with the project's
.clang-format (STYLE: one indentation style, kept by the tool).  Fails on
any kernel file clang-format would change, naming it; the fix is
`clang-format -i FILE`."""
import os
import shutil
import subprocess


def run(ctx):
    tool = shutil.which("clang-format")
    yield "clang_format_present", tool is not None, "clang-format is missing (Debian package clang-format)"
    if not tool:
        return
    files = []
    for d, _, names in os.walk(os.path.join(ctx.root, "kernel")):
        files += [os.path.join(d, n) for n in sorted(names) if n.endswith((".c", ".h"))]
    r = subprocess.run([tool, "--dry-run", "--Werror", *files], capture_output=True, text=True,
                       cwd=ctx.root)
    bad = sorted({line.split(":", 1)[0] for line in r.stderr.splitlines() if ("warning:" in line or "error:" in line) and line.startswith("/")})
    yield "kernel_files_follow_clang_format", r.returncode == 0 and not bad, \
        "run clang-format -i on:\n" + "\n".join(os.path.relpath(b, ctx.root) for b in bad) + r.stderr[-500:]
