"""Our libc and the user programs, run on this Linux host.

pagelab implements Linux's x86-64 system call ABI, so the static binaries we
build are Linux binaries too.  Here:
  - every program and test binary is a static, non-PIE ELF64 linked at 0x400000;
  - the self-checking programs in tests/libc/ pass when built with our libc,
    and also with glibc and with musl-gcc (the tests assert real Linux
    behaviour, and the sources are portable);
  - printf output and stdio buffering match glibc byte for byte;
  - the user programs (echo, cat, wc, head, ls, sh, ...) do their jobs.
"""
import glob
import os
import pty
import re
import select
import signal
import struct
import subprocess
import tempfile
import time

import vmtests

SELF_CHECKING = ["string_ctype", "stdlib", "scanf", "fileio", "process", "misc"]
COMPARED_WITH_GLIBC = ["printf_cases", "timefmt"]
VARIANTS = ["ours", "glibc", "musl"]
BUFFERING_MODES = ["order", "lost", "flushed", "setvbuf"]
TIMEOUT = 60
CORE_PROGRAMS = ["init", "sh", "ls", "cat", "echo", "mkdir", "rm", "cp", "mv", "wc", "head",
                 "ps", "kill", "sync", "poweroff", "free"]


def bin_dir(ctx):
    return os.path.join(ctx.build, "user", "bin")


def test_binary(ctx, variant, name):
    return os.path.join(ctx.build, "libc-tests", variant, name)


def build(ctx):
    names = SELF_CHECKING + COMPARED_WITH_GLIBC + ["buffering"]
    targets = ["libc", "user"] + [os.path.relpath(test_binary(ctx, v, n), ctx.root)
                                  for v in VARIANTS for n in names]
    return subprocess.run(["make", "-s", "-j2", *targets], cwd=ctx.root,
                          capture_output=True, text=True)


def elf_problems(path):
    """What keeps this file from being a static ELF64 executable at 0x400000."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2:
        return "not ELF64"
    e_type, e_machine = struct.unpack_from("<HH", data, 16)
    e_phoff, = struct.unpack_from("<Q", data, 32)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
    if e_type != 2 or e_machine != 62:
        return f"e_type {e_type} e_machine {e_machine}: not an x86-64 ET_EXEC"
    loads = []
    for i in range(e_phnum):
        p_type, = struct.unpack_from("<I", data, e_phoff + i * e_phentsize)
        p_vaddr, = struct.unpack_from("<Q", data, e_phoff + i * e_phentsize + 16)
        if p_type in (2, 3):
            return "has a PT_DYNAMIC or PT_INTERP segment"
        if p_type == 1:
            loads.append(p_vaddr)
    if not loads or min(loads) != 0x400000:
        return f"first PT_LOAD at {min(loads, default=0):#x}, not 0x400000"
    return None


def execute(cmd, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    kw.setdefault("timeout", TIMEOUT)
    return subprocess.run(cmd, **kw)


def names(ctx):
    libc = os.path.join(ctx.root, "tests", "libc")
    expand = {
        "*/*/*": [f"{v}/{n}/{t}" for v in VARIANTS for n in SELF_CHECKING
                  for t in vmtests.check_names(os.path.join(libc, n + ".c"))],
        "*/*": [f"{v}/{n}" for v in VARIANTS for n in SELF_CHECKING],
        "*_compiles_unchanged_with_musl": [f"{n}_compiles_unchanged_with_musl" for n in CORE_PROGRAMS],
        "*_output_equals_glibc": [f"{n}_output_equals_glibc" for n in COMPARED_WITH_GLIBC],
        "*": [c[0] for c in INIT_CASES],
    }
    for where in ("pipe", "tty"):
        expand[f"buffering_on_a_{where}_*_equals_glibc"] = [
            f"buffering_on_a_{where}_{m}_equals_glibc" for m in BUFFERING_MODES]
    return vmtests.yielded_patterns(__file__, expand)


def self_checking(ctx):
    for variant in VARIANTS:
        for name in SELF_CHECKING:
            with tempfile.TemporaryDirectory() as scratch:
                res = execute([test_binary(ctx, variant, name), scratch], text=True)
            seen = 0
            for test, ok, detail in vmtests.result_lines(res.stdout, "PASS"):
                seen += 1
                yield f"{variant}/{name}/{test}", ok, detail
            if seen == 0 or (res.returncode != 0 and "FAIL" not in res.stdout):
                yield f"{variant}/{name}", False, f"exit {res.returncode}, {seen} results:\n{res.stderr[-1500:]}"


def first_difference(a, b):
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return f"line {i + 1}:\n ours:  {x!r}\n glibc: {y!r}"
    return f"lengths differ: {len(a)} vs {len(b)} bytes"


def printf_matches_glibc(ctx):
    for name in COMPARED_WITH_GLIBC:
        utc = dict(os.environ, TZ="UTC")   # pagelab's local time is UTC
        ours = execute([test_binary(ctx, "ours", name)], env=utc)
        ref = execute([test_binary(ctx, "glibc", name)], env=utc)
        ok = ours.returncode == 0 and ours.stdout == ref.stdout and len(ours.stdout) > 1000
        yield f"{name}_output_equals_glibc", ok, \
            "" if ok else first_difference(ours.stdout.decode(), ref.stdout.decode())


def run_on_pty(argv):
    """Runs argv with stdout and stderr on a fresh pseudo-terminal; returns the bytes."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:   # EIO once the child is gone
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    proc.wait(timeout=TIMEOUT)
    return out.replace(b"\r\n", b"\n")


