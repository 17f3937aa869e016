"""Nothing synced is lost to a power cut.

tests/user/powercut.c runs in pagelab on a copy of the disk image: it makes
the flusher eager (write back what is 50 ms dirty, every 10 ms), writes
/tmp/synced (3 MiB), fsyncs it and /tmp, prints "powercut: synced", then
writes other files under /tmp/noise forever without syncing.  As soon as the
line appears, plus a moment for background write-back to be under way, this
suite kills QEMU with SIGKILL: the power goes, mid write-back, with no
shutdown.  Then, on the image, with the host's tools:

  - debugfs dumps /tmp/synced: it must be exactly the 3 MiB written (every
    byte checked against the generator), so the data, the inode, the indirect
    blocks and the directory entry all reached the disk before fsync
    returned;
  - debugfs lists /tmp/noise: files there prove the flusher was writing
    after the fsync (the noise is never synced by the program);
  - e2fsck -fn may report what was not synced (ext2 has no journal: free
    counts, bitmaps, inodes of noise files), but none of its complaints may
    name the synced file's inode or its blocks being claimed twice;
  - e2fsck -fy repairs a copy, a second e2fsck -fn finds that copy clean,
    and the synced file still reads back whole;
  - pagelab boots again on the image as the cut left it (unrepaired) and
    reads /tmp/synced back through its own ext2 and page cache: every byte
    must be the pattern's.
"""
import os
import re
import shutil
import subprocess
import time
import importlib.machinery
import importlib.util

import pagelab_qemu as q
import vmtests

SIZE = 3 << 20
WAIT_FOR_SYNC = 60      # seconds to reach "synced"
AFTER_SYNC = 0.5        # seconds of background write-back before the cut


def expected():
    return bytes(((i * 7 + i // 4096) & 0xff) for i in range(SIZE))


def run_in_vm_module(ctx):
    path = os.path.join(ctx.root, "tools", "run-in-vm")
    loader = importlib.machinery.SourceFileLoader("run_in_vm", path)
    spec = importlib.util.spec_from_loader("run_in_vm", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def boot_and_cut(ctx, image, exe, workdir):
    """Boots pagelab running powercut, kills QEMU once the fsync returned.
    Returns (saw the line, console output)."""
    riv = run_in_vm_module(ctx)
    riv.add_files(image, [f"{exe}:/bin/powercut"], ["powercut", "/tmp"], workdir)
    iso = q.iso_for(riv.CMDLINE)
    log = os.path.join(workdir, "com2.log")
    cmd = q.qemu_command(iso, image, extra=["-monitor", "none", "-chardev", "stdio,id=com1,signal=off",
                                            "-serial", "chardev:com1", "-serial", f"file:{log}"])
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    os.set_blocking(proc.stdout.fileno(), False)
    out = b""
    seen = False
    deadline = time.monotonic() + WAIT_FOR_SYNC
    while time.monotonic() < deadline and proc.poll() is None:
        chunk = proc.stdout.read()
        if chunk:
            out += chunk
            if b"powercut: synced" in out:
                seen = True
                break
        time.sleep(0.01)
    if seen:
        time.sleep(AFTER_SYNC)
    proc.kill()          # the power cut: SIGKILL, no shutdown of any kind
    proc.wait()
    text = out.decode("utf-8", "replace")
    if os.path.exists(log):
        text += "\n--- kernel log ---\n" + open(log, errors="replace").read()[-2000:]
    return seen, text


def debugfs(image, command):
    return subprocess.run(["debugfs", "-R", command, image], capture_output=True, text=True)


def synced_bytes(image, workdir, name):
    dump = os.path.join(workdir, name)
    if os.path.exists(dump):
        os.unlink(dump)
    debugfs(image, f"dump /tmp/synced {dump}")
    if not os.path.exists(dump):
        return None
    with open(dump, "rb") as f:
        return f.read()


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "powercut")
    yield "powercut_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return
    workdir = os.path.join(ctx.build, "power-cut-test")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    image = vmtests.scratch_disk(vmtests.disk_image(ctx), os.path.join(workdir, "disk.img"))

    seen, console = boot_and_cut(ctx, image, exe, workdir)
    yield "fsync_returned_before_the_power_cut", seen, console[-3000:]
    if not seen:
        return

    want = expected()
    data = synced_bytes(image, workdir, "synced.dump")
    ok = data == want
    detail = "debugfs could not dump /tmp/synced" if data is None else \
        f"{len(data)} bytes on disk, {SIZE} expected" + \
        ("" if data is None or len(data) != SIZE else
         f", first difference at byte {next(i for i in range(SIZE) if data[i] != want[i])}"
         if not ok else "")
    yield "synced_file_is_all_there_after_the_cut", ok, detail

    ls = debugfs(image, "ls -l /tmp/noise")
    noise = [l for l in ls.stdout.splitlines() if re.search(r"\bn\d\b", l)]
    yield "background_write_back_was_running_when_the_power_went", bool(noise), \
        ls.stdout[-1500:] + ls.stderr[-500:]

    st = debugfs(image, "stat /tmp/synced")
    m = re.search(r"Inode:\s*(\d+)", st.stdout)
    ino = int(m.group(1)) if m else None
    fsck = subprocess.run(["e2fsck", "-fn", image], capture_output=True, text=True)
    report = fsck.stdout + fsck.stderr
    blamed = ino is not None and (re.search(rf"[Ii]node {ino}\b", report) or
                                  "multiply-claimed" in report)
    yield "e2fsck_names_nothing_of_the_synced_file", ino is not None and not blamed, \
        f"synced inode {ino}, e2fsck exit {fsck.returncode}:\n{report[-3000:]}"

    repaired = os.path.join(workdir, "repaired.img")
    shutil.copyfile(image, repaired)
    subprocess.run(["e2fsck", "-fy", repaired], capture_output=True, text=True)
    again = subprocess.run(["e2fsck", "-fn", repaired], capture_output=True, text=True)
    yield "e2fsck_repairs_the_rest_and_then_finds_it_clean", again.returncode == 0, \
        again.stdout[-2000:]
    data = synced_bytes(repaired, workdir, "repaired.dump")
    yield "synced_file_survives_the_repair", data == want, \
        "differs" if data is not None else "missing"

    # Last, as it writes to the image (run-in-vm's arguments, the mount):
    # boot pagelab on the image as the cut left it, unrepaired.
    status, out, log = vmtests.run_in_vm(ctx, ["powercut", "--verify", "/tmp"],
                                         extra=["--disk", image])
    yield "after_reboot_pagelab_reads_the_synced_file_back_whole", \
        status == 0 and f"powercut: verified {SIZE}" in out, f"status {status}\n{out}\n{log[-1500:]}"
