#!/usr/bin/env python3
"""tests/run.py: every pagelab test, run by `make test`.

Each suite is a module in tests/suites/ with a function run(ctx) that yields
(name, passed, detail) for each test.  One line per test is printed; the last
line is "N passed, M failed" and the exit status is non-zero on any failure.

    tests/run.py [-k SUBSTRING] [SUITE...]

-k runs only the tests whose full name ("suite/test") contains SUBSTRING.
A suite whose tests cannot match is not run at all: the names a suite may
yield are its names(ctx) when it has one (glob patterns, '*' for what is
known only at run time), or else are read from the yield statements of its
source.  Suites that boot in-kernel tests boot only the matching ones
(vmtests.ktest_selection), so `-k paging_` takes seconds.
"""
import argparse
import functools
import importlib.util
import os
import signal
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import vmtests  # noqa: E402


def load_suites():
    d = os.path.join(ROOT, "tests", "suites")
    suites = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".py") and not f.startswith("_"):
            spec = importlib.util.spec_from_file_location(f[:-3], os.path.join(d, f))
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            suites.append((f[:-3].split("_", 1)[-1], mod))
    return suites


def globs_intersect(a, b):
    """Whether some string matches both glob patterns ('*' is the only
    wildcard in either)."""
    @functools.lru_cache(maxsize=None)
    def m(i, j):
        if i == len(a) and j == len(b):
            return True
        if i < len(a) and a[i] == "*":
            return m(i + 1, j) or (j < len(b) and m(i, j + 1))
        if j < len(b) and b[j] == "*":
            return m(i, j + 1) or (i < len(a) and m(i + 1, j))
        return i < len(a) and j < len(b) and a[i] == b[j] and m(i + 1, j + 1)
    return m(0, 0)


def suite_names(mod, ctx):
    return mod.names(ctx) if hasattr(mod, "names") else vmtests.yielded_patterns(mod.__file__)


def suite_may_match(name, mod, ctx):
    if not ctx.keyword:
        return True
    pats = ctx.suite_names
    want = "*" + ctx.keyword.replace("*", "") + "*"
    return any(globs_intersect(f"{name}/{p}", want) for p in pats)


def unlisted(name, mod, ctx, tests):
    """The tests a full run yielded that the suite's names do not list (-k
    would skip them): names(ctx) or the yields must say every one."""
    pats = ctx.suite_names
    return [t for t in tests if not any(globs_intersect(t, p) for p in pats)]


class Context:
    def __init__(self, keyword):
        self.root = ROOT
        self.build = os.path.join(ROOT, "build")
        self.keyword = keyword

    def wanted(self, name):
        return not self.keyword or self.keyword in name

    def wanted_any(self, *prefixes):
        """Whether -k keeps any test of the running suite whose name starts
        with one of these prefixes (among the names the suite lists): a
        suite skips the work of a group nobody asked for."""
        if not self.keyword:
            return True
        want = "*" + self.keyword.replace("*", "") + "*"
        return any(globs_intersect(f"{self.suite}/{n}", want)
                   for n in self.suite_names if n.startswith(prefixes))


def default_signal_state():
    """Give every program the tests start the signal state a login shell
    gives: nothing blocked, nothing ignored.  Both are inherited across
    fork and exec, and a CI runner may start us with signals blocked (seen:
    polltest then waited forever for a SIGUSR1 that could not arrive) or
    with SIGINT and SIGQUIT ignored, as a shell's background jobs are.
    SIGPIPE is Python's own business (subprocess restores it), SIGHUP is
    left as given so that a hang-up still cannot end the run."""
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    for sig in signal.valid_signals():
        if sig in (signal.SIGPIPE, signal.SIGHUP, signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            if signal.getsignal(sig) == signal.SIG_IGN:
                signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass


def main():
    default_signal_state()
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="keyword", help="run only tests whose name contains this")
    ap.add_argument("suites", nargs="*")
    args = ap.parse_args()
    ctx = Context(args.keyword)
    passed = failed = 0
    start = time.time()
    durations = []
    for name, mod in load_suites():
        if args.suites and name not in args.suites:
            continue
        ctx.suite = name
        ctx.suite_names = suite_names(mod, ctx)
        if not suite_may_match(name, mod, ctx):
            continue
        began = time.time()
        yielded = []
        try:
            for test, ok, detail in mod.run(ctx):
                yielded.append(test)
                full = f"{name}/{test}"
                if not ctx.wanted(full):
                    continue
                if ok:
                    passed += 1
                    print(f"PASS {full}", flush=True)
                else:
                    failed += 1
                    print(f"FAIL {full}: {detail}", flush=True)
        except Exception:
            failed += 1
            print(f"FAIL {name}: the suite itself crashed:\n{traceback.format_exc()}", flush=True)
        durations.append((time.time() - began, name))
        missing = [] if ctx.keyword else unlisted(name, mod, ctx, yielded)
        if missing:
            failed += 1
            print(f"FAIL {name}/names_list_every_test: -k would skip {', '.join(missing[:10])}"
                  " (see names() in tests/run.py's docstring)", flush=True)
    slow = ", ".join(f"{n} {t:.0f} s" for t, n in sorted(durations, reverse=True)[:5])
    print(f"# {time.time() - start:.0f} s (slowest suites: {slow})")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
