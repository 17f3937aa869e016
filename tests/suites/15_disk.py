"""The disk image keeps what was written inside pagelab (tools/disk.mk,
tools/disk-install): an update writes only the staged files that changed
and removes those whose source is gone; a file written inside pagelab stays,
and e2fsck finds the image clean.  Runs on a scratch tree and image."""
import os
import shutil
import subprocess
import tempfile
import time

import vmtests


def debugfs(image, request, write=False):
    cmd = ["debugfs"] + (["-w"] if write else []) + ["-R", request, image]
    return subprocess.run(cmd, capture_output=True, text=True)


def run(ctx):
    install = os.path.join(ctx.root, "tools", "disk-install")
    with tempfile.TemporaryDirectory() as tmp:
        rootfs = os.path.join(tmp, "rootfs")
        image = os.path.join(tmp, "disk.img")
        manifest = os.path.join(tmp, "manifest")
        for d in ["bin", "etc", "tmp"]:
            os.makedirs(os.path.join(rootfs, d))
        for name, text in [("bin/hello", "v1"), ("bin/old", "old"), ("etc/motd", "hi")]:
            with open(os.path.join(rootfs, name), "w") as f:
                f.write(text)
        subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "4096", "-d", rootfs, image, "16M"],
                       check=True, capture_output=True)
        subprocess.run([install, "--record", image, rootfs, manifest], check=True)

        # Inside pagelab: a student's file.  On the host: a program rebuilt,
        # one added, one deleted.
        with open(os.path.join(tmp, "keep"), "w") as f:
            f.write("mine")
        debugfs(image, f"write {tmp}/keep /tmp/keep.txt", write=True)
        time.sleep(0.01)
        with open(os.path.join(rootfs, "bin/hello"), "w") as f:
            f.write("v2, longer")
        with open(os.path.join(rootfs, "bin/new"), "w") as f:
            f.write("new")
        os.chmod(os.path.join(rootfs, "bin/new"), 0o755)
        os.unlink(os.path.join(rootfs, "bin/old"))
        r = subprocess.run([install, image, rootfs, manifest], capture_output=True, text=True)
        yield "update_runs", r.returncode == 0, r.stdout + r.stderr
        yield "update_says_what_it_wrote_and_removed", \
            "wrote /bin/hello, /bin/new" in r.stdout and "removed /bin/old" in r.stdout, r.stdout
        yield "rebuilt_program_is_updated", debugfs(image, "cat /bin/hello").stdout == "v2, longer", ""
        yield "added_program_is_written_executable", \
            debugfs(image, "cat /bin/new").stdout == "new" and \
            "Mode:  0755" in debugfs(image, "stat /bin/new").stdout, debugfs(image, "stat /bin/new").stdout[:200]
        yield "deleted_program_is_removed", "File not found" in debugfs(image, "stat /bin/old").stderr, ""
        yield "file_written_inside_pagelab_is_kept", debugfs(image, "cat /tmp/keep.txt").stdout == "mine", ""
        yield "unchanged_file_is_not_rewritten", "motd" not in r.stdout, r.stdout
        fsck = subprocess.run(["e2fsck", "-fn", image], capture_output=True, text=True)
        yield "updated_image_passes_e2fsck", fsck.returncode == 0, fsck.stdout[-1500:]
        r = subprocess.run([install, image, rootfs, manifest], capture_output=True, text=True)
        yield "nothing_changed_nothing_written", r.returncode == 0 and r.stdout == "", r.stdout

    # The build's own image: up to date after make, so make has nothing to do.
    image = vmtests.disk_image(ctx)
    before = os.stat(image).st_mtime_ns
    r = subprocess.run(["make", "-s", "-C", ctx.root, os.path.join("build", "disk.img")],
                       capture_output=True, text=True)
    yield "make_leaves_an_up_to_date_image_alone", \
        r.returncode == 0 and "DISK" not in r.stdout and os.stat(image).st_mtime_ns == before, \
        r.stdout[-1500:] + r.stderr[-500:]
    r = subprocess.run(["make", "-n", "-C", ctx.root, "newdisk"], capture_output=True, text=True)
    yield "newdisk_says_what_it_erases", "every file written inside pagelab" in r.stdout, r.stdout[-800:]
