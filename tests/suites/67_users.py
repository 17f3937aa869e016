"""Users and permissions: tests/user/users.c is built with musl-gcc -static
and run as root on this Linux host first (so the expectations are Linux's),
then unmodified inside pagelab.  Root sets up files, directories, System V
and POSIX IPC objects and Unix sockets; children drop to nobody (65534) and
are refused what Linux refuses them (EACCES, EPERM), move between the ids
they keep (saved set-user-ID, setreuid, setfsuid, access with the real
ids), and a set-user-ID root copy of the program runs with root as its
effective and saved uid.

Then the commands inside pagelab: id, whoami, su (set-user-ID root, with
/etc/passwd and /etc/group), ls -l owner names, chown, on a scratch disk
that e2fsck finds clean afterwards."""
import os
import subprocess
import tempfile

import vmtests
from vmtests import run_in_vm


def names(ctx):
    src = os.path.join(ctx.root, "tests", "user", "users.c")
    return vmtests.yielded_patterns(__file__, {"pagelab/*": vmtests.check_names(src, prefix="pagelab/")})


COMMANDS = """
id; whoami; ls -l /bin/su; ls -ld /tmp /root /home/user
su user -c 'id; whoami; id -u; id -G; echo made > /home/user/note; ls -l /home/user/note'
su user -c 'ls /root' || echo root-dir-refused
su user -c 'echo x >> /etc/motd' || echo motd-refused
su user -c 'su -c id' || echo su-root-refused
su nobody -c 'su user -c whoami'
mkdir /tmp/owned && chown user:users /tmp/owned && ls -ld /tmp/owned
su user -c 'chown root /home/user/note' || echo give-away-refused
"""

EXPECTED = [
    "uid=0(root) gid=0(root) groups=0(root)",
    "root",
    "-rwsr-xr-x 1 root root",
    "drwxr-xr-x 2 user user", "drwx------ 2 root root", "drwxrwxrwt",
    "uid=1000(user) gid=1000(user) groups=1000(user),100(users)",
    "user", "1000", "1000 100",
    "-rw-r--r-- 1 user user 5",
    "Permission denied", "root-dir-refused",
    "motd-refused",
    "su: Authentication failure", "su-root-refused",
    "user",
    "drwxr-xr-x 2 user users",
    "Operation not permitted", "give-away-refused",
]


def in_order(text, pieces):
    """The first piece not found after the previous one, or None."""
    at = 0
    for p in pieces:
        i = text.find(p, at)
        if i < 0:
            return p
        at = i + len(p)
    return None


def run(ctx):
    missing = vmtests.musl_missing()
    if missing:
        yield missing
        return
    image = vmtests.disk_image(ctx)
    exe, cc = vmtests.build_checked(ctx, "users")
    yield "users_c_builds", cc.returncode == 0, cc.stderr[-2000:]
    if cc.returncode:
        return

    host = vmtests.run_on_host([exe, exe])
    yield "expectations_hold_on_linux", host.returncode == 0, \
        "\n".join(l for l in host.stdout.splitlines() if not l.startswith("ok"))[-2000:]

    with tempfile.TemporaryDirectory() as tmp:
        disk = vmtests.scratch_disk(image, os.path.join(tmp, "users.img"))
        status, text, log = run_in_vm(ctx, ["users", "/bin/users"], add=[vmtests.on_bin(exe)],
                                      extra=["--disk", disk])
        seen = 0
        for name, ok, detail in vmtests.result_lines(text):
            seen += 1
            yield f"pagelab/{name}", ok, detail
        linux_count = sum(1 for _ in vmtests.result_lines(host.stdout))
        yield "pagelab_ran_every_check", status == 0 and seen == linux_count and seen >= 70, \
            f"status {status}, {seen} checks on pagelab, {linux_count} on Linux\n{log[-1500:]}"

        status, text, log = run_in_vm(ctx, ["sh", "-c", COMMANDS], extra=["--disk", disk])
        first_missing = in_order(text, EXPECTED)
        yield "id_whoami_su_ls_chown_behave_as_on_debian", first_missing is None, \
            f"missing {first_missing!r} in:\n{text}\n{log[-800:]}"

        fsck = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        yield "disk_passes_e2fsck_after_the_users_runs", fsck.returncode == 0, fsck.stdout[-1500:]
