"""Runs what Linux runs: tests/user/symlinks.c, scripts.c and calls.c are
built with musl-gcc -static and run on this Linux host first (the
expectations are Linux's), then unmodified inside pagelab.  Then programs
built by the host's gcc (dynamic PIE with glibc's ld.so, -no-pie,
-static-pie, -static) print the same as on the host; an ELF for another
machine is refused with its reason shown by the shell; the shell runs a
script given as a file and a "#!" script; /proc/PID/maps of a Debian
program shows libc mapped; libcshare shows libc's text resident once for
N processes; and a handful of Debian's dynamic programs (the ones
tools/disk.mk stages) print exactly what they print on the host."""
import os
import subprocess
import tempfile

import vmtests
from vmtests import run_in_vm

PROGRAMS = ("symlinks", "scripts", "calls")

HELLO = r'''
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    /* stdio, the environment, malloc and a libc string routine: the
       loader's relocations and libc's start-up all had to work. */
    char *copy = strdup(argc > 1 ? argv[1] : "none");
    printf("hello, %d args, first %s, X=%s\n", argc, copy, getenv("X") ? getenv("X") : "-");
    free(copy);
    return 7;
}
'''

# Run by Debian's dash on the host and in pagelab, in an empty directory:
# every command is a host program staged on the image (tools/disk.mk).
DEBIAN_SCRIPT = r'''
printf 'banana\napple\ncherry\napple\n' > fruit
/usr/bin/sort fruit; /usr/bin/sort -u fruit | /usr/bin/wc -l
/usr/bin/head -n 2 fruit; /usr/bin/tail -n 1 fruit; /usr/bin/wc fruit
/usr/bin/seq 1 3 10 | /usr/bin/tr '\n' ' '; echo
/usr/bin/sha256sum fruit; /usr/bin/md5sum fruit
/usr/bin/od -c fruit | /usr/bin/head -n 2
/usr/bin/cut -c1-3 fruit | /usr/bin/tr a-z A-Z
/usr/bin/expr 6 \* 7; /usr/bin/basename /a/b/c.txt .txt; /usr/bin/dirname /a/b/c.txt
/usr/bin/printf '%05d|%s|%x\n' 42 x 255
/usr/bin/grep -c apple fruit; /usr/bin/grep -n '^c' fruit
/usr/bin/mkdir -p d/e; /usr/bin/touch d/e/f; /usr/bin/ln -s fruit link
/usr/bin/readlink link; /usr/bin/cat link | /usr/bin/wc -c; /usr/bin/ls -1 . d/e
/usr/bin/rm -r d; /usr/bin/ls -1 -F
/usr/bin/env -i A=1 B=2 /usr/bin/env
/usr/bin/true && echo true-ok; /usr/bin/false || echo false-status $?
/usr/bin/date -u -d @86400 '+%Y-%m-%d %H:%M:%S %a'
/usr/bin/uname -m
'''


def names(ctx):
    expand = {}
    for prog in PROGRAMS:
        src = os.path.join(ctx.root, "tests", "user", prog + ".c")
        expand[f"{prog}/pagelab/*"] = vmtests.check_names(src, prefix=f"{prog}/pagelab/")
    return vmtests.yielded_patterns(__file__, expand)


def gcc(ctx, src, exe, flags):
    return subprocess.run(["gcc", "-O1", *flags, "-o", exe, src], capture_output=True, text=True)


