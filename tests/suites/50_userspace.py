"""User space on the disk: unmodified Linux binaries (built here with
musl-gcc -static) run inside pagelab through tools/run-in-vm, from
tests/user/*.c.

  compat      printf, malloc, fork/wait and file I/O: output identical to the
              same binary on the Linux host, byte for byte
  syscalls    the file/descriptor/path/attribute syscalls with their bad-fd,
              bad-pointer and bad-flag cases (run on the host first: the
              expectations are Linux's); chmod's mode on the ext2 disk
  forkstress  hundreds of fork/exec/exit/wait; MemFree in /proc/meminfo is
              back where it started
  crash       faults kill only the program, with one line in the kernel log;
              run-in-vm reports 128+signal
  bytes       run-in-vm delivers output unmangled and keeps --disk images
  ledger      pagelab's ledger syscalls: known operations, exact figures
"""
import os
import re
import shutil
import subprocess
import tempfile

import vmtests

PROGRAMS = ["compat", "syscalls", "forkstress", "crash", "bytes", "ledger"]


CRASHES = [
    ("segv", 11, "SIGSEGV", r"SIGSEGV: write to unmapped address 0x1000 at rip 0x[0-9a-f]+"),
    ("ill", 4, "SIGILL", r"SIGILL: .* at rip 0x[0-9a-f]+"),
    ("fpe", 8, "SIGFPE", r"SIGFPE: .* at rip 0x[0-9a-f]+"),
    ("term", 15, "SIGTERM", None)]


def names(ctx):
    user = os.path.join(ctx.root, "tests", "user")
    expand = {"syscalls/*": vmtests.check_names(os.path.join(user, "syscalls.c"), prefix="syscalls/"),
              "ledger/*": vmtests.check_names(os.path.join(user, "ledger.c"), prefix="ledger/"),
              "crash_*_exit_status_is_128_plus_*": [f"crash_{h}_exit_status_is_128_plus_{s}"
                                                     for h, s, _, _ in CRASHES],
              "crash_*_output_before_the_fault_arrives": [f"crash_{h}_output_before_the_fault_arrives"
                                                           for h, _, _, _ in CRASHES],
              "crash_*_one_line_report": [f"crash_{h}_one_line_report" for h, _, _, p in CRASHES if p]}
    return vmtests.yielded_patterns(__file__, expand)


def build(ctx, out):
    for p in PROGRAMS:
        r = vmtests.musl_build(os.path.join(ctx.root, "tests", "user", p + ".c"), os.path.join(out, p))
        if r.returncode:
            return f"musl-gcc {p}.c failed:\n{r.stderr[-2000:]}"
    return None


