/*
 * pagelab/binder.h: a small binder library for user programs (libc/src/
 * binder/), over the kernel protocol of pagelab/binder_uapi.h.  The same
 * source builds with pagelab's libc and with musl, and runs on pagelab's
 * binder and on Linux's binder_linux.
 *
 *     struct binder *b = binder_open("/dev/binder", 0);
 *     uint32_t echo = svcmgr_get(b, "echo");          // a handle, 0 if none
 *     struct parcel in, out;
 *     parcel_init(&in);
 *     parcel_write_interface_token(&in, "org.pagelab.IEcho");
 *     parcel_write_string16(&in, "hello");
 *     int status = binder_call(b, echo, 1, &in, &out, 0);
 *     ... parcel_read_string16(&out, buf, sizeof buf) ...
 *     parcel_free(&out);                               // BC_FREE_BUFFER
 *
 * Parcels are Android's: 32-bit aligned values, UTF-16 strings with a
 * length word, objects (binders, handles, descriptors) whose positions go
 * into the offsets array the kernel translates.  A received parcel points
 * straight into the receive area (no copy); parcel_free gives its buffer
 * back.  Status codes are Android's: 0, BINDER_DEAD_OBJECT (-EPIPE: the
 * target is gone), BINDER_FAILED_TRANSACTION (the kernel refused it), or
 * whatever the server returned (a status-code reply).
 *
 * Threads: a struct binder belongs to the thread that opened it, except
 * for a looper pool.  After binder_set_max_threads(b, n) the kernel may
 * ask for up to n more loopers (BR_SPAWN_LOOPER, when a call arrives and
 * no looper is free); the library answers by starting a thread that
 * registers (BC_REGISTER_LOOPER) and serves calls with its own command
 * queue, as Android's ProcessState thread pool does.  The handler then
 * runs on several threads at once and must be thread-safe; a call it
 * makes through b goes out on its own thread's queue.  Pool threads live
 * until the process exits.
 */
#ifndef PAGELAB_BINDER_H
#define PAGELAB_BINDER_H

#include <stddef.h>
#include <stdint.h>
#include "binder_uapi.h"

#define BINDER_DEVICE       "/dev/binder"
#define BINDER_VM_SIZE      ((1u << 20) - 2 * 4096) /* what Android's libbinder maps */
#define BINDER_DEAD_OBJECT  (-32)                 /* -EPIPE, Android's DEAD_OBJECT */
#define BINDER_FAILED_TRANSACTION ((int32_t)0x80000002) /* Android's FAILED_TRANSACTION */
#define BINDER_BAD_VALUE    (-22)                 /* -EINVAL, Android's BAD_VALUE */

/* Transaction codes every object answers (Android's IBinder). */
#define BINDER_PACK_CHARS(a, b, c, d) (((uint32_t)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define BINDER_FIRST_CALL_TRANSACTION 0x00000001
#define BINDER_PING_TRANSACTION       BINDER_PACK_CHARS('_', 'P', 'N', 'G')
#define BINDER_INTERFACE_TRANSACTION  BINDER_PACK_CHARS('_', 'N', 'T', 'F')

/* The strict-mode word that heads an interface token (Android's
   STRICT_MODE_PENALTY_GATHER). */
#define BINDER_STRICT_MODE_PENALTY_GATHER 0x40000000

struct binder;

/* ---- parcels --------------------------------------------------------------- */

struct parcel {
    uint8_t *data;
    size_t size, capacity, pos; /* bytes written; allocated; next to read */
    binder_size_t *offsets;     /* where the objects are */
    size_t noffsets, offsets_capacity;
    int error;                  /* sticky: a failed write (-ENOMEM) or a read past the end */
    struct binder *owner;       /* a received parcel: in owner's receive area */
    int borrowed;               /* data is the caller's (parcel_wrap): never freed */
};

void parcel_init(struct parcel *p);
/* A parcel of size bytes at data, used in place (no copy into the parcel:
   a call sends them straight from there).  Read-only; the caller keeps
   data alive and owns it. */
void parcel_wrap(struct parcel *p, const void *data, size_t size);
/* Frees what p owns; a received parcel's buffer goes back to the kernel. */
void parcel_free(struct parcel *p);
int parcel_write(struct parcel *p, const void *data, size_t len); /* padded to 4 bytes */
int parcel_write_i32(struct parcel *p, int32_t v);
int parcel_write_u32(struct parcel *p, uint32_t v);
int parcel_write_i64(struct parcel *p, int64_t v);
/* A UTF-16 string of the bytes of s (ASCII), as Android's writeString16;
   NULL writes the null string (length -1). */
int parcel_write_string16(struct parcel *p, const char *s);
/* The strict-mode word and the interface's name (writeInterfaceToken). */
int parcel_write_interface_token(struct parcel *p, const char *iface);
/* Objects: a local object of this process (its pointer and cookie), a
   handle on a remote one, a file descriptor (the receiver gets its own). */
int parcel_write_binder(struct parcel *p, binder_uintptr_t ptr, binder_uintptr_t cookie);
int parcel_write_handle(struct parcel *p, uint32_t handle);
int parcel_write_fd(struct parcel *p, int fd);

