"""gdb against the real kernel: QEMU paused with its gdb stub (TCG), gdb in
batch mode with tools/gdb/gdbinit, a hardware breakpoint on
handle_page_fault, and an in-kernel test that faults on purpose
(copy_to_user to an unmapped user address, recovered through the exception
table).  The extension must report exactly that address and error code,
walk the page tables, and the kernel must finish the test after gdb lets it go."""
import os
import time
import re
import subprocess
import gdbtests as g
import pagelab_qemu as q

KTEST = "copy_to_user_on_unmapped_address_returns_efault"
EXPECTED_ERROR = 0x2   # a kernel-mode write to a non-present page (PF_WRITE)
KERNEL_VMA = 0xffffffff80000000


def fault_address(root):
    with open(os.path.join(root, "kernel", "mm", "uaccess_test.h")) as f:
        return int(re.search(r"#define UACCESS_TEST_UNMAPPED (0x[0-9a-fA-F]+)", f.read()).group(1), 16)


def symbol_address(name):
    out = subprocess.run(["nm", q.KERNEL], capture_output=True, text=True, check=True).stdout
    return int(re.search(rf"^([0-9a-f]+) T {name}$", out, re.M).group(1), 16)


def run(ctx):
    addr = fault_address(ctx.root)
    out, status, console = g.run_gdb(ctx.root, q.iso_for(f"ktest={KTEST}"), [
        "hbreak handle_page_fault", "continue",
        g.mark("pl-fault"), "pl-fault",
        g.mark("pl-walk-kmain"), "pl-walk kmain",
        g.mark("bt"), "bt",
        g.mark("resume"), "delete", "continue"])
    shown = out[-3000:]

    stopped = g.stopped_in_handle_page_fault(out)
    yield "gdb_stops_at_hbreak_on_handle_page_fault", bool(stopped), shown
    if not stopped:
        return

    fault = g.section(out, "pl-fault")
    want_cr2 = f"page fault: cr2 {addr:#018x} (argument)  $cr2 {addr:#018x}"
    yield "pl_fault_reports_the_faulting_address", want_cr2 in fault, \
        f"expected {want_cr2!r} in:\n{fault or shown}"

    want_code = f"error code {EXPECTED_ERROR:#x}: kernel write to a non-present page"
    bits = "P=0 (not present)  W=1 (write)  U=0 (kernel mode)  RSVD=0 (no reserved bit)  I=0"
    yield "pl_fault_decodes_the_error_code", want_code in fault and bits in fault, \
        f"expected {want_code!r} and the bits in:\n{fault or shown}"

    yield "pl_fault_names_the_faulting_copy_instruction", \
        re.search(r"faulting rip 0x[0-9a-f]+ <uaccess_copy\+0x[0-9a-f]+> in kernel mode", fault) is not None, \
        fault or shown

    yield "pl_fault_walk_shows_the_address_unmapped", \
        re.search(rf"pl-walk {addr:#018x} .*\n(.*\n)*  => not present at the PML4 level", fault) is not None, \
        fault or shown

    kmain = symbol_address("kmain")
    walk = g.section(out, "pl-walk-kmain")
    want = f"va {kmain:#x} -> pa {kmain - KERNEL_VMA:#x}"
    levels = re.findall(r"^  (PML4|PDPT|PD|PT)\[(\d+)\] +@ pa 0x[0-9a-f]+ = 0x[0-9a-f]{16}  (.*)$", walk, re.M)
    yield "pl_walk_translates_a_kernel_address", \
        want in walk and levels[:2] == [("PML4", "511", levels[0][2]), ("PDPT", "510", levels[1][2])] \
        and all(flags.startswith("P") for _, _, flags in levels), \
        f"expected {want!r} through PML4[511], PDPT[510] in:\n{walk or shown}"

    bt = g.section(out, "bt")
    frames = re.findall(r"^#\d+ .*", bt, re.M)
    yield "bt_goes_through_the_trap_to_the_bottom_of_the_kernel_thread", \
        len(frames) >= 5 and "trap_dispatch" in bt and "uaccess_copy" in bt and \
        "kthread_first_entry" in frames[-1] and "0xa5a5a5a5" not in bt, bt or shown

    passed = f"ktest: {KTEST}: PASS" in console
    yield "kernel_recovers_after_gdb_resumes_it", passed and status == q.EXIT_SUCCESS, \
        f"QEMU status {status}; console:\n{console[-1500:]}"
    yield from make_debug_ends_cleanly(ctx)


def make_debug_ends_cleanly(ctx):
    """`make debug` with an in-kernel test that passes: QEMU leaves through
    isa-debug-exit with 33, which make must not report as an error."""
    port = g.free_port()
    make = subprocess.Popen(["make", "-s", "-C", ctx.root, "debug", f"GDB_PORT={port}", f"CMDLINE=ktest={KTEST}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    gdb = ["gdb", "-q", "-nx", "-batch", "-x", "tools/gdb/gdbinit"]
    for _ in range(100):   # until make has built the debug ISO and QEMU listens
        r = subprocess.run(gdb + ["-ex", f"pl-connect {port}", "-ex", "continue", q.KERNEL], cwd=ctx.root,
                           capture_output=True, text=True, timeout=g.TIMEOUT)
        if "pagelab: connected" in r.stdout:
            break
        if make.poll() is not None:
            break

        time.sleep(0.3)
    try:
        out, _ = make.communicate(timeout=g.TIMEOUT)
    except subprocess.TimeoutExpired:
        make.kill()
        out, _ = make.communicate()
    # make's own ISO follows CMDLINE: put the plain one back for what comes next.
    subprocess.run(["make", "-s", "-C", ctx.root, "all"], capture_output=True)
    yield "make_debug_ends_cleanly_when_the_tests_pass", \
        make.returncode == 0 and "Error" not in out and f"ktest: {KTEST}: PASS" in out, \
        f"make exited {make.returncode}:\n{out[-1500:]}"
