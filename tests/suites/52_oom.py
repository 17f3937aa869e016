"""Memory pressure.  Running out of memory kills a process, not the kernel
(tests/user/oom.c): two children in turn touch more anonymous memory than the
machine has; each dies of SIGKILL, the kernel goes on to the second round and
the parent, and the frames come back.  But clean page-cache pages are taken
back first (tests/user/reclaim.c): a child touching more than MemFree while a
file sits in the cache must finish."""
import re
import vmtests

SIGKILL = 9
SLACK_KB = 32 * 1024   # the page cache and the parent may keep a little


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    exe, cc = vmtests.build_checked(ctx, "oom")
    if cc.returncode != 0:
        yield "oom_builds", False, cc.stderr[-1500:]
        return
    status, out, log = vmtests.run_in_vm(ctx, ["/bin/oom"], add=[vmtests.on_bin(exe)], extra=["--verbose"])
    detail = f"status {status}, output:\n{out}\nlog:\n{log[-1500:]}"
    rounds = re.findall(r"round (\d): killed by signal (\d+)", out)
    yield "out_of_memory_child_is_killed_by_sigkill", \
        len(rounds) == 2 and all(int(sig) == SIGKILL for _, sig in rounds), detail
    yield "kernel_carries_on_after_out_of_memory", status == 0, detail
    reports = re.findall(r"pid \d+ \(oom\): killed: out of memory \((\d+) MiB resident, \d+ MiB swapped, "
                         r"(\d+) MiB mapped, (\d+) MiB of RAM, \d+ MiB of swap\)", log)
    yield "out_of_memory_report_says_so_with_the_process_size", \
        len(reports) == 2 and all(int(r) > 0 and int(m) >= int(r) and int(ram) > 0 for r, m, ram in reports) \
        and "SIGKILL" not in log, detail
    total = re.search(r"MemTotal (\d+)", out)
    free = re.search(r"MemFree (\d+)", out)
    yield "memory_comes_back_after_the_kill", \
        bool(total and free) and int(free.group(1)) >= int(total.group(1)) - SLACK_KB, detail

    exe, cc = vmtests.build_checked(ctx, "reclaim")
    if cc.returncode != 0:
        yield "reclaim_builds", False, cc.stderr[-1500:]
        return
    status, out, log = vmtests.run_in_vm(ctx, ["/bin/reclaim"], add=[vmtests.on_bin(exe)])
    yield "clean_page_cache_is_reclaimed_before_out_of_memory", \
        status == 0 and "child exited 0" in out, \
        f"status {status}, output:\n{out}\nlog:\n{log[-1500:]}"
