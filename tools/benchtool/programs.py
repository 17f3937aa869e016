"""The benchmark programs `make bench` runs, and the kernels it runs them on.

A new benchmark is one Program in PROGRAMS: its name (user/NAME.c), what it
measures, and its arguments in each mode.  Whichever of these sources exist
are built and run; the rest are left out (the report says so).  The
figures come from the program's own tables (user/benchlib.h: with
BENCH_FIGURES=1 every table cell is also printed as a "figure:" line), so a
program needs nothing else to be reported.  The optional fields put its
figures into a plot or trim the report's tables.
"""
from dataclasses import dataclass, field

# Message sizes of the full run's throughput tests (--sizes of pipebench and
# the others): small messages show the cost per message, large ones the
# cost per byte.
SWEEP = "256,1K,4K,16K,64K"
# The quick run's: three sizes, so that its plot still shows the shape.
QUICK_SWEEP = "256,4K,64K"

MODES = {
    # mode: (rounds, seconds a run may take, what it is for)
    "full": (3, 1800, "every program with its default sizes (and the message-size sweep)"),
    "quick": (1, 600, "every program with --quick (the IPC ones at 3 message sizes): minutes"),
    "smoke": (1, 300, "tiny runs of a few programs: proves the whole chain works (make test)"),
}


@dataclass
class Kernel:
    key: str             # the report's name for the configuration
    title: str
    tool: str            # "run-in-vm" (pagelab) or "run-on-linux"
    options: list = field(default_factory=list)   # the tool's options
    append: str = ""     # kernel parameters (run-on-linux)


KERNELS = [
    Kernel("pagelab", "pagelab", "run-in-vm"),
    Kernel("linux", "Linux 6.1", "run-on-linux"),
    # -cpu max advertises ERMS/FSRM, so stock Linux copies and clears with
    # rep movsb/stosb, which TCG runs a byte at a time (docs/benchmarks.md).
    Kernel("linux-noerms", "Linux 6.1, clearcpuid=erms,fsrm", "run-on-linux",
           append="clearcpuid=erms,fsrm"),
]


@dataclass
class Variant:
    """A further configuration of one program on every kernel (say, Linux's
    fault-around on): its runs are columns of their own, compared kernel
    with kernel."""
    key: str
    title: str
    pagelab_args: list = field(default_factory=list)  # program arguments on pagelab
    linux_options: list = field(default_factory=list)  # run-on-linux options
    modes: tuple = ("full",)


@dataclass
class Program:
    name: str
    what: str
    args: dict                 # mode -> program arguments; a mode it lacks leaves it out
    columns: list = None       # the report.md columns (None: every figure; report.json has all)
    throughput: dict = None    # plot: row prefix/suffix around "throughput SIZE" -> label
    variants: list = field(default_factory=list)
    # Options for run-in-vm and run-on-linux alike: the machine it needs
    # (swapbench: little memory and a swap disk, so that it swaps on both).
    machine: list = field(default_factory=list)


QUICK = ["--quick"]
QUICK_IPC = QUICK + ["--sizes", QUICK_SWEEP]

PROGRAMS = [
    Program("faultbench", "page-fault cost in TSC cycles: anonymous, file, copy-on-write",
            {"full": [], "quick": QUICK, "smoke": ["--pages", "64", "--rounds", "1"]},
            columns=["median cyc", "min cyc", "p90 cyc", "faults/touch"]),
    Program("pipebench", "pipe throughput by message size, 1-byte round trip",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC,
             "smoke": ["--bytes", "256K", "--roundtrips", "20", "--rounds", "1"]},
            columns=["MB/s", "median us"], throughput={"": "pipe"}),
    Program("sockbench", "Unix stream socket throughput by message size, round trip",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC},
            columns=["MB/s", "median us"], throughput={"": "unix socket"}),
    Program("msgbench", "System V and POSIX message queues: throughput, round trip",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC},
            columns=["MB/s", "median us"],
            throughput={"": "System V msg queue", "mq ": "POSIX mq"}),
    Program("shmbench", "shared memory: futex/semaphore hand-over, throughput through a ring",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC},
            columns=["MB/s", "median us"], throughput={"": "shared memory"}),
    Program("binderbench", "binder calls and one-way calls beside pipe and socket",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC},
            columns=["MB/s", "median us", "ratio"],
            throughput={" / binder call": "binder call", " / binder 1-way": "binder one-way"}),
    # Its second table moves the bytes through the pipe in chunks of each
    # size; splice and its read+write baseline are panels of the plot
    # (sendfile+splice, next to splice, stays in the report alone).
    Program("splicebench", "zero-copy: sendfile, splice, vmsplice",
            {"full": ["--sizes", SWEEP], "quick": QUICK_IPC},
            throughput={" / splice": "splice: file -> pipe -> file",
                        " / read+write": "read+write: file -> pipe -> file"}),
    Program("mmapbench", "read+write+fsync against mmap+msync by file size, cold and warm",
            {"full": [], "quick": QUICK, "smoke": ["--runs", "1", "--seqread", "0", "40000"]},
            columns=["read ms", "mmap ms", "read/mmap", "read req/MiB", "mmap req/MiB", "ms",
                     "MB/s"],
            variants=[Variant("fa64k", "fault-around 64 KiB", ["--fault-around", "65536"],
                              ["--fault-around"])]),
    Program("copycount", "copies per byte of each mechanism, from the copy ledger",
            # --trace: on pagelab the copy trace of each row follows it, which
            # the copy diagrams are drawn from (tools/benchtool/copies.py).
            {"full": ["--trace"], "quick": QUICK + ["--trace"], "smoke": QUICK + ["--trace"]},
            columns=["cpu/B", "dev/B", "zero/B", "faults"]),
    Program("swapbench", "paging out and in under memory pressure",
            {"full": ["--mib", "256", "--faults", "300"], "quick": ["--mib", "160", "--faults", "100"]},
            machine=["--mem", "128M", "--swap", "256M"]),
    Program("threadbench", "thread creation, futex hand-overs, a contended mutex",
            {"full": [], "quick": QUICK}),
]


def by_name():
    return {p.name: p for p in PROGRAMS}
