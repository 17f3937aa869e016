"""In-kernel tests: one boot with ktest=all runs every KTEST in the kernel
(see kernel/lib/ktest.h); a boot that hangs, panics or stops early fails."""
import os
import re
import subprocess
import pagelab_qemu as q

BOOT_TIMEOUT = 120


def run(ctx):
    # Storage tests need the root disk; they get a scratch copy to write on.
    image = os.path.join(ctx.build, "disk.img")
    disk = None
    if os.path.exists(image):
        disk = os.path.join(ctx.build, "ktest-disk.img")
        subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    status, out = q.boot("ktest=all", timeout=BOOT_TIMEOUT, disk=disk)
    done = False
    for line in out.splitlines():
        m = re.match(r"ktest: (\S+): (PASS|FAIL)(?: (.*))?", line)
        if m:
            yield m.group(1), m.group(2) == "PASS", m.group(3) or ""
        if line.startswith("ktest: done"):
            done = True
    tail = "\n".join(out.splitlines()[-30:])
    if status is None:
        yield "boot", False, f"timed out after {BOOT_TIMEOUT} s; last output:\n{tail}"
    elif not done:
        yield "boot", False, f"QEMU exited {status} before the tests finished:\n{tail}"
    else:
        yield "boot", status in (q.EXIT_SUCCESS, q.EXIT_FAILURE), f"QEMU exited {status}"
