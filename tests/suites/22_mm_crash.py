"""kmalloc's debug checks must stop the kernel: a write into a freed object
is caught when the object is reused, and a double free when it happens; a
kernel stack that overflows runs into its guard page and is reported as
such.  Each boot turns one ktest into the bug (crash=NAME) and expects a
panic that names the address the test printed (or, for the stack, the
guard page)."""
import re
import subprocess
import pagelab_qemu as q

BOOT_TIMEOUT = 60

CASES = [
    # (name, ktest, crash=, what the test prints, the panic that must follow)
    ("write_after_free_panics_naming_the_byte", "kmalloc_reuse_checks_and_renews_the_poison",
     "write_after_free", r"writing byte (0x[0-9a-f]+) of freed object",
     r"kernel panic: kmalloc: byte {addr} of freed 128-byte object 0x[0-9a-f]+ was written after free"),
    ("double_free_panics_naming_the_object", "kmalloc_freed_object_is_known_free_until_reused",
     "double_free", r"freeing (0x[0-9a-f]+) a second time",
     r"kernel panic: kfree: double free of {addr}"),
    ("kernel_stack_overflow_hits_the_guard_page", "kstack_has_an_unmapped_guard_page_below",
     "kstack_overflow", r"(overflowing) this task's kernel stack",
     r"kernel stack overflow: 0x[0-9a-f]+ is the guard page below a kernel stack"),
]


def names(ctx):
    return [case[0] for case in CASES]


def built_in(ktest):
    """A release build (make NDEBUG=1) leaves the poison test out."""
    syms = subprocess.run(["nm", q.KERNEL], capture_output=True, text=True).stdout
    return f"ktest_fn_{ktest}" in syms


def run(ctx):
    for name, ktest, crash, announce, panic in CASES:
        if not ctx.wanted(f"mm_crash/{name}") or not built_in(ktest):
            continue
        status, out = q.boot(f"ktest={ktest} crash={crash}", timeout=BOOT_TIMEOUT)
        m = re.search(announce, out)
        if not m:
            yield name, False, f"the test did not announce the bug (debug build?):\n{out[-1500:]}"
            continue
        expected = panic.format(addr=m.group(1))
        ok = status == q.EXIT_PANIC and re.search(expected, out) is not None
        yield name, ok, f"QEMU exited {status}; wanted /{expected}/ in:\n{out[-1500:]}"