/* Reads: the value, or 0 with p->error set once past the end. */
const void *parcel_read(struct parcel *p, size_t len); /* padded to 4 bytes */
int32_t parcel_read_i32(struct parcel *p);
uint32_t parcel_read_u32(struct parcel *p);
int64_t parcel_read_i64(struct parcel *p);
/* A UTF-16 string into out as bytes (non-ASCII becomes '?'): its length,
   or -1 for the null string or an error. */
long parcel_read_string16(struct parcel *p, char *out, size_t size);
/* Checks an interface token: 0, or -1 if it names another interface. */
int parcel_enforce_interface(struct parcel *p, const char *iface);
/* The object at the read position: its header, or NULL if the position
   is not one of the parcel's objects. */
const struct flat_binder_object *parcel_read_object(struct parcel *p);
/* A strong handle, or 0 (no object, or not a handle). */
uint32_t parcel_read_handle(struct parcel *p);
/* A file descriptor object's descriptor, or -1. */
int parcel_read_fd(struct parcel *p);
/* Prints p as Android's Parcel does ("Parcel(00000000 '....')"). */
void parcel_print(const struct parcel *p, char *out, size_t size);

/* ---- the device ---------------------------------------------------------------- */

/* Opens dev (BINDER_DEVICE when NULL) and maps mapsize bytes of receive
   area (BINDER_VM_SIZE when 0).  NULL with errno set. */
struct binder *binder_open(const char *dev, size_t mapsize);
void binder_close(struct binder *b);
int binder_fd(const struct binder *b);
/* Becomes the context manager (handle 0) of the device: 0 or -1/errno. */
int binder_become_context_manager(struct binder *b);
/* One BINDER_WRITE_READ with only commands: 0 or -1/errno. */
int binder_write(struct binder *b, const void *cmds, size_t len);
/* Reference counts and death notices on a handle. */
int binder_acquire(struct binder *b, uint32_t handle);
int binder_release(struct binder *b, uint32_t handle);
int binder_request_death(struct binder *b, uint32_t handle, binder_uintptr_t cookie);
int binder_clear_death(struct binder *b, uint32_t handle, binder_uintptr_t cookie);

/* ---- calling and serving --------------------------------------------------------- */

/* Calls code on handle with data; the reply (pointing into the receive
   area) goes into reply unless TF_ONE_WAY is in flags.  Returns the status
   (0, an error the server returned, BINDER_DEAD_OBJECT, ...). */
int binder_call(struct binder *b, uint32_t handle, uint32_t code, const struct parcel *data,
                struct parcel *reply, uint32_t flags);

/* What a server does with one call: fill reply and return 0, or return a
   status for the caller (sent as a status-code reply).  tr says who called
   (sender_pid, sender_euid), what (code, flags) and on which of the
   server's objects (target.ptr, cookie). */
typedef int (*binder_handler_fn)(void *ctx, const struct binder_transaction_data *tr,
                                 struct parcel *data, struct parcel *reply);
typedef void (*binder_death_fn)(void *ctx, binder_uintptr_t cookie);
struct binder_server {
    binder_handler_fn handle;
    binder_death_fn dead; /* a death notice (may be NULL) */
    void *ctx;
};
/* Sets the handler of calls to this process's objects, also used for calls
   that arrive while binder_call waits for its reply. */
void binder_set_server(struct binder *b, const struct binder_server *s);
/* Lets the kernel ask for up to n looper threads beside the one in
   binder_loop, started by the library as they are asked for (the
   handler must be thread-safe then): 0 or -1/errno. */
int binder_set_max_threads(struct binder *b, uint32_t n);
/* Serves calls forever (BC_ENTER_LOOPER first): returns only on an error,
   -errno. */
int binder_loop(struct binder *b);
/* Serves what one read brings (waits for it): 0 or -errno. */
int binder_serve_once(struct binder *b);

/* ---- the service manager (handle 0) ------------------------------------------------ */

#define SVCMGR_INTERFACE     "android.os.IServiceManager"
#define SVCMGR_GET_SERVICE   1 /* name -> handle, waiting for it (here: as check) */
#define SVCMGR_CHECK_SERVICE 2 /* name -> handle, or a status if there is none */
#define SVCMGR_ADD_SERVICE   3 /* name, object, allow_isolated */
#define SVCMGR_LIST_SERVICES 4 /* index -> name */

/* Registers this process's object ptr (with cookie) under name: status. */
int svcmgr_add(struct binder *b, const char *name, binder_uintptr_t ptr,
               binder_uintptr_t cookie);
/* The handle of service name (a strong reference the caller now holds,
   BC_ACQUIREd), or 0 if there is none. */
uint32_t svcmgr_get(struct binder *b, const char *name);
/* The name of the index-th service into name: 0, or a status (no more). */
int svcmgr_list(struct binder *b, uint32_t index, char *name, size_t size);
/* A service's interface name (INTERFACE_TRANSACTION): 0 or a status. */
int binder_interface_name(struct binder *b, uint32_t handle, char *name, size_t size);

#endif
