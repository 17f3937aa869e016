"""Deliberate kernel exceptions (crashtest=... on the command line, see
kernel/entry/crashtest.c): each must print the decoded trap report with a
symbolized rip and backtrace, then panic, leaving QEMU with the panic status."""
import re
import pagelab_qemu as q

TIMEOUT = 60
BAD_ADDRESS = "0xffffc0de00000000"   # CRASHTEST_BAD_ADDRESS in kernel/entry/crashtest.h

# crashtest value -> (trap headline, the function the rip must name, extra lines)
CRASHES = {
    "ud2": (r"trap: invalid opcode \(#UD, vector 6\) in kernel mode",
            "crashtest_invalid_opcode", []),
    "pagefault": (r"trap: page fault \(#PF, vector 14\) in kernel mode, error code 0x0",
                  "crashtest_page_fault",
                  [rf"CR2 {BAD_ADDRESS}: kernel read from a non-present page",
                   r"error code bits: P=0 W=0 U=0 RSVD=0 I=0"]),
    "divide": (r"trap: divide error \(#DE, vector 0\) in kernel mode",
               "crashtest_divide_error", []),
    # the report itself runs on the IST stack: the broken rsp is shown
    "doublefault": (r"trap: double fault \(#DF, vector 8\) in kernel mode",
                    "crashtest_double_fault", [rf"RSP {BAD_ADDRESS}"]),
}

REGISTERS = ["RIP", "RSP", "RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP",
             "R8 ", "R9 ", "R10", "R11", "R12", "R13", "R14", "R15", "CR3"]


def names(ctx):
    return [f"crashtest_{kind}_prints_report_and_panics" for kind in CRASHES]


def check(kind, status, out):
    headline, function, extra = CRASHES[kind]
    if status != q.EXIT_PANIC:
        return f"QEMU exited {status}, expected the panic status {q.EXIT_PANIC}"
    for pattern in [headline, *extra,
                    rf"RIP 0x[0-9a-f]{{16}} <{function}\+0x[0-9a-f]+>",
                    r"kernel panic: trap: "]:
        if not re.search(pattern, out):
            return f"no line matching {pattern!r}"
    for reg in REGISTERS:
        if f"  {reg}" not in out and f" {reg} " not in out:
            return f"register {reg.strip()} missing from the report"
    # The backtrace of the report walks from the trapped rbp: the caller
    # chain of the crash, kmain calling crashtest_run, must be named.
    trace = out.split("backtrace:", 1)[-1].split("kernel panic:", 1)[0]
    if not re.search(r"\[\d+\] 0x[0-9a-f]+ kmain\+0x[0-9a-f]+", trace):
        return "the report's backtrace does not name kmain"
    return None


def run(ctx):
    for kind in CRASHES:
        name = f"crashtest_{kind}_prints_report_and_panics"
        if not ctx.wanted(f"crash/{name}"):
            continue
        status, out = q.boot(f"crashtest={kind}", timeout=TIMEOUT)
        problem = check(kind, status, out)
        tail = "\n".join(out.splitlines()[-25:])
        yield name, problem is None, f"{problem}; output:\n{tail}" if problem else ""
