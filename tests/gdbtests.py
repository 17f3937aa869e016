"""tests/gdbtests.py: what the gdb suites (tests/suites/4*_gdb*.py) share.

QEMU is started paused with its gdb stub on a free local port and the
console in a file; gdb runs in batch mode with tools/gdb/gdbinit, connects
with pl-connect and runs the suite's commands.  A suite marks each part of
gdb's output with `echo ==NAME==` and reads it back with section().
"""
import re
import socket
import subprocess
import tempfile
import pagelab_qemu as q

TIMEOUT = 90   # seconds gdb may take


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def section(out, name):
    """What gdb printed between `echo ==NAME==` and the next marker."""
    parts = out.split(f"=={name}==", 1)
    return parts[1].split("==", 1)[0] if len(parts) == 2 else ""


def mark(name):
    """The gdb command that prints the marker section() looks for."""
    return f"echo =={name}==\\n"


def run_gdb(root, iso, commands, timeout=TIMEOUT, disk=None):
    """Boots iso paused (with disk as its disk, if given), runs gdb with each
    of commands after pl-connect and lets QEMU finish.  Returns (gdb's
    output, QEMU's exit status or None when it or gdb timed out, the
    console text)."""
    port = free_port()
    with tempfile.NamedTemporaryFile(suffix=".serial") as serial:
        cmd = q.qemu_command(iso, disk, extra=["-serial", f"file:{serial.name}", "-S",
                                         "-gdb", f"tcp:127.0.0.1:{port}"])
        qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            gdb = ["gdb", "-q", "-nx", "-batch", "-x", "tools/gdb/gdbinit",
                   "-ex", f"pl-connect {port}"]
            for c in commands:
                gdb += ["-ex", c]
            res = subprocess.run(gdb + [q.KERNEL], cwd=root, capture_output=True, text=True,
                                 timeout=timeout, stdin=subprocess.DEVNULL)
            out = res.stdout + res.stderr
            try:
                status = qemu.wait(timeout=30)
            except subprocess.TimeoutExpired:
                status = None
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            status = None
        finally:
            if qemu.poll() is None:
                qemu.kill()
                qemu.wait()
        console = open(serial.name, errors="replace").read()
    return out, status, console


def stopped_in_handle_page_fault(out):
    """gdb's "Breakpoint N, handle_page_fault (" line, or None."""
    return re.search(r"Breakpoint \d+, (0x[0-9a-f]+ in )?handle_page_fault \(", out)
