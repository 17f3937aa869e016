#!/usr/bin/env python3
"""Writes the kernel's embedded symbol table as assembly (section .ksyms).

Usage: mksyms.py KERNEL_ELF OUT.S   (or with no ELF: an empty table)

The kernel is linked twice: first with an empty table, then with the table
made from the first link.  .ksyms sits after .text/.rodata/.data in
linker.ld, so the table's size never moves a function.  The Makefile checks
that the function addresses of both links are identical.
"""
import subprocess
import sys


def text_symbols(elf):
    out = subprocess.run(["nm", "-n", "-S", "--defined-only", elf],
                         check=True, capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            addr, size, kind, name = parts
        elif len(parts) == 3:
            addr, kind, name = parts
            size = "0"
        else:
            continue
        if kind in "tT" and not name.startswith("."):
            syms.append((int(addr, 16), int(size, 16), name))
    return syms


def main():
    elf = sys.argv[1] if len(sys.argv) == 3 else None
    out_path = sys.argv[-1]
    syms = text_symbols(elf) if elf else []
    lines = ['    .section .ksyms, "a"', "    .balign 8",
             "    .globl ksyms_count, ksyms_table",
             f"ksyms_count: .quad {len(syms)}", "ksyms_table:"]
    for i, (addr, size, _) in enumerate(syms):
        lines.append(f"    .quad {addr:#x}, {size:#x}, ksym_name_{i}")
    for i, (_, _, name) in enumerate(syms):
        lines.append(f'ksym_name_{i}: .asciz "{name}"')
    lines.append('    .section .note.GNU-stack, "", @progbits')
    with open(out_path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
