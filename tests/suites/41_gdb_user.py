"""gdb on a user-space demand fault: tests/user/gdbtouch.c runs as init (a
boot module), gdb stops at handle_page_fault on the program's first write to
a fresh anonymous page (made by a second thread), pl-fault decodes it and
names the thread, pl-vmas lists the process's
regions and names the one that resolves the fault (repeating vm_find's
binary search), `finish` lets the kernel resolve it, and pl-walk then shows
the page present, user-writable.  The program must end normally after."""
import re
import shutil
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
