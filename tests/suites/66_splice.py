"""Zero-copy paths: tests/user/splice.c is built with musl-gcc -static and
run on this Linux host first (so the expectations are Linux's), then
unmodified inside pagelab through tools/run-in-vm, one result per check:
sendfile (file -> pipe, socket, file; with and without an offset pointer),
splice (pipe <-> file, socket, pipe), tee, vmsplice (into and out of a
pipe), copy_file_range, Linux's errors, a file written or truncated while
its pages sit in a pipe, either end closed mid-transfer.  Then, in pagelab
only, the bad-input battery with the free frames and the kernel heap
compared before and after (/proc/meminfo, /proc/kmallocinfo); then cat and
cp (which use sendfile and copy_file_range) copy files whole, and
copycount's zero-copy rows show the ledger's copies per byte for each path
(warm cache: no device transfer in any of them)."""
import os
import re
import tempfile

import vmtests
from vmtests import run_in_vm


# copycount's rows for the zero-copy paths: (cpu/B, dev/B) from the ledger.
COPYCOUNT_EXPECT = {
    "read()+write() file->pipe": ("2.00", "0.00"),  # page cache -> user -> pipe page
    "sendfile file->pipe": ("0.00", "0.00"),        # the pipe references the cache's pages
    "sendfile file->socket": ("1.00", "0.00"),      # into the socket's queue
    "splice file->pipe->file": ("1.00", "0.00"),    # pipe's (the cache's) page -> the file's page
    "splice+read() file->user": ("1.00", "0.00"),   # read() of the spliced pages
    "tee pipe->pipe": ("0.00", "0.00"),             # the second pipe shares the pages
    "vmsplice user->pipe": ("0.00", "0.00"),        # the pipe references the caller's pages
    "copy_file_range": ("1.00", "0.00"),            # the cache's page -> the other file's page
}


def copycount_name(row, cpu, dev):
    return "copycount_" + re.sub(r"\W+", "_", row).strip("_") + f"_cpu_{cpu}_dev_{dev}"


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "splice.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/"),
                                               "*": [copycount_name(r, *v) for r, v in
                                                               COPYCOUNT_EXPECT.items()]})


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "splice")
    yield "splice_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return

    with tempfile.TemporaryDirectory() as d:
        host = vmtests.run_on_host([exe], cwd=d)
    yield "expectations_hold_on_linux", host.returncode == 0, host.stdout[-2000:]

    status, text, log = run_in_vm(ctx, ["sh", "-c", "cd /tmp && splice && splice --leaks"],
                                  add=[vmtests.on_bin(exe)])
    seen = 0
    for name, ok, detail in vmtests.result_lines(text):
        seen += 1
        yield f"pagelab/{name}", ok, detail
    linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
    yield "pagelab_ran_every_check", status == 0 and seen == linux_count + 2 and seen >= 80, \
        f"status {status}, {seen} checks on pagelab, {linux_count} + 2 on Linux\n{log[-1500:]}"

    # cat (sendfile) and cp (copy_file_range) carry every byte, to a file
    # and through a pipe, and strace shows the calls they made.
    status, text, log = run_in_vm(ctx, ["sh", "-c",
                                        "cat /bin/sh > /tmp/a; cp /bin/sh /tmp/b; cat /bin/sh | cat > /tmp/c; "
                                        "wc -c < /bin/sh; wc -c < /tmp/a; wc -c < /tmp/b; wc -c < /tmp/c; "
                                        "splice --same /bin/sh /tmp/a /tmp/b /tmp/c; "
                                        "strace cat /bin/sh 2>&1 >/dev/null | grep -c '^sendfile'; "
                                        "strace cp /bin/sh /tmp/d 2>&1 | grep -c '^copy_file_range'"],
                                  add=[vmtests.on_bin(exe)])
    words = text.split()
    ok = (status == 0 and len(words) == 7 and len(set(words[:4])) == 1 and int(words[0]) > 10000
          and words[4] == "same" and int(words[5]) >= 1 and int(words[6]) >= 1)
    yield "cat_and_cp_copy_whole_files_with_sendfile_and_copy_file_range", ok, \
        f"status {status}: {text!r}\n{log[-800:]}"

    status, text, log = run_in_vm(ctx, ["copycount", "--quick"])
    for name, (cpu, dev) in COPYCOUNT_EXPECT.items():
        row = next((re.split(r"\s{2,}", l.strip()) for l in text.splitlines()
                    if l.startswith(name + " ")), None)
        ok = status == 0 and row is not None and len(row) >= 4 and row[2] == cpu and row[3] == dev
        yield copycount_name(name, cpu, dev), ok, f"status {status}, row {row}\n{text}\n{log[-800:]}"
