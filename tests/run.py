#!/usr/bin/env python3
"""tests/run.py: every pagelab test, run by `make test`.

Each suite is a module in tests/suites/ with a function run(ctx) that yields
(name, passed, detail) for each test.  One line per test is printed; the last
line is "N passed, M failed" and the exit status is non-zero on any failure.

    tests/run.py [-k SUBSTRING] [SUITE...]
"""
import argparse
import importlib.util
import os
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests"))


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


class Context:
    def __init__(self, keyword):
        self.root = ROOT
        self.build = os.path.join(ROOT, "build")
        self.keyword = keyword

    def wanted(self, name):
        return not self.keyword or self.keyword in name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="keyword", help="run only tests whose name contains this")
    ap.add_argument("suites", nargs="*")
    args = ap.parse_args()
    ctx = Context(args.keyword)
    passed = failed = 0
    start = time.time()
    for name, mod in load_suites():
        if args.suites and name not in args.suites:
            continue
        try:
            for test, ok, detail in mod.run(ctx):
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
    print(f"# {time.time() - start:.0f} s")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