def run_in_vm(ctx, binary, args, extra=()):
    """binary as /bin/NAME, run with run-in-vm's own timeout; stdout as bytes."""
    return vmtests.run_in_vm(ctx, [os.path.basename(binary), *args], add=[vmtests.on_bin(binary)],
                             extra=extra, timeout=None, decode=False)


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    disk_image = vmtests.disk_image(ctx)
    out = vmtests.user_test_dir(ctx)
    err = build(ctx, out)
    if err:
        yield "build", False, err
        return
    bin_ = lambda name: os.path.join(out, name)  # noqa: E731

    # The Linux compatibility proof.
    if ctx.wanted_any("compat_"):
        with tempfile.TemporaryDirectory() as tmp:
            host = subprocess.run([bin_("compat"), tmp], capture_output=True)
        status, vm_out, log = run_in_vm(ctx, bin_("compat"), ["/tmp"])
        yield "compat_runs_unmodified_and_exits_0", status == 0 and host.returncode == 0, \
            f"pagelab status {status}, Linux status {host.returncode}\n{log[-1500:]}"
        same = vm_out == host.stdout
        detail = "" if same else ("pagelab printed:\n" + vm_out.decode("utf-8", "replace") +
                                  "\nLinux printed:\n" + host.stdout.decode("utf-8", "replace"))
        yield "compat_output_identical_to_linux", same and len(host.stdout) > 100, detail

    # Syscall checks: Linux first, then pagelab, one result per check.
    if ctx.wanted_any("syscalls"):
        with tempfile.TemporaryDirectory() as tmp:
            host = subprocess.run([bin_("syscalls"), tmp], capture_output=True, text=True)
        yield "syscalls_expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]
        status, vm_out, log = run_in_vm(ctx, bin_("syscalls"), ["/tmp", "pagelab"])
        text = vm_out.decode("utf-8", "replace")
        seen = 0
        for name, ok, detail in vmtests.result_lines(text):
            seen += 1
            yield f"syscalls/{name}", ok, detail
        yield "syscalls_ran_to_the_end", status == 0 and seen >= 140, \
            f"status {status}, {seen} checks reported\n{log[-1500:]}"

    # chmod reaches the ext2 inode on the disk, not only the cached inode.
    if ctx.wanted_any("chmod_"):
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "chmod.img")
            shutil.copyfile(disk_image, disk)
            status, _, log = run_in_vm(ctx, bin_("syscalls"), ["--chmod", "/bin/syscalls", "4750"],
                                       extra=["--disk", disk])
            st = subprocess.run(["debugfs", "-R", "stat /bin/syscalls", disk], capture_output=True, text=True)
            fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        mode = re.search(r"Mode:\s+(\d+)", st.stdout)
        yield "chmod_mode_is_on_the_disk_inode", status == 0 and mode and int(mode.group(1), 8) == 0o4750, \
            f"status {status}, debugfs: {st.stdout[:300]}\n{log[-800:]}"
        yield "chmod_disk_passes_e2fsck", fsck.returncode == 0, fsck.stdout[-1500:]

    # The copy ledger as a program reads it.
    if ctx.wanted_any("ledger"):
        status, vm_out, log = run_in_vm(ctx, bin_("ledger"), [])
        seen = 0
        for name, ok, detail in vmtests.result_lines(vm_out.decode("utf-8", "replace")):
            seen += 1
            yield f"ledger/{name}", ok, detail
        yield "ledger_ran_to_the_end", status == 0 and seen >= 9, f"status {status}\n{log[-1500:]}"

    # Hundreds of processes; every frame comes back.
    if ctx.wanted_any("forkstress_"):
        status, vm_out, log = run_in_vm(ctx, bin_("forkstress"), ["100"])
        text = vm_out.decode("utf-8", "replace")
        yield "forkstress_300_processes_free_memory_returns_exactly", status == 0, \
            f"status {status}: {text.strip()}\n{log[-1500:]}"

    # Faults and signals end only the program; run-in-vm says 128+signal.
    if ctx.wanted_any("crash_"):
        for how, sig, name, pattern in CRASHES:
            status, vm_out, log = run_in_vm(ctx, bin_("crash"), [how])
            yield f"crash_{how}_exit_status_is_128_plus_{sig}", status == 128 + sig, \
                f"status {status}\n{log[-1500:]}"
            yield f"crash_{how}_output_before_the_fault_arrives", \
                vm_out == f"crash: about to {how}\n".encode(), repr(vm_out[:200])
            if pattern:
                lines = [l for l in log.splitlines() if re.search(r"pid \d+ \(crash\): " + pattern, l)]
                yield f"crash_{how}_one_line_report", len(lines) == 1, log[-1500:]

    # A program that never ends: run-in-vm gives up clearly.
    if ctx.wanted_any("run_in_vm_timeout"):
        status, _, log = run_in_vm(ctx, bin_("crash"), ["hang"], extra=["--timeout", "8"])
        yield "run_in_vm_timeout_gives_124_and_says_so", status == 124 and "timed out after 8 s" in log, \
            f"status {status}\n{log[-500:]}"

    # Every option is explained; --mem sizes the VM.
    if ctx.wanted_any("run_in_vm_help", "run_in_vm_mem"):
        tool = os.path.join(ctx.root, "tools", "run-in-vm")
        r = subprocess.run([tool, "--help"], capture_output=True, text=True)
        yield "run_in_vm_help_explains_every_option", r.returncode == 0 and all(
            o in r.stdout for o in ["--add", "--disk", "--mem", "--timeout", "--verbose", "COMMAND"]), r.stdout
        status, vm_out, log = vmtests.run_in_vm(ctx, ["cat", "/proc/meminfo"], extra=["--mem", "256M"],
                                                decode=True)
        m = re.search(r"MemTotal: +(\d+) kB", vm_out)
        yield "run_in_vm_mem_sets_the_memory", status == 0 and m and 200 * 1024 < int(m.group(1)) <= 256 * 1024, \
            vm_out[:300] + log[-500:]

    # Standard input from a pipe reaches the program byte for byte, and its
    if ctx.wanted_any("run_in_vm_stdin_pipe"):
        # end is end-of-file (the framing bytes ^D and ^V included as data).
        data = bytes(range(256)) * 8 + b"\x04\x16\x16\x04 last line\n"
        r = subprocess.run([os.path.join(ctx.root, "tools", "run-in-vm"), "--timeout", "30", "--", "cat"],
                           input=data, capture_output=True, timeout=60)
        yield "run_in_vm_stdin_pipe_reaches_cat_and_ends_with_eof", \
            r.returncode == 0 and r.stdout == data, \
            f"status {r.returncode}, {len(r.stdout)} of {len(data)} bytes back\n{r.stderr.decode()[-800:]}"

    # A program that reads late loses nothing: the console holds the sender
    if ctx.wanted_any("run_in_vm_stdin_is_not"):
        # back instead of dropping what does not fit in its buffer.
        data = bytes((i * 7) % 251 for i in range(48 * 1024))
        r = subprocess.run([os.path.join(ctx.root, "tools", "run-in-vm"), "--timeout", "60", "--", "sh", "-c",
                            "ls -l /bin > /dev/null; ls -l /bin > /dev/null; ls -l /bin > /dev/null; cat"],
                           input=data, capture_output=True, timeout=90)
        yield "run_in_vm_stdin_is_not_dropped_while_the_program_is_busy", \
            r.returncode == 0 and r.stdout == data, \
            f"status {r.returncode}, {len(r.stdout)} of {len(data)} bytes back\n{r.stderr.decode()[-800:]}"

    # Output is byte for byte; exit status and --disk round trip.
    if ctx.wanted_any("run_in_vm_output", "run_in_vm_disk"):
        status, vm_out, log = run_in_vm(ctx, bin_("bytes"), [])
        expect = bytes(range(256)) * 2 + b"line\nline\r\n"
        yield "run_in_vm_output_is_unmangled", status == 0 and vm_out == expect, \
            f"status {status}, got {len(vm_out)} bytes, first difference at " + \
            str(next((i for i, (a, b) in enumerate(zip(vm_out, expect)) if a != b), min(len(vm_out), len(expect))))
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "kept.img")
            shutil.copyfile(disk_image, disk)
            status, _, log = run_in_vm(ctx, bin_("bytes"), ["/tmp/kept.txt", "written inside"],
                                       extra=["--disk", disk])
            cat = subprocess.run(["debugfs", "-R", "cat /tmp/kept.txt", disk], capture_output=True)
            fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        yield "run_in_vm_disk_keeps_what_the_program_wrote", status == 0 and cat.stdout == b"written inside", \
            f"status {status}, debugfs says {cat.stdout[:100]!r}\n{log[-1000:]}"
        yield "run_in_vm_disk_passes_e2fsck", fsck.returncode == 0, fsck.stdout[-1500:]
