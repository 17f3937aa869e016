"""The course labs (docs/labs/): every lab's student tree is generated
(tools/mklab, reusing this build so that only the stubbed files compile),
has no marker left, builds and is graded in every lab (tools/grade --all:
all graders in one boot, the gdb check beside it): it must earn none of its
own lab's points, each graded test failing on its own check (not on a
build error, a timeout or a missing result), and full marks in every other
lab.  The reference must earn full marks in every lab.  Trees are made
three at a time beside the reference's grading.  LABS_GRADE (a comma-
separated list of labs) in the environment grades only those trees, for a
quicker run while working on one lab.  What this does not run: the rest of
`make test` in each student tree (docs/labs/README.md lists the suites a
lab's stub breaks).  In a student tree (one with a .lab file) there is no
reference to generate from: the suite only checks that the tree names its
lab."""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "tools", "labs"))
import labs  # noqa: E402

TIMEOUT = 600


def graded_labs():
    want = os.environ.get("LABS_GRADE", "all")
    return {l["name"] for l in labs.LABS} if want == "all" else set(want.split(","))
MARKER = re.compile(r"/\* lab ([a-z0-9_]+): ([a-z0-9_]+) \*/|/\* lab end \*/")


def student_lab(ctx):
    path = os.path.join(ctx.root, ".lab")
    return open(path).read().strip() if os.path.exists(path) else None


def names(ctx):
    if student_lab(ctx):
        return ["student_tree_names_its_lab"]
    out = ["reference_earns_full_marks_in_every_lab", "markers_name_known_labs_and_regions"]
    for l in labs.LABS:
        out += [f"{l['name']}/tree_is_generated_without_markers", f"{l['name']}/tree_builds",
                f"reference/{l['name']}_full_marks"]
        if l["name"] in graded_labs():
            out += [f"{l['name']}/stub_earns_no_points", f"{l['name']}/other_labs_earn_full_marks"]
    return out


def sh(cmd, cwd, timeout=TIMEOUT):
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        return 124, f"timed out after {timeout} s: {' '.join(cmd)}"


def scores(out):
    """{lab name: (score, total, [test lines with their reasons])} of tools/grade's output."""
    res, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"lab \d+-(\w+) ", line)
        if m:
            cur = m.group(1)
            res[cur] = [None, None, []]
        elif cur and line.startswith(("test ", "    ")):
            res[cur][2].append(line)
        elif cur and (m := re.match(r"Score: (\d+)/(\d+)", line)):
            res[cur][0], res[cur][1] = int(m.group(1)), int(m.group(2))
    return res


def student(ctx, lab, tmp):
    """(name, passed, detail) results for lab's student tree."""
    tree = os.path.join(tmp, lab["name"])
    rc, out = sh([os.path.join(ctx.root, "tools", "mklab"), "--reuse-build", lab["name"], tree],
                 ctx.root)
    left = []
    if rc == 0:
        for d in ("kernel", "libc", "user"):
            g = subprocess.run(["grep", "-rlE", r"/\* lab ([a-z0-9_]+: [a-z0-9_]+|end) \*/", d],
                               cwd=tree, capture_output=True, text=True)
            left += g.stdout.split()
    res = [("tree_is_generated_without_markers", rc == 0 and not left,
            out + ("markers left in: " + " ".join(left) if left else ""))]
    if rc:
        return res
    # The kernel is what mklab changes; the programs and the disk image are
    # the reference's (copied), so building the kernel is building the tree.
    rc, out = sh(["make", "-s", "build/pagelab.elf"], tree)
    res.append(("tree_builds", rc == 0, out[-2000:]))
    if rc or lab["name"] not in graded_labs():
        return res
    rc, out = sh([os.path.join(tree, "tools", "grade"), "--all"], tree)
    graded = scores(out)
    got = graded.get(lab["name"], [None, None, []])
    own = "\n".join(got[2])
    own_reason = [l for l in got[2] if l.startswith("test ")] and not re.search(
        r"no result|does not build|run-in-vm status|did not finish", own)
    res.append(("stub_earns_no_points", got[0] == 0 and rc != 0 and bool(own_reason)
                and len([l for l in got[2] if l.startswith("test ")]) == len(lab["tests"]),
                own[-3000:] or out[-3000:]))
    # Lab N's tree holds every other lab's solution: their graders pass there.
    short = [f"{l['name']}: {graded.get(l['name'], [None])[0]}/{graded.get(l['name'], [0, None])[1]}"
             for l in labs.LABS if l["name"] != lab["name"] and (
                 graded.get(l["name"], [None])[0] is None
                 or graded[l["name"]][0] != graded[l["name"]][1])]
    res.append(("other_labs_earn_full_marks", not short, "\n".join(short) + "\n" + out[-3000:]))
    return res


def markers(ctx):
    """Every marker in the reference names a lab of tools/labs/labs.py and a
    region it has a stub for (mklab checks pairing and unused stubs)."""
    bad = []
    for d in ("kernel", "libc", "user"):
        for dirpath, _, files in os.walk(os.path.join(ctx.root, d)):
            for f in files:
                p = os.path.join(dirpath, f)
                if not f.endswith((".c", ".h", ".S")):
                    continue
                with open(p, errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        for m in MARKER.finditer(line):
                            if m.group(1) is None:
                                continue
                            try:
                                l = labs.by_name(m.group(1))
                            except KeyError:
                                bad.append(f"{p}:{n}: unknown lab {m.group(1)}")
                                continue
                            if m.group(2) not in l["stubs"]:
                                bad.append(f"{p}:{n}: no stub {m.group(2)} in lab {l['name']}")
    return bad


def run(ctx):
    name = student_lab(ctx)
    if name:
        known = [l["name"] for l in labs.LABS]
        yield "student_tree_names_its_lab", name in known, f".lab says {name!r}; labs: {known}"
        return
    bad = markers(ctx)
    yield "markers_name_known_labs_and_regions", not bad, "\n".join(bad)
    with tempfile.TemporaryDirectory(prefix="pagelab-labs-") as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        reference = pool.submit(sh, [os.path.join(ctx.root, "tools", "grade"), "--all"], ctx.root)
        trees = {l["name"]: pool.submit(student, ctx, l, tmp) for l in labs.LABS}
        for l in labs.LABS:
            for name, ok, detail in trees[l["name"]].result():
                yield f"{l['name']}/{name}", ok, detail
        rc, out = reference.result()
        got = scores(out)
        for l in labs.LABS:
            s = got.get(l["name"], [None, None, []])
            yield f"reference/{l['name']}_full_marks", s[0] is not None and s[0] == s[1], \
                "\n".join(s[2]) or out[-2000:]
        yield "reference_earns_full_marks_in_every_lab", rc == 0, out[-3000:]
