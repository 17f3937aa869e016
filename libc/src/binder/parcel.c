/*
 * libc/src/binder/parcel.c: parcels, Android's wire format for binder
 * calls (pagelab/binder.h): values padded to 4 bytes, strings as UTF-16
 * with a length word and a terminating NUL, objects recorded in the
 * offsets array so that the kernel finds and translates them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binder_lib.h"

#define PAD4(n) (((n) + 3) & ~(size_t)3)
#define OBJECT_FLAGS (0x7f | FLAT_BINDER_FLAG_ACCEPTS_FDS) /* Android's default */

void parcel_init(struct parcel *p) { memset(p, 0, sizeof *p); }

void parcel_wrap(struct parcel *p, const void *data, size_t size)
{
    memset(p, 0, sizeof *p);
    p->data = (uint8_t *)data;
    p->size = size;
    p->borrowed = 1;
}

void parcel_init_received(struct parcel *p, struct binder *b,
                          const struct binder_transaction_data *tr)
{
    memset(p, 0, sizeof *p);
    p->data = (uint8_t *)(uintptr_t)tr->data.ptr.buffer;
    p->size = tr->data_size;
    p->offsets = (binder_size_t *)(uintptr_t)tr->data.ptr.offsets;
    p->noffsets = tr->offsets_size / sizeof(binder_size_t);
    p->owner = b;
}

void parcel_free(struct parcel *p)
{
    if (p->owner)
        binder_free_buffer(p->owner, (binder_uintptr_t)(uintptr_t)p->data);
    else if (!p->borrowed) {
        free(p->data);
        free(p->offsets);
    }
    parcel_init(p);
}

static int fail(struct parcel *p, int err)
{
    if (!p->error)
        p->error = err;
    return err;
}

/* Room for len more bytes of data. */
static int reserve(struct parcel *p, size_t len)
{
    if (p->owner || p->borrowed)
        return fail(p, -EPERM); /* a received or wrapped parcel is read-only */
    if (p->size + len <= p->capacity)
        return 0;
    size_t cap = p->capacity ? p->capacity : 64;
    while (cap < p->size + len)
        cap *= 2;
    uint8_t *n = realloc(p->data, cap);
    if (!n)
        return fail(p, -ENOMEM);
    p->data = n;
    p->capacity = cap;
    return 0;
}

int parcel_write(struct parcel *p, const void *data, size_t len)
{
    size_t padded = PAD4(len);
    if (reserve(p, padded))
        return p->error;
    memcpy(p->data + p->size, data, len);
    memset(p->data + p->size + len, 0, padded - len);
    p->size += padded;
    return 0;
}

int parcel_write_i32(struct parcel *p, int32_t v) { return parcel_write(p, &v, sizeof v); }
int parcel_write_u32(struct parcel *p, uint32_t v) { return parcel_write(p, &v, sizeof v); }
int parcel_write_i64(struct parcel *p, int64_t v) { return parcel_write(p, &v, sizeof v); }

int parcel_write_string16(struct parcel *p, const char *s)
{
    if (!s)
        return parcel_write_i32(p, -1);
    size_t len = strlen(s), bytes = (len + 1) * sizeof(uint16_t);
    if (parcel_write_i32(p, (int32_t)len) || reserve(p, PAD4(bytes)))
        return p->error;
    uint16_t *chars = (uint16_t *)(p->data + p->size);
    for (size_t i = 0; i < len; i++)
        chars[i] = (uint8_t)s[i];
    chars[len] = 0;
    memset(p->data + p->size + bytes, 0, PAD4(bytes) - bytes);
    p->size += PAD4(bytes);
    return 0;
}

int parcel_write_interface_token(struct parcel *p, const char *iface)
{
    parcel_write_i32(p, BINDER_STRICT_MODE_PENALTY_GATHER);
    return parcel_write_string16(p, iface);
}

/* An object at the current end, recorded in the offsets array. */
static int write_object(struct parcel *p, const void *obj, size_t len)
{
    if (p->noffsets == p->offsets_capacity) {
        size_t cap = p->offsets_capacity ? p->offsets_capacity * 2 : 4;
        binder_size_t *n = realloc(p->offsets, cap * sizeof *n);
        if (!n)
            return fail(p, -ENOMEM);
        p->offsets = n;
        p->offsets_capacity = cap;
    }
    size_t at = p->size;
    if (parcel_write(p, obj, len))
        return p->error;
    p->offsets[p->noffsets++] = at;
    return 0;
}

int parcel_write_binder(struct parcel *p, binder_uintptr_t ptr, binder_uintptr_t cookie)
{
    struct flat_binder_object o;
    memset(&o, 0, sizeof o);
    o.hdr.type = BINDER_TYPE_BINDER;
    o.flags = OBJECT_FLAGS;
    o.binder = ptr;
    o.cookie = cookie;
    return write_object(p, &o, sizeof o);
}

