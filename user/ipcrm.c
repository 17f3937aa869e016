/*
 * ipcrm [-q ID] [-m ID] [-s ID] [-Q KEY] [-M KEY] [-S KEY]...: removes
 * System V message queues (q), shared memory segments (m) and semaphore
 * sets (s), by id (lower case) or by key (upper case, decimal or 0x hex),
 * as util-linux's ipcrm does: each request is tried, each failure says why
 * on stderr, and the exit status is 1 if any failed.  A segment still
 * attached is destroyed with its last detach (shmctl(2), IPC_RMID).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

enum kind { QUEUE, SEGMENT, SET };

static int remove_id(enum kind k, int id)
{
    switch (k) {
    case QUEUE:
        return msgctl(id, IPC_RMID, NULL);
    case SEGMENT:
        return shmctl(id, IPC_RMID, NULL);
    default:
        return semctl(id, 0, IPC_RMID);
    }
}

/* The id of key, or -1 with errno (ENOENT: no such key). */
static int id_of_key(enum kind k, key_t key)
{
    switch (k) {
    case QUEUE:
        return msgget(key, 0);
    case SEGMENT:
        return shmget(key, 0, 0);
    default:
        return semget(key, 0, 0);
    }
}

/* util-linux's messages, by errno. */
static void report(int err, const char *what, const char *arg)
{
    switch (err) {
    case EACCES:
    case EPERM:
        fprintf(stderr, "ipcrm: permission denied for %s (%s)\n", what, arg);
        break;
    case EIDRM:
        fprintf(stderr, "ipcrm: already removed %s (%s)\n", what, arg);
        break;
    case EINVAL:
    case ENOENT:
        fprintf(stderr, "ipcrm: invalid %s (%s)\n", what, arg);
        break;
    default:
        fprintf(stderr, "ipcrm: %s (%s): %s\n", what, arg, strerror(err));
    }
}

/* One request: 0 done, 1 failed (said why). */
static int request(int opt, const char *arg)
{
    enum kind k = (opt == 'q' || opt == 'Q') ? QUEUE : (opt == 'm' || opt == 'M') ? SEGMENT : SET;
    int by_key = opt == 'Q' || opt == 'M' || opt == 'S';
    char *end;
    errno = 0;
    long v = strtol(arg, &end, by_key ? 0 : 10);
    if (!*arg || *end || errno) {
        fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", arg);
        return 1;
    }
    int id = (int)v;
    if (by_key) {
        if (v == IPC_PRIVATE) {
            fprintf(stderr, "ipcrm: illegal key (%s)\n", arg);
            return 1;
        }
        if ((id = id_of_key(k, (key_t)v)) < 0) {
            report(errno, "key", arg);
            return 1;
        }
    }
    if (remove_id(k, id) == 0)
        return 0;
    report(errno, by_key ? "key" : "id", arg);
    return 1;
}

int main(int argc, char **argv)
{
    int failed = 0, c;
    while ((c = getopt(argc, argv, "q:m:s:Q:M:S:")) != -1) {
        if (c == '?') {
            fprintf(stderr, "usage: ipcrm [-q ID] [-m ID] [-s ID] [-Q KEY] [-M KEY] [-S KEY]...\n");
            return 1;
        }
        failed |= request(c, optarg);
    }
    if (optind < argc) {
        fprintf(stderr, "usage: ipcrm [-q ID] [-m ID] [-s ID] [-Q KEY] [-M KEY] [-S KEY]...\n");
        return 1;
    }
    return failed;
}
