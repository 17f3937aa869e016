"""The console as a person uses it: boot to init's shell on COM1 (no
console=raw), type commands, and check echo, line editing, Ctrl-C and the
exit status the shell reports.  Each input waits for the shell's prompt."""
import os
import shutil
import subprocess
import tempfile
import threading
import time
import pagelab_qemu as q
import vmtests

PROMPT = b"pagelab$ "
TIMEOUT = 60


class Console:
    def __init__(self, disk):
        cmd = q.qemu_command(q.iso_for(""), disk, extra=[
            "-monitor", "none", "-chardev", "stdio,id=com1,signal=off", "-serial", "chardev:com1"])
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.out = b""
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            b = self.proc.stdout.read1(4096)
            if not b:
                return
            with self.lock:
                self.out += b

    def wait_for(self, text, start):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            with self.lock:
                i = self.out.find(text, start)
            if i >= 0:
                return i + len(text)
            time.sleep(0.05)
        raise TimeoutError(f"no {text!r} after byte {start}")

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close(self):
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run(ctx):
    disk_src = vmtests.disk_image(ctx)
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "disk.img")
        shutil.copyfile(disk_src, disk)
        c = Console(disk)
        try:
            pos = c.wait_for(PROMPT, 0)
            c.send(b"echo hello there\n")
            pos = c.wait_for(PROMPT, pos)
            yield "typed_command_is_echoed_and_runs", \
                b"echo hello there\r\nhello there\r\n" in c.out, repr(c.out[-300:])

            c.send(b"cat\n")
            pos = c.wait_for(b"cat\r\n", pos)
            c.send(b"abc\x7fd\n")          # DEL erases the c
            pos = c.wait_for(b"abc\x08 \x08d\r\n", pos)   # the echo, with the erase
            pos = c.wait_for(b"abd\r\n", pos)               # what cat read
            yield "backspace_edits_the_line_before_the_program_sees_it", True, ""
            c.send(b"\x03")
            pos = c.wait_for(PROMPT, pos)
            c.send(b"echo status $?\n")
            pos = c.wait_for(PROMPT, pos)
            yield "ctrl_c_kills_the_foreground_program_with_sigint", b"status 130" in c.out, \
                repr(c.out[-300:])

            c.send(b"poweroff\n")
            c.close()
            yield "poweroff_ends_the_vm", c.proc.returncode is not None, ""
        except TimeoutError as e:
            c.proc.kill()
            c.proc.wait()
            yield "console_session", False, f"{e}; output so far:\n{c.out[-1500:]!r}"

        # Typed ahead: the line is sent while GRUB and the kernel boot, as
        # `printf ... | make run` does; no byte of it may be lost.
        c = Console(disk)
        try:
            c.send(b"echo typed ahead\npoweroff\n")
            c.wait_for(b"power off", 0)
            yield "input_typed_during_boot_reaches_the_shell_whole", \
                PROMPT + b"typed ahead\r\n" in c.out, repr(c.out[-400:])
            c.close()
        except TimeoutError as e:
            c.proc.kill()
            c.proc.wait()
            yield "input_typed_during_boot_reaches_the_shell_whole", False, \
                f"{e}; output so far:\n{c.out[-1500:]!r}"
