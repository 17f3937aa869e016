"""tools/gdb/pagelab.py: gdb commands for debugging pagelab (pl-help lists them).

Loaded by tools/gdb/gdbinit.  The page-table walk reads physical memory
through the kernel's direct map (PHYS_MAP_BASE + pa, kernel/hw/layout.h), so
it works once kmain runs (boot.S maps the first GiB there; paging_init all RAM).
"""
import os

import gdb

PHYS_MAP_BASE = 0xffff800000000000    # kernel/hw/layout.h
KERNEL_VMA = 0xffffffff80000000
ADDR_MASK = 0x000ffffffffff000        # PTE_ADDR_MASK, kernel/mm/paging.h

# Page-table entry bits (SDM vol. 3A, tables 4-14..4-20; COW is pagelab's
# software bit 9, PTE_COW in kernel/mm/paging.h).
PTE_BITS = [(0, "P"), (1, "W"), (2, "U"), (3, "PWT"), (4, "PCD"), (5, "A"),
            (6, "D"), (7, "PS"), (8, "G"), (9, "COW"), (63, "NX")]

# Page-fault error code bits (SDM vol. 3A, 4.7; PF_* in kernel/mm/fault.h).
PF_PRESENT, PF_WRITE, PF_USER, PF_RSVD, PF_INSTR, PF_PK, PF_SS = (1 << i for i in range(7))

LEVELS = [("PML4", 39), ("PDPT", 30), ("PD", 21), ("PT", 12)]


def u64(value):
    """An integer from a number or a gdb.Value (a function or array gives its address)."""
    if isinstance(value, gdb.Value) and value.type.strip_typedefs().code in (
            gdb.TYPE_CODE_FUNC, gdb.TYPE_CODE_ARRAY):
        value = value.address
    return int(value) & 0xffffffffffffffff


def read_phys_u64(pa):
    mem = gdb.selected_inferior().read_memory(PHYS_MAP_BASE + pa, 8)
    return int.from_bytes(bytes(mem), "little")


def register(name):
    """A register QEMU exposes ($cr2, $cr3...), or None if it does not."""
    try:
        v = gdb.parse_and_eval("$" + name)
        if v.type.code == gdb.TYPE_CODE_VOID:
            return None
        return u64(v)
    except gdb.error:
        return None


def flag_names(entry):
    names = [n for bit, n in PTE_BITS if entry >> bit & 1]
    return " ".join(names) if names else "-"


def describe_error(code):
    """Same wording as fault_describe() in kernel/mm/fault_describe.c."""
    who = "user" if code & PF_USER else "kernel"
    if code & PF_INSTR:
        access = "instruction fetch from"
    elif code & PF_WRITE:
        access = "write to"
    else:
        access = "read from"
    what = "a present page (protection violation)" if code & PF_PRESENT else "a non-present page"
    text = f"{who} {access} {what}"
    if code & PF_RSVD:
        text += ", reserved bit set in a paging entry"
    if code & PF_PK:
        text += ", protection-key violation"
    if code & PF_SS:
        text += ", shadow-stack access"
    return text


def symbolize(addr):
    try:
        block = gdb.block_for_pc(addr)
        while block and not block.function:
            block = block.superblock
        if block and block.function:
            return f"<{block.function.name}+{addr - block.start:#x}>"
    except RuntimeError:
        pass
    return ""


