"""Memory-management tests on a machine with 4 GiB of RAM: QEMU's pc machine
puts 3 GiB below the PCI hole and 1 GiB above 4 GiB, so the frame allocator
sees a memory map with a hole and RAM the boot page tables do not reach
(released by frame_init_high), and the direct map must cover 5 GiB."""
import re
import pagelab_qemu as q
import vmtests

BOOT_TIMEOUT = 120
MEM = "4G"


PREFIXES = ["frame_", "kmalloc_", "paging_"]


def names(ctx):
    return vmtests.ktest_names(ctx, PREFIXES) + ["banner_reports_about_4_gib", "boot"]


def run(ctx):
    chosen = vmtests.ktest_selection(ctx, vmtests.ktest_names(ctx, PREFIXES),
                                     ",".join(p + "*" for p in PREFIXES))
    status, out = q.boot(f"ktest={chosen}", timeout=BOOT_TIMEOUT, mem=MEM)
    yield from vmtests.ktest_lines(out)
    m = re.search(r"(\d+) MiB of usable memory", out)
    usable = int(m.group(1)) if m else 0
    yield "banner_reports_about_4_gib", 4000 <= usable <= 4096, f"banner says {usable} MiB"
    yield vmtests.ktest_boot_verdict(status, out, BOOT_TIMEOUT)
