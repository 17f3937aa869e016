"""Unix domain sockets and waiting on many descriptors:
tests/user/unixsock.c, tests/user/polltest.c and tests/user/sockedge.c
(corner cases: half closes, SO_RCVTIMEO and SO_SNDTIMEO, wrong states,
several SCM_RIGHTS headers) are built with musl-gcc
-static and run on this Linux host first (so the expectations are Linux's),
then unmodified inside pagelab through tools/run-in-vm, one result per
check: stream, datagram and seqpacket sockets, names on ext2 and in the
abstract namespace, connections, options, SCM_RIGHTS and SCM_CREDENTIALS,
descriptors in flight and the collector, bad pointers; poll, ppoll, select,
pselect6 and epoll on pipes, sockets, files and the terminal, with their
timeouts, signals and errors.  Then, inside pagelab only: thousands of
sockets leave kmalloc's counters and MemFree exactly where they were;
/bin/sockcat relays in a shell pipeline; /bin/sockbench (our libc) sees
every byte it sent (its timings are not asserted)."""
import os
import re
import subprocess

import vmtests
from vmtests import run_in_vm

PROGRAMS = ("unixsock", "polltest", "sockedge")
LEAK_ROUNDS = 1000


def leak_verdict(text):
    """The --leaks line: every counter equal before and after."""
    m = re.search(r"kmalloc bytes (-?\d+) -> (-?\d+), objects (-?\d+) -> (-?\d+), "
                  r"pages (-?\d+) -> (-?\d+); free frames (-?\d+) -> (-?\d+); "
                  r"MemFree (-?\d+) -> (-?\d+) kB; descriptors (\d+) -> (\d+)", text)
    if not m:
        return False
    v = [int(x) for x in m.groups()]
    return v[0] > 0 and all(v[i] == v[i + 1] for i in range(0, len(v), 2))


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exes, linux_counts = {}, {}
    for prog in PROGRAMS:
        exe, cc = vmtests.build_checked(ctx, prog)
        yield f"{prog}_c_builds", cc.returncode == 0, cc.stderr[-2000:]
        if cc.returncode:
            return
        exes[prog] = exe
        host = vmtests.run_on_host([exe, "/tmp"])
        yield f"{prog}_expectations_hold_on_linux", host.returncode == 0, host.stdout[-3000:]
        linux_counts[prog] = sum(1 for _ in vmtests.result_lines(host.stdout))

    # Both programs and the leak measurement in one boot.
    script = (f"unixsock /tmp; echo unixsock-status $?; polltest /tmp; echo polltest-status $?; "
              f"sockedge /tmp; echo sockedge-status $?; unixsock --leaks {LEAK_ROUNDS}")
    status, text, log = run_in_vm(ctx, ["sh", "-c", script],
                                  add=[vmtests.on_bin(exes[p]) for p in PROGRAMS])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    for prog in PROGRAMS:
        ok = f"{prog}-status 0" in text
        yield f"pagelab_{prog}_exits_0", ok, f"{text[-1500:]}\n{log[-1500:]}"
    want = sum(linux_counts.values())
    yield "pagelab_ran_every_check", seen == want and want >= 290, \
        f"{seen} checks on pagelab, {want} on Linux\n{log[-1500:]}"
    yield f"{LEAK_ROUNDS * 6}_sockets_leak_no_kmalloc_memory_frames_or_descriptors", \
        leak_verdict(text), text[-800:]

    # The terminal: input waiting on pagelab's console is readable to
    # poll, select and epoll; the console is writable.
    cmd = [os.path.join(ctx.root, "tools", "run-in-vm"), "--timeout", "60",
           "--add", f"{exes['polltest']}:/bin/polltest", "--", "polltest", "stdin"]
    r = subprocess.run(cmd, input=b"hello\n", capture_output=True, timeout=120)
    out = r.stdout.decode("utf-8", "replace")
    n = 0
    for name, ok, detail in vmtests.result_lines(out):
        n += 1
        yield f"pagelab_tty/{name}", ok, detail
    yield "pagelab_tty_checks_ran", r.returncode == 0 and n == 5, \
        f"status {r.returncode}, {n} checks\n{out}\n{r.stderr.decode('utf-8', 'replace')[-800:]}"

    # sockcat in pipelines (stream on an abstract name, seqpacket on a path
    # that ls shows as a socket, datagrams); sockbench checks its data.
    script = ("sockcat -l -e @t | echo hello | sockcat -w 5 @t; "
              "sockcat -l -e -p /tmp/s.sock | echo seq | sockcat -p -w 5 /tmp/s.sock; "
              "ls -l /tmp/s.sock; "
              "sockcat -l -d -e @d | echo dgram | sockcat -d -w 5 @d; "
              "sockbench --bytes 1M --rounds 1 --roundtrips 100")
    status, text, log = run_in_vm(ctx, ["sh", "-c", script])
    lines = text.splitlines()
    yield "sockcat_stream_echo_through_a_pipeline", "hello" in lines, text
    yield "sockcat_seqpacket_on_a_path", "seq" in lines, text
    yield "ls_l_shows_the_socket_as_s", any(l.startswith("s") and l.endswith("/tmp/s.sock")
                                            for l in lines), text
    yield "sockcat_datagram_echo", "dgram" in lines, text
    ok = status == 0 and all(re.search(rf"^{r} +\S+ +[\d.]+", text, re.M)
                             for r in ("throughput 4 KiB", "throughput 64 KiB", "round trip 1 B"))
    yield "sockbench_runs_with_our_libc_and_sees_correct_data", ok, f"status {status}\n{text}\n{log[-800:]}"
