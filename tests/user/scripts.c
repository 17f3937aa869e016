/*
 * tests/user/scripts.c: execve of "#!" scripts with Linux's rules
 * (execve(2) "Interpreter scripts", fs/binfmt_script.c): the interpreter
 * and at most one argument (everything after it on the line, trimmed), the
 * script's path in place of argv[0], the line's 256-byte limit, nesting,
 * and the errors.  This program is its own interpreter: run with
 * SCRIPTS_TEST in its environment, it prints what it was given.  One line per check;
 * the exit status is the number of failures.  Run on Linux first.
 *
 *     scripts DIR     works in DIR (made if missing)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"

static char self[PATH_MAX]; /* this program, the interpreter of the scripts */

/* Interpreter mode: argv, /proc/self/comm and /proc/self/exe, one per line. */
static int dump(int argc, char **argv)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s|\n", i, argv[i]);
    char comm[64] = "";
    int fd = open("/proc/self/comm", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : -1;
    comm[n > 0 ? n - 1 : 0] = 0;
    close(fd);
    printf("comm=%s\n", comm);
    char exe[PATH_MAX];
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = 0;
    printf("exe_is_interpreter=%d\n", strcmp(exe, self) == 0);
    return 0;
}

static int make_script(const char *name, const char *text, size_t len, mode_t mode)
{
    unlink(path(name));
    int fd = open(path(name), O_CREAT | O_WRONLY | O_TRUNC, mode);
    if (fd < 0)
        return -1;
    int ok = write(fd, text, len) == (ssize_t)len;
    close(fd);
    chmod(path(name), mode);
    return ok ? 0 : -1;
}

/* execve(script, argv) in a child: its output in out, errno of a failed
   execve in *err (0 if it ran). */
static int run(const char *script, char *const argv[], char *out, size_t size, int *err)
{
    int p[2], e[2];
    pipe(p);
    pipe2(e, O_CLOEXEC);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        char *env[] = { "SCRIPTS_TEST=1", NULL };
        execve(script, argv, env);
        int code = errno;
        write(e[1], &code, sizeof code);
        _exit(127);
    }
    close(p[1]);
    close(e[1]);
    size_t used = 0;
    ssize_t n;
    while (used + 1 < size && (n = read(p[0], out + used, size - 1 - used)) > 0)
        used += (size_t)n;
    out[used] = 0;
    *err = 0;
    if (read(e[0], err, sizeof *err) != sizeof *err)
        *err = 0;
    close(p[0]);
    close(e[0]);
    int st;
    waitpid(pid, &st, 0);
    return st;
}

static char out[8192];

/* Runs the script with argv [arg0, "one", "two words"]: 0 if it ran. */
static int run3(const char *name)
{
    char *argv[] = { "arg0-is-dropped", "one", "two words", NULL };
    int err;
    run(path(name), argv, out, sizeof out, &err);
    errno = err;
    return err ? -1 : 0;
}

static int has(const char *line) { return strstr(out, line) != NULL; }

static void basic(void)
{
    char text[PATH_MAX + 64];
    int n = snprintf(text, sizeof text, "#!%s --dump\necho not for us\n", self);
    make_script("basic", text, (size_t)n, 0755);
    CHECK("script_runs_its_interpreter", run3("basic") == 0 && has("argc=5\n"));
    char want[2 * PATH_MAX];
    snprintf(want, sizeof want, "argv[0]=%s|\nargv[1]=--dump|\nargv[2]=%s|\n", self, path("basic"));
    CHECK("argv_is_interpreter_argument_script_path", has(want));
    CHECK("original_argv0_is_dropped_the_rest_follows",
          has("argv[3]=one|\nargv[4]=two words|\n") && !has("arg0-is-dropped"));
    CHECK("comm_is_the_scripts_name", has("comm=basic\n"));
    CHECK("exe_is_the_interpreter", has("exe_is_interpreter=1\n"));

    n = snprintf(text, sizeof text, "#! \t%s   --dump   spaced  words  \t \nrest\n", self);
    make_script("spaces", text, (size_t)n, 0755);
    CHECK("one_argument_with_inner_spaces_trailing_trimmed",
          run3("spaces") == 0 && has("argv[1]=--dump   spaced  words|\n"));

    n = snprintf(text, sizeof text, "#!%s --dump", self);
    make_script("nonewline", text, (size_t)n, 0755);
    CHECK("a_line_without_newline_works", run3("nonewline") == 0 && has("argv[1]=--dump|\n"));

    n = snprintf(text, sizeof text, "#!%s --dump\r\n", self);
    make_script("crlf", text, (size_t)n, 0755);
    CHECK("carriage_return_stays_in_the_argument",
          run3("crlf") == 0 && has("argv[1]=--dump\r|\n"));

    n = snprintf(text, sizeof text, "#!%s\n", self);
    make_script("noarg", text, (size_t)n, 0755);
    char *argv[] = { "x", "--dump", NULL };
    int err;
    run(path("noarg"), argv, out, sizeof out, &err);
    CHECK("no_argument_gives_none", err == 0 && has("argc=3\n") && has("argv[2]=--dump|\n"));
}

