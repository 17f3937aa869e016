"""The commands a student types (user/*.c) against the tools they imitate.

On this Linux host first: our programs are Linux binaries, so each runs
beside coreutils, GNU grep or util-linux with the same arguments and input,
in the C locale and UTC, and prints the same bytes and exit status.  Then
inside pagelab, one script uses them as a student would: pipelines, a #!
script, files, links, times, the kernel log."""
import os
import re
import shutil
import subprocess
import tempfile

import vmtests

# A tree for sh's file name patterns (made by each case, so that ours and
# the host's sh see the same names): numbered and other directories, a
# hidden one, files whose names only brackets tell apart.
GLOB_TREE = ("mkdir -p t/1 t/22 t/abc t/.h t/3x && cd t && "
             "touch 1/stat 22/stat abc/stat .h/stat 3x/other a.c b.c c.h x1 x5 xa && ")

# name: (argv, standard input).  argv[0] is both ours (build/user/bin) and
# the host's tool of that name.
CASES = {
    "grep_selects_matching_lines": (["grep", "hello", "g"], None),
    "grep_i_ignores_case": (["grep", "-i", "HELLO", "g"], None),
    "grep_v_inverts": (["grep", "-v", "o", "g"], None),
    "grep_c_counts": (["grep", "-c", "o", "g"], None),
    "grep_n_numbers_lines": (["grep", "-n", "foo", "g"], None),
    "grep_w_whole_words": (["grep", "-w", "foo", "g"], None),
    "grep_x_whole_lines": (["grep", "-x", "foo bar", "g"], None),
    "grep_o_only_matches": (["grep", "-o", "o.", "g"], None),
    "grep_E_extended": (["grep", "-E", "^(fo+|num)", "g"], None),
    "grep_F_fixed": (["grep", "-F", "o.b", "g"], None),
    "grep_brackets_and_anchors": (["grep", "[0-9][0-9]$", "g"], None),
    "grep_several_files_name_them": (["grep", "hello", "g", "g2"], None),
    "grep_l_lists_files": (["grep", "-l", "hello", "g", "g2"], None),
    "grep_no_match_exits_1": (["grep", "zzz", "g"], None),
    "grep_missing_file_exits_2": (["grep", "-s", "x", "nofile"], None),
    "grep_e_patterns_and_stdin": (["grep", "-e", "b", "-e", "d"], b"a\nb\nc\nd\n"),
    "sort_default": (["sort", "s"], None),
    "sort_r": (["sort", "-r", "s"], None),
    "sort_n": (["sort", "-n", "s"], None),
    "sort_u": (["sort", "-u", "s"], None),
    "sort_f": (["sort", "-f", "s"], None),
    "sort_k2n": (["sort", "-k2,2n", "s"], None),
    "sort_t_k": (["sort", "-t:", "-k3,3", "c"], None),
    "uniq_default": (["uniq", "u"], None),
    "uniq_c": (["uniq", "-c", "u"], None),
    "uniq_d": (["uniq", "-d", "u"], None),
    "uniq_u": (["uniq", "-u", "u"], None),
    "uniq_ic": (["uniq", "-ic", "u"], None),
    "tail_default": (["tail", "t20"], None),
    "tail_n3": (["tail", "-n", "3", "t20"], None),
    "tail_dash3": (["tail", "-3", "t20"], None),
    "tail_plus": (["tail", "-n", "+18", "t20"], None),
    "tail_c": (["tail", "-c", "5", "t20"], None),
    "tail_headers": (["tail", "-n", "1", "t20", "nonl"], None),
    "tail_stdin": (["tail", "-n", "2"], b"a\nb\nc\n"),
    "seq_last": (["seq", "3"], None),
    "seq_fraction": (["seq", "1", "0.5", "2.5"], None),
    "seq_w": (["seq", "-w", "8", "10"], None),
    "seq_s": (["seq", "-s,", "3"], None),
    "seq_down": (["seq", "5", "-2", "-3"], None),
    "hexdump_words": (["hexdump", "t20"], None),
    "hexdump_C": (["hexdump", "-C", "rnd"], None),
    "hexdump_squeezes_repeats": (["hexdump", "-C", "rep"], None),
    "hexdump_v": (["hexdump", "-v", "rep"], None),
    "hexdump_n_s": (["hexdump", "-C", "-n", "5", "-s", "3", "t20"], None),
    "hexdump_odd_length": (["hexdump", "nonl"], None),
    "tee_copies": (["tee", "teeout"], b"to both\n"),
    "stat_c_format": (["stat", "-c", "%n %s %a %A %F %h %u %g %X", "g", "d"], None),
    "test_string_equal": (["test", "a", "=", "a"], None),
    "test_numbers": (["test", "1", "-lt", "2"], None),
    "test_file_and_dir": (["test", "-f", "g", "-a", "-d", "d"], None),
    "test_negation_and_parens": (["test", "!", "(", "a", "=", "b", ")"], None),
    "test_missing_file": (["test", "-e", "nofile"], None),
    "test_bad_integer_exits_2": (["test", "x", "-eq", "1"], None),
    "uname_a": (["uname", "-a"], None),
    "uname_srm": (["uname", "-srm"], None),
    "env_sets_a_variable": (["env", "-i", "A=1", "B=2"], None),
    "true_exits_0": (["true", "ignored"], None),
    "false_exits_1": (["false"], None),
    "pwd_prints_the_directory": (["pwd"], None),
    "ls_l_sticky_dates_and_alignment": (["ls", "-l"], None),
    "ls_missing_file_exits_2": (["ls", "nofile"], None),
    "ls_files_then_directories": (["ls", "-l", "g", "d", "s"], None),
    "chmod_symbolic": (["sh", "-c", "chmod u+x,go-r g2 && stat -c %a g2"], None),
    "chmod_octal": (["sh", "-c", "chmod 1777 d2 && stat -c %A d2"], None),
    "touch_creates_and_updates": (["sh", "-c", "touch new && touch -m -t 202001010000 old 2>/dev/null; "
                                               "touch -c none; test -e none; echo $?; stat -c %s new"], None),
    "ln_hard_link_counts": (["sh", "-c", "ln g hard && stat -c %h g && ln g hard; echo $?"], None),
    # sh's patterns against the host's /bin/sh (dash): POSIX XCU 2.13.
    "sh_glob_in_every_component": (["sh", "-c", GLOB_TREE + "echo */stat [0-9]*/stat .*/stat */ "
                                    "*/oth?r; d=$(pwd); echo $d/[0-9]*/sta[t] $d//[a]*/*"], None),
    "sh_glob_bracket_expressions": (["sh", "-c", GLOB_TREE + "echo [ab].c [a-b].c [!a].c x[[:digit:]] "
                                     "[[:alpha:]].[[:lower:]] x[]a] x[!]a] x[1-5] [!0-9]*/stat"], None),
    "sh_glob_literal_brackets_and_quotes": (["sh", "-c", GLOB_TREE + "echo [ [x x[1 x[[:digit:] x[5-1] "
                                             "'[ab].c' \"[ab]\".c \\[ab].c [ab\"]\".c '*'.c \\*.c; "
                                             "[ -n x ] && echo test-ok"], None),
    "sh_glob_no_match_stays_as_written": (["sh", "-c", GLOB_TREE + "echo none* none[0-9] /nonexistent/*/x "
                                           "a.c/* 1/stat/* */nothing [[:upper:]]*"], None),
    "sh_glob_unquoted_value_is_a_pattern": (["sh", "-c", GLOB_TREE + "p='x[0-9]'; echo $p \"$p\"; "
                                             "for f in */*; do echo \"<$f>\"; done"], None),
    "sh_case_bracket_patterns": (["sh", "-c", "for w in x5 xa x '[' - b ']' '!' A; do case $w in "
                                  "x[0-9]) echo \"$w digit\";; x[!0-9]) echo \"$w other\";; "
                                  "[) echo \"$w bracket\";; [a\\-z]) echo \"$w a-z\";; []]) echo \"$w rb\";; "
                                  "[\\!]) echo \"$w bang\";; [[:upper:]]) echo \"$w upper\";; "
                                  "*) echo \"$w none\";; esac; done; p='[0-9]'; "
                                  "case 7 in \"$p\") echo quoted;; $p) echo unquoted;; esac"], None),
    "sh_parameter_pattern_removal": (["sh", "-c", "f=dir/sub/file.tar.gz; echo ${f#*/} ${f##*/} ${f%.*} "
                                      "${f%%.*} ${f%/*}; x=abc; p=a; echo ${x#$p} ${x#\"*\"} ${x#[ab]} "
                                      "${x%[!a]} \"${U#x}\" ${x%%[[:alpha:]]}.; y='1*2'; echo ${y#*\\*}"], None),
    "sleep_fraction": (["sleep", "0.1"], None),
    "clear_vt100": (["clear"], None),
}


