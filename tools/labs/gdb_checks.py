"""tools/labs/gdb_checks.py: graded checks that drive QEMU's gdb stub, as
tests/suites/41_gdb_user.py does (tests/gdbtests.py starts QEMU paused and
gdb in batch mode with tools/gdb/gdbinit).

pagefault: tests/user/gdbtouch.c runs as init and writes one byte into the
third page of a fresh four-page anonymous region; gdb stops in
handle_page_fault on that address, lets the handler finish, then walks the
page tables: the page written must be mapped (user, writable) and the page
after it, which nobody touched, must not be.
"""
import os
import re

AREA = 0x500000000
FAULT = AREA + 0x2123      # tests/user/gdbtouch.c writes here first
NEIGHBOUR = AREA + 0x3000  # the next page of the region: untouched


def pagefault(root, build_program):
    import gdbtests as g
    import pagelab_qemu as q
    prog, err = build_program(os.path.join(root, "tests", "user", "gdbtouch.c"), "gdbtouch")
    if not prog:
        yield "gdb_fault_maps_only_the_faulting_page", False, "gdbtouch.c does not build:\n" + err
        return
    iso = q.iso_for("init=/test/gdbtouch", modules=[(prog, "/test/gdbtouch")])
    out, status, console = g.run_gdb(root, iso, [
        f"hbreak *handle_page_fault if ((struct page_fault *)$rdi)->addr == {FAULT:#x}",
        "continue", "delete", "finish",
        g.mark("fault"), f"pl-walk {FAULT:#x}",
        g.mark("neighbour"), f"pl-walk {NEIGHBOUR:#x}",
        g.mark("resume"), "continue"])
    if not g.stopped_in_handle_page_fault(out):
        yield "gdb_fault_maps_only_the_faulting_page", False, \
            "gdb never stopped in handle_page_fault for the write:\n" + out[-1500:]
        return
    fault, near = g.section(out, "fault"), g.section(out, "neighbour")
    mapped = re.search(rf"=> 4 KiB page: va {FAULT:#x} -> pa 0x[0-9a-f]+ \(writable, user", fault)
    untouched = "=> not present" in near
    ok = bool(mapped) and untouched and status == q.EXIT_SUCCESS
    why = []
    if not mapped:
        why.append(f"after the handler, {FAULT:#x} is not mapped user-writable:\n{fault}")
    if not untouched:
        why.append(f"the untouched page {NEIGHBOUR:#x} is mapped too:\n{near}")
    if status != q.EXIT_SUCCESS:
        why.append(f"gdbtouch did not finish normally (QEMU status {status}):\n{console[-800:]}")
    yield "gdb_fault_maps_only_the_faulting_page", ok, "\n".join(why)
