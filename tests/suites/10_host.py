"""Host unit tests: each tests/host/test_*.c is built alone, with ASan and
UBSan, from the kernel sources it #includes, and run on the host."""
import os
import subprocess

import vmtests

CFLAGS = ["-std=gnu11", "-g", "-O1", "-Wall", "-Wno-unused-function",
          "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
          "-DPAGELAB_HOST_TEST"]


def names(ctx):
    src_dir = os.path.join(ctx.root, "tests", "host")
    out = []
    for f in sorted(os.listdir(src_dir)):
        if f.startswith("test_") and f.endswith(".c"):
            prog = f[len("test_"):-2]
            out += [prog] + vmtests.check_names(os.path.join(src_dir, f), prefix=prog + "/")
    return out


def run(ctx):
    src_dir = os.path.join(ctx.root, "tests", "host")
    out_dir = os.path.join(ctx.build, "host-tests")
    os.makedirs(out_dir, exist_ok=True)
    for f in sorted(os.listdir(src_dir)):
        if not (f.startswith("test_") and f.endswith(".c")):
            continue
        prog = f[len("test_"):-2]
        if not ctx.wanted_any(prog):
            continue
        exe = os.path.join(out_dir, prog)
        cc = subprocess.run(["cc", *CFLAGS, "-I", ctx.root, os.path.join(src_dir, f), "-o", exe],
                            capture_output=True, text=True)
        if cc.returncode != 0:
            yield prog, False, "does not compile:\n" + cc.stderr[-2000:]
            continue
        res = subprocess.run([exe], capture_output=True, text=True, timeout=300, cwd=ctx.root)
        seen = 0
        for name, ok, detail in vmtests.result_lines(res.stdout, "PASS"):
            seen += 1
            yield f"{prog}/{name}", ok, detail
        if res.returncode != 0 and "FAIL" not in res.stdout:
            yield prog, False, f"exited {res.returncode}:\n{res.stderr[-2000:]}"
        elif seen == 0:
            yield prog, False, "ran no test"