def c_programs(ctx):
    """Each test program on the host, then all of them in one pagelab boot,
    one result per check."""
    built, linux_counts = [], {}
    for prog in PROGRAMS:
        exe, cc = vmtests.build_checked(ctx, prog)
        yield f"{prog}_c_builds", cc.returncode == 0, cc.stderr[-2000:]
        if cc.returncode:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            host = vmtests.run_on_host([exe, os.path.join(tmp, "work")], cwd=tmp)
        linux_counts[prog] = sum(1 for _ in vmtests.result_lines(host.stdout))
        yield f"{prog}_expectations_hold_on_linux", host.returncode == 0 and linux_counts[prog] > 0, \
            host.stdout[-2000:]
        built.append((prog, exe))
    if not built:
        return
    cmd = "; ".join(f"{p} /tmp/{p}-test; echo \"== {p} $?\"" for p, _ in built)
    status, text, log = run_in_vm(ctx, ["sh", "-c", cmd], add=[vmtests.on_bin(e) for _, e in built])
    part = ""
    for line in text.splitlines(keepends=True):
        if not line.startswith("== "):
            part += line
            continue
        prog, code = line.split()[1], line.split()[2]
        seen = 0
        for name, ok, detail in vmtests.result_lines(part):
            seen += 1
            yield f"{prog}/pagelab/{name}", ok, detail
        # calls.c checks drop_caches only where it may write it (root).
        yield f"{prog}_pagelab_ran_every_check", code == "0" and seen >= linux_counts[prog] > 0, \
            f"status {code}, {seen} checks on pagelab, {linux_counts[prog]} on Linux\n{part[-1500:]}"
        part = ""
    yield "pagelab_ran_every_program", status == 0 and text.count("\n== ") + text.startswith("== ") == len(built), \
        f"status {status}\n{text[-1500:]}\n{log[-1500:]}"


# The parts below run in one pagelab boot: each gives the files it adds,
# its shell commands and a checker of its section of the output.

def elf_part(ctx):
    out = vmtests.user_test_dir(ctx)
    src = os.path.join(out, "hello.c")
    with open(src, "w") as f:
        f.write(HELLO)
    kinds = {"pie": [], "nopie": ["-no-pie"], "staticpie": ["-static-pie"], "static": ["-static"]}
    adds, cmds, want, early = [], [], [], []
    for kind, flags in kinds.items():
        exe = os.path.join(out, "hello-" + kind)
        cc = gcc(ctx, src, exe, flags)
        early.append((kind, cc.returncode == 0, cc.stderr[-1500:]))
        if cc.returncode:
            continue
        host = vmtests.run_on_host([exe, "arg"], cwd=out)
        want.append((kind, f"{kind}: {host.stdout.strip()} status {host.returncode}"))
        adds.append((exe, f"/tmp/hello-{kind}"))
        cmds.append(f"out=$(/tmp/hello-{kind} arg); echo \"{kind}: $out status $?\"")
    # Another machine's ELF (e_machine 183, AArch64): refused, and why.
    with open(os.path.join(out, "hello-nopie"), "rb") as f:
        data = bytearray(f.read())
    data[18:20] = (183).to_bytes(2, "little")
    arm = os.path.join(out, "hello-arm")
    with open(arm, "wb") as f:
        f.write(data)
    os.chmod(arm, 0o755)
    adds.append((arm, "/tmp/hello-arm"))
    cmds.append("/tmp/hello-arm; echo arm status $?")
    cmds.append("/usr/bin/cat /proc/self/maps")

    def check(text, log):
        for kind, ok, err in early:
            yield f"gcc_builds_hello_{kind}", ok, err
        lines = text.splitlines()
        for kind, expect in want:
            yield f"hello_{kind}_runs_as_on_linux", expect in lines and "status 7" in expect, \
                f"want {expect!r}\n{text[-1500:]}\n{log[-1500:]}"
        yield "foreign_elf_refused_with_its_reason", \
            "cannot execute: not an x86-64 executable" in text and "arm status 126" in text, text[-1500:]
        libc_text = [l for l in lines if "libc.so.6" in l and " r-xp " in l]
        loader = [l for l in lines if "ld-linux-x86-64.so.2" in l]
        yield "maps_shows_libc_text_and_the_loader", len(libc_text) == 1 and len(loader) >= 2, \
            text[-3000:]
    return adds, "; ".join(cmds), check


