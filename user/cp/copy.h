/* copy.h: copying one regular file and the SRC... DST command line (shared by cp and mv). */
#ifndef COPY_H
#define COPY_H

/* Copies the file at `from` to `to` (created or truncated, keeping from's
 * permission bits).  Returns 0, or -1 with errno set. */
int copy_file(const char *from, const char *to);

/* If `dir` names a directory, returns a malloc'd "dir/basename(path)";
 * otherwise returns NULL. */
char *target_in_dir(const char *dir, const char *path);

/* The command line of cp and mv: "PROG SRC DST" or "PROG SRC... DIR".
 * Calls op(SRC, target) for each SRC, the target being DIR/basename(SRC)
 * when the last argument is a directory; op returns < 0 with errno set on
 * failure, reported as "PROG: SRC: error".  Returns the exit status. */
int for_each_source(const char *prog, int argc, char **argv,
                    int (*op)(const char *from, const char *to));

#endif
