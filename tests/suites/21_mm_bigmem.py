"""Memory-management tests on a machine with 4 GiB of RAM: QEMU's pc machine
puts 3 GiB below the PCI hole and 1 GiB above 4 GiB, so the frame allocator
sees a memory map with a hole and RAM the boot page tables do not reach
(released by frame_init_high), and the direct map must cover 5 GiB."""
import re
import pagelab_qemu as q

BOOT_TIMEOUT = 120
MEM = "4G"


def run(ctx):
    status, out = q.boot("ktest=frame_*,kmalloc_*,paging_*", timeout=BOOT_TIMEOUT, mem=MEM)
    done = False
    for line in out.splitlines():
        m = re.match(r"ktest: (\S+): (PASS|FAIL)(?: (.*))?", line)
        if m:
            yield m.group(1), m.group(2) == "PASS", m.group(3) or ""
        if line.startswith("ktest: done"):
            done = True
    m = re.search(r"(\d+) MiB of usable memory", out)
    usable = int(m.group(1)) if m else 0
    yield "banner_reports_about_4_gib", 4000 <= usable <= 4096, f"banner says {usable} MiB"
    tail = "\n".join(out.splitlines()[-30:])
    if status is None:
        yield "boot", False, f"timed out after {BOOT_TIMEOUT} s; last output:\n{tail}"
    elif not done:
        yield "boot", False, f"QEMU exited {status} before the tests finished:\n{tail}"
    else:
        yield "boot", status in (q.EXIT_SUCCESS, q.EXIT_FAILURE), f"QEMU exited {status}"
