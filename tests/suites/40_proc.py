"""Process machinery, before any file system: tests/proc/*.c are built with
musl-gcc -static (unmodified Linux binaries), put into the ISO as GRUB boot
modules under /test/NAME, and /test/proctest runs as init (pid 1).  With no
console yet it reports by its exit status: 0, or the number of the first
failing check (see tests/proc/proctest.c).  The kernel log must also show
the one-line reports of the processes it killed."""
import os
import re
import shutil
import pagelab_qemu as q
import vmtests

BOOT_TIMEOUT = 120
PROGRAMS = ["proctest", "argcheck"]

# Check numbers of tests/proc/proctest.c, by group.
GROUPS = [(1, 9, "runs_as_pid_1"), (10, 19, "fork_exit_wait4_status"),
          (20, 29, "fork_is_copy_on_write"), (30, 39, "faults_kill_only_the_faulting_child"),
          (40, 49, "anonymous_mmap_munmap_madvise"), (50, 59, "brk_grows_and_shrinks"),
          (60, 69, "signals_handlers_ignore_default_mask"), (70, 79, "execve_args_auxv_and_errors"),
          (80, 89, "bad_pointers_and_flags_give_efault_einval"),
          (90, 99, "time_uname_getrandom"), (100, 104, "fpu_state_kept_per_process"),
          (105, 109, "busy_user_process_is_preempted_and_killable"),
          (110, 119, "hundreds_of_processes_and_orphans_reparented_to_init")]


KILLS = [
    ("null_page_write", r"pid \d+ \(proctest\): SIGSEGV: write to unmapped address 0x1000 at rip 0x[0-9a-f]+"),
    ("text_write", r"pid \d+ \(proctest\): SIGSEGV: write to read-only address 0x[0-9a-f]+ at rip 0x[0-9a-f]+"),
    ("read_after_munmap", r"pid \d+ \(proctest\): SIGSEGV: read from unmapped address 0x[0-9a-f]+ at rip 0x[0-9a-f]+")]


def names(ctx):
    return vmtests.yielded_patterns(__file__, {
        "*": [g[2] for g in GROUPS],
        "kill_report_one_line_for_*": [f"kill_report_one_line_for_{w}" for w, _ in KILLS]})


def build(ctx):
    out = os.path.join(ctx.build, "proc-tests")
    os.makedirs(out, exist_ok=True)
    if not shutil.which("musl-gcc"):
        return None, "musl-gcc is missing (Debian package musl-tools)"
    for p in PROGRAMS:
        src = os.path.join(ctx.root, "tests", "proc", p + ".c")
        r = vmtests.musl_build(src, os.path.join(out, p))
        if r.returncode:
            return None, f"musl-gcc {p}.c failed:\n{r.stderr[-2000:]}"
    notelf = os.path.join(out, "notelf")
    with open(notelf, "w") as f:
        f.write("this is not an ELF file\n")
    mods = [(os.path.join(out, p), "/test/" + p) for p in PROGRAMS] + [(notelf, "/test/notelf")]
    return mods, ""


def run(ctx):
    mods, err = build(ctx)
    if mods is None:
        yield "build_test_programs", False, err
        return
    status, out = q.boot("init=/test/proctest", timeout=BOOT_TIMEOUT, modules=mods)
    tail = "\n".join(out.splitlines()[-20:])
    m = re.search(r"pagelab: init exited with status (\d+)", out)
    if status is None or not m:
        yield "proctest_runs_to_the_end", False, f"QEMU status {status}; last output:\n{tail}"
        return
    failed = int(m.group(1))
    for lo, hi, name in GROUPS:
        ok = not (lo <= failed <= hi)
        yield name, ok, "" if ok else f"check {failed} of tests/proc/proctest.c failed\n{tail}"
    yield "every_check_passed", failed == 0, f"exit status {failed}"
    yield "qemu_exit_reports_success", status == q.EXIT_SUCCESS, f"QEMU exited {status}"

    # The kill reports of check_fault_kills and check_mmap.
    for what, pattern in KILLS:
        yield f"kill_report_one_line_for_{what}", re.search(pattern, out) is not None, tail
    yield "bad_elf_reason_is_logged", "exec: /test/notelf: bad magic" in out, tail
    yield "unknown_syscall_logged_once", out.count("syscall 999: no such system call, ENOSYS") == 1, tail
    yield "unimplemented_syscall_logged_once_by_name", \
        len(re.findall(r"pid \d+ \(proctest\): tuxcall: not implemented, ENOSYS", out)) == 1, tail
