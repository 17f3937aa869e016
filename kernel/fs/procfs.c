/*
 * kernel/fs/procfs.c: /proc, made of the files subsystems declare
 * (kernel/lib/procfile.h), in Linux's formats (proc(5)):
 *
 *   /proc/FILE, /proc/DIR/.../FILE   PROC_FILE declarations; the directories
 *                                    are the paths' leading components
 *   /proc/PID/FILE                   PROC_PID_FILE declarations, per process
 *   /proc/PID/task/TID/FILE          the same files for each thread of the
 *                                    process (their arg has PROCFILE_TASK_VIEW)
 *   /proc/self                       the caller's /proc/PID (a directory
 *                                    here: pagelab has no symbolic links)
 *
 * Everything is generated on lookup by synthfs; nothing is stored.
 */
#include "kernel/fs/procfs.h"
#include "kernel/fs/devfs.h"
#include "kernel/fs/synthfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"

#define PROC_PID_INO_BASE   0x10000ull
#define PROC_DIR_INO_BASE   0x100ull
#define PROC_TASKS_INO_BASE 0x20000ull /* /proc/PID/task */
#define PROC_TID_INO_BASE   0x30000ull /* /proc/PID/task/TID */
#define PROC_DIRS_MAX       16

static const struct procfs_processes *processes;

/* The directories of the global files: "" (the root), "sys", "sys/vm", ... */
static char dirs[PROC_DIRS_MAX][SYNTH_NAME_MAX * 2];
static int ndirs;

void procfs_set_processes(const struct procfs_processes *ops) { processes = ops; }

static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static int find_dir(const char *path, size_t len)
{
    for (int i = 0; i < ndirs; i++)
        if (strlen(dirs[i]) == len && strncmp(dirs[i], path, len) == 0)
            return i;
    return -1;
}

/* Records the directory of path and each of its parents. */
static void add_dirs(const char *path)
{
    size_t len = dir_len(path);
    if (find_dir(path, len) >= 0)
        return;
    char parent[sizeof dirs[0]];
    if (len >= sizeof parent || ndirs == PROC_DIRS_MAX)
        panic("procfs: too many or too deep directories for %s", path);
    memcpy(parent, path, len);
    parent[len] = 0;
    add_dirs(parent);
    strlcpy(dirs[ndirs++], parent, sizeof dirs[0]);
}

static void file_entry(struct synth_entry *out, const struct procfile *pf, void *arg)
{
    const char *slash = strrchr(pf->path, '/');
    memset(out, 0, sizeof *out);
    strlcpy(out->name, slash ? slash + 1 : pf->path, sizeof out->name);
    out->mode = S_IFREG | (pf->store ? 0644 : 0444);
    out->show = pf->show;
    out->store = pf->store;
    out->arg = arg;
}

static void dir_entry(struct synth_entry *out, const char *name, synth_list_fn list, void *arg,
                      uint64_t ino)
{
    memset(out, 0, sizeof *out);
    strlcpy(out->name, name, sizeof out->name);
    out->mode = S_IFDIR | 0555;
    out->list = list;
    out->arg = arg;
    out->ino = ino;
}

static int task_list(void *arg, int index, struct synth_entry *out);

/* A process's files, then its "task" directory; a thread's files only. */
static int pid_dir_list(void *arg, int index, struct synth_entry *out)
{
    for (const struct procfile *pf = procfiles_start; pf < procfiles_end; pf++)
        if (pf->per_process && index-- == 0) {
            file_entry(out, pf, arg);
            return 0;
        }
    uint64_t id = (uint64_t)(uintptr_t)arg;
    if (index == 0 && !(id & PROCFILE_TASK_VIEW) && processes && processes->nth_task) {
        dir_entry(out, "task", task_list, arg, PROC_TASKS_INO_BASE + id);
        return 0;
    }
    return -ENOENT;
}

/* /proc/PID/task: one directory per thread, named by its id. */
static int task_list(void *arg, int index, struct synth_entry *out)
{
    int tid = processes->nth_task((int)(uintptr_t)arg, index);
    if (tid < 0)
        return -ENOENT;
    char name[16];
    snprintf(name, sizeof name, "%d", tid);
    dir_entry(out, name, pid_dir_list, (void *)(uintptr_t)((uint64_t)tid | PROCFILE_TASK_VIEW),
              PROC_TID_INO_BASE + (uint64_t)tid);
    return 0;
}

static void pid_entry(struct synth_entry *out, const char *name, int pid, uint64_t ino)
{
    dir_entry(out, name, pid_dir_list, (void *)(uintptr_t)pid, ino);
}

/* The index-th entry directly inside directory dir (an index into dirs). */
static int static_entry(int dir, int index, struct synth_entry *out)
{
    const char *self = dirs[dir];
    size_t self_len = strlen(self);
    for (int d = 1; d < ndirs; d++)
        if (d != dir && dir_len(dirs[d]) == self_len && strncmp(dirs[d], self, self_len) == 0 &&
            index-- == 0) {
            const char *name = dirs[d] + (self_len ? self_len + 1 : 0);
            dir_entry(out, name, NULL, NULL, PROC_DIR_INO_BASE + (uint64_t)d);
            return 0;
        }
    for (const struct procfile *pf = procfiles_start; pf < procfiles_end; pf++)
        if (!pf->per_process && dir_len(pf->path) == self_len &&
            strncmp(pf->path, self, self_len) == 0 && index-- == 0) {
            file_entry(out, pf, NULL);
            return 0;
        }
    return -(index + 1); /* entries still to skip, for the root's own */
}

static int dir_list(void *arg, int index, struct synth_entry *out);

static int subdir_entry(int dir, int index, struct synth_entry *out)
{
    int r = static_entry(dir, index, out);
    if (r == 0 && out->mode == (S_IFDIR | 0555)) {
        out->list = dir_list;
        out->arg = (void *)(uintptr_t)(out->ino - PROC_DIR_INO_BASE);
    }
    return r;
}

static int dir_list(void *arg, int index, struct synth_entry *out)
{
    return subdir_entry((int)(uintptr_t)arg, index, out) == 0 ? 0 : -ENOENT;
}

/* The declared files and directories, then "self", then one directory per
   process (in the process table's order). */
static int root_list(void *arg, int index, struct synth_entry *out)
{
    int r = subdir_entry(0, index, out);
    if (r == 0)
        return 0;
    int k = -r - 1;
    if (!processes)
        return -ENOENT;
    if (k == 0) {
        pid_entry(out, "self", processes->self(), 2);
        return 0;
    }
    int pid = processes->nth(k - 1);
    if (pid < 0)
        return -ENOENT;
    char name[16];
    snprintf(name, sizeof name, "%d", pid);
    pid_entry(out, name, pid, PROC_PID_INO_BASE + (uint64_t)pid);
    return 0;
}

int procfs_mount(void)
{
    ndirs = 1; /* dirs[0] = "": the root */
    for (const struct procfile *pf = procfiles_start; pf < procfiles_end; pf++)
        if (!pf->per_process)
            add_dirs(pf->path);
    struct super_block *sb = synthfs_create("procfs", root_list, NULL);
    if (!sb)
        return -ENOMEM;
    return mount_on_dir("/proc", sb);
}