int parcel_write_handle(struct parcel *p, uint32_t handle)
{
    struct flat_binder_object o;
    memset(&o, 0, sizeof o);
    o.hdr.type = BINDER_TYPE_HANDLE;
    o.flags = OBJECT_FLAGS;
    o.handle = handle;
    return write_object(p, &o, sizeof o);
}

int parcel_write_fd(struct parcel *p, int fd)
{
    struct binder_fd_object o;
    memset(&o, 0, sizeof o);
    o.hdr.type = BINDER_TYPE_FD;
    o.pad_flags = OBJECT_FLAGS;
    o.fd = (uint32_t)fd;
    return write_object(p, &o, sizeof o);
}

/* ---- reading ------------------------------------------------------------------ */

const void *parcel_read(struct parcel *p, size_t len)
{
    size_t padded = PAD4(len);
    if (p->pos > p->size || padded > p->size - p->pos || padded < len) {
        fail(p, -ENODATA);
        return NULL;
    }
    const void *at = p->data + p->pos;
    p->pos += padded;
    return at;
}

int32_t parcel_read_i32(struct parcel *p)
{
    const void *v = parcel_read(p, sizeof(int32_t));
    int32_t x = 0;
    if (v)
        memcpy(&x, v, sizeof x);
    return x;
}

uint32_t parcel_read_u32(struct parcel *p) { return (uint32_t)parcel_read_i32(p); }

int64_t parcel_read_i64(struct parcel *p)
{
    const void *v = parcel_read(p, sizeof(int64_t));
    int64_t x = 0;
    if (v)
        memcpy(&x, v, sizeof x);
    return x;
}

long parcel_read_string16(struct parcel *p, char *out, size_t size)
{
    int32_t len = parcel_read_i32(p);
    if (p->error || len < 0)
        return -1;
    const uint16_t *chars = parcel_read(p, ((size_t)len + 1) * sizeof(uint16_t));
    if (!chars)
        return -1;
    size_t i = 0;
    for (; size && i < (size_t)len && i < size - 1; i++)
        out[i] = chars[i] < 0x80 ? (char)chars[i] : '?';
    if (size)
        out[i] = 0;
    return len;
}

int parcel_enforce_interface(struct parcel *p, const char *iface)
{
    char name[128];
    parcel_read_i32(p); /* strict-mode policy */
    if (parcel_read_string16(p, name, sizeof name) < 0 || strcmp(name, iface))
        return -1;
    return 0;
}

const struct flat_binder_object *parcel_read_object(struct parcel *p)
{
    for (size_t i = 0; i < p->noffsets; i++)
        if (p->offsets[i] == p->pos)
            return parcel_read(p, sizeof(struct flat_binder_object));
    return NULL;
}

uint32_t parcel_read_handle(struct parcel *p)
{
    const struct flat_binder_object *o = parcel_read_object(p);
    return o && o->hdr.type == BINDER_TYPE_HANDLE ? o->handle : 0;
}

int parcel_read_fd(struct parcel *p)
{
    const struct flat_binder_object *o = parcel_read_object(p);
    if (!o || o->hdr.type != BINDER_TYPE_FD)
        return -1;
    return (int)((const struct binder_fd_object *)o)->fd;
}

/* Android's HexDump: 32-bit little-endian words, then the bytes as text;
   one line for up to 16 bytes, else lines of 16 with their offsets. */
void parcel_print(const struct parcel *p, char *out, size_t size)
{
    size_t n = 0;
#define PUT(...)                                                       \
    do {                                                               \
        if (n < size)                                                  \
            n += (size_t)snprintf(out + n, size - n, __VA_ARGS__);     \
    } while (0)
    PUT("Parcel(");
    if (p->size == 0)
        PUT("NULL");
    int multi = p->size > 16;
    for (size_t line = 0; line < p->size; line += 16) {
        if (multi)
            PUT("\n  0x%08zx: ", line);
        for (size_t w = 0; w < 16; w += 4) {
            if (line + w < p->size) {
                uint32_t v = 0;
                memcpy(&v, p->data + line + w, 4);
                PUT("%08x ", v);
            } else if (multi) {
                PUT("         ");
            }
        }
        PUT("'");
        for (size_t i = 0; i < 16 && (multi || line + i < p->size); i++) {
            unsigned char c = line + i < p->size ? p->data[line + i] : ' ';
            PUT("%c", c >= 0x20 && c < 0x7f ? c : '.');
        }
        PUT("'");
    }
    PUT(")");
#undef PUT
}