def walk(va, cr3=None):
    """Prints each level for va; returns the physical address or None."""
    va = u64(va)
    if cr3 is None:
        cr3 = register("cr3")
        if cr3 is None:
            raise gdb.GdbError("pl-walk: this gdb stub does not expose $cr3")
    table = cr3 & ADDR_MASK
    print(f"pl-walk {va:#018x} (CR3 {cr3:#x})")
    for depth, (name, shift) in enumerate(LEVELS):
        index = va >> shift & 511
        entry_pa = table + 8 * index
        entry = read_phys_u64(entry_pa)
        label = f"{name}[{index}]"
        print(f"  {label:<10} @ pa {entry_pa:#012x} = {entry:#018x}  {flag_names(entry)}")
        if not entry & 1:
            print(f"  => not present at the {name} level: {va:#x} is unmapped")
            return None
        big = entry >> 7 & 1 and name in ("PDPT", "PD")
        if big or name == "PT":
            page_shift = shift
            base = entry & ADDR_MASK & ~((1 << page_shift) - 1)
            pa = base | (va & ((1 << page_shift) - 1))
            size = {12: "4 KiB", 21: "2 MiB", 30: "1 GiB"}[page_shift]
            access = ("writable" if entry & 2 else "read-only") + \
                     (", user" if entry & 4 else ", kernel only") + \
                     (", no-execute" if entry >> 63 & 1 else ", executable")
            print(f"  => {size} page: va {va:#x} -> pa {pa:#x} ({access})")
            return pa
        table = entry & ADDR_MASK
    return None


