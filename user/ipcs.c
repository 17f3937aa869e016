/*
 * ipcs [-a | -q | -m | -s]...: the System V IPC objects that exist, in the
 * columns of util-linux's ipcs (its default form): message queues, shared
 * memory segments and semaphore sets (-a, or no option: all three).
 *
 * It reads the kernel's tables as /proc/sysvipc/{msg,shm,sem} show them
 * (proc(5)), as util-linux's ipcs does first; the owner is "root" for uid 0
 * and the number otherwise (pagelab has no user database).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SHM_DEST_BIT   01000
#define SHM_LOCKED_BIT 02000

static const char *owner(unsigned long uid)
{
    static char buf[24];
    if (uid == 0)
        return "root";
    snprintf(buf, sizeof buf, "%lu", uid);
    return buf;
}

/* Calls row(fields, n) for each line of /proc/sysvipc/NAME after its
   header, with the line's numbers; 0, or -1 if the file cannot be read. */
static int each_row(const char *name, void (*row)(const long long *f, int n))
{
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", name);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "ipcs: cannot open %s\n", path);
        return -1;
    }
    int first = 1;
    while (fgets(line, sizeof line, fp)) {
        if (first) {
            first = 0;
            continue;
        }
        long long f[20];
        int n = 0;
        char *p = line, *end;
        while (n < 20) {
            /* perms are octal: the third field */
            long long v = strtoll(p, &end, n == 2 ? 8 : 10);
            if (end == p)
                break;
            f[n++] = v;
            p = end;
        }
        row(f, n);
    }
    fclose(fp);
    return 0;
}

/* msg: key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime */
static void msg_row(const long long *f, int n)
{
    if (n < 8)
        return;
    printf("0x%08x %-10d %-10.10s %-10o %-12llu %-12llu\n", (unsigned)f[0], (int)f[1],
           owner((unsigned long)f[7]), (unsigned)f[2] & 0777, f[3], f[4]);
}

/* shm: key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime rss swap */
static void shm_row(const long long *f, int n)
{
    if (n < 8)
        return;
    unsigned mode = (unsigned)f[2];
    printf("0x%08x %-10d %-10.10s %-10o %-10llu %-10llu %-6s %-6s\n", (unsigned)f[0], (int)f[1],
           owner((unsigned long)f[7]), mode & 0777, f[3], f[6], (mode & SHM_DEST_BIT) ? "dest" : " ",
           (mode & SHM_LOCKED_BIT) ? "locked" : " ");
}

/* sem: key semid perms nsems uid gid cuid cgid otime ctime */
static void sem_row(const long long *f, int n)
{
    if (n < 5)
        return;
    printf("0x%08x %-10d %-10.10s %-10o %-10llu\n", (unsigned)f[0], (int)f[1],
           owner((unsigned long)f[4]), (unsigned)f[2] & 0777, f[3]);
}

static int show_msg(void)
{
    printf("\n------ Message Queues --------\n");
    printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms", "used-bytes",
           "messages");
    return each_row("msg", msg_row);
}

static int show_shm(void)
{
    printf("\n------ Shared Memory Segments --------\n");
    printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner", "perms",
           "bytes", "nattch", "status");
    return each_row("shm", shm_row);
}

static int show_sem(void)
{
    printf("\n------ Semaphore Arrays --------\n");
    printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms", "nsems");
    return each_row("sem", sem_row);
}

int main(int argc, char **argv)
{
    int q = 0, m = 0, s = 0, c;
    while ((c = getopt(argc, argv, "aqms")) != -1) {
        switch (c) {
        case 'a':
            q = m = s = 1;
            break;
        case 'q':
            q = 1;
            break;
        case 'm':
            m = 1;
            break;
        case 's':
            s = 1;
            break;
        default:
            fprintf(stderr, "Try 'ipcs --help' for more information.\n");
            return 1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "ipcs: unexpected argument: %s\nusage: ipcs [-a | -q | -m | -s]...\n",
                argv[optind]);
        return 1;
    }
    if (!q && !m && !s)
        q = m = s = 1;
    int err = 0;
    if (q)
        err |= show_msg();
    if (m)
        err |= show_shm();
    if (s)
        err |= show_sem();
    printf("\n");
    return err ? 1 : 0;
}
