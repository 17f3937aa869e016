/* copy.h: copying one regular file (shared by cp and mv). */
#ifndef COPY_H
#define COPY_H

/* Copies the file at `from` to `to` (created or truncated, keeping from's
 * permission bits).  Returns 0, or -1 with errno set. */
int copy_file(const char *from, const char *to);

/* If `dir` names a directory, returns a malloc'd "dir/basename(path)";
 * otherwise returns NULL. */
char *target_in_dir(const char *dir, const char *path);

#endif