def buffering_matches_glibc(ctx):
    ours, ref = test_binary(ctx, "ours", "buffering"), test_binary(ctx, "glibc", "buffering")
    for mode in BUFFERING_MODES:
        a = execute([ours, mode], stderr=subprocess.STDOUT).stdout
        b = execute([ref, mode], stderr=subprocess.STDOUT).stdout
        yield f"buffering_on_a_pipe_{mode}_equals_glibc", a == b, f"ours {a!r}\nglibc {b!r}"
        a, b = run_on_pty([ours, mode]), run_on_pty([ref, mode])
        yield f"buffering_on_a_tty_{mode}_equals_glibc", a == b, f"ours {a!r}\nglibc {b!r}"
    a = execute([ours, "lost"]).stdout
    yield "pipe_output_left_in_the_buffer_is_lost_by__exit", a == b"", repr(a)
    a = run_on_pty([ours, "lost"])
    yield "tty_is_line_buffered", a == b"kept by a line-buffered terminal\n", repr(a)
    a = run_on_pty([ours, "order"])
    yield "tty_stdout_and_stderr_interleave_in_program_order", \
        a == b"out1\nerr1\nerr2\nout2 no newline yet\n", repr(a)


class Programs:
    """Runs our user programs on the host with PATH holding only them."""

    def __init__(self, ctx, tmp):
        self.bin = bin_dir(ctx)
        self.tmp = tmp
        self.env = {"PATH": self.bin, "HOME": tmp, "X": "x"}

    def __call__(self, *argv, stdin=b""):
        return execute([os.path.join(self.bin, argv[0]), *argv[1:]], input=stdin, cwd=self.tmp,
                   env=self.env)

    def sh(self, script, stdin=b""):
        return self("sh", "-c", script, stdin=stdin)

    def write(self, name, data):
        with open(os.path.join(self.tmp, name), "wb") as f:
            f.write(data)

    def read(self, name):
        with open(os.path.join(self.tmp, name), "rb") as f:
            return f.read()


def expect(name, res, stdout, status=0):
    ok = res.stdout == stdout and res.returncode == status
    return name, ok, (f"status {res.returncode} (want {status}), stdout {res.stdout!r} "
                      f"(want {stdout!r}), stderr {res.stderr[-500:]!r}")


