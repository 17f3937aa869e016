"""The documentation says what the tree does:

- docs/processes.md lists exactly the system calls of kernel/syscall/table.h
  and exactly the /proc files the kernel declares (PROC_FILE, PROC_PID_FILE);
- the README's sample boot is what `make run` prints up to the first prompt,
  and the README names every program of /bin;
- the project's text speaks to its reader: no references to its own
  history (work items by number, the design notes kept outside the tree)."""
import os
import re
import struct
import subprocess
import threading
import time

import pagelab_qemu as q

SYSCALL_LIST_START = "The system calls pagelab implements"


def read(ctx, *path):
    with open(os.path.join(ctx.root, *path), encoding="utf-8") as f:
        return f.read()


def table_syscalls(ctx):
    return set(re.findall(r"X\(\d+, (\w+),", read(ctx, "kernel", "syscall", "table.h")))


def linux_syscalls(ctx):
    return set(re.findall(r"#define SYS_(\w+)\s", read(ctx, "libc", "include", "pagelab", "syscall_nr.h")))


def documented_syscalls(text):
    """The words after the colon of each bullet of the list, without what
    stands in parentheses or backquotes."""
    part = text.split(SYSCALL_LIST_START, 1)[1].split("\n\n", 2)[1]
    words = set()
    for item in re.split(r"\n- ", "\n" + part):
        body = item.split(":", 1)[1] if ":" in item else ""
        body = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", " ", body)
        body = re.sub(r"`[^`]*`", " ", body)
        words.update(w for w in re.findall(r"[a-z_0-9]+", body))
    return words


def kernel_proc_files(ctx):
    """The /proc files the built kernel declares: the struct procfile table
    the linker gathers between procfiles_start and procfiles_end
    (kernel/lib/procfile.h, linker.ld), read from build/pagelab.elf, so
    files declared through macros count too."""
    with open(q.KERNEL, "rb") as f:
        elf = f.read()
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3a)
    sections = []
    for i in range(shnum):
        name, _, _, addr, offset, size = struct.unpack_from("<IIQQQQ", elf, shoff + i * shentsize)
        sections.append((name, addr, offset, size))

    def file_offset(vaddr):
        for _, addr, offset, size in sections:
            if addr and addr <= vaddr < addr + size:
                return offset + vaddr - addr
        raise ValueError(f"{vaddr:#x} is in no section")

    syms = subprocess.run(["nm", q.KERNEL], capture_output=True, text=True).stdout
    start = int(re.search(r"^([0-9a-f]+) \w procfiles_start$", syms, re.M).group(1), 16)
    end = int(re.search(r"^([0-9a-f]+) \w procfiles_end$", syms, re.M).group(1), 16)
    files = {"/proc/self"}
    entry = 32   # struct procfile: path, per_process, show, store
    for vaddr in range(start, end, entry):
        path_ptr, per_process = struct.unpack_from("<QB", elf, file_offset(vaddr))
        s = file_offset(path_ptr)
        path = elf[s:elf.index(b"\0", s)].decode()
        files.add(("/proc/PID/" if per_process else "/proc/") + path)
    return files


def documented_proc_files(text):
    part = text.split("\n## /proc\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(/proc/[^`]+)` \|", part, re.M))


def boot_until_prompt(timeout=60):
    """What `make run` prints on the console up to its first prompt."""
    cmd = q.qemu_command(q.iso_for(""), None, extra=[
        "-monitor", "none", "-chardev", "stdio,id=com1,signal=off", "-serial", "chardev:com1"])
    disk = os.path.join(q.BUILD, "disk.img")
    if os.path.exists(disk):
        import shutil
        import tempfile
        tmp = tempfile.mkdtemp()
        shutil.copyfile(disk, os.path.join(tmp, "d.img"))
        cmd = q.qemu_command(q.iso_for(""), os.path.join(tmp, "d.img"), extra=cmd[cmd.index("-monitor"):])
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    out = bytearray()

    def reader():
        while True:
            b = proc.stdout.read1(4096)
            if not b:
                return
            out.extend(b)
    threading.Thread(target=reader, daemon=True).start()
    deadline = time.time() + timeout
    while b"pagelab$ " not in out and time.time() < deadline:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    return bytes(out).decode("utf-8", "replace").replace("\r\n", "\n")


