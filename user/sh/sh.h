/* sh.h: the shell's parts: a lexer/parser for one line and the executor. */
#ifndef SH_H
#define SH_H

#define SH_MAX_ARGS 128
#define SH_MAX_REDIRS 8
#define SH_MAX_CMDS 16      /* commands in one pipeline */
#define SH_MAX_PIPELINES 32 /* pipelines in one line (joined by ; && ||) */

enum redir_kind { REDIR_IN, REDIR_OUT, REDIR_APPEND, REDIR_DUP };

struct redir {
    enum redir_kind kind;
    int fd;                 /* the descriptor being redirected */
    int dup_from;           /* REDIR_DUP: N in fd>&N */
    char *path;
};

struct command {
    char *words[SH_MAX_ARGS + 1];   /* as parsed */
    int nwords;
    char **argv;                    /* after expansion, when the pipeline runs */
    int argc;
    struct redir redirs[SH_MAX_REDIRS];
    int nredirs;
};

enum joiner { JOIN_ALWAYS, JOIN_AND, JOIN_OR };

struct pipeline {
    struct command cmds[SH_MAX_CMDS];
    int ncmds;
    enum joiner join;       /* how this pipeline depends on the previous one's status */
};

struct line {
    struct pipeline pipes[SH_MAX_PIPELINES];
    int npipes;
    char *storage;          /* every word lives here; freed with the line */
};

/* Stand for $?, and for unquoted * and ?, in parsed words until the
 * pipeline runs (see expand.c). */
#define SH_STATUS_MARK '\x01'
#define SH_GLOB_ANY '\x02'
#define SH_GLOB_ONE '\x03'

/* Everything allocated while expanding one pipeline. */
struct expansion {
    char **ptrs;
    int n, cap;
};

/* Fills cmd->argv/argc from its words ($? = status, patterns matched
 * against file names) and expands redirection paths.  Returns 0 or -1. */
int sh_expand_command(struct command *cmd, int status, struct expansion *mem);
void sh_expansion_free(struct expansion *mem);

/* Parses one line.  Returns 0, or -1 after printing a syntax error. */
int sh_parse(const char *text, struct line *out);
void sh_free_line(struct line *l);
/* The first newline of text that ends a command line: not inside quotes,
 * not escaped, not in a comment; the terminating NUL if there is none.
 * *open_quote (if not NULL) says whether text ended inside a quote. */
const char *sh_line_end(const char *text, int *open_quote);

/* Runs a parsed line; returns the status of its last pipeline ($?). */
int sh_run_line(struct line *l, int last_status);

/* $0, $1 ... and $#: set at start-up from the command line. */
extern char **sh_params;
extern int sh_nparams;   /* not counting $0 */

/* Set at start-up: interactive shells give each pipeline the terminal. */
extern int sh_job_control;
extern int sh_interactive;

#endif