def program_checks(ctx):
    with tempfile.TemporaryDirectory() as tmp:
        p = Programs(ctx, tmp)
        lines = b"".join(b"line %d\n" % i for i in range(1, 21))
        p.write("twenty", lines)
        p.write("words", b"one two  three\nfour\tfive\n\nsix")

        yield expect("echo_joins_arguments", p("echo", "hello", "big  world"), b"hello big  world\n")
        yield expect("echo_n_omits_the_newline", p("echo", "-n", "a", "b"), b"a b")
        yield expect("cat_concatenates_files_and_stdin", p("cat", "words", "-", "twenty", stdin=b"IN\n"),
                     p.read("words") + b"IN\n" + lines)
        yield expect("cat_reports_a_missing_file", p("cat", "nope"), b"", 1)
        yield expect("wc_counts_lines_words_bytes", p("wc", "words"), b"      3       6      29 words\n")
        yield expect("wc_l_on_stdin", p("wc", "-l", stdin=lines), b"     20\n")
        yield expect("head_defaults_to_ten_lines", p("head", "twenty"), b"".join(lines.splitlines(True)[:10]))
        yield expect("head_n_3", p("head", "-n", "3", "twenty"), b"line 1\nline 2\nline 3\n")
        yield expect("head_dash_2_on_stdin", p("head", "-2", stdin=lines), b"line 1\nline 2\n")

        yield expect("mkdir_p_makes_parents", p("mkdir", "-p", "d/e/f"), b"")
        yield "mkdir_p_made_the_tree", os.path.isdir(os.path.join(tmp, "d/e/f")), ""
        yield expect("mkdir_existing_fails", p("mkdir", "d"), b"", 1)
        yield expect("cp_copies_a_file", p("cp", "twenty", "copy"), b"")
        yield "cp_copy_is_identical", p.read("copy") == lines, ""
        yield expect("cp_into_a_directory", p("cp", "words", "twenty", "d"), b"")
        yield "cp_into_directory_kept_names", p.read("d/words") == p.read("words"), ""
        yield expect("mv_renames", p("mv", "copy", "moved"), b"")
        yield "mv_moved_the_file", (not os.path.exists(os.path.join(tmp, "copy"))
                                    and p.read("moved") == lines), ""
        os.chmod(os.path.join(tmp, "moved"), 0o640)
        yield expect("ls_lists_sorted_names", p("ls"), b"d\nmoved\ntwenty\nwords\n")
        p.write(".hidden", b"")
        yield expect("ls_a_shows_dot_files", p("ls", "-a", "d/e"), b".\n..\nf\n")
        res = p("ls", "-l", "moved", "d")
        out = res.stdout.decode()
        ok = (res.returncode == 0 and re.search(r"^-rw-r----- +1 +\S+ +\S+ +151 \w{3} [ \d]\d (\d\d:\d\d| \d{4}) moved$", out, re.M)
              and re.search(r"^d\S{9} .* e$", out, re.M) and "d:\n" in out)
        yield "ls_l_shows_mode_links_size_and_name", bool(ok), out
        yield expect("rm_removes_a_file", p("rm", "moved"), b"")
        yield expect("rm_refuses_a_directory", p("rm", "d"), b"", 1)
        yield expect("rm_r_removes_a_tree", p("rm", "-r", "d"), b"")
        yield "rm_r_removed_everything", not os.path.exists(os.path.join(tmp, "d")), ""
        yield expect("rm_f_ignores_missing", p("rm", "-f", "nothing"), b"")

        yield expect("sh_pipeline_of_three", p.sh("cat twenty | head -n 5 | wc -l"), b"      5\n")
        yield expect("sh_redirections", p.sh("echo hi > f; echo there >> f; cat < f; wc -c < f"),
                     b"hi\nthere\n      9\n")
        yield expect("sh_quotes_and_variables", p.sh("echo 'a  $X' \"b $X c\" d\\ e ${X}y"),
                     b"a  $X b x c d e xy\n")
        yield expect("sh_c_newline_inside_quotes_stays_in_the_word",
                     p.sh("echo \"a\nb\" 'c\nd' # don't\necho e"), b"a\nb c\nd\ne\n")
        yield expect("sh_script_on_stdin_continues_an_open_quote",
                     p("sh", stdin=b"echo 'one\ntwo' > q\ncat q\n"), b"one\ntwo\n")
        yield expect("sh_status_variable", p.sh("cat nope 2>/dev/null; echo $?; echo $?"), b"1\n0\n")
        yield expect("sh_and_or", p.sh("cat nope 2>/dev/null && echo no || echo yes"), b"yes\n")
        yield expect("sh_exit_status", p.sh("echo before; exit 5; echo after"), b"before\n", 5)
        yield expect("sh_cd_and_pwd", p.sh("mkdir -p sub/dir; cd sub/dir; pwd"),
                     os.path.realpath(tmp).encode() + b"/sub/dir\n")
        res = p.sh("nosuchcommand; echo $?")
        yield expect("sh_unknown_command_is_127", res, b"127\n")
        yield "sh_unknown_command_message", b"nosuchcommand: command not found" in res.stderr, res.stderr
        res = p.sh("sh -c 'kill -SEGV $$'; echo $?")
        yield expect("sh_child_killed_by_signal_status", res, b"139\n")
        yield "sh_reports_killed_by_signal_as_bash_does", res.stderr == b"sh: sh: Segmentation fault\n", res.stderr
        yield expect("sh_reads_a_script_on_stdin", p("sh", stdin=b"echo a\n# comment\necho b | cat\nexit 3\n"),
                     b"a\nb\n", 3)
        yield expect("sh_positional_parameters",
                     p("sh", "-c", "echo $0 $# $1 \"$2\"", "name", "a", "b  c"), b"name 2 a b  c\n")
        yield expect("sh_file_name_patterns",
                     p.sh("mkdir g && cd g && echo > b.c && echo > a.c && echo > .c && "
                          "echo *.c '*.c' ?.c \"?\" none* ../g/a*"),
                     b"a.c b.c *.c a.c b.c ? none* ../g/a.c\n")
        yield expect("sh_stderr_redirection", p.sh("cat nope 2> err; cat err 2>&1 | wc -l"), b"      1\n")
        # The shell as sh: variables seen later in the line, compound commands, expansions.
        yield expect("sh_variable_set_earlier_in_the_line", p.sh("Z=7; echo $Z; Z=8 sh -c 'echo $Z'; echo $Z"),
                     b"7\n8\n7\n")
        yield expect("sh_unexported_variable_stays_in_the_shell", p.sh("A=1; sh -c 'echo [$A]'; export A; "
                                                                       "sh -c 'echo [$A]'"), b"[]\n[1]\n")
        yield expect("sh_field_splitting_and_quotes", p.sh('X="a  b"; for i in $X "$X"; do echo "<$i>"; done'),
                     b"<a>\n<b>\n<a  b>\n")
        yield expect("sh_if_elif_else", p.sh("if false; then echo 1; elif true; then echo 2; else echo 3; fi"),
                     b"2\n")
        yield expect("sh_while_arithmetic_break_continue",
                     p.sh("i=0; while true; do i=$((i+1)); [ $i = 2 ] && continue; [ $i -gt 4 ] && break; "
                          "echo $i; done"), b"1\n3\n4\n")
        yield expect("sh_case_patterns", p.sh("for w in a.c b.h c; do case $w in *.c|*.h) echo src;; "
                                              "*) echo other;; esac; done"), b"src\nsrc\nother\n")
        yield expect("sh_functions_arguments_and_return",
                     p.sh("f() { echo \"$# $1\"; return 3; }; f x y; echo $?"), b"2 x\n3\n")
        yield expect("sh_command_substitution_nested", p.sh('echo "[$(echo a $(echo b))]" `echo c`'),
                     b"[a b] c\n")
        yield expect("sh_parameter_defaults_and_length", p.sh('echo ${U:-dflt} ${#PATH} ${U-x}'),
                     b"dflt %d x\n" % len(bin_dir(ctx)))
        yield expect("sh_background_job_wait_and_pid", p.sh("sleep 0.2 & p=$!; wait $p; echo $? $((p > 0))"),
                     b"0 1\n")
        yield expect("sh_read_splits_into_names", p("sh", "-c", 'read a b; echo "[$a][$b]"', stdin=b"x y z\n"),
                     b"[x][y z]\n")
        yield expect("sh_set_and_shift", p.sh("set -- a b c; shift; echo $# $1 \"$@\""), b"2 b b c\n")
        yield expect("sh_subshell_keeps_the_shell_directory", p.sh("(cd /; pwd); pwd"),
                     b"/\n" + os.path.realpath(tmp).encode() + b"\n")
        yield expect("sh_assignment_status_is_its_substitution", p.sh("x=$(false); echo $?"), b"1\n")
        res = p.sh("./nope; echo $?; nope; echo $?; mkdir -p dir; ./dir; echo $?; echo x > plain; ./plain; "
                   "echo $?")
        yield expect("sh_exit_statuses_as_bash", res, b"127\n127\n126\n126\n")
        yield "sh_messages_as_bash", res.stderr == (b"sh: ./nope: No such file or directory\n"
                                                    b"sh: nope: command not found\nsh: ./dir: Is a directory\n"
                                                    b"sh: ./plain: Permission denied\n"), res.stderr
        res = p.sh("time true")
        yield "sh_time_prints_real_user_sys", res.returncode == 0 and \
            re.fullmatch(rb"\nreal\t0m\d\.\d{3}s\nuser\t0m\d\.\d{3}s\nsys\t0m\d\.\d{3}s\n", res.stderr) is not None, \
            res.stderr
        yield expect("sh_syntax_error_stops_a_script", p("sh", stdin=b"echo a\nif then\necho b\n"), b"a\n", 2)

        res = p("ps")
        out = res.stdout.decode()
        ok = res.returncode == 0 and out.startswith("  PID  PPID S") and \
            re.search(rf"^ *{os.getpid()} +\d+ \S +\d+ +\d+ python", out, re.M)
        yield "ps_lists_processes_from_proc", bool(ok), out[-1500:]
        res = p("free")
        total = int(re.search(r"MemTotal: +(\d+)", open("/proc/meminfo").read()).group(1))
        m = re.search(r"^Mem: +(\d+) +(\d+) +(\d+)", res.stdout.decode(), re.M)
        yield "free_shows_memtotal", bool(m) and int(m.group(1)) == total, res.stdout
        victim = subprocess.Popen(["sleep", "60"])
        res = p("kill", "-TERM", str(victim.pid))
        victim.wait(timeout=TIMEOUT)
        yield "kill_sends_sigterm", res.returncode == 0 and victim.returncode == -signal.SIGTERM, \
            f"{res.returncode} {victim.returncode}"
        yield expect("kill_bad_pid", p("kill", "-9", "999999999"), b"", 1)
        yield "kill_l_names_signals", b"11) SIGSEGV" in p("kill", "-l").stdout, ""
        yield expect("sync_succeeds", p("sync"), b"")


