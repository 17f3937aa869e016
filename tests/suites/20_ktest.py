"""In-kernel tests: one boot with ktest=all runs every KTEST in the kernel
(see kernel/lib/ktest.h); a boot that hangs, panics or stops early fails."""
import os
import pagelab_qemu as q
import vmtests

BOOT_TIMEOUT = 120


def names(ctx):
    return vmtests.ktest_names(ctx) + ["boot"]


def run(ctx):
    # Storage tests need the root disk; they get a scratch copy to write on.
    image = os.path.join(ctx.build, "disk.img")
    disk = None
    if os.path.exists(image):
        disk = vmtests.scratch_disk(image, os.path.join(ctx.build, "ktest-disk.img"))
    chosen = vmtests.ktest_selection(ctx, vmtests.ktest_names(ctx), "all")
    status, out = q.boot(f"ktest={chosen}", timeout=BOOT_TIMEOUT, disk=disk)
    yield from vmtests.ktest_lines(out)
    yield vmtests.ktest_boot_verdict(status, out, BOOT_TIMEOUT)
