"""gdb on a user-space demand fault: tests/user/gdbtouch.c runs as init (a
boot module), gdb stops at handle_page_fault on the program's first write to
a fresh anonymous page (made by a second thread), pl-fault decodes it and
names the thread, pl-vmas lists the process's
regions and names the one that resolves the fault (repeating vm_find's
binary search), `finish` lets the kernel resolve it, and pl-walk then shows
the page present, user-writable.  The program must end normally after."""
import os
import re
import shutil
import subprocess
import tempfile

import gdbtests as g
import pagelab_qemu as q
import vmtests

AREA = 0x500000000
FAULT = AREA + 0x2123     # tests/user/gdbtouch.c writes here first


def run(ctx):
    if not shutil.which("musl-gcc") or not shutil.which("gdb"):
        yield "musl_gcc_and_gdb_present", False, "needs musl-gcc (musl-tools) and gdb"
        return
    prog, r = vmtests.build_checked(ctx, "gdbtouch")
    if r.returncode:
        yield "build", False, r.stderr[-2000:]
        return
    iso = q.iso_for("init=/test/gdbtouch", modules=[(prog, "/test/gdbtouch")])
    out, status, console = g.run_gdb(ctx.root, iso, [
        f"hbreak *handle_page_fault if ((struct page_fault *)$rdi)->addr == {FAULT:#x}", "continue",
        g.mark("pl-fault"), "pl-fault",
        g.mark("pl-vmas"), "pl-vmas",
        g.mark("after"), "delete", "finish", f"pl-walk {FAULT:#x}",
        g.mark("resume"), "continue"])
    shown = out[-3000:]

    stopped = g.stopped_in_handle_page_fault(out)
    yield "gdb_stops_in_handle_page_fault_on_a_user_first_touch", bool(stopped), shown
    if not stopped:
        return
    fault = g.section(out, "pl-fault")
    yield "pl_fault_shows_a_user_write_to_a_non_present_page", \
        f"cr2 {FAULT:#018x}" in fault and "user write to a non-present page" in fault and \
        re.search(r"faulting rip 0x0*4[0-9a-f]+ .*in user mode", fault) is not None, fault or shown

    yield "pl_fault_names_the_faulting_task", \
        re.search(r"^task: pid 1, tid (?!1,)\d+ \(gdbtouch\), 2 threads in the process$", fault,
                  re.M) \
        is not None, fault or shown

    vmas = g.section(out, "pl-vmas")
    lines = re.findall(r"^  \[ *(\d+)\] (0x[0-9a-f]+)-(0x[0-9a-f]+) ([r-][w-][x-][sp]) ", vmas, re.M)
    yield "pl_vmas_lists_sorted_regions_with_rights", \
        len(lines) >= 4 and all(int(a[2], 16) <= int(b[1], 16) for a, b in zip(lines, lines[1:])) and \
        any("[stack]" in l or "stack" in l for l in vmas.splitlines()), vmas or shown
    area = [l for l in lines if int(l[1], 16) <= FAULT < int(l[2], 16)]
    named = re.search(rf"=> region \[{area[0][0]}\] {AREA:#x}-{AREA + 0x4000:#x} resolves the fault: "
                      r"page 2 of anonymous", vmas) if area else None
    yield "pl_vmas_names_the_region_that_resolves_the_fault", \
        bool(area) and area[0][3] == "rw-p" and named is not None and "vm_find: lo 0" in vmas, vmas or shown

    after = g.section(out, "after")
    yield "after_the_handler_the_page_is_mapped_user_writable", \
        re.search(rf"=> 4 KiB page: va {FAULT:#x} -> pa 0x[0-9a-f]+ \(writable, user, no-execute\)", after) \
        is not None, after or shown
    yield "program_finishes_normally_after_gdb_resumes", \
        status == q.EXIT_SUCCESS and "init exited with status 0" in console, \
        f"QEMU status {status}; console:\n{console[-1500:]}"
    yield from run_student_program(ctx)


# docs/gdb.md's walkthrough, as a student runs it on their own program:
# pl-break-fault stops only on that program's faults in its mmap region.
def student_session(exe):
    return [f"pl-break-fault {exe} mmap", "continue",
            g.mark("stop"), "set $fault = ((struct page_fault *)$rdi)->addr", "pl-fault",
            g.mark("vmas"), "pl-vmas",
            g.mark("bt"), "bt",
            g.mark("finish"), "delete", "finish", "pl-walk $fault",
            g.mark("resume"), "continue"]


def student_disk(ctx, exe, tmp):
    """A scratch copy of the disk with /bin/mymap, set to run it (pagelab.run)."""
    disk = os.path.join(tmp, "disk.img")
    vmtests.scratch_disk(vmtests.disk_image(ctx), disk)
    args = os.path.join(tmp, "args")
    with open(args, "wb") as f:
        f.write(b"mymap\0")
    cmds = f'write "{exe}" /bin/mymap\nsif /bin/mymap mode 0100755\nrm /etc/run-in-vm\n' \
           f'write "{args}" /etc/run-in-vm\n'
    subprocess.run(["debugfs", "-w", "-f", "-", disk], input=cmds, text=True, capture_output=True)
    return disk


def run_student_program(ctx):
    src = os.path.join(ctx.root, "docs", "examples", "mymap.c")
    exe = os.path.join(vmtests.user_test_dir(ctx), "mymap")
    r = vmtests.musl_build(src, exe, ["-Wall", "-Werror", "-g"])
    if r.returncode:
        yield "student_mymap_builds", False, r.stderr[-2000:]
        return
    with tempfile.TemporaryDirectory() as tmp:
        disk = student_disk(ctx, exe, tmp)
        iso = q.iso_for("console=raw quiet pagelab.run")
        out, status, console = g.run_gdb(ctx.root, iso, student_session(exe), disk=disk)
    stop = g.section(out, "stop")
    yield "pl_break_fault_stops_at_the_programs_mmap_fault", \
        re.search(r"pl-break-fault: pid \d+ \(mymap\): user write to a non-present page at 0x[0-9a-f]+", out) \
        is not None and "user write to a non-present page" in stop, out[-3000:]
    vmas = g.section(out, "vmas")
    yield "pl_vmas_says_which_process_it_shows", re.search(r"pid \d+ \(mymap\), the process running now", vmas) \
        is not None and "file /tmp/mymap.dat" in vmas, vmas or out[-3000:]
    bt = g.section(out, "bt")
    yield "bt_goes_from_the_handler_to_the_line_of_the_program", \
        "handle_page_fault" in bt and "trap_dispatch" in bt and \
        re.search(r"in main \(\) at .*mymap\.c:\d+", bt) is not None, bt or out[-2000:]
    fin = g.section(out, "finish")
    yield "finish_maps_the_page_of_the_file", "FAULT_HANDLED" in fin and \
        re.search(r"=> 4 KiB page: va 0x[0-9a-f]+ -> pa 0x[0-9a-f]+ \(writable, user", fin) is not None, \
        fin or out[-2000:]
    yield "the_program_finishes_after_gdb_lets_go", "mymap: wrote 2 pages through the mapping" in console, \
        f"QEMU status {status}\n{console[-1500:]}"
