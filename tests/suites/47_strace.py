"""strace: /bin/strace runs a command and the
kernel prints each of its system calls from the one syscall table, with
names, arguments decoded by kind and results as strace(1) shows them
(-1 ENOENT for errors), for our programs and for a musl-built one alike;
-f follows children."""
import re

import vmtests
from vmtests import run_in_vm


def run(ctx):
    # head reads and writes (cat would move the file with sendfile).
    status, text, log = run_in_vm(ctx, ["strace", "/bin/head", "/etc/motd"])
    lines = text.splitlines()
    yield "traced_command_runs_and_its_status_is_kept", status == 0 and "+++ exited with 0 +++" in lines, text
    yield "execve_shows_path_argv_and_envp", \
        re.search(r'^execve\("/bin/head", \["/bin/head", "/etc/motd"\], \[.*"PATH=/bin".*\]\) = 0$', text, re.M) \
        is not None, text
    yield "open_shows_its_path_and_flags", \
        re.search(r'^open\("/etc/motd", O_RDONLY\) = (\d+)$', text, re.M) is not None, text
    yield "read_shows_the_bytes_it_returned", \
        re.search(r'^read\(\d+, "Welcome to pagelab.*"\.\.\., \d+\) = \d+$', text, re.M) is not None, text
    yield "write_shows_the_bytes_it_was_given", \
        re.search(r'^write\(1, "Welcome to pagelab.*\) = \d+$', text, re.M) is not None, text
    yield "exit_group_has_no_result", "exit_group(0) = ?" in lines, text

    status, text, log = run_in_vm(ctx, ["strace", "/bin/cat", "/no/such/file"])
    yield "errors_are_shown_by_name", \
        re.search(r'^open\("/no/such/file", O_RDONLY\) = -1 ENOENT$', text, re.M) is not None and \
        status == 1 and "+++ exited with 1 +++" in text, f"status {status}\n{text}"

    status, text, log = run_in_vm(ctx, ["strace", "-f", "/bin/sh", "-c", "echo hi | cat"])
    pids = set(re.findall(r"^\[pid (\d+)\] ", text, re.M))
    yield "follow_children_names_each_pid", \
        status == 0 and len(pids) >= 3 and re.search(r"^\[pid \d+\] pipe", text, re.M) is not None and \
        re.search(r'^\[pid \d+\] execve\("/bin/cat"', text, re.M) is not None, f"pids {pids}\n{text}"

    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "compat")
    if cc.returncode:
        yield "compat_builds", False, cc.stderr[-2000:]
        return
    status, text, log = run_in_vm(ctx, ["strace", "/bin/compat"], add=[vmtests.on_bin(exe)])
    yield "a_musl_program_is_traced_with_names", \
        re.search(r"^set_tid_address\(0x[0-9a-f]+\) = \d+$", text, re.M) is not None and \
        re.search(r"^(mmap|brk)\(", text, re.M) is not None and "+++ exited with 0 +++" in text, text[-3000:]
