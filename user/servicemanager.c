/*
 * servicemanager: handle 0 of /dev/binder, the registry of services by
 * name, as Android's servicemanager.  Started by init.
 *
 *     servicemanager [DEVICE]
 *
 * It becomes the device's context manager, so every process reaches it as
 * handle 0 without knowing anything else, and answers Android's
 * IServiceManager codes (pagelab/binder.h):
 *
 *   ADD_SERVICE(token, name, object, allow_isolated)  keeps a strong
 *       reference to the object (BC_ACQUIRE) under name and asks to hear of
 *       its owner's death; a name given again is replaced.  Reply: 0.
 *   GET_SERVICE / CHECK_SERVICE(token, name)  replies with a reference to
 *       the object (the caller gets its own handle on it), or the status
 *       NAME_NOT_FOUND.
 *   LIST_SERVICES(token, index)  the index-th name, in registration order,
 *       or NAME_NOT_FOUND past the end.
 *   INTERFACE_TRANSACTION  "android.os.IServiceManager"; PING: empty.
 *
 * When a service's process dies, the death notice removes its name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../libc/include/pagelab/binder.h"

#define NAME_NOT_FOUND (-2) /* Android's status: -ENOENT */
#define NAME_MAX_LEN   128

struct service {
    char name[NAME_MAX_LEN];
    uint32_t handle;
    struct service *next;
};

static struct binder *bs;
static struct service *services; /* registration order */

static struct service *find(const char *name)
{
    for (struct service *s = services; s; s = s->next)
        if (!strcmp(s->name, name))
            return s;
    return NULL;
}

static void drop(struct service *gone)
{
    for (struct service **p = &services; *p; p = &(*p)->next)
        if (*p == gone) {
            *p = gone->next;
            free(gone);
            return;
        }
}

/* Lets go of a service's object: its notice, then its reference. */
static void forget(struct service *s)
{
    binder_clear_death(bs, s->handle, (binder_uintptr_t)(uintptr_t)s);
    binder_release(bs, s->handle);
}

static int add_service(struct parcel *in, struct parcel *reply)
{
    char name[NAME_MAX_LEN];
    if (parcel_read_string16(in, name, sizeof name) <= 0)
        return BINDER_BAD_VALUE;
    uint32_t handle = parcel_read_handle(in);
    if (!handle)
        return BINDER_BAD_VALUE;
    struct service *s = find(name);
    if (s) {
        forget(s);
    } else {
        if (!(s = calloc(1, sizeof *s)))
            return BINDER_BAD_VALUE;
        snprintf(s->name, sizeof s->name, "%s", name);
        struct service **tail = &services;
        while (*tail)
            tail = &(*tail)->next;
        *tail = s;
    }
    s->handle = handle;
    /* The request's reference goes with its buffer: take our own first. */
    binder_acquire(bs, handle);
    binder_request_death(bs, handle, (binder_uintptr_t)(uintptr_t)s);
    return parcel_write_i32(reply, 0);
}

static int get_service(struct parcel *in, struct parcel *reply)
{
    char name[NAME_MAX_LEN];
    if (parcel_read_string16(in, name, sizeof name) <= 0)
        return BINDER_BAD_VALUE;
    struct service *s = find(name);
    if (!s)
        return NAME_NOT_FOUND;
    return parcel_write_handle(reply, s->handle);
}

static int list_services(struct parcel *in, struct parcel *reply)
{
    uint32_t index = parcel_read_u32(in);
    struct service *s = services;
    for (uint32_t i = 0; s && i < index; i++)
        s = s->next;
    if (in->error || !s)
        return NAME_NOT_FOUND;
    return parcel_write_string16(reply, s->name);
}

static int handle(void *ctx, const struct binder_transaction_data *tr, struct parcel *in,
                  struct parcel *reply)
{
    (void)ctx;
    switch (tr->code) {
    case BINDER_INTERFACE_TRANSACTION:
        return parcel_write_string16(reply, SVCMGR_INTERFACE);
    case BINDER_PING_TRANSACTION:
        return 0;
    }
    if (parcel_enforce_interface(in, SVCMGR_INTERFACE))
        return BINDER_BAD_VALUE;
    switch (tr->code) {
    case SVCMGR_ADD_SERVICE:
        return add_service(in, reply);
    case SVCMGR_GET_SERVICE:
    case SVCMGR_CHECK_SERVICE:
        return get_service(in, reply);
    case SVCMGR_LIST_SERVICES:
        return list_services(in, reply);
    default:
        return BINDER_BAD_VALUE;
    }
}

static void dead(void *ctx, binder_uintptr_t cookie)
{
    (void)ctx;
    for (struct service *s = services; s; s = s->next)
        if ((binder_uintptr_t)(uintptr_t)s == cookie) {
            forget(s);
            drop(s);
            return;
        }
}

int main(int argc, char **argv)
{
    const char *dev = argc > 1 ? argv[1] : BINDER_DEVICE;
    bs = binder_open(dev, 0);
    if (!bs) {
        perror(dev);
        return 1;
    }
    if (binder_become_context_manager(bs) < 0) {
        perror("servicemanager: cannot become the context manager");
        return 1;
    }
    struct binder_server server = { handle, dead, NULL };
    binder_set_server(bs, &server);
    int r = binder_loop(bs);
    fprintf(stderr, "servicemanager: binder loop ended: %s\n", strerror(-r));
    return 1;
}