def programs_compile_with_musl(ctx):
    """The core programs are ordinary POSIX C: musl-gcc builds them unchanged."""
    out_dir = os.path.join(ctx.build, "musl-user")
    os.makedirs(out_dir, exist_ok=True)
    for name in CORE_PROGRAMS:
        single = os.path.join(ctx.root, "user", name + ".c")
        srcs = [single] if os.path.exists(single) else \
            sorted(glob.glob(os.path.join(ctx.root, "user", name, "*.c")))
        res = execute(["musl-gcc", "-static", "-std=gnu11", "-O2", "-Wall", "-Werror",
                       "-Wno-unused-parameter", "-o", os.path.join(out_dir, name), *srcs], text=True)
        yield f"{name}_compiles_unchanged_with_musl", bool(srcs) and res.returncode == 0, \
            res.stderr[-1500:]


def pty_read_until(fd, token, timeout=10):
    out = b""
    end = time.time() + timeout
    while token not in out and time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def interactive_shell(ctx):
    """sh on a terminal: prompt, Ctrl-C kills the foreground cat, not the shell."""
    sh = os.path.join(bin_dir(ctx), "sh")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sh, [sh], {"PATH": bin_dir(ctx)})
    try:
        first = pty_read_until(fd, b"pagelab$ ")
        yield "sh_prompts_on_a_terminal", first.endswith(b"pagelab$ "), repr(first)
        os.write(fd, b"cat\n")
        time.sleep(0.5)
        os.write(fd, b"\x03")
        after = pty_read_until(fd, b"pagelab$ ")
        os.write(fd, b"echo alive $?\n")
        alive = pty_read_until(fd, b"alive 130")
        yield "sh_ctrl_c_stops_the_foreground_program_not_the_shell", b"alive 130" in alive, \
            repr(after + alive)
        pty_read_until(fd, b"pagelab$ ")
        os.write(fd, b"exit 4\n")
        deadline = time.time() + TIMEOUT
        done, status = 0, 0
        while not done and time.time() < deadline:
            pty_read_until(fd, b"\0", timeout=0.2)
            done, status = os.waitpid(pid, os.WNOHANG)
        yield "sh_exit_from_a_terminal", done == pid and os.WIFEXITED(status) and \
            os.WEXITSTATUS(status) == 4, f"wait {done} status {status}"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


