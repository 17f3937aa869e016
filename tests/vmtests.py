"""tests/vmtests.py: what the suites in tests/suites/ share.

Booting with ktest= and reading its result lines, building the in-OS test
programs with musl-gcc, running a program inside pagelab through
tools/run-in-vm and reading its "ok NAME" / "FAIL NAME: detail" lines
(tests/user/check.h), and scratch copies of the root disk.  tests/run.py puts
tests/ on sys.path; this file is outside tests/suites/ so it is not taken for
a suite.
"""
import ast
import os
import re
import shutil
import subprocess

RUN_TIMEOUT = 120   # seconds one run-in-vm may take inside pagelab


# --- programs run on the host first ---

def run_on_host(args, cwd="/tmp", timeout=RUN_TIMEOUT):
    """Run a test program on the Linux host, as subprocess.run does, but a
    program that hangs is a failed test (returncode None, what it printed so
    far, and a last line saying so), not a crashed suite."""
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
        return subprocess.CompletedProcess(args, None, out + f"\nFAIL timed_out: after {timeout} s\n", err)


def make_file(ctx, path):
    """Build one file of build/ with the project's make; make knows a target
    only as its rule names it, relative to the root."""
    return subprocess.run(["make", "-s", "-C", ctx.root, os.path.relpath(path, ctx.root)],
                          capture_output=True, text=True)


# --- in-kernel tests (kernel/lib/ktest.h) ---

def ktest_lines(out):
    """(name, passed, detail) for each "ktest: NAME: PASS|FAIL ..." line."""
    for line in out.splitlines():
        m = re.match(r"ktest: (\S+): (PASS|FAIL)(?: (.*))?", line)
        if m:
            yield m.group(1), m.group(2) == "PASS", m.group(3) or ""


def ktest_boot_verdict(status, out, timeout):
    """The "boot" result of a ktest boot: it must reach "ktest: done" and
    exit through isa-debug-exit (status None: QEMU timed out)."""
    import pagelab_qemu as q
    done = any(line.startswith("ktest: done") for line in out.splitlines())
    tail = "\n".join(out.splitlines()[-30:])
    if status is None:
        return "boot", False, f"timed out after {timeout} s; last output:\n{tail}"
    if not done:
        return "boot", False, f"QEMU exited {status} before the tests finished:\n{tail}"
    return "boot", status in (q.EXIT_SUCCESS, q.EXIT_FAILURE), f"QEMU exited {status}"


# --- result lines of self-checking programs ---

def result_lines(text, ok_word="ok"):
    """(name, passed, detail) for each "OK_WORD NAME" / "FAIL NAME: detail"
    line: OK_WORD is "ok" for tests/user/check.h, "PASS" for tests/host/check.h
    and the libc tests."""
    for line in text.splitlines():
        m = re.match(rf"({ok_word}|FAIL) ([^\s:]+):?(?: (.*))?", line)
        if m:
            yield m.group(2), m.group(1) == ok_word, m.group(3) or ""


# --- the root disk ---

def disk_image(ctx):
    """build/disk.img, made first if a partial build left it out."""
    image = os.path.join(ctx.build, "disk.img")
    if not os.path.exists(image):
        subprocess.run(["make", "-s", "-C", ctx.root, "build/disk.img"], capture_output=True)
    return image


def scratch_disk(image, copy):
    """A sparse copy of image at copy, for a test that writes on the disk."""
    subprocess.run(["cp", "--sparse=always", image, copy], check=True)
    return copy


# --- programs built with musl-gcc, run inside pagelab ---

def musl_missing():
    """A failed result when musl-gcc is not installed, else None."""
    if shutil.which("musl-gcc"):
        return None
    return "musl_gcc_present", False, "musl-gcc is missing (Debian package musl-tools)"


def user_test_dir(ctx):
    out = os.path.join(ctx.build, "user-tests")
    os.makedirs(out, exist_ok=True)
    return out


def musl_build(src, exe, flags=()):
    """musl-gcc -static -O2 FLAGS -o exe src: the CompletedProcess (text)."""
    return subprocess.run(["musl-gcc", "-static", "-O2", *flags, "-o", exe, src],
                          capture_output=True, text=True)


def binder_lib_sources(ctx):
    """The binder library's sources (libc/src/binder/*.c), for a musl build
    of a program that uses pagelab/binder.h."""
    d = os.path.join(ctx.root, "libc", "src", "binder")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))


def on_bin(host_path):
    """The --add pair that installs host_path as /bin/NAME."""
    return host_path, "/bin/" + os.path.basename(host_path)


