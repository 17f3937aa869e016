/*
 * sh.h: the pagelab shell's parts.
 *
 *   parse.c     text -> a tree of commands (POSIX sh grammar: simple
 *               commands, pipelines, && ||, ; &, { }, ( ), if, while,
 *               until, for, case, functions, !, time)
 *   expand.c    words -> fields when a command runs: parameters, $(...),
 *               ~, field splitting
 *   glob.c      file name patterns: fields -> the names of existing files
 *   pattern.c   the pattern notation (* ? [...]) for glob.c and case
 *   run.c       the tree -> processes: pipelines, redirections, waiting
 *   builtins.c  cd, exit, export, jobs, wait, fg, read, ...
 *   vars.c      shell variables and the environment of programs
 *   jobs.c      background jobs (cmd &)
 *   lineedit.c  the prompt's line editor with history (a terminal only)
 *   main.c      sh, sh -c, sh FILE; reading and running input
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Parsed words keep what expansion must know as marker bytes (parse.c
 * turns any of these bytes in the input into M_ESC + byte):
 */
#define M_ESC   '\x01' /* the next byte is literal */
#define M_STAR  '\x02' /* an unquoted * (a file name pattern) */
#define M_QMARK '\x03' /* an unquoted ? */
#define M_VAR   '\x04' /* M_VAR, 'q' or 'u' (quoted or not), the parameter, M_END */
#define M_END   '\x05'
#define M_CMD   '\x06' /* M_CMD, 'q' or 'u', the command text, M_END: $(...) or `...` */
#define M_QUOTE '\x07' /* the word had quotes: "" is an empty argument */
#define M_LBRACK '\x08' /* an unquoted [ (a bracket expression if a ] follows) */
#define M_LAST  M_LBRACK /* markers are the bytes M_ESC..M_LAST */

enum redir_kind { R_IN, R_OUT, R_APPEND, R_DUP_OUT, R_DUP_IN, R_INOUT };

struct redir {
    enum redir_kind kind;
    int fd;       /* the descriptor being redirected */
    char *target; /* a word: the file, or the descriptor number of N>&M */
    struct redir *next;
};

enum node_kind {
    N_SIMPLE,   /* words, assignments, redirections */
    N_PIPE,     /* left | right */
    N_AND,      /* left && right */
    N_OR,       /* left || right */
    N_NOT,      /* ! left */
    N_SEQ,      /* left ; right */
    N_BG,       /* left & */
    N_GROUP,    /* { left; } */
    N_SUBSHELL, /* ( left ) */
    N_IF,       /* if left; then right; else third; fi */
    N_WHILE,    /* while left; do right; done */
    N_UNTIL,    /* until left; do right; done */
    N_FOR,      /* for name in words; do right; done */
    N_FUNC,     /* name() left */
    N_TIME,     /* time left */
    N_CASE,     /* case name in items esac */
};

/* One "PATTERN | PATTERN) commands ;;" of a case. */
struct case_item {
    char **patterns;
    int npatterns;
    struct node *body; /* NULL: nothing to run */
    struct case_item *next;
};

struct node {
    enum node_kind kind;
    struct node *left, *right, *third;
    char **words; /* N_SIMPLE: arguments; N_FOR: the list (NULL: "$@") */
    int nwords;
    char **assigns; /* N_SIMPLE: NAME=value words before the command */
    int nassigns;
    struct redir *redirs;
    char *name; /* N_FOR: the variable; N_FUNC: the function; N_CASE: the word */
    struct case_item *items; /* N_CASE */
    char *text; /* the source of N_BG's job and of functions, for jobs and messages */
};

/* --- parse.c --- */
enum parse_result { PARSE_OK, PARSE_EMPTY, PARSE_ERROR, PARSE_INCOMPLETE };
/* Parses one complete command (up to an unquoted newline at the top level)
 * from text + *pos into *out; *pos moves past it.  PARSE_EMPTY: nothing but
 * blank lines and comments; PARSE_INCOMPLETE: the text ends inside a quote,
 * a $(...) or an unfinished if/while/..., so more input is needed.  Nodes
 * and words live in an arena freed by sh_tree_free, unless the command
 * defined a function (then it is kept for good). */
enum parse_result sh_parse(const char *text, size_t *pos, struct node **out, void **arena);
void sh_tree_free(void *arena);
/* All of text as one word (markers as in a command's words; blanks and
   operators are part of it): the word of ${NAME#word}.  malloc'd; NULL
   when a quote is not closed. */
char *sh_parse_word(const char *text);

/* --- expand.c --- */
struct strvec {
    char **v;
    int n, cap;
};
void strvec_push(struct strvec *sv, char *s); /* takes s (malloc'd) */
void strvec_free(struct strvec *sv);
/* Words -> fields (malloc'd, in out): parameters, $(...), ~, field
 * splitting of unquoted expansions, patterns.  Returns 0 or -1. */