def fixtures(d):
    files = {
        "g": b"hello world\nfoo bar\nHello again\nfoobar baz\n\nnumber 42\n",
        "g2": b"other hello\n",
        "s": b"b 2\na 10\nB 1\nc  3\n a 5\nb 2\n10\n9\n-1\n",
        "c": b"x:3:z\ny:1:a\nz:2:m\n",
        "u": b"a\na\nB\nb\nc\n",
        "t20": b"".join(b"%d\n" % i for i in range(1, 21)),
        "nonl": b"abc",
        "rnd": bytes((i * 37 + 11) % 256 for i in range(100)),
        "rep": b"0123456789abcdef" * 4,
        "old": b"",
    }
    for name, data in files.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(d, "d"))
    os.mkdir(os.path.join(d, "d2"))
    os.utime(os.path.join(d, "old"), (1577836800, 1577836800))   # 2020: ls shows the year


def names(ctx):
    return [f"{n}_as_on_linux" for n in CASES] + \
        vmtests.yielded_patterns(__file__, {"*": [], "*_as_on_linux": [],
                                            "in_pagelab_*": [f"in_pagelab_{n}" for n, _ in EXPECT]})


def run_one(argv, stdin, cwd, env):
    r = subprocess.run(argv, input=stdin or b"", capture_output=True, cwd=cwd, env=env, timeout=30)
    return r.returncode, r.stdout


