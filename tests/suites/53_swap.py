"""Swap: tests/user/swap.c is built with musl-gcc -static and run on this
Linux host first (its data, sharing and mlock checks hold there; the host
has no swap area, so the checks that need one are left out), then
unmodified in pagelab with 64 MiB of RAM and a 256 MiB swap disk made by
mkswap: four processes sharing pages copy-on-write hold three times RAM and
find every word; shared anonymous memory, System V shm and a memfd stay
shared through swap; mlock'd pages need no major fault; a killed process's
slots come back; the counters move; swapoff brings every page back.  Then
swapdemo's checksums and counters, /proc/swaps and free in Linux's format,
the ledger's swap row, swapbench's check, a swap file on ext2 (made by
mkswap on the host), and, with a small swap area, the out-of-memory killer
choosing the largest process."""
import os
import re
import subprocess

import pagelab_qemu as q
import vmtests

MEM = "64M"


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "swap.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/"),
                                               "oom/*": vmtests.check_names(src, prefix="oom/")})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "swap")
    yield "swap_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return

    host = vmtests.run_on_host([exe, "data", "64"])
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    script = ("swap data; echo data-status $?; swap off; echo off-status $?; "
              "cat /proc/swaps; free; swapdemo 96 > /tmp/demo; echo demo-status $?; "
              "cat /tmp/demo; cat /proc/copies; swapbench --mib 96 --faults 50; "
              # A swap file on ext2 as the only area (mkswap's, written without holes).
              "swapoff /dev/vdb; chmod 600 /swapfile; swapon /swapfile; echo file-on $?; "
              "echo ==file; cat /proc/swaps; swapdemo 64 > /tmp/d2; echo file-demo $?; tail -2 /tmp/d2; "
              "rm /swapfile; echo rm-active $?; swapoff /swapfile; echo file-off $?; rm /swapfile")
    swapfile = os.path.join(ctx.build, "user-tests", "swapfile")
    with open(swapfile, "wb") as f:    # no holes: a swap file must have none
        f.write(b"\xaa" * (16 << 20))
    made = subprocess.run([q.mkswap_path(), "-q", swapfile], capture_output=True, text=True)
    yield "mkswap_makes_a_swap_file", made.returncode == 0, made.stderr
    status, text, log = vmtests.run_in_vm(ctx, ["sh", "-c", script],
                                          add=[vmtests.on_bin(exe), (swapfile, "/swapfile")],
                                          extra=["--mem", MEM, "--swap", "256M", "--verbose"])
    detail = f"status {status}\n{text[-3000:]}\n{log[-1500:]}"
    seen = 0
    for name, ok, why in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, why
    linux = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "pagelab_ran_every_check", "data-status 0" in text and "off-status 0" in text and \
        seen > linux >= 10, f"{seen} checks on pagelab, {linux} on Linux\n{detail}"

    yield "no_process_killed_while_swap_has_room", "out of memory" not in log and \
        "Killed" not in text, detail
    swaps = re.search(r"^Filename\s+Type\s+Size\s+Used\s+Priority\n(/dev/vdb)\s+partition\s+(\d+)\s+(\d+)\s+(-?\d+)$",
                      text, re.M)
    yield "proc_swaps_in_linux_format", bool(swaps) and int(swaps.group(2)) == 262140, detail
    free = re.search(r"^Swap:\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M)
    yield "free_shows_swap", bool(free) and int(free.group(1)) == 262140 and \
        int(free.group(1)) == int(free.group(2)) + int(free.group(3)), detail

    rows = re.findall(r"^write\s+(\d+)\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)", text, re.M)
    yield "swapdemo_finds_every_checksum", "demo-status 0" in text and \
        "swapdemo: nothing lost" in text, detail
    dma = text.split("bytes moved by devices (DMA)", 1)[-1]
    swap_row = re.search(r"^swap\s+(\d+)\s+(\d+)", dma, re.M)
    yield "ledger_counts_swap_as_device_transfers", "bytes moved by devices" in text and \
        bool(swap_row) and int(swap_row.group(1)) > 0 and int(swap_row.group(2)) > 0, \
        detail + "\n" + (swap_row.group(0) if swap_row else "no swap row in /proc/copies")
    written = [int(r[2]) for r in rows]
    yield "swapdemo_shows_pages_going_out", len(written) == 12 and written[-1] > written[0], detail

    bench = {m.group(1): float(m.group(2)) for m in
             re.finditer(r"^(page-out|page-in) +[\d.]+ +\d+ +\d+ +[\d.]+ +([\d.]+)$", text, re.M)}
    yield "swapbench_runs_and_reads_every_page_back", "swapbench: every page read back right" in text \
        and bench.get("page-out", 0) > 0 and bench.get("page-in", 0) > 0 and \
        re.search(r"^fault +50 swap-in faults timed", text, re.M) is not None, detail

    file_part = text.split("==file", 1)[-1]
    file_line = re.search(r"^/swapfile\s+file\s+(\d+)\s+\d+\s+-?\d+$", file_part, re.M)
    file_rows = re.findall(r"^read\s+\d+\s+\d+\s+(\d+)\s+(\d+)", file_part, re.M)
    yield "swap_file_on_ext2_works", "file-on 0" in text and bool(file_line) and \
        int(file_line.group(1)) == 16380 and "file-demo 0" in text and \
        "swapdemo: nothing lost" in file_part and bool(file_rows) and int(file_rows[-1][1]) > 0, detail
    yield "active_swap_file_cannot_be_removed_and_swapoff_works", "rm-active 1" in text and \
        "Operation not permitted" in file_part and "file-off 0" in text, detail

    # Swap full too: the largest process goes, not the one that faults.
    status, text, log = vmtests.run_in_vm(ctx, ["swap", "oom"], add=[vmtests.on_bin(exe)],
                                          extra=["--mem", MEM, "--swap", "32M", "--verbose"])
    for name, ok, why in vmtests.result_lines(text):
        yield f"oom/{name}", ok, why
    report = re.findall(r"pid (\d+) \(swap\): killed: out of memory \((\d+) MiB resident, (\d+) MiB swapped, "
                        r"(\d+) MiB mapped, (\d+) MiB of RAM, (\d+) MiB of swap\)", log)
    yield "oom_says_so_in_one_line_with_swap_full", len(report) == 1 and int(report[0][5]) == 31 and \
        int(report[0][2]) > 0, f"status {status}\n{text}\n{log[-2000:]}"