def run_in_vm(ctx, args, add=(), extra=(), timeout=RUN_TIMEOUT, decode=True):
    """Runs args inside pagelab with tools/run-in-vm, each (host, guest) of
    add installed first; timeout None keeps run-in-vm's own default.
    Returns (exit status, stdout, stderr = pagelab's log); stdout stays
    bytes when decode is false."""
    cmd = [os.path.join(ctx.root, "tools", "run-in-vm"), *extra]
    if timeout is not None:
        cmd += ["--timeout", str(timeout)]
    for host, guest in add:
        cmd += ["--add", f"{host}:{guest}"]
    r = subprocess.run(cmd + ["--", *args], capture_output=True, timeout=(timeout or RUN_TIMEOUT) + 30)
    out = r.stdout.decode("utf-8", "replace") if decode else r.stdout
    return r.returncode, out, r.stderr.decode("utf-8", "replace")


def build_checked(ctx, name):
    """tests/user/NAME.c built warning-free (-Wall -Werror) into
    build/user-tests/NAME: (the executable's path, the CompletedProcess)."""
    exe = os.path.join(user_test_dir(ctx), name)
    src = os.path.join(ctx.root, "tests", "user", name + ".c")
    return exe, musl_build(src, exe, ["-Wall", "-Werror"])


# --- the names a suite may yield, for tests/run.py -k ---

def yielded_patterns(path, expand=None):
    """The names the yield statements of a suite's source can produce, as
    glob patterns: a literal stays, an f-string's fields become '*'.  A
    yield of anything else gives '*' (it may be anything) unless it is
    `yield missing` (vmtests.musl_missing()'s result) or `yield from`.
    expand maps a pattern to the names it stands for (e.g. "pagelab/*" to
    the checks of a C program), so that -k does not have to run the suite
    to know."""
    with open(path) as f:
        tree = ast.parse(f.read())
    pats = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Yield) and node.value is not None:
            v = node.value
            first = v.elts[0] if isinstance(v, ast.Tuple) else v
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                pats.add(first.value)
            elif isinstance(first, ast.JoinedStr):
                pats.add("".join(x.value if isinstance(x, ast.Constant) else "*" for x in first.values))
            elif isinstance(first, ast.Name) and first.id == "missing":
                pats.add("musl_gcc_present")
            elif isinstance(first, ast.Call) and first.args and isinstance(first.args[0], ast.Constant) \
                    and isinstance(first.args[0].value, str):
                pats.add(first.args[0].value)   # yield expect("name", ...)
            else:
                pats.add("*")
    out = set()
    for p in pats:
        out.update(expand[p] if expand and p in expand else [p])
    return sorted(out)


def check_names(*sources, prefix=""):
    """The check names C test sources print: CHECK("name", ...) and
    check("name", ...) of tests/user/check.h, TEST(name) of tests/host and
    RUN(name) of tests/libc."""
    names = set()
    for src in sources:
        with open(src) as f:
            text = f.read()
        names.update(re.findall(r'\b(?:CHECK|check)\(\s*"([^"]+)"', text))
        names.update(re.findall(r"\b(?:TEST|RUN)\((\w+)\)", text))
    return [prefix + n for n in sorted(names)]


def ktest_names(ctx, prefixes=None):
    """The in-kernel tests built into build/pagelab.elf (KTEST(name) makes a
    function ktest_fn_NAME); with prefixes, only those starting so."""
    import pagelab_qemu as q
    if not os.path.exists(q.KERNEL):
        return ["*"]
    syms = subprocess.run(["nm", q.KERNEL], capture_output=True, text=True).stdout
    names = sorted(set(re.findall(r"\bktest_fn_(\w+)", syms)))
    if prefixes:
        names = [n for n in names if n.startswith(tuple(prefixes))]
    return names


def ktest_selection(ctx, names, default, prefix=""):
    """The ktest= value for a boot: default, or under -k only the tests whose
    full name (prefix + name, e.g. "ktest/paging_...") contains the keyword,
    when they fit on the command line."""
    if not getattr(ctx, "keyword", None):
        return default
    import fnmatch
    chosen = [n for n in names if ctx.keyword in f"{ctx.suite}/{prefix}{n}"]
    listed = ",".join(chosen)
    if chosen and len(listed) < 240:     # kernel/lib/ktest.c reads at most 255 characters
        return listed
    # A pattern the kernel matches itself (kernel/lib/ktest.c), when it
    # picks exactly the same tests.
    pattern = f"*{ctx.keyword}*"
    if chosen and "," not in ctx.keyword and " " not in ctx.keyword and \
            [n for n in names if fnmatch.fnmatchcase(n, pattern)] == chosen:
        return pattern
    return default
