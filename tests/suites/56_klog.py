"""syslog(2), the kernel log's system call (dmesg's): tests/user/klog.c is
built with musl-gcc -static, its expectations checked on the Linux host
first (as root), then it runs unmodified in pagelab."""
import os
import subprocess

import vmtests
from vmtests import run_in_vm


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "klog.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "klog")
    yield "klog_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    if os.geteuid() == 0:   # syslog(2) needs CAP_SYSLOG on Linux
        host = subprocess.run([exe], capture_output=True, text=True)
        yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
    status, text, log = run_in_vm(ctx, ["klog"], add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    yield "pagelab_ran_every_check", status == 0 and seen >= 13, f"status {status}\n{text}\n{log[-1500:]}"