def host_checks(ctx):
    bin_dir = os.path.join(ctx.build, "user", "bin")
    missing = [c[0][0] for c in CASES.values() if not shutil.which(c[0][0])]
    yield "reference_tools_present", not missing, f"missing on the host: {missing} (tools/deps installs them)"
    if missing:
        return
    for name, (argv, stdin) in CASES.items():
        if not ctx.wanted(f"commands/{name}_as_on_linux"):
            continue
        results = []
        for ours in (True, False):
            with tempfile.TemporaryDirectory() as d:
                fixtures(d)
                # Our sh runs our programs; the host's sh the host's.
                env = {"LC_ALL": "C", "TZ": "UTC", "TERM": "vt100", "HOME": d,
                       "PATH": bin_dir if ours else "/usr/bin:/bin"}
                cmd = [os.path.join(bin_dir, argv[0]) if ours else shutil.which(argv[0]), *argv[1:]]
                if argv[0] == "sh" and not ours:
                    cmd[0] = "/bin/sh"
                status, out = run_one(cmd, stdin, d, env)
                if argv[0] == "tee":
                    out += open(os.path.join(d, "teeout"), "rb").read()
                results.append((status, out.replace(d.encode(), b"DIR")))
        ok = results[0] == results[1]
        yield f"{name}_as_on_linux", ok, \
            "" if ok else f"ours: {results[0]!r}\nhost: {results[1]!r}"


# Inside pagelab: each line prints what the check below expects.
SCRIPT = r"""
cd /tmp
echo '#!/bin/sh' > hello.sh; echo 'echo "script $1 from $0"; exit 3' >> hello.sh
chmod +x hello.sh; ./hello.sh arg; echo "hashbang status $?"
sh hello.sh again; echo "sh script status $?"
Z=7; echo "var $Z"
seq 1 5 | sort -rn | head -2 | tr_missing 2>/dev/null; seq 1 5 | sort -rn | head -2
printf_missing 2>/dev/null; echo "missing status $?"
/tmp; echo "dir status $?"
echo data > plain; ./plain; echo "noexec status $?"
ls /nonexistent 2>/dev/null; echo "ls status $?"
touch t1 && ln t1 t2 && stat -c 'links %h size %s' t1
ln -s t1 sym; echo "ln -s status $?"; ls -l sym | grep -o 'sym -> t1'; stat -c 'links %h size %s' sym
mkdir sticky && chmod 1777 sticky && ls -ld sticky | grep -c '^drwxrwxrwt'
echo abcdef > mapped && hexdump -C mapped | head -1
sleep 1 & wait $!; echo "background status $?"
i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo "loop $i"
for w in b a c; do echo $w; done | sort | tr_missing 2>/dev/null; for w in b a c; do echo $w; done | sort | uniq -c | grep -c ' 1 '
echo tee-line | tee teed > /dev/null; cat teed
uname -s; env -i X=1 env
echo 1 > /proc/sys/vm/drop_caches; dmesg | grep -c 'drop_caches:'
dmesg -l err | grep -c drop_caches
cat /proc/sys/kernel/printk; echo 7 > /proc/sys/kernel/printk; cat /proc/sys/kernel/printk
dmesg -n 3; cat /proc/sys/kernel/printk; echo 9 > /proc/sys/kernel/printk; echo "bad level status $?"
dmesg -c > /dev/null; dmesg | wc -l
kill -9 1; echo "init kill status $?"
ps | grep -c '\[writeback\]'
vmtop -b -n 1 | grep -c '^ *1 init'
sleep 3 | cat > /dev/null & sleep 1; for f in /proc/[0-9]*; do if [ "$(cat $f/comm)" = cat ]; then read nr fd rest < $f/syscall; echo "reader $(cat $f/wchan) call $nr $fd"; grep -c '^\[<0>\] pipe_read+0x' $f/stack; fi; done
sleep 3 & sleep 1; echo "sleeper $(cat /proc/$!/wchan) self $(cat /proc/self/wchan) $(cat /proc/self/syscall)"; kill $!; wait
echo glob /proc/[1]/sta[t] /pro?/[!2-9]/stat; for f in /proc/[0-9]*/stat; do n=$((n+1)); done; test $n -ge 2 && echo "stat files $n"
"""