static void limits_and_errors(void)
{
    char text[2048];
    /* The line is cut at 256 bytes (BINPRM_BUF_SIZE): the argument is what
       fits, the interpreter's name must fit whole. */
    int n = snprintf(text, sizeof text, "#!%s --dump ", self);
    while (n < 400)
        text[n++] = 'x';
    text[n++] = '\n';
    make_script("longarg", text, (size_t)n, 0755);
    int r = run3("longarg");
    char *a = strstr(out, "argv[1]=");
    size_t alen = a ? strcspn(a + 8, "|") : 0;
    CHECK("a_long_line_cuts_the_argument", r == 0 && a && strncmp(a + 8, "--dump xx", 9) == 0 &&
                                               alen == 255 - 2 - strlen(self) - 1);
    text[0] = '#';
    text[1] = '!';
    n = 2;
    while (n < 300)
        text[n++] = 'y';
    make_script("longinterp", text, (size_t)n, 0755);
    CHECK("an_interpreter_cut_by_the_limit_is_enoexec",
          run3("longinterp") == -1 && errno == ENOEXEC);
    make_script("empty", "#!\n", 3, 0755);
    CHECK("no_interpreter_is_enoexec", run3("empty") == -1 && errno == ENOEXEC);
    make_script("blank", "#!   \t \n", 8, 0755);
    CHECK("only_blanks_is_enoexec", run3("blank") == -1 && errno == ENOEXEC);
    make_script("missing", "#!/no/such/interpreter\n", 23, 0755);
    CHECK("a_missing_interpreter_is_enoent", run3("missing") == -1 && errno == ENOENT);
    n = snprintf(text, sizeof text, "#!%s --dump\n", self);
    make_script("noexec", text, (size_t)n, 0644);
    CHECK("a_script_without_x_is_eacces", run3("noexec") == -1 && errno == EACCES);
    make_script("plain", "echo hi\n", 8, 0755);
    CHECK("text_without_hash_bang_is_enoexec", run3("plain") == -1 && errno == ENOEXEC);
    make_script("zero", "", 0, 0755);
    CHECK("an_empty_file_is_enoexec", run3("zero") == -1 && errno == ENOEXEC);
    make_script("dirinterp", "#!/tmp\n", 7, 0755);
    CHECK("a_directory_as_interpreter_is_eacces", run3("dirinterp") == -1 && errno == EACCES);
}

/* A script whose interpreter is a script: Linux follows up to 4 levels
   (5 files) and says ELOOP beyond. */
static void nesting(void)
{
    char text[PATH_MAX + 64], name[32], prev[32];
    int n = snprintf(text, sizeof text, "#!%s --dump\n", self);
    make_script("nest0", text, (size_t)n, 0755);
    for (int i = 1; i <= 6; i++) {
        snprintf(prev, sizeof prev, "nest%d", i - 1);
        snprintf(name, sizeof name, "nest%d", i);
        n = snprintf(text, sizeof text, "#!%s\n", path(prev));
        make_script(name, text, (size_t)n, 0755);
    }
    int r = run3("nest4");
    CHECK("four_nested_interpreters_run",
          r == 0 && has("argv[1]=--dump|\n") && has("comm=nest4\n") && has("argc=9\n"));
    CHECK("five_nested_interpreters_are_eloop", run3("nest5") == -1 && errno == ELOOP);
}

int main(int argc, char **argv)
{
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    if (getenv("SCRIPTS_TEST")) /* run() gives its scripts this environment */
        return dump(argc, argv);
    snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "/tmp/scripts-test");
    mkdir(dir, 0755);
    basic();
    limits_and_errors();
    nesting();
    return failures;
}