def readme_boot_sample(text):
    """The README's code block that shows the boot: the one holding the prompt."""
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        if "Welcome to pagelab" in block and "pagelab$" in block:
            return block
    return ""


def run(ctx):
    docs = read(ctx, "docs", "processes.md")
    table = table_syscalls(ctx)
    listed = documented_syscalls(docs)
    yield "processes_md_lists_every_syscall", table <= listed, \
        f"in kernel/syscall/table.h but not in docs/processes.md: {sorted(table - listed)}"
    claimed = (listed & linux_syscalls(ctx)) | {w for w in listed if w.startswith("pagelab_")}
    yield "processes_md_lists_no_syscall_pagelab_lacks", claimed <= table, \
        f"listed in docs/processes.md but not in the table: {sorted(claimed - table)}"

    kernel = kernel_proc_files(ctx)
    doc_files = documented_proc_files(docs)
    yield "processes_md_lists_every_proc_file", kernel <= doc_files, \
        f"declared by the kernel but not in docs/processes.md: {sorted(kernel - doc_files)}"
    yield "processes_md_lists_no_proc_file_pagelab_lacks", doc_files <= kernel, \
        f"in docs/processes.md but not declared by the kernel: {sorted(doc_files - kernel)}"

    readme = read(ctx, "README.md")
    programs = sorted(os.path.splitext(f)[0] for f in os.listdir(os.path.join(ctx.root, "user"))
                      if f.endswith(".c") or os.path.isdir(os.path.join(ctx.root, "user", f)))
    unnamed = [p for p in programs if f"`{p}`" not in readme]
    yield "readme_names_every_program_in_bin", not unnamed, f"not in README.md: {unnamed}"

    if ctx.wanted("docs/readme_sample_boot_is_what_boot_prints"):
        sample = readme_boot_sample(readme)
        shown = boot_until_prompt()
        start = shown.find(sample.split("\n", 1)[0])
        got = (shown[start:] if start >= 0 else shown).rstrip().split("\n")
        want = sample.rstrip("\n").split("\n")
        # The sample ends with the first prompt and what the reader types at it.
        ok = bool(sample) and want[:-1] == got[:-1] and got[-1].rstrip() == "pagelab$" and \
            want[-1].startswith("pagelab$")
        yield "readme_sample_boot_is_what_boot_prints", ok, \
            "README shows:\n" + "\n".join(want) + "\nboot printed:\n" + "\n".join(got)

    # The project's own history is not the reader's business.
    words = [r"\b[Ii]ssues? \d", r"\b[Ss]eed 0\d\d", r"the process engineer", "DESIGN" + r"\.md",
             r"\b(layout|first-day) issue\b", r"\bissue \w+, item \d"]
    try:
        tracked = subprocess.run(["git", "ls-files"], cwd=ctx.root, capture_output=True, text=True).stdout.split()
    except OSError:
        tracked = []
    if not tracked:   # not a git checkout: every file but the build's
        tracked = [os.path.relpath(os.path.join(d, f), ctx.root) for d, dirs, files in os.walk(ctx.root)
                   if not os.path.relpath(d, ctx.root).startswith(("build", ".git")) for f in files]
    found = []
    for path in tracked:
        if path == "tests/suites/16_docs.py" or not path.endswith(
                (".md", ".c", ".h", ".py", ".S", ".mk", ".txt", ".ld", "Makefile", ".cfg")):
            continue
        full = os.path.join(ctx.root, path)
        if not os.path.isfile(full):
            continue
        text = open(full, encoding="utf-8", errors="replace").read()
        for w in words:
            for m in re.finditer(w, text):
                line = text.count("\n", 0, m.start()) + 1
                found.append(f"{path}:{line}: {m.group(0)}")
    yield "no_text_refers_to_the_projects_history", not found, "\n".join(found[:30])
