/*
 * sockcat: connect to, or listen on, a Unix domain socket and relay it to
 * standard input and output, in the spirit of `nc -U` and socat.
 *
 *     sockcat [-l [-k]] [-d | -p] [-e] [-u] [-v] [-w SECONDS] NAME
 *
 *   NAME  a path (bind makes a socket file there: `ls -l` shows `s`), or
 *         @name for Linux's abstract namespace (no file)
 *   -l    listen on NAME and relay the first connection (stream and
 *         seqpacket), or print the first datagram that arrives (-d)
 *   -k    with -l: keep listening, one connection (or datagram) after
 *         another
 *   -d    datagrams (SOCK_DGRAM): each read of standard input is one
 *         message; after its input ends the client waits a second for
 *         replies; a listener prints the messages it receives
 *   -p    SOCK_SEQPACKET: connected, but each read is one message
 *   -e    echo what arrives back to its sender instead of relaying
 *         standard input and output (a test server)
 *   -u    listening on a path: remove it first if it is a socket, and when
 *         done
 *   -v    tell on standard error what happens (bound, connected, closed)
 *   -w S  connecting: keep trying for up to S seconds while NAME is missing
 *         or refuses (a server started in the same pipeline may be late)
 *
 * pagelab's shell has no background jobs, but a pipeline runs its commands
 * at once, so a server and a client can meet in one line:
 *
 *     sockcat -l -e @echo | echo hello | sockcat -w 5 @echo
 *
 * The relay waits on both descriptors with poll(2).  When standard input
 * ends, a stream connection is shut down for writing (the other side sees
 * end of file) and sockcat keeps printing what arrives until the other side
 * closes too.
 */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 65536

static int type = SOCK_STREAM;
static int echo, verbose, keep, unlink_path;
static char buf[BUF_SIZE];

static void usage(void)
{
    fprintf(stderr, "usage: sockcat [-l [-k]] [-d | -p] [-e] [-u] [-v] [-w SECONDS] NAME\n"
                    "       NAME is a path, or @name in the abstract namespace\n");
    exit(2);
}

static void die(const char *what)
{
    fprintf(stderr, "sockcat: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void say(const char *what, const char *name)
{
    if (verbose)
        fprintf(stderr, "sockcat: %s %s\n", what, name);
}

/* NAME as a sockaddr_un: @x is the abstract name "\0x". */
static socklen_t make_addr(struct sockaddr_un *a, const char *name)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    size_t n = strlen(name);
    if (n >= sizeof a->sun_path) {
        fprintf(stderr, "sockcat: %s: name longer than %zu bytes\n", name, sizeof a->sun_path - 1);
        exit(2);
    }
    memcpy(a->sun_path, name, n);
    if (name[0] == '@') {
        a->sun_path[0] = '\0';
        return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    }
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int send_all(int s, const char *p, size_t n)
{
    if (type != SOCK_STREAM)
        return send(s, p, n, 0) == (ssize_t)n ? 0 : -1; /* one message */
    while (n) {
        ssize_t k = send(s, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Relays s and standard input/output until the other side closes (or,
   for datagrams, until standard input ends). */
static void relay(int s)
{
    struct pollfd fds[2] = { { s, POLLIN, 0 }, { 0, POLLIN, 0 } };
    int nfds = echo ? 1 : 2;
    for (;;) {
        /* A datagram client whose input has ended waits a second for replies. */
        int timeout = type == SOCK_DGRAM && nfds == 1 && !echo ? 1000 : -1;
        int ready = poll(fds, (nfds_t)nfds, timeout);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            die("poll");
        }
        if (ready == 0)
            return;
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = recv(s, buf, sizeof buf, 0);
            if (n < 0 && errno != EINTR && errno != EAGAIN)
                die("recv");
            if (n == 0 && type != SOCK_DGRAM)
                return; /* the other side closed */
            if (n > 0 && (echo ? send_all(s, buf, (size_t)n) : write_all(1, buf, (size_t)n)))
                return;
        }
        if (nfds == 2 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
            ssize_t n = read(0, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                if (type != SOCK_DGRAM)
                    shutdown(s, SHUT_WR); /* the other side sees end of file */
                nfds = 1;
            } else if (send_all(s, buf, (size_t)n)) {
                die("send");
            }
        }
    }
}

/* A listening datagram socket: prints (or echoes) the first message, or
   every one with -k. */
static void serve_datagrams(int s)
{
    for (int handled = 0; !handled || keep;) {
        struct sockaddr_un from;
        socklen_t len = sizeof from;
        ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            die("recvfrom");
        }
        handled = 1;
        say("received a datagram", "");
        if (echo && len > offsetof(struct sockaddr_un, sun_path))
            sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
        else if (!echo && write_all(1, buf, (size_t)n))
            return;
    }
}

static void listen_on(const char *name)
{
    struct sockaddr_un a;
    socklen_t len = make_addr(&a, name);
    struct stat st;
    if (unlink_path && name[0] != '@' && lstat(name, &st) == 0 && S_ISSOCK(st.st_mode))
        unlink(name);
    int s = socket(AF_UNIX, type, 0);
    if (s < 0)
        die("socket");
    if (bind(s, (struct sockaddr *)&a, len) < 0)
        die(name);
    say("bound to", name);
    if (type == SOCK_DGRAM) {
        serve_datagrams(s);
    } else {
        if (listen(s, 8) < 0)
            die("listen");
        do {
            int c = accept(s, NULL, NULL);
            if (c < 0) {
                if (errno == EINTR)
                    continue;
                die("accept");
            }
            say("accepted a connection on", name);
            relay(c);
            close(c);
            say("connection closed on", name);
        } while (keep);
    }
    close(s);
    if (unlink_path && name[0] != '@')
        unlink(name);
}

static void connect_to(const char *name, int wait_s)
{
    struct sockaddr_un a;
    socklen_t len = make_addr(&a, name);
    int s = socket(AF_UNIX, type, 0);
    if (s < 0)
        die("socket");
    if (type == SOCK_DGRAM) {
        struct sockaddr_un self = { .sun_family = AF_UNIX };
        bind(s, (struct sockaddr *)&self, offsetof(struct sockaddr_un, sun_path)); /* a name to reply to */
    }
    struct timespec pause = { 0, 20 * 1000000 };
    int tries = wait_s * 50;
    while (connect(s, (struct sockaddr *)&a, len) < 0) {
        if ((errno != ENOENT && errno != ECONNREFUSED) || tries-- <= 0)
            die(name);
        nanosleep(&pause, NULL);
    }
    say("connected to", name);
    relay(s);
    close(s);
}

int main(int argc, char **argv)
{
    int listening = 0, wait_s = 0, c;
    while ((c = getopt(argc, argv, "lkdpeuvw:")) != -1) {
        switch (c) {
        case 'l':
            listening = 1;
            break;
        case 'k':
            keep = 1;
            break;
        case 'd':
            type = SOCK_DGRAM;
            break;
        case 'p':
            type = SOCK_SEQPACKET;
            break;
        case 'e':
            echo = 1;
            break;
        case 'u':
            unlink_path = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'w':
            wait_s = atoi(optarg);
            break;
        default:
            usage();
        }
    }
    if (optind != argc - 1 || (keep && !listening))
        usage();
    if (listening)
        listen_on(argv[optind]);
    else
        connect_to(argv[optind], wait_s);
    return 0;
}
