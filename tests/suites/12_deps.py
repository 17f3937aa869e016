"""The build's dependency step (tools/deps) and what `make` says when the
toolchain is missing: a plain sentence naming the tool, never a cryptic
make error.  (Missing Debian packages are not simulated: as root the step
would install them.)"""
import os
import subprocess

MISSING_PREFIX = "pagelab-no-such-"


def run(ctx):
    env = dict(os.environ, TOOLPREFIX=MISSING_PREFIX)
    r = subprocess.run([os.path.join(ctx.root, "tools", "deps")], env=env,
                       capture_output=True, text=True, timeout=60)
    yield "deps_names_a_missing_cross_compiler", \
        r.returncode != 0 and f"{MISSING_PREFIX}gcc not found" in r.stderr, \
        f"status {r.returncode}, stderr {r.stderr!r}"
    # A clean make environment: under `make -j2 test` the outer make's
    # jobserver flags would make this make print a jobserver warning first.
    make_env = {k: v for k, v in os.environ.items()
                if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    r = subprocess.run(["make", "-s", "-C", ctx.root, f"TOOLPREFIX={MISSING_PREFIX}"],
                       env=make_env, capture_output=True, text=True, timeout=120)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    yield "make_with_a_missing_toolchain_says_why_and_nothing_cryptic", \
        r.returncode != 0 and lines and lines[0].startswith("deps: ") and \
        not any("No such file or directory" in l for l in lines), \
        f"status {r.returncode}, stderr:\n{r.stderr[-1500:]}"
