/*
 * stat [-c FORMAT] FILE...: a file's inode, as coreutils' stat.  Without -c
 * the long form coreutils prints (no birth time: pagelab keeps none, so
 * " Birth: -").  FORMAT takes %n %N %s %b %B %o %f %a %A %F %h %i %u %U %g
 * %G %d %D %t %T %x %X %y %Y %z %Z %%.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void id_name(const char *file, unsigned id, char *out, size_t size)
{
    snprintf(out, size, "UNKNOWN");
    FILE *f = fopen(file, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        char *save, *name = strtok_r(line, ":", &save);
        strtok_r(NULL, ":", &save);
        char *num = strtok_r(NULL, ":", &save);
        if (name && num && (unsigned)strtoul(num, NULL, 10) == id) {
            snprintf(out, size, "%s", name);
            break;
        }
    }
    fclose(f);
}

static const char *type_name(mode_t m, off_t size)
{
    return S_ISREG(m) ? (size ? "regular file" : "regular empty file")
           : S_ISDIR(m) ? "directory" : S_ISCHR(m) ? "character special file"
           : S_ISBLK(m) ? "block special file" : S_ISFIFO(m) ? "fifo" : S_ISLNK(m) ? "symbolic link"
           : S_ISSOCK(m) ? "socket" : "weird file";
}

static void mode_string(mode_t m, char *out)
{
    out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
           : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID)
        out[3] = (m & 0100) ? 's' : 'S';
    if (m & S_ISGID)
        out[6] = (m & 0010) ? 's' : 'S';
    if (m & S_ISVTX)
        out[9] = (m & 0001) ? 't' : 'T';
    out[10] = 0;
}

/* "2024-01-31 12:00:00.000000000 +0000": pagelab's local time is UTC. */
static void human_time(const struct timespec *ts, char *out, size_t size)
{
    struct tm tm;
    time_t t = ts->tv_sec;
    localtime_r(&t, &tm);
    char day[32];
    strftime(day, sizeof(day), "%Y-%m-%d %H:%M:%S", &tm);
    snprintf(out, size, "%s.%09ld %s", day, ts->tv_nsec, "+0000");
}

static void field(char conv, const char *name, const struct stat *st)
{
    char buf[128];
    switch (conv) {
    case 'n': fputs(name, stdout); break;
    case 'N': printf("'%s'", name); break;
    case 's': printf("%ld", (long)st->st_size); break;
    case 'b': printf("%ld", (long)st->st_blocks); break;
    case 'B': fputs("512", stdout); break;
    case 'o': printf("%ld", (long)st->st_blksize); break;
    case 'f': printf("%x", (unsigned)st->st_mode); break;
    case 'a': printf("%o", (unsigned)st->st_mode & 07777); break;
    case 'A': mode_string(st->st_mode, buf); fputs(buf, stdout); break;
    case 'F': fputs(type_name(st->st_mode, st->st_size), stdout); break;
    case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
    case 'i': printf("%lu", (unsigned long)st->st_ino); break;
    case 'u': printf("%u", st->st_uid); break;
    case 'g': printf("%u", st->st_gid); break;
    case 'U': id_name("/etc/passwd", st->st_uid, buf, sizeof(buf)); fputs(buf, stdout); break;
    case 'G': id_name("/etc/group", st->st_gid, buf, sizeof(buf)); fputs(buf, stdout); break;
    case 'd': printf("%lu", (unsigned long)st->st_dev); break;
    case 'D': printf("%lx", (unsigned long)st->st_dev); break;
    case 't': printf("%x", major(st->st_rdev)); break;
    case 'T': printf("%x", minor(st->st_rdev)); break;
    case 'x': human_time(&st->st_atim, buf, sizeof(buf)); fputs(buf, stdout); break;
    case 'y': human_time(&st->st_mtim, buf, sizeof(buf)); fputs(buf, stdout); break;
    case 'z': human_time(&st->st_ctim, buf, sizeof(buf)); fputs(buf, stdout); break;
    case 'X': printf("%ld", (long)st->st_atim.tv_sec); break;
    case 'Y': printf("%ld", (long)st->st_mtim.tv_sec); break;
    case 'Z': printf("%ld", (long)st->st_ctim.tv_sec); break;
    case '%': putchar('%'); break;
    default: printf("?%c", conv); break;
    }
}

static void formatted(const char *fmt, const char *name, const struct stat *st)
{
    for (const char *c = fmt; *c; c++) {
        if (*c == '%' && c[1])
            field(*++c, name, st);
        else
            putchar(*c);
    }
    putchar('\n');
}

static void long_form(const char *name, const struct stat *st)
{
    char mode[11], user[64], group[64], a[96], m[96], c[96];
    mode_string(st->st_mode, mode);
    id_name("/etc/passwd", st->st_uid, user, sizeof(user));
    id_name("/etc/group", st->st_gid, group, sizeof(group));
    human_time(&st->st_atim, a, sizeof(a));
    human_time(&st->st_mtim, m, sizeof(m));
    human_time(&st->st_ctim, c, sizeof(c));
    printf("  File: %s\n", name);
    printf("  Size: %-10ld\tBlocks: %-10ld IO Block: %-6ld %s\n", (long)st->st_size, (long)st->st_blocks,
           (long)st->st_blksize, type_name(st->st_mode, st->st_size));
    char dev[32];
    snprintf(dev, sizeof(dev), "%u,%u", major(st->st_dev), minor(st->st_dev));
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        printf("Device: %s\tInode: %-11lu Links: %-5lu Device type: %u,%u\n", dev, (unsigned long)st->st_ino,
               (unsigned long)st->st_nlink, major(st->st_rdev), minor(st->st_rdev));
    else
        printf("Device: %s\tInode: %-11lu Links: %lu\n", dev, (unsigned long)st->st_ino,
               (unsigned long)st->st_nlink);
    printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n", (unsigned)st->st_mode & 07777, mode,
           st->st_uid, user, st->st_gid, group);
    printf("Access: %s\nModify: %s\nChange: %s\n Birth: -\n", a, m, c);
}

int main(int argc, char **argv)
{
    const char *fmt = NULL;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-c")) {
        fmt = argv[i + 1];
        i += 2;
    } else if (i < argc && !strncmp(argv[i], "--format=", 9)) {
        fmt = argv[i++] + 9;
    }
    if (i == argc) {
        fputs("stat: missing operand\nTry 'stat --help' for more information.\n", stderr);
        return 1;
    }
    int status = 0;
    for (; i < argc; i++) {
        struct stat st;
        if (lstat(argv[i], &st) < 0) {
            fprintf(stderr, "stat: cannot statx '%s': %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (fmt)
            formatted(fmt, argv[i], &st);
        else
            long_form(argv[i], &st);
    }
    return status;
}
