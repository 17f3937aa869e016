"""The console as a person uses it: boot to init's shell on COM1 (no
console=raw), type commands, and check echo, line editing (arrows, history),
Ctrl-C, Ctrl-Z, Ctrl-D, background jobs, what the kernel prints there (only
what a user must see) and the exit status the shell reports.  Each input
waits for the shell's prompt."""
import os
import shutil
import subprocess
import tempfile
import threading
import time
import re

import pagelab_qemu as q
import vmtests

PROMPT = b"pagelab$ "
TIMEOUT = 60


class Console:
    def __init__(self, disk, cmdline=""):
        cmd = q.qemu_command(q.iso_for(cmdline), disk, extra=[
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


LEFT, UP = b"\x1b[D", b"\x1b[A"


def first_day(c, pos):
    """What a student does on the first day, each step checked on what the
    console showed for it."""
    # A new prompt starts a line; the editor's redraws start with "\r" only.
    def step(send, until=b"\n" + PROMPT):
        nonlocal pos
        start = pos
        c.send(send)
        pos = c.wait_for(until, pos)
        return c.out[start:pos]

    out = step(b"Z=7; echo value $Z\n")
    yield "variable_set_earlier_in_the_line_is_seen", b"value 7\r\n" in out, repr(out)
    out = step(b"echo abd" + LEFT + b"c\n")
    yield "left_arrow_moves_and_typing_inserts", b"\r\nabcd\r\n" in out, repr(out)
    out = step(UP + b"\n")
    yield "up_arrow_brings_back_the_last_command", b"\r\nabcd\r\n" in out, repr(out)
    out = step(b"echo partial\x03")
    out += step(b"echo status $?\n")
    yield "ctrl_c_at_the_prompt_drops_the_line_and_gives_a_new_prompt", \
        b"^C" in out and b"partial\r\n" not in out.replace(b"echo partial", b"") and b"status 130" in out, \
        repr(out)
    out = step(b"\x1aecho after ctrl z\n")
    yield "ctrl_z_at_the_prompt_leaves_no_stray_byte", \
        b"\x1a" not in out and b"\r\nafter ctrl z\r\n" in out, repr(out)
    # Job control: Ctrl-Z stops the foreground job (the line typed so far
    # is dropped, as Linux's terminal does), fg continues it, bg continues
    # it in the background; a background job reading the terminal stops.
    step(b"cat\n", b"cat\r\n")
    out = step(b"ab\x1a")
    yield "ctrl_z_stops_the_foreground_job", \
        b"^Z" in out and re.search(rb"\[1\]\+ +Stopped +cat", out) is not None, repr(out)
    out = step(b"echo status $?; jobs\n")
    yield "stopped_job_status_148_and_listed", \
        b"status 148" in out and re.search(rb"\[1\]\+ +Stopped +cat", out) is not None, repr(out)
    step(b"fg\n", b"cat\r\n")
    out = step(b"cd\n", b"cd\r\ncd\r")
    out += step(b"\x04")
    yield "fg_continues_the_stopped_job_in_the_foreground", \
        b"\x1a" not in out and b"abcd" not in out and b"cd\r\ncd\r\n" in out, repr(out)
    step(b"sleep 30\n", b"sleep 30\r\n")
    time.sleep(0.3)
    out = step(b"\x1a")
    out += step(b"bg\n")
    out += step(b"jobs\n")
    yield "bg_continues_a_stopped_job_in_the_background", \
        re.search(rb"Stopped +sleep 30", out) is not None and b"[1]+ sleep 30 &" in out and \
        re.search(rb"\[1\]\+ +Running +sleep 30 &", out) is not None, repr(out)
    step(b"fg\n", b"sleep 30\r\n")
    time.sleep(0.3)
    out = step(b"\x03")
    out += step(b"echo status $?\n")
    yield "fg_then_ctrl_c_ends_the_job", b"status 130" in out, repr(out)
    out = step(b"cat &\n")
    time.sleep(0.5)
    out += step(b"jobs\n")
    yield "background_read_from_the_terminal_stops_the_job", \
        re.search(rb"Stopped +cat", out) is not None, repr(out)
    out = step(b"kill -9 $!; wait; echo reaped\n")
    yield "a_stopped_job_dies_of_sigkill", b"reaped" in out, repr(out)
    out = step(b"sleep 1 & jobs\n")
    yield "background_job_is_started_and_listed", \
        re.search(rb"\[1\] \d+", out) is not None and b"Running" in out, repr(out)
    out = step(b"wait; echo waited $?\n")
    yield "wait_waits_for_the_background_job", b"waited 0" in out, repr(out)
    out = step(b"sleep 1 &\n")
    out += step(b"fg\n")
    yield "fg_brings_the_job_to_the_foreground", b"sleep 1\r\n" in out, repr(out)
    out = step(b"echo 1 > /proc/sys/vm/drop_caches\n")
    yield "kernel_chatter_stays_off_the_console", b"drop_caches:" not in out, repr(out)
    out = step(b"dmesg | grep -c drop_caches:\n")
    yield "dmesg_has_the_kernel_chatter", b"\r\n1\r\n" in out, repr(out)
    out = step(b"kill -9 1; echo init still here $?\n")
    yield "kill_9_1_does_not_end_the_machine", b"init still here 0" in out, repr(out)
    out = step(b"sh -c 'kill -SEGV $$'; echo status $?\n")
    yield "a_killed_program_is_reported_as_bash_does", \
        b"\r\nSegmentation fault\r\n" in out and b"status 139" in out, repr(out)
    out = step(b"\x04", b"init: the shell exited")
    out += step(b"")
    yield "ctrl_d_ends_the_shell_and_init_says_it_starts_another", \
        b"init: the shell exited (status" in out and out.endswith(PROMPT), repr(out)
    return pos


def run(ctx):
    disk_src = vmtests.disk_image(ctx)
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "disk.img")
        shutil.copyfile(disk_src, disk)
        c = Console(disk)
        try:
            pos = c.wait_for(PROMPT, 0)
            yield "boot_prints_only_the_welcome_and_the_prompt", \
                c.out[:pos].startswith(b"Welcome to pagelab") and b"virtio-blk" not in c.out[:pos], \
                repr(c.out[:pos])
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

            yield from first_day(c, pos)

            c.send(b"poweroff\n")
            c.close()
            yield "poweroff_ends_the_vm", c.proc.returncode is not None, ""
        except TimeoutError as e:
            c.proc.kill()
            c.proc.wait()
            yield "console_session", False, f"{e}; output so far:\n{c.out[-1500:]!r}"

        # loglevel=7: the console shows every kernel line, as Linux's does.
        c = Console(disk, "loglevel=7")
        try:
            pos = c.wait_for(PROMPT, 0)
            yield "loglevel_7_shows_the_boot_lines_on_the_console", \
                b"virtio-blk: vda: legacy PCI" in c.out[:pos] and b"ext2 vda: mounted" in c.out[:pos], \
                repr(c.out[:pos][-600:])
            c.send(b"poweroff\n")
            c.close()
        except TimeoutError as e:
            c.proc.kill()
            c.proc.wait()
            yield "loglevel_7_shows_the_boot_lines_on_the_console", False, f"{e}: {c.out[-800:]!r}"

        # Typed ahead: the line is sent while GRUB and the kernel boot, as
        # `printf ... | make run` does; no byte of it may be lost.
        c = Console(disk)
        try:
            c.send(b"echo typed ahead\npoweroff\n")
            c.wait_for(b"power off", 0)
            # The editor shows the line it takes, then the command runs.
            yield "input_typed_during_boot_reaches_the_shell_whole", \
                PROMPT + b"echo typed ahead\r\ntyped ahead\r\n" in c.out, repr(c.out[-400:])
            c.close()
        except TimeoutError as e:
            c.proc.kill()
            c.proc.wait()
            yield "input_typed_during_boot_reaches_the_shell_whole", False, \
                f"{e}; output so far:\n{c.out[-1500:]!r}"
