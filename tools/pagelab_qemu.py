"""tools/pagelab_qemu.py: how the host tools start QEMU for pagelab.

Shared by tests/run.py, its suites and tools/run-in-vm so that every boot
uses the same machine: TCG (KVM only when KVM=1), the isa-debug-exit device
for leaving QEMU with a status, COM1 as the console, and optionally a swap
disk (the second virtio disk, /dev/vdb inside: an image made by Debian's
mkswap, util-linux).
"""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
KERNEL = os.path.join(BUILD, "pagelab.elf")
DISK = os.path.join(BUILD, "disk.img")

# isa-debug-exit makes QEMU exit with (code << 1) | 1; see kernel/hw/power.h.
EXIT_SUCCESS = (0x10 << 1) | 1
EXIT_FAILURE = (0x11 << 1) | 1
EXIT_PANIC = (0x12 << 1) | 1


def iso_for(cmdline, modules=()):
    """Returns a GRUB ISO booting the current kernel with this command line
    (and GRUB boot modules, (host_path, name) pairs: programs the kernel can
    run before a disk exists), made once per (kernel, command line, modules)
    and cached under build/iso-cache."""
    h = hashlib.sha256()
    with open(KERNEL, "rb") as f:
        h.update(f.read() + b"\0" + cmdline.encode())
    for path, name in modules:
        with open(path, "rb") as f:
            h.update(b"\0" + name.encode() + b"\0" + f.read())
    key = h.hexdigest()[:16]
    cache = os.path.join(BUILD, "iso-cache")
    os.makedirs(cache, exist_ok=True)
    iso = os.path.join(cache, key + ".iso")
    if not os.path.exists(iso):
        env = dict(os.environ)
        env["MKISO_MODULES"] = " ".join(f"{p}:{n}" for p, n in modules)
        subprocess.run([os.path.join(ROOT, "tools", "mkiso"), KERNEL, iso, cmdline], check=True,
                       env=env)
    return iso


def machine_options(mem="512M"):
    """The machine every pagelab boot uses (tools/run-on-linux boots Linux on
    the same one, so that benchmark figures compare)."""
    accel = ["-accel", "kvm", "-cpu", "host"] if os.environ.get("KVM") == "1" \
        else ["-accel", "tcg", "-cpu", "max"]
    return ["-machine", "pc", *accel, "-m", mem, "-no-reboot", "-display", "none"]


def size_bytes(size):
    """QEMU's way of writing sizes ("64M", "1G", "512K", a byte count) in
    bytes; ValueError when it is none of those."""
    m = re.fullmatch(r"(\d+)([KMGT]?)(i?B)?", str(size).strip(), re.I)
    if not m:
        raise ValueError(f"not a size: {size!r} (e.g. 64M, 1G)")
    return int(m.group(1)) << {"": 0, "K": 10, "M": 20, "G": 30, "T": 40}[m.group(2).upper()]


def mkswap_path():
    """Debian's mkswap (util-linux), which is in /sbin, often outside a user's PATH."""
    for p in (shutil.which("mkswap"), "/usr/sbin/mkswap", "/sbin/mkswap"):
        if p and os.path.exists(p):
            return p
    raise FileNotFoundError("mkswap is missing (Debian package util-linux)")


def make_swap_image(path, size):
    """A sparse file of size (as QEMU writes sizes) made a swap area by
    mkswap, as Linux's swapon expects it; returns path."""
    nbytes = size_bytes(size)
    if nbytes < 40960:
        raise ValueError(f"a swap area of {size} is too small (mkswap wants 10 pages)")
    with open(path, "wb") as f:
        f.truncate(nbytes)
    os.chmod(path, 0o600)
    subprocess.run([mkswap_path(), "-q", "-L", "pagelab-swap", path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def disk_options(disk, swap_disk=None):
    """The -drive options of the root disk (vda) and of the swap disk (vdb),
    in that order, so that the guest numbers them so."""
    opts = []
    if disk:
        opts += ["-drive", f"file={disk},if=virtio,format=raw,cache=unsafe"]
    if swap_disk:
        opts += ["-drive", f"file={swap_disk},if=virtio,format=raw,cache=unsafe"]
    return opts


def qemu_command(iso, disk=None, mem="512M", extra=(), swap_disk=None):
    cmd = ["qemu-system-x86_64", *machine_options(mem), "-cdrom", iso, "-boot", "d",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
    cmd += disk_options(disk, swap_disk)
    return cmd + list(extra)


def boot(cmdline, timeout=60, disk=None, mem="512M", extra=(), modules=()):
    """Boots headless with COM1 captured; returns (qemu exit status or None
    on timeout, console output as text).  The kernel runs with
    ignore_loglevel, so that COM1 carries its whole log (the tests read the
    boot lines and kill reports there), not only what a terminal shows."""
    iso = iso_for(f"{cmdline} ignore_loglevel".strip(), modules)
    with tempfile.TemporaryFile() as out:
        cmd = qemu_command(iso, disk, mem, ["-serial", "file:/dev/stdout", *extra])
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            status = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            status = None
        out.seek(0)
        return status, out.read().decode("utf-8", "replace")