def scripts_part(ctx):
    script = os.path.join(vmtests.user_test_dir(ctx), "greet.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\necho \"greet: $# args, first $1\"\nexit 5\n")
    os.chmod(script, 0o755)
    cmd = ("sh /tmp/greet.sh a b; echo status $?; /tmp/greet.sh x; echo status $?; "
           "/usr/bin/dash /tmp/greet.sh q; echo status $?")
    want = ("greet: 2 args, first a\nstatus 5\ngreet: 1 args, first x\nstatus 5\n"
            "greet: 1 args, first q\nstatus 5\n")

    def check(text, log):
        yield "shell_runs_scripts_as_files_and_by_hash_bang", text == want, f"{text!r}\n{log[-1000:]}"
    return [(script, "/tmp/greet.sh")], cmd, check


def libc_part(ctx):
    def check(text, log):
        rows = []
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 6 and parts[0].isdigit():
                rows.append([int(p) for p in parts])
        detail = f"{text}\n{log[-1000:]}"
        ok = len(rows) == 4
        yield "libcshare_maps_libc_in_4_processes", ok and all(r[1] > 0 for r in rows), detail
        if not ok:
            return
        rss = max(r[1] for r in rows)
        pss = sum(r[2] for r in rows)
        yield "libc_text_frames_are_shared_by_all", all(r[3] == r[1] and r[4] == 0 for r in rows), detail
        # Each Pss is rounded down to a kB: the sum is within 4 kB of one copy.
        yield "libc_text_is_resident_once", rss - 4 <= pss <= rss, detail
    return [], "libcshare 4", check


def debian_part(ctx, tmp):
    script = os.path.join(tmp, "debian.sh")
    with open(script, "w") as f:
        f.write(DEBIAN_SCRIPT)
    work = os.path.join(tmp, "w")
    os.mkdir(work)
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC"}
    try:
        host = subprocess.run(["/usr/bin/dash", script], cwd=work, capture_output=True,
                              text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        host = subprocess.CompletedProcess([], None, "", "timed out")
    cmd = ("mkdir /tmp/deb && cd /tmp/deb && "
           "PATH=/usr/bin:/bin LC_ALL=C TZ=UTC /usr/bin/dash /tmp/debian.sh; cd /")

    def check(text, log):
        yield "debian_script_runs_on_linux", host.returncode == 0 and host.stderr == "", \
            host.stdout + host.stderr
        host_lines, vm_lines = host.stdout.splitlines(), text.splitlines()
        diff = [f"line {i + 1}: host {a!r} pagelab {b!r}"
                for i, (a, b) in enumerate(zip(host_lines, vm_lines)) if a != b]
        yield "debian_programs_print_what_they_print_on_linux", \
            host_lines == vm_lines and len(host_lines) > 30, \
            f"{len(host_lines)} host lines, {len(vm_lines)} pagelab lines\n" + \
            "\n".join(diff[:20]) + "\n" + text[-1500:] + log[-1500:]
    return [(script, "/tmp/debian.sh")], cmd, check


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    yield from c_programs(ctx)
    with tempfile.TemporaryDirectory() as tmp:
        parts = [("elf", elf_part(ctx)), ("scripts", scripts_part(ctx)), ("libc", libc_part(ctx)),
                 ("debian", debian_part(ctx, tmp))]
        adds = [a for _, (add, _, _) in parts for a in add]
        cmd = "; ".join(f"echo '==part {name}'; {c}" for name, (_, c, _) in parts)
        status, text, log = run_in_vm(ctx, ["sh", "-c", cmd], add=adds)
    sections = {}
    name = None
    for line in text.splitlines(keepends=True):
        if line.startswith("==part "):
            name = line.split()[1]
            sections[name] = ""
        elif name:
            sections[name] += line
    for name, (_, _, check) in parts:
        yield from check(sections.get(name, ""), log)
    yield "pagelab_ran_every_part", status == 0 and len(sections) == len(parts), \
        f"status {status}\n{text[-1500:]}\n{log[-1500:]}"
