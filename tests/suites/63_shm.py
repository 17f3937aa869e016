"""Shared memory and futexes (futexes, the memory file system, memfd,
POSIX shm and semaphores): tests/user/futex.c, memfd.c,
posixshm.c and shmleak.c are built with musl-gcc -static and run on this
Linux host first (the expectations are Linux's), then unmodified inside
pagelab, all in one boot, one result per check; posixshm.c also built with
pagelab's own libc.  shmleak creates and removes thousands of objects and
kills sleepers, then checks that MemFree, Shmem and KernelHeap are back.
shmdemo's walk-through must show 0 CPU copies for the shared data and 2 per
byte for the pipe, and copycount's "memfd passed" and "shm_open" rows 0 CPU
copies between two processes; /tmp is in memory only with tmp=mem on the
kernel command line; and the shared-memory article's contrast: a file in /dev/shm is gone
after a reboot (a second boot on the same disk) while one on ext2 stays."""
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm

PROGRAMS = ["futex", "memfd", "posixshm", "shmleak"]
# Checks only pagelab makes (shmleak's figures: Linux has no KernelHeap line).
PAGELAB_ONLY = {"shmleak": 3}
# A file written in /tmp, then the Shmem figure.
TMP_CHECK = "echo == tmpcheck; echo 0123456789 > /tmp/shm-suite-tmp; cat /proc/meminfo; " \
            "rm /tmp/shm-suite-tmp; echo == exit tmpcheck $?"


def shmem_kb(meminfo):
    m = re.search(r"^Shmem:\s+(\d+) kB", meminfo, re.M)
    return int(m.group(1)) if m else None


def sections(text):
    """{name: output} from the "== NAME" / "== exit NAME STATUS" markers."""
    out, status = {}, {}
    for m in re.finditer(r"^== (\S+)\n(.*?)^== exit \1 (\d+)$", text, re.M | re.S):
        out[m.group(1)] = m.group(2)
        status[m.group(1)] = int(m.group(3))
    return out, status


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    built, host_counts = {}, {}
    for prog in PROGRAMS:
        exe, cc = vmtests.build_checked(ctx, prog)
        yield f"{prog}_c_builds", cc.returncode == 0, cc.stderr[-2000:]
        if cc.returncode:
            continue
        built[prog] = exe
        host = vmtests.run_on_host([exe])
        host_counts[prog] = sum(1 for _ in vmtests.result_lines(host.stdout))
        yield f"{prog}_expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
    ours = os.path.join(ctx.build, "user-tests-ours", "posixshm")
    mk = vmtests.make_file(ctx, ours)
    yield "posixshm_builds_with_our_libc", mk.returncode == 0, mk.stderr[-2000:]
    add = [vmtests.on_bin(exe) for exe in built.values()]
    runs = list(built)
    if mk.returncode == 0:
        add.append((ours, "/bin/posixshm-ours"))
        runs.append("posixshm-ours")
        host_counts["posixshm-ours"] = host_counts.get("posixshm", 0)
    runs += ["shmdemo", "copycount --quick"]
    script = "; ".join(f"echo == {p.split()[0]}; {p}; echo == exit {p.split()[0]} $?" for p in runs)
    status, text, log = run_in_vm(ctx, ["sh", "-c", script + "; " + TMP_CHECK], add=add)
    out, codes = sections(text)
    for prog in runs[:-2]:
        seen = 0
        for name, ok, detail in vmtests.result_lines(out.get(prog, "")):
            seen += 1
            yield f"pagelab/{prog}/{name}", ok, detail
        want = host_counts.get(prog, 0) + PAGELAB_ONLY.get(prog, 0)
        yield f"pagelab/{prog}_ran_every_check", codes.get(prog) == 0 and seen == want and seen > 0, \
            f"exit {codes.get(prog)}, {seen} checks on pagelab, {want} expected\n{log[-1500:]}"

    demo = out.get("shmdemo", "")
    def cost(who, what):
        m = re.search(rf"^\s+{who}\s+{re.escape(what)}.*CPU copied\s+(\d+) B, zero-filled\s+(\d+) B",
                      demo, re.M)
        return (int(m.group(1)), int(m.group(2))) if m else None
    stores, loads = cost("writer", "stores 64 KiB"), cost("reader", "loads 64 KiB")
    yield "shmdemo_shared_data_costs_no_cpu_copy", codes.get("shmdemo") == 0 and \
        stores == (0, 65536) and loads == (0, 0), f"stores {stores}, loads {loads}\n{demo}"
    piped = (cost("writer", "write() into the pipe"), cost("reader", "read() from the pipe"))
    yield "shmdemo_pipe_copies_each_byte_twice", piped == ((65536, 0), (65536, 0)), f"{piped}\n{demo}"

    cc = out.get("copycount", "")
    for row in ("memfd passed", "shm_open"):
        m = re.search(rf"^{row}\s+(\d+)\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)", cc, re.M)
        ok = m is not None and m.group(2) == "0.00" and m.group(3) == "0.00" and m.group(4) == "1.00"
        yield f"copycount_{row.replace(' ', '_')}_costs_no_copy_between_processes", ok, \
            f"cpu/B and dev/B must be 0.00, zero/B 1.00:\n{cc}"

    # /tmp is the disk's unless the kernel is told tmp=mem.
    disk_tmp = shmem_kb(out.get("tmpcheck", ""))
    s3, t3, l3 = run_in_vm(ctx, ["sh", "-c", TMP_CHECK], extra=["--append", "tmp=mem"])
    mem_tmp = shmem_kb(sections(t3)[0].get("tmpcheck", ""))
    yield "tmp_is_in_memory_only_with_tmp_mem", disk_tmp == 0 and mem_tmp is not None and \
        mem_tmp >= 4, f"Shmem after a /tmp write: {disk_tmp} kB without, {mem_tmp} kB with tmp=mem\n{l3[-800:]}"

    # The article's claim: memory-only against on-disk, across a reboot on one disk.
    disk = vmtests.scratch_disk(os.path.join(ctx.build, "disk.img"),
                                os.path.join(ctx.build, "shm-reboot-disk.img"))
    s1, t1, l1 = run_in_vm(ctx, ["shmdemo", "persist", "write"], extra=["--disk", disk])
    s2, t2, l2 = run_in_vm(ctx, ["shmdemo", "persist", "check"], extra=["--disk", disk])
    ok = s1 == 0 and s2 == 0 and "gone (it lived only in memory)" in t2 and "still there" in t2
    yield "dev_shm_file_gone_after_reboot_ext2_file_stays", ok, \
        f"write: {s1} {t1}\ncheck: {s2} {t2}\n{l2[-800:]}"
    os.unlink(disk)
