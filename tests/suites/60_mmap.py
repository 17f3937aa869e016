"""mmap, munmap, mprotect, msync and page faults, through tests/user/mmaptest.c.

  linux       the same static binary runs on the Linux host first: every check
              it makes holds there (Linux's error codes, fork and fault
              behaviour), so the expectations are Linux's, not ours
  pagelab     each check inside pagelab, one result per check, plus the
              pagelab-only ones (copy ledger, exact write-back counts,
              drop_caches and major faults, MAP_HUGETLB)
  mmapdemo    user/mmapdemo (installed as /bin/mmapdemo) prints, per touch,
              the faults and the ledger: the figures it shows are checked
  disk        after the run, debugfs reads the raw disk block of a file whose
              last page was written past the end of file through a mapping:
              the bytes past EOF reached the disk as zeros, the file size is
              unchanged, and e2fsck is clean
"""
import os
import re
import subprocess
import tempfile
import vmtests

EOF_FILE = "/tmp/tail2.dat"


def raw_block(disk, guest_path):
    """The first data block of guest_path, read straight from the image."""
    r = subprocess.run(["debugfs", "-R", f"blocks {guest_path}", disk], capture_output=True, text=True)
    blocks = r.stdout.split()
    if not blocks:
        return None, r.stderr
    with open(disk, "rb") as f:
        f.seek(int(blocks[0]) * 4096)
        return f.read(4096), ""


def file_size(disk, guest_path):
    r = subprocess.run(["debugfs", "-R", f"stat {guest_path}", disk], capture_output=True, text=True)
    m = re.search(r"Size: (\d+)", r.stdout)
    return int(m.group(1)) if m else None


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "mmaptest.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    image = vmtests.disk_image(ctx)
    binary, r = vmtests.build_checked(ctx, "mmaptest")
    if r.returncode:
        yield "build", False, r.stderr[-2000:]
        return

    with tempfile.TemporaryDirectory() as tmp:
        host = vmtests.run_on_host([binary, tmp], cwd=tmp)
    yield "mmaptest_expectations_hold_on_linux", host.returncode == 0, \
        "\n".join(l for l in host.stdout.splitlines() if not l.startswith("ok"))[-2000:]

    with tempfile.TemporaryDirectory() as tmp:
        disk = vmtests.scratch_disk(image, os.path.join(tmp, "mmap.img"))
        status, text, log = vmtests.run_in_vm(ctx, ["mmaptest", "/tmp", "pagelab"], add=[vmtests.on_bin(binary)],
                                              extra=["--disk", disk, "--verbose"])
        seen = 0
        for name, ok, detail in vmtests.result_lines(text):
            seen += 1
            yield f"pagelab/{name}", ok, detail
        yield "mmaptest_ran_to_the_end_in_pagelab", status == 0 and seen >= 80, \
            f"status {status}, {seen} checks reported\n{text[-800:]}\n{log[-1500:]}"
        kills = re.findall(r"pid \d+ \(mmaptest\): (SIGSEGV|SIGBUS): ", log)
        yield "each_killed_child_has_one_log_line", kills.count("SIGSEGV") == 6 and kills.count("SIGBUS") == 2, \
            f"kernel log lines: {kills}"

        block, err = raw_block(disk, EOF_FILE)
        size = file_size(disk, EOF_FILE)
        ok = block is not None and block[100:] == bytes(4096 - 100) and size == 100
        detail = err if block is None else \
            f"size {size}, non-zero bytes past EOF on disk: {sum(1 for b in block[100:] if b)}"
        yield "disk_stores_past_eof_through_a_mapping_reach_the_disk_as_zeros", ok, detail
        fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        yield "disk_passes_e2fsck_after_the_mmap_run", fsck.returncode == 0, fsck.stdout[-1500:]

    # The demo's figures are what the model says they are.
    _, demo, _ = vmtests.run_in_vm(ctx, ["mmapdemo"], timeout=None)
    parts = re.split(r"^\d\. ", demo, flags=re.M)

    def line(part, label):
        if len(parts) <= part:
            return ""
        m = re.search(rf"^  {re.escape(label)} .*$", parts[part], re.M)
        return m.group(0) if m else ""
    shared0 = line(1, "read page 0")
    # The first fault reads the whole 4-page file: read-ahead's first window
    # for a one-page request is 4 pages (Linux's get_init_ra_size).
    yield "mmapdemo_shared_first_touch_is_a_major_fault_with_dma_and_no_cpu_copy", \
        "0 minor 1 major" in shared0 and "CPU copied 0 B" in shared0 and "disk DMA 16384 B" in shared0 and \
        "mapped 1 pages" in shared0, shared0 or demo[-2000:]
    shared1 = line(1, "read page 1")
    yield "mmapdemo_shared_next_touch_finds_the_page_read_ahead", \
        "1 minor 0 major" in shared1 and "disk DMA 0 B" in shared1, shared1 or demo[-2000:]
    again = line(1, "all pages again")
    yield "mmapdemo_second_touches_cost_nothing", "0 minor 0 major" in again, again or demo[-2000:]
    cow = line(2, "first write to page 1")
    yield "mmapdemo_private_first_write_is_one_cow_copy", \
        "1 minor 0 major" in cow and "COW 4096 B" in cow and "CPU copied 4096 B" in cow, cow or demo[-2000:]
    zero = line(3, "write page 2")
    yield "mmapdemo_anonymous_touch_is_a_zero_fill", "zero-filled 4096 B" in zero and "CPU copied 0 B" in zero, \
        zero or demo[-2000:]
    child = line(4, "child writes page 1")
    yield "mmapdemo_child_write_after_fork_is_a_cow_copy", \
        "COW 4096 B" in child and "parent still sees \"parent's data\"" in demo, child or demo[-2000:]
    yield "mmapdemo_shows_proc_self_maps_with_the_file", "/tmp/mmapdemo.dat" in demo and "[stack]" in demo, \
        demo[-2000:]