INIT_NAMESPACE_SCRIPT = """
[ "$$" = 1 ] || exit 99   # init powers off: only ever as pid 1 of a new pid namespace
set -e
mount --bind "$T/cmdline" /proc/cmdline
mount -t tmpfs tmpfs /etc
cp "$T/run" /etc/run-in-vm
mount -t tmpfs tmpfs /dev
touch /dev/ttyS1 /dev/console
mount --bind "$T/ttyS1" /dev/ttyS1
PATH="$BIN" exec "$INIT"
"""


def namespaces_work():
    try:
        res = execute(["unshare", "--pid", "--fork", "--mount", "--mount-proc", "/bin/sh", "-c",
                       'test "$$" = 1'], timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return res.returncode == 0


INIT_CASES = [("init_runs_the_command_and_reports_its_exit_status",
               ["sh", "-c", "echo output of the command; exit 3"], b"output of the command\n", 3),
              ("init_reports_128_plus_signal_for_a_killed_command",
               ["sh", "-c", "kill -SEGV $$"], b"", 139),
              ("init_reports_127_for_a_missing_command", ["no-such-program"], b"", 127)]


def init_run_mode(ctx):
    """init as pid 1 of a private pid + mount namespace, with /proc/cmdline,
    /etc/run-in-vm and /dev/ttyS1 replaced: it runs the command, reports its
    status on ttyS1 and powers off (in a pid namespace, reboot(2) ends the
    namespace with SIGINT instead of touching the host).  Needs root and
    namespaces; skipped without them (the in-VM tests cover init too)."""
    if os.geteuid() != 0 or not namespaces_work():
        return
    for name, argv, want_out, want_status in INIT_CASES:
        with tempfile.TemporaryDirectory() as t:
            with open(os.path.join(t, "cmdline"), "w") as f:
                f.write("console=ttyS0 pagelab.run quiet\n")
            with open(os.path.join(t, "run"), "wb") as f:
                f.write(b"".join(a.encode() + b"\0" for a in argv))
            open(os.path.join(t, "ttyS1"), "w").close()
            env = {"T": t, "INIT": os.path.join(bin_dir(ctx), "init"), "BIN": bin_dir(ctx),
                   "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
            res = execute(["unshare", "--pid", "--fork", "--mount", "--mount-proc", "/bin/sh", "-c",
                           INIT_NAMESPACE_SCRIPT], env=env)
            with open(os.path.join(t, "ttyS1"), "rb") as f:
                control = f.read()
        ok = control == b"pagelab-exit-status %d\n" % want_status and res.stdout == want_out \
            and res.returncode in (-signal.SIGINT, 128 + signal.SIGINT)   # unshare re-raises it
        yield name, ok, f"ttyS1 {control!r}, stdout {res.stdout!r}, exit {res.returncode}, " \
            f"stderr {res.stderr[-500:]!r}"


def run(ctx):
    res = build(ctx)
    yield "build_libc_programs_and_tests", res.returncode == 0, res.stderr[-3000:]
    if res.returncode != 0:
        return
    listed = execute(["make", "-s", "print-user-bins"], cwd=ctx.root, text=True).stdout.split()
    on_disk = sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join(ctx.root, "user"))
                     if f.endswith(".c") or glob.glob(os.path.join(ctx.root, "user", f, "*.c")))
    want = [os.path.join("build", "user", "bin", n) for n in on_disk]
    yield "every_user_c_file_or_folder_is_a_program", sorted(listed) == want and \
        set(CORE_PROGRAMS) <= set(on_disk), f"make lists {listed}, user/ has {on_disk}"
    paths = [os.path.join(bin_dir(ctx), f) for f in sorted(os.listdir(bin_dir(ctx)))]
    paths += [test_binary(ctx, "ours", n) for n in SELF_CHECKING]
    bad = [f"{os.path.basename(p)}: {e}" for p in paths if (e := elf_problems(p))]
    yield "binaries_are_static_elf64_at_0x400000", not bad, "\n".join(bad)
    yield from self_checking(ctx)
    yield from printf_matches_glibc(ctx)
    yield from buffering_matches_glibc(ctx)
    yield from program_checks(ctx)
    yield from interactive_shell(ctx)
    yield from init_run_mode(ctx)
    yield from programs_compile_with_musl(ctx)