EXPECT = [
    ("hashbang_script_runs_through_its_interpreter", "script arg from ./hello.sh"),
    ("hashbang_script_exit_status", "hashbang status 3"),
    ("sh_runs_a_script_file", "script again from hello.sh"),
    ("sh_script_status", "sh script status 3"),
    ("variable_assigned_earlier_in_a_line", "var 7"),
    ("pipeline_of_new_commands", "5\n4"),
    ("missing_command_is_127", "missing status 127"),
    ("directory_is_126", "dir status 126"),
    ("non_executable_is_126", "noexec status 126"),
    ("ls_missing_exits_2", "ls status 2"),
    ("touch_and_ln_make_a_second_link", "links 2 size 0"),
    ("ln_s_makes_a_symbolic_link", "ln -s status 0\nsym -> t1\nlinks 1 size 2"),
    ("ls_l_shows_the_sticky_bit", "\n1\n"),
    ("hexdump_shows_file_bytes", "00000000  61 62 63 64 65 66 0a                              |abcdef.|"),
    ("background_job_and_wait", "background status 0"),
    ("while_loop_with_arithmetic", "loop 3"),
    ("sort_uniq_grep_pipeline", "\n3\n"),
    ("tee_writes_the_file", "tee-line"),
    ("uname_names_pagelab", "pagelab\nX=1"),
    ("kernel_messages_are_in_dmesg", "\n1\n0\n"),
    ("printk_levels_read_and_set", "4\t4\t1\t4\n7\t4\t1\t4\n3\t4\t1\t4\n"),
    ("printk_rejects_a_bad_level", "bad level status 1"),
    ("dmesg_c_clears_the_log", "bad level status 1\n      0\n"),
    ("kill_9_1_leaves_init_alive", "init kill status 0"),
    ("ps_shows_kernel_threads_in_brackets", "init kill status 0\n1\n1"),
    ("wchan_and_syscall_name_where_a_task_sleeps_and_in_which_call", "reader pipe_read call 0 0x0\n"),
    ("stack_shows_the_sleeping_tasks_kernel_frames", "reader pipe_read call 0 0x0\n1\n"),
    ("wchan_and_syscall_of_a_running_task_are_0_and_running", "sleeper sleep_until self 0 running\n"),
    ("sh_patterns_in_every_component", "glob /proc/1/stat /proc/1/stat\nstat files "),
]


def vm_checks(ctx):
    if not ctx.wanted_any("in_pagelab_"):
        return
    status, out, log = vmtests.run_in_vm(ctx, ["/bin/sh", "-c", SCRIPT])
    for name, want in EXPECT:
        yield f"in_pagelab_{name}", want in out, f"wanted {want!r} in:\n{out}\n{log[-1000:]}"
    yield "in_pagelab_script_ran_to_the_end", status == 0, f"status {status}\n{log[-1500:]}"


def run(ctx):
    r = subprocess.run(["make", "-s", "-C", ctx.root, "user"], capture_output=True, text=True)
    yield "commands_build", r.returncode == 0, r.stderr[-2000:]
    if r.returncode != 0:
        return
    yield from host_checks(ctx)
    yield from vm_checks(ctx)