int sh_expand_words(char **words, int n, struct strvec *out);
/* One word -> one string, no splitting nor patterns (assignments,
 * redirection targets); malloc'd, NULL on error. */
char *sh_expand_one(const char *word);
/* Does the text match the pattern word (case's patterns: *, ? and [...]
   active where they were not quoted)?  -1 on an expansion error. */
int sh_pattern_match(const char *pattern_word, const char *text);
/* The output of a command string run in a child, trailing newlines removed;
   its status goes to sh_subst_status. */
char *sh_command_output(const char *text);
extern int sh_subst_status; /* of the last $(...); -1: none since it was reset */

/* --- pattern.c (patterns are fields with their markers: M_STAR, M_QMARK,
   M_LBRACK, M_ESC x) --- */
/* Does text match the whole pattern? */
int pattern_match(const char *pat, const char *text);
/* Has the pattern an active *, ? or bracket expression (a [ with its ])? */
int pattern_has_magic(const char *pat);
/* The pattern as plain text, markers removed (malloc'd). */
char *pattern_plain(const char *pat);
/* The character a pattern marker stands for (other bytes: themselves). */
char pattern_char(char marker);
/* Bytes that a bracket expression gives a meaning to: expansion puts M_ESC
   before them where they were quoted, so that they stay members of a set. */
#define SH_SET_SPECIAL(c) ((c) == ']' || (c) == '!' || (c) == '^' || (c) == '-')

/* --- glob.c --- */
/* Appends the sorted names of the existing files the field matches (or the
   field as written, when it has no pattern or matches nothing) to out. */
void glob_field(const char *field, struct strvec *out);

/* --- run.c --- */
/* Runs a tree; returns its status.  Sets $?. */
int sh_run(struct node *n);
/* Parses and runs text (sh -c, $(...), . FILE, a script); returns the last status. */
int sh_run_string(const char *text);
/* Runs argv as a simple command would (builtins, functions, programs). */
extern int sh_last_status;
extern pid_t sh_last_bg_pid;
/* In a child that must not fork again: exec the program or exit. */
void sh_exec_program(char **argv, char **assigns, int nassigns) __attribute__((noreturn));
/* Waits for the processes of a foreground job; returns the status of the
 * last (128+signal if it was killed), reporting deaths by signal. */
int sh_wait_foreground(pid_t *pids, int n, pid_t pgid, char *const *names);
/* The text of the foreground job being waited for ("sleep 30"), which
   names the job if it stops; NULL: its first name. */
extern const char *sh_job_text;
/* A status word -> $? (128+signal), with bash's message for a signal. */
int sh_status_of(int wstatus, const char *name);
/* break/continue/return requests travelling up the tree. */
extern int sh_break_levels, sh_continue_levels, sh_returning;
extern int sh_loop_depth, sh_func_depth;

/* --- builtins.c --- */
/* Runs argv[0] if it is a builtin; returns its status, or -1 if it is not one. */
int sh_builtin(int argc, char **argv);
int sh_is_builtin(const char *name);

/* --- vars.c --- */
const char *var_get(const char *name);
/* export: 1 export, 0 keep the flag as it is. */
int var_set(const char *name, const char *value, int export);
void var_unset(const char *name);
int var_export(const char *name);
int var_valid_name(const char *s, size_t len);
void vars_import(char **envp);
/* The environment of a program: the exported variables, with extra
 * NAME=value strings (a command's assignments) in front. NULL-terminated, malloc'd. */
char **vars_environ(char **extra, int nextra);
void vars_print_exported(void);
/* Functions. */
void func_define(const char *name, struct node *body);
struct node *func_find(const char *name);

/* $0, $1 ... and $#. */
extern char **sh_params;
extern int sh_nparams; /* not counting $0 */

/* --- jobs.c --- */
/* Registers a background job; prints "[N] PID" when interactive. */
void jobs_add(pid_t *pids, int n, pid_t pgid, const char *text);
/* Collects the background processes that ended; says "[N]+  Done ..."
 * for finished jobs when report is set. */
void jobs_reap(int report);
/* The foreground job (pid, the last of its processes) stopped: it is a
   stopped job now (the same job again after fg), reported as bash does. */
void jobs_stopped(pid_t pid, pid_t pgid, const char *text);
int jobs_builtin_bg(int argc, char **argv);
int jobs_builtin_jobs(int argc, char **argv);
int jobs_builtin_wait(int argc, char **argv);
int jobs_builtin_fg(int argc, char **argv);

/* --- lineedit.c --- */
enum { LE_EOF = -1, LE_INTERRUPTED = -2 };
/* Reads one line at a terminal with editing and history; the length, or
 * LE_EOF (Ctrl-D on an empty line) or LE_INTERRUPTED (Ctrl-C). */
int le_read_line(const char *prompt, char *buf, int cap);
void le_history_add(const char *line);
void le_history_print(void);

/* --- main.c --- */
extern int sh_interactive;
extern int sh_job_control;
extern pid_t sh_pgid; /* the shell's own process group */

#endif
