"""Storage integrity, judged by tools we did not write.

1. Boot with a copy of build/disk.img and ktest=ext2_stress: thousands of
   create/write/overwrite/extend/truncate/rename/unlink/rmdir operations on
   nested directories, then sync and power off.
2. On the host, `e2fsck -fn` must find the image clean, and every file the
   kernel's manifest lists, dumped with `debugfs`, must hold exactly the
   bytes of the shared generator (kernel/fs/ext2/stress_gen.h, mirrored here).
3. A second boot of the same image reads every file back (ext2_stress_files_survive_reboot).
4. The ext2 tests again on a 1 KiB-block image; a 65 MiB file and the stress
   on a 48 MiB machine, where the page cache must evict.
5. A copy with a broken superblock is refused at mount with a message, and
   the kernel keeps running.
"""
import os
import re
import shutil
import subprocess
import tempfile

import pagelab_qemu as q
import vmtests

BOOT_TIMEOUT = 90
MASK = (1 << 64) - 1


def content(seed, size, hole_start=0, hole_end=0):
    """The bytes stress_content_byte(seed, off) gives for off in [0, size),
    with [hole_start, hole_end) zero."""
    out = bytearray()
    salt = (seed << 32) | seed
    for word in range((size + 7) // 8):
        x = ((word * 0x9E3779B97F4A7C15) & MASK) ^ salt
        x ^= x >> 29
        x = (x * 0xBF58476D1CE4E5B9) & MASK
        x ^= x >> 32
        out += x.to_bytes(8, "little")
    del out[size:]
    if hole_end > hole_start:
        out[hole_start:hole_end] = bytes(hole_end - hole_start)
    return bytes(out)


def boot_tests(name, cmdline, disk, mem="512M", output=None):
    status, out = q.boot(cmdline, timeout=BOOT_TIMEOUT, disk=disk, mem=mem)
    if output is not None:
        output.append(out)
    results = list(vmtests.ktest_lines(out))
    for test, ok, detail in results:
        yield f"{name}/{test}", ok, detail
    tail = "\n".join(out.splitlines()[-20:])
    if status is None:
        yield f"{name}/boot", False, f"timed out after {BOOT_TIMEOUT} s:\n{tail}"
    elif not results:
        yield f"{name}/boot", False, f"no test ran (QEMU exited {status}):\n{tail}"


def debugfs(image, *commands):
    with tempfile.NamedTemporaryFile("w", suffix=".cmds") as f:
        f.write("\n".join(commands) + "\n")
        f.flush()
        return subprocess.run(["debugfs", "-f", f.name, image], capture_output=True, text=True)


def check_files(image, workdir):
    """Compares each manifest file dumped by debugfs with the generator."""
    manifest = os.path.join(workdir, "MANIFEST")
    debugfs(image, f"dump /stress/MANIFEST {manifest}")
    if not os.path.exists(manifest):
        return False, "debugfs could not dump /stress/MANIFEST"
    entries = []
    with open(manifest) as f:
        for line in f:
            path, size, seed, hs, he = line.split()
            entries.append((path, int(size), int(seed), int(hs), int(he)))
    if not entries:
        return False, "the manifest lists no files"
    dumps = [(e, os.path.join(workdir, f"file{i}")) for i, e in enumerate(entries)]
    debugfs(image, *[f"dump {e[0]} {out}" for e, out in dumps])
    total = 0
    for (path, size, seed, hs, he), out in dumps:
        if not os.path.exists(out):
            return False, f"debugfs could not dump {path}"
        with open(out, "rb") as f:
            data = f.read()
        if data != content(seed, size, hs, he):
            return False, f"{path}: {len(data)} bytes on disk differ from the expected {size}"
        total += size
    return True, f"{len(entries)} files, {total} bytes match"


def names(ctx):
    ext2 = vmtests.ktest_names(ctx, ["ext2_"])
    dense = [n for n in ext2 if n.startswith("ext2_dense")] + ["ext2_stress"]
    boots = {"first_boot": ["ext2_stress"], "second_boot": ["ext2_stress_files_survive_reboot"],
             "one_kib_blocks": ext2, "low_memory": dense}
    expand = {"*/*": [f"{b}/{t}" for b, tests in boots.items() for t in tests],
              "*/boot": [f"{b}/boot" for b in boots]}
    return vmtests.yielded_patterns(__file__, expand)


def run(ctx):
    image = os.path.join(ctx.build, "disk.img")
    if not os.path.exists(image):
        yield "disk_image_exists", False, f"{image} is missing: run make"
        return
    workdir = os.path.join(ctx.build, "storage-test")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    disk = os.path.join(workdir, "disk.img")
    vmtests.scratch_disk(image, disk)

    yield from boot_tests("first_boot", "ktest=ext2_stress", disk)

    fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
    yield "e2fsck_finds_the_image_clean", fsck.returncode == 0, fsck.stdout[-3000:] + fsck.stderr[-500:]

    ok, detail = check_files(disk, workdir)
    yield "debugfs_reads_back_the_expected_bytes", ok, detail

    yield from boot_tests("second_boot", "ktest=ext2_stress_files_survive_reboot", disk)

    # The same root tree with 1 KiB blocks (make DISK_BLOCK_SIZE=1024):
    # every ext2 test, the stress included, then e2fsck.
    rootfs = os.path.join(ctx.build, "rootfs")
    small = os.path.join(workdir, "disk-1k.img")
    mk = subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-r", "1", "-b", "1024", "-d", rootfs,
                         small, "160M"], capture_output=True, text=True)
    if mk.returncode == 0:      # the /dev nodes, as tools/disk.mk makes them
        mk = subprocess.run(["debugfs", "-w", "-f", os.path.join(ctx.build, "disk-dev.cmds"), small],
                            capture_output=True, text=True)
    if mk.returncode != 0:
        yield "one_kib_blocks/mke2fs", False, mk.stderr
    else:
        yield from boot_tests("one_kib_blocks", "ktest=ext2_*", small)
        fsck = subprocess.run(["e2fsck", "-fn", small], capture_output=True, text=True)
        yield "one_kib_blocks/e2fsck_finds_the_image_clean", fsck.returncode == 0, fsck.stdout[-3000:]

    # A 65 MiB file and the stress on a 48 MiB machine: the page cache must
    # evict (writing dirty pages back first) and the image must stay clean.
    tight = os.path.join(workdir, "tight.img")
    vmtests.scratch_disk(image, tight)
    out = []
    yield from boot_tests("low_memory", "ktest=ext2_dense*,ext2_stress", tight, mem="48M", output=out)
    m = re.search(r"(\d+) evictions, (\d+) write-backs", out[0])
    yield "low_memory/page_cache_evicted", bool(m and int(m.group(1)) > 0), \
        m.group(0) if m else "no page-cache figures in the output"
    fsck = subprocess.run(["e2fsck", "-fn", tight], capture_output=True, text=True)
    yield "low_memory/e2fsck_finds_the_image_clean", fsck.returncode == 0, fsck.stdout[-3000:]

    bad = os.path.join(workdir, "bad.img")
    vmtests.scratch_disk(image, bad)
    with open(bad, "r+b") as f:
        f.seek(1024 + 56)          # s_magic
        f.write(b"\0\0")
    status, out = q.boot("ktest=pci_finds_the_transitional_virtio_block_device", timeout=BOOT_TIMEOUT, disk=bad)
    refused = "refusing to mount: bad magic" in out
    survived = "ktest: done" in out and status in (q.EXIT_SUCCESS, q.EXIT_FAILURE)
    yield "bad_superblock_is_refused_and_the_kernel_runs_on", refused and survived, \
        "\n".join(out.splitlines()[-15:])