class PlWalk(gdb.Command):
    """pl-walk VA: walk the page tables (from CR3, or CR3=VALUE) for VA.
Prints each level's index, the entry's address and value, and its flags
P W U PWT PCD A D PS G NX COW, then the physical address VA maps to.
Usage: pl-walk ADDRESS-EXPRESSION [CR3-VALUE]"""

    def __init__(self):
        super().__init__("pl-walk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if not args:
            raise gdb.GdbError("usage: pl-walk VA [CR3]")
        va = u64(gdb.parse_and_eval(args[0]))
        cr3 = u64(gdb.parse_and_eval(args[1])) if len(args) > 1 else None
        walk(va, cr3)


def describe_current_task():
    """The running task (struct proc *current): its process id (tgid), its
    own thread id and program name; a fault in a thread names that thread."""
    try:
        cur = gdb.parse_and_eval("current")
        if u64(cur) == 0:
            return "task: none (before the first process)"
        comm = cur["comm"].string(length=16).split("\0")[0]
        tid, tgid = int(cur["pid"]), int(cur["tgid"])
        live = int(cur["group"]["live"])
        return (f"task: pid {tgid}, tid {tid} ({comm}), "
                f"{live} thread{'s' if live != 1 else ''} in the process")
    except gdb.error as e:
        return f"task: unknown ({e})"


def find_fault_frame():
    """The frame of handle_page_fault: the selected one or an outer one."""
    frame = gdb.selected_frame()
    while frame:
        if frame.name() == "handle_page_fault":
            return frame
        frame = frame.older()
    return None


def fault_arguments(frame):
    """The struct page_fault handle_page_fault() was given (address, error
    code, rip, user mode).  At the first instruction the pointer is still in
    rdi, whatever the debug info says."""
    symbol_addr = u64(gdb.parse_and_eval("&handle_page_fault"))
    if frame.pc() == symbol_addr:
        ptr = u64(frame.read_register("rdi"))
    else:
        try:
            f = frame.read_var("f")
            if f.is_optimized_out:
                raise ValueError
            ptr = u64(f)
        except ValueError:
            raise gdb.GdbError("pl-fault: the fault description is optimized out here; "
                               "break on the first instruction: hbreak *handle_page_fault")
    return gdb.parse_and_eval(f"*(struct page_fault *){ptr:#x}")


def trap_frame_of(frame):
    """The struct trap_frame of the trap that led to frame: trap_dispatch's tf."""
    while frame is not None:
        if frame.name() == "trap_dispatch":
            try:
                return u64(frame.read_var("tf"))
            except ValueError:
                return None
        frame = frame.older()
    return None


class PlFault(gdb.Command):
    """pl-fault: decode the page fault being handled (stopped in handle_page_fault).
Prints CR2 (the $cr2 register and the address in handle_page_fault's struct
page_fault), the error code bit by bit and in words, the faulting rip,
and the page-table walk of the faulting address."""

    def __init__(self):
        super().__init__("pl-fault", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        frame = find_fault_frame()
        if frame is None:
            raise gdb.GdbError("pl-fault: not stopped in handle_page_fault "
                               "(try: hbreak handle_page_fault, then continue)")
        f = fault_arguments(frame)
        cr2_arg = u64(f["addr"])
        code = u64(f["error_code"])
        rip = u64(f["rip"])
        cr2_reg = register("cr2")
        reg_text = f"{cr2_reg:#018x}" if cr2_reg is not None else "not exposed by the stub"
        print(f"page fault: cr2 {cr2_arg:#018x} (argument)  $cr2 {reg_text}")
        if cr2_reg is not None and cr2_reg != cr2_arg:
            print("  note: $cr2 differs from the argument: a later fault replaced CR2")
        print(f"error code {code:#x}: {describe_error(code)}")
        bits = [("P", PF_PRESENT, "protection violation", "not present"),
                ("W", PF_WRITE, "write", "read"),
                ("U", PF_USER, "user mode", "kernel mode"),
                ("RSVD", PF_RSVD, "reserved bit set", "no reserved bit"),
                ("I", PF_INSTR, "instruction fetch", "data access")]
        print("  " + "  ".join(f"{n}={int(bool(code & b))} ({yes if code & b else no})"
                                for n, b, yes, no in bits))
        mode = "user" if bool(f["user_mode"]) else "kernel"
        print(f"faulting rip {rip:#018x} {symbolize(rip)} in {mode} mode")
        print(describe_current_task())
        walk(cr2_arg)


class PlTrapFrame(gdb.Command):
    """pl-tf [EXPR]: print a struct trap_frame (default: the tf of the
handle_page_fault or trap_dispatch frame) as registers."""

    def __init__(self):
        super().__init__("pl-tf", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if arg.strip():
            addr = u64(gdb.parse_and_eval(arg))
        else:
            frame = gdb.selected_frame()
            addr = None
            addr = trap_frame_of(frame)
            if addr is None:
                raise gdb.GdbError("pl-tf: no trap frame in sight; pass its address")
        tf = gdb.parse_and_eval(f"*(struct trap_frame *){addr:#x}")
        print(f"trap frame at {addr:#x}: vector {u64(tf['vector'])}, "
              f"error code {u64(tf['error_code']):#x}")
        names = ["rip", "cs", "rflags", "rsp", "ss", "rax", "rbx", "rcx", "rdx", "rsi",
                 "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"]
        for i in range(0, len(names), 3):
            print("  " + "  ".join(f"{n:>6} {u64(tf[n]):#018x}" for n in names[i:i + 3]))
        print(f"  rip is {symbolize(u64(tf['rip']))}")


# Region flags (VMA_* in kernel/mm/vm.h) and rights (VM_PROT_*).
VMA_FLAGS = [(0, "shared"), (1, "stack"), (2, "heap"), (3, "exec-image"), (4, "deny-write"),
             (5, "huge")]


def vma_backing(v):
    """What backs region v, in words: anonymous memory or the object behind it."""
    ops = u64(v["ops"])
    if ops == 0:
        return "anonymous (zero-filled on first touch)"
    sym = gdb.execute(f"info symbol {ops:#x}", to_string=True).split(" in ")[0].strip()
    obj = u64(v["obj"])
    if sym == "file_backing":
        f = gdb.parse_and_eval(f"(struct file *){obj:#x}")
        path = f["path"].string() if u64(f["path"]) else "?"
        return f"file {path} (inode {u64(f['inode']['ino'])}), its page cache"
    if sym == "inode_backing":
        ino = gdb.parse_and_eval(f"(struct inode *){obj:#x}")
        return f"program file, inode {u64(ino['ino'])}, its page cache"
    if sym == "vm_anon_shared_ops":
        return "shared anonymous object (one page per slot, shared across fork)"
    return f"{sym} object {obj:#x}"


def vma_find(vm, addr, verbose):
    """vm_find() of kernel/mm/vm.c in Python: binary search for the first
    region ending above addr.  Returns its index or None."""
    lo, hi = 0, int(vm["count"])
    vmas = vm["vmas"]
    while lo < hi:
        mid = (lo + hi) // 2
        end = u64(vmas[mid]["end"])
        if verbose:
            print(f"  vm_find: lo {lo} hi {hi} -> probe [{mid}] ends {end:#x}: "
                  f"{'addr is past it' if end <= addr else 'addr is below its end'}")
        if end <= addr:
            lo = mid + 1
        else:
            hi = mid
    if lo < int(vm["count"]) and u64(vmas[lo]["start"]) <= addr:
        return lo
    return None


def current_process():
    """(pid, comm) of the running process (kernel/proc/proc.h: current)."""
    cur = gdb.parse_and_eval("current")
    if u64(cur) == 0:
        return None, None
    return int(cur["tgid"]), cur["comm"].string()  # the process id, not a thread's


# Regions a program's own mmap() made: not its program file, stack or heap.
VMA_NOT_MMAP = (1 << 1) | (1 << 2) | (1 << 3)


class FaultBreakpoint(gdb.Breakpoint):
    """A hardware breakpoint on handle_page_fault's first instruction that
    stops only for user-mode faults of one program (by its name, as ps and
    /proc/PID/comm show it), optionally only in regions its mmap() made."""

    def __init__(self, program, only_mmap):
        super().__init__("*handle_page_fault", type=gdb.BP_HARDWARE_BREAKPOINT, internal=False)
        self.program = program
        self.only_mmap = only_mmap

    def stop(self):
        f = gdb.parse_and_eval("*(struct page_fault *)$rdi")
        if not bool(f["user_mode"]):
            return False
        pid, comm = current_process()
        if comm != self.program:
            return False
        addr = u64(f["addr"])
        vm = gdb.parse_and_eval("vm_current")
        i = vma_find(vm, addr, False) if u64(vm) else None
        if self.only_mmap and (i is None or u64(vm["vmas"][i]["flags"]) & VMA_NOT_MMAP):
            return False
        code = u64(f["error_code"])
        print(f"pl-break-fault: pid {pid} ({comm}): {describe_error(code)} at {addr:#x}, "
              f"rip {u64(f['rip']):#x}")
        return True


class PlBreakFault(gdb.Command):
    """pl-break-fault PROGRAM [mmap]: stop when PROGRAM takes a page fault.
Only user-mode faults of processes with that name (as ps shows it, the
file name of the program, at most 15 characters) stop; each stop prints
the process, the access and the address.  With `mmap`, only faults in
regions the program's own mmap() calls made (not its code, data, stack or
heap).  The program's symbols are loaded (build/user/bin/PROGRAM, or
PROGRAM itself when it is a path to the binary), so that bt and pl-fault
name its functions and lines.  Then: pl-fault, pl-vmas, bt, finish,
continue.  `delete` removes the breakpoint."""

    def __init__(self):
        super().__init__("pl-break-fault", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if not args or len(args) > 2 or (len(args) == 2 and args[1] != "mmap"):
            raise gdb.GdbError("usage: pl-break-fault PROGRAM [mmap]")
        name = args[0].rsplit("/", 1)[-1][:15]   # comm: the base name, 15 characters
        binary = args[0] if os.path.isfile(args[0]) else os.path.join("build", "user", "bin", args[0])
        if os.path.isfile(binary):
            gdb.execute(f"add-symbol-file {binary}", to_string=True)
            print(f"pl-break-fault: symbols of {binary} loaded (its functions and lines)")
        FaultBreakpoint(name, len(args) == 2)
        print(f"pl-break-fault: stopping at handle_page_fault for user faults of '{name}'"
              f"{' in its mmap regions' if len(args) == 2 else ''}; now `continue` and run it")


class PlVmas(gdb.Command):
    """pl-vmas [ADDRESS]: list the current process's regions (vm_current).
One line per region of the sorted array: index, range, rights (r w x and
s/p for shared/private), size, flags, and what backs it.  With an address,
or when stopped in handle_page_fault (the faulting address), it repeats
vm_find's binary search and names the region that resolves the fault."""

    def __init__(self):
        super().__init__("pl-vmas", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        vm = gdb.parse_and_eval("vm_current")
        if u64(vm) == 0:
            raise gdb.GdbError("pl-vmas: vm_current is NULL (no process runs yet)")
        addr = None
        if arg.strip():
            addr = u64(gdb.parse_and_eval(arg))
        else:
            frame = find_fault_frame()
            if frame is not None:
                addr = u64(fault_arguments(frame)["addr"])
        count = int(vm["count"])
        pid, comm = current_process()
        if pid is not None:
            print(f"pid {pid} ({comm}), the process running now:")
        print(f"address space {u64(vm):#x}: {count} regions, {u64(vm['resident_pages'])} pages "
              f"resident, faults {u64(vm['minor_faults'])} minor / {u64(vm['major_faults'])} major, "
              f"brk {u64(vm['brk']):#x}")
        vmas = vm["vmas"]
        for i in range(count):
            v = vmas[i]
            start, end, prot, flags = u64(v["start"]), u64(v["end"]), u64(v["prot"]), u64(v["flags"])
            perms = ("r" if prot & 1 else "-") + ("w" if prot & 2 else "-") +                     ("x" if prot & 4 else "-") + ("s" if flags & 1 else "p")
            names = ",".join(n for bit, n in VMA_FLAGS if flags >> bit & 1) or "-"
            mark = "  <=" if addr is not None and start <= addr < end else ""
            print(f"  [{i:2}] {start:#014x}-{end:#014x} {perms} {(end - start) // 1024:>8} KiB "
                  f"pgoff {u64(v['pgoff']):<5} {names:<22} {vma_backing(v)}{mark}")
        if addr is None:
            return
        print(f"looking up {addr:#x}:")
        i = vma_find(vm, addr, True)
        if i is None:
            print(f"=> no region contains {addr:#x}: the fault is a SIGSEGV")
            return
        v = vmas[i]
        page = (addr - u64(v["start"])) // 4096 + u64(v["pgoff"])
        print(f"=> region [{i}] {u64(v['start']):#x}-{u64(v['end']):#x} resolves the fault: "
              f"page {page} of {vma_backing(v)}")


class PlConnect(gdb.Command):
    """pl-connect [PORT]: attach to QEMU's gdb stub on localhost (default 1234).
Sets the x86-64 architecture first, so attaching while GRUB still runs in
16/32-bit mode works.  Use hbreak for breakpoints: they need no patching of
memory that is not mapped yet, and they work under KVM."""

    def __init__(self):
        super().__init__("pl-connect", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        port = arg.strip() or "1234"
        gdb.execute("set architecture i386:x86-64")
        gdb.execute(f"target remote localhost:{port}")
        print("pagelab: connected; e.g. `hbreak handle_page_fault`, `continue`, then `pl-fault`")


class PlHelp(gdb.Command):
    """pl-help: list pagelab's gdb commands."""

    def __init__(self):
        super().__init__("pl-help", gdb.COMMAND_SUPPORT)

    def invoke(self, arg, from_tty):
        print("""pagelab gdb commands (tools/gdb/pagelab.py):
  pl-connect [PORT]   attach to QEMU (make debug prints the port)
  pl-walk VA [CR3]    walk the page tables for VA: each level's entry and flags
  pl-fault            in handle_page_fault: CR2, the decoded error code, the walk
  pl-tf [EXPR]        print a struct trap_frame as registers
  pl-vmas [ADDR]      the current process's regions; which one resolves ADDR
                      (default: the fault being handled)
  pl-break-fault PROGRAM [mmap]
                      stop on PROGRAM's own page faults (user mode), only in
                      its mmap regions with `mmap`
  pl-help             this list
Breakpoints: use hbreak (hardware), e.g. `hbreak handle_page_fault`: a software
breakpoint set before GRUB has loaded the kernel is written into memory that
is about to be overwritten, and under KVM only hardware breakpoints are reliable.""")


PlWalk()
PlFault()
PlTrapFrame()
PlVmas()
PlBreakFault()
PlConnect()
PlHelp()
