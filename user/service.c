/*
 * service: talk to binder services from the shell, as Android's `service`.
 *
 *     service list
 *     service check SERVICE
 *     service call SERVICE CODE [i32 N | i64 N | f N | d N | s16 STR | null | fd PATH]...
 *
 * list prints every service the service manager knows, with the interface
 * each says it implements (INTERFACE_TRANSACTION); call sends CODE with the
 * service's interface token and the arguments in order, and prints the
 * reply as Android prints a Parcel (32-bit words, then the bytes as text).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../libc/include/pagelab/binder.h"

static struct binder *bs;

static void usage(void)
{
    fprintf(stderr, "usage: service list\n"
                    "       service check SERVICE\n"
                    "       service call SERVICE CODE [i32 N | i64 N | f N | d N | s16 STR | "
                    "null | fd PATH]...\n");
    exit(2);
}

static int list(void)
{
    char names[64][128];
    int n = 0;
    while (n < 64 && svcmgr_list(bs, (uint32_t)n, names[n], sizeof names[n]) == 0)
        n++;
    printf("Found %d services:\n", n);
    for (int i = 0; i < n; i++) {
        char iface[128] = "";
        uint32_t h = svcmgr_get(bs, names[i]);
        if (h) {
            binder_interface_name(bs, h, iface, sizeof iface);
            binder_release(bs, h);
        }
        printf("%d\t%s: [%s]\n", i, names[i], iface);
    }
    return 0;
}

static int check(const char *name)
{
    uint32_t h = svcmgr_get(bs, name);
    printf("Service %s: %s\n", name, h ? "found" : "not found");
    if (h)
        binder_release(bs, h);
    return 0;
}

/* Appends the arguments argv[0..argc) to p: 0, or -1 after a message. */
static int write_args(struct parcel *p, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *type = argv[i];
        if (!strcmp(type, "null")) {
            parcel_write_string16(p, NULL);
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "service: %s needs a value\n", type);
            return -1;
        }
        const char *v = argv[++i];
        if (!strcmp(type, "i32")) {
            parcel_write_i32(p, (int32_t)strtol(v, NULL, 0));
        } else if (!strcmp(type, "i64")) {
            parcel_write_i64(p, strtoll(v, NULL, 0));
        } else if (!strcmp(type, "f")) {
            float f = strtof(v, NULL);
            parcel_write(p, &f, sizeof f);
        } else if (!strcmp(type, "d")) {
            double d = strtod(v, NULL);
            parcel_write(p, &d, sizeof d);
        } else if (!strcmp(type, "s16")) {
            parcel_write_string16(p, v);
        } else if (!strcmp(type, "fd")) {
            int fd = open(v, O_RDONLY);
            if (fd < 0) {
                fprintf(stderr, "service: %s: %s\n", v, strerror(errno));
                return -1;
            }
            parcel_write_fd(p, fd);
        } else {
            fprintf(stderr, "service: unknown argument type %s\n", type);
            return -1;
        }
    }
    return 0;
}

static int call(const char *name, const char *code_arg, int argc, char **argv)
{
    uint32_t h = svcmgr_get(bs, name);
    if (!h) {
        fprintf(stderr, "service: Service %s does not exist\n", name);
        return 10;
    }
    char iface[128] = "";
    binder_interface_name(bs, h, iface, sizeof iface);
    struct parcel in, out;
    parcel_init(&in);
    parcel_write_interface_token(&in, iface);
    if (write_args(&in, argc, argv))
        return 2;
    int status = binder_call(bs, h, (uint32_t)strtoul(code_arg, NULL, 0), &in, &out, TF_ACCEPT_FDS);
    parcel_free(&in);
    if (status) {
        printf("Result: Parcel(Error: %#x \"%s\")\n", (unsigned)status,
               status < 0 && status > -4096 ? strerror(-status) : "binder status");
        return 1;
    }
    char text[4096];
    parcel_print(&out, text, sizeof text);
    printf("Result: %s\n", text);
    parcel_free(&out);
    binder_release(bs, h);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage();
    bs = binder_open(NULL, 0);
    if (!bs) {
        perror("service: " BINDER_DEVICE);
        return 1;
    }
    int r = 2;
    if (!strcmp(argv[1], "list") && argc == 2)
        r = list();
    else if (!strcmp(argv[1], "check") && argc == 3)
        r = check(argv[2]);
    else if (!strcmp(argv[1], "call") && argc >= 4)
        r = call(argv[2], argv[3], argc - 4, argv + 4);
    else
        usage();
    binder_close(bs);
    return r;
}
