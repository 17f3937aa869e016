/*
 * pagelab/binder_uapi.h: Linux's binder protocol, version 8 (64-bit), as
 * the kernel (kernel/ipc/binder/) and user programs (pagelab/binder.h) share
 * it.  The numbers, struct layouts and names are Linux's
 * (include/uapi/linux/android/binder.h), so a program written against
 * <linux/android/binder.h> compiles against this header and one static
 * binary talks to pagelab's /dev/binder and to Linux's binder_linux alike.
 *
 * The conversation: a program opens /dev/binder, maps its receive area
 * (read-only, at most 4 MiB), and from then on everything is one ioctl,
 * BINDER_WRITE_READ, whose write buffer holds commands (BC_*, each a 32-bit
 * code followed by its argument) and whose read buffer the kernel fills
 * with returns (BR_*, the same shape).  A transaction carries a data buffer
 * and an array of offsets into it; at each offset sits an object the
 * kernel translates on the way (a binder becomes a handle, a handle becomes
 * the node or another handle, a file descriptor becomes a new descriptor).
 */
#ifndef PAGELAB_UAPI_BINDER_H
#define PAGELAB_UAPI_BINDER_H

#include <stdint.h>

/* The ioctl number encoding (include/uapi/asm-generic/ioctl.h): direction
   in bits 30-31 (1 = the kernel reads the argument, 2 = it writes it),
   argument size in bits 16-29, a type letter in bits 8-15, a number in 0-7. */
#define BINDER_IOC_NONE_  0u
#define BINDER_IOC_WRITE_ 1u
#define BINDER_IOC_READ_  2u
#define BINDER_IOC_(dir, type, nr, size) \
    (((dir) << 30) | ((uint32_t)(size) << 16) | ((uint32_t)(type) << 8) | (uint32_t)(nr))
#define BINDER_IO_(t, nr)         BINDER_IOC_(BINDER_IOC_NONE_, t, nr, 0)
#define BINDER_IOR_(t, nr, type)  BINDER_IOC_(BINDER_IOC_READ_, t, nr, sizeof(type))
#define BINDER_IOW_(t, nr, type)  BINDER_IOC_(BINDER_IOC_WRITE_, t, nr, sizeof(type))
#define BINDER_IOWR_(t, nr, type) BINDER_IOC_(BINDER_IOC_READ_ | BINDER_IOC_WRITE_, t, nr, sizeof(type))

/* The protocol's word sizes: 64-bit (the 32-bit protocol, version 7, is not spoken). */
typedef uint64_t binder_size_t;
typedef uint64_t binder_uintptr_t;

#define BINDER_CURRENT_PROTOCOL_VERSION 8

/* ---- objects inside a transaction's data ---------------------------------
   Their type words spell a tag: 's','b','*' then 0x85 ("large" type). */
#define BINDER_TYPE_TAG_(a, b, c) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | 0x85u)
enum {
    BINDER_TYPE_BINDER = BINDER_TYPE_TAG_('s', 'b', '*'),      /* a strong reference to a local object */
    BINDER_TYPE_WEAK_BINDER = BINDER_TYPE_TAG_('w', 'b', '*'), /* a weak one */
    BINDER_TYPE_HANDLE = BINDER_TYPE_TAG_('s', 'h', '*'),      /* a strong reference to a remote object */
    BINDER_TYPE_WEAK_HANDLE = BINDER_TYPE_TAG_('w', 'h', '*'), /* a weak one */
    BINDER_TYPE_FD = BINDER_TYPE_TAG_('f', 'd', '*'),          /* a file descriptor */
    BINDER_TYPE_FDA = BINDER_TYPE_TAG_('f', 'd', 'a'),         /* an array of them (scatter-gather only) */
    BINDER_TYPE_PTR = BINDER_TYPE_TAG_('p', 't', '*'),         /* a buffer (scatter-gather only) */
};

/* flat_binder_object.flags of a local object (kept in its node). */
enum {
    FLAT_BINDER_FLAG_PRIORITY_MASK = 0xff,
    FLAT_BINDER_FLAG_ACCEPTS_FDS = 0x100,       /* transactions to it may carry descriptors */
    FLAT_BINDER_FLAG_TXN_SECURITY_CTX = 0x1000, /* senders' security context wanted */
};

struct binder_object_header {
    uint32_t type; /* BINDER_TYPE_* */
};

/* BINDER_TYPE_BINDER / WEAK_BINDER / HANDLE / WEAK_HANDLE (24 bytes). */
struct flat_binder_object {
    struct binder_object_header hdr;
    uint32_t flags;
    union {
        binder_uintptr_t binder; /* a local object: the owner's pointer */
        uint32_t handle;         /* a remote object: the holder's handle */
    };
    binder_uintptr_t cookie; /* the owner's extra word for a local object */
};

/* BINDER_TYPE_FD (24 bytes). */
struct binder_fd_object {
    struct binder_object_header hdr;
    uint32_t pad_flags;
    union {
        binder_uintptr_t pad_binder;
        uint32_t fd;
    };
    binder_uintptr_t cookie;
};

/* BINDER_TYPE_PTR (40 bytes), for BC_TRANSACTION_SG. */
struct binder_buffer_object {
    struct binder_object_header hdr;
    uint32_t flags;
    binder_uintptr_t buffer;
    binder_size_t length;
    binder_size_t parent;
    binder_size_t parent_offset;
};
enum { BINDER_BUFFER_FLAG_HAS_PARENT = 0x01 };

/* BINDER_TYPE_FDA (32 bytes), for BC_TRANSACTION_SG. */
struct binder_fd_array_object {
    struct binder_object_header hdr;
    uint32_t pad;
    binder_size_t num_fds;
    binder_size_t parent;
    binder_size_t parent_offset;
};

/* ---- ioctls ---------------------------------------------------------------- */

/* BINDER_WRITE_READ: commands from write_buffer, returns into read_buffer;
   the kernel advances the two consumed counts. */
struct binder_write_read {
    binder_size_t write_size;
    binder_size_t write_consumed;
    binder_uintptr_t write_buffer;
    binder_size_t read_size;
    binder_size_t read_consumed;
    binder_uintptr_t read_buffer;
};

struct binder_version {
    int32_t protocol_version;
};

struct binder_node_debug_info {
    binder_uintptr_t ptr;
    binder_uintptr_t cookie;
    uint32_t has_strong_ref;
    uint32_t has_weak_ref;
};

struct binder_node_info_for_ref {
    uint32_t handle;
    uint32_t strong_count;
    uint32_t weak_count;
    uint32_t reserved1, reserved2, reserved3;
};

struct binder_freeze_info {
    uint32_t pid;
    uint32_t enable;
    uint32_t timeout_ms;
};

struct binder_frozen_status_info {
    uint32_t pid;
    uint32_t sync_recv;
    uint32_t async_recv;
};

struct binder_extended_error {
    uint32_t id;
    uint32_t command;
    int32_t param;
};

#define BINDER_WRITE_READ                   BINDER_IOWR_('b', 1, struct binder_write_read)
#define BINDER_SET_IDLE_TIMEOUT             BINDER_IOW_('b', 3, int64_t)
#define BINDER_SET_MAX_THREADS              BINDER_IOW_('b', 5, uint32_t)
#define BINDER_SET_IDLE_PRIORITY            BINDER_IOW_('b', 6, int32_t)
#define BINDER_SET_CONTEXT_MGR              BINDER_IOW_('b', 7, int32_t)
#define BINDER_THREAD_EXIT                  BINDER_IOW_('b', 8, int32_t)
#define BINDER_VERSION                      BINDER_IOWR_('b', 9, struct binder_version)
#define BINDER_GET_NODE_DEBUG_INFO          BINDER_IOWR_('b', 11, struct binder_node_debug_info)
#define BINDER_GET_NODE_INFO_FOR_REF        BINDER_IOWR_('b', 12, struct binder_node_info_for_ref)
#define BINDER_SET_CONTEXT_MGR_EXT          BINDER_IOW_('b', 13, struct flat_binder_object)
#define BINDER_FREEZE                       BINDER_IOW_('b', 14, struct binder_freeze_info)
#define BINDER_GET_FROZEN_INFO              BINDER_IOWR_('b', 15, struct binder_frozen_status_info)
#define BINDER_ENABLE_ONEWAY_SPAM_DETECTION BINDER_IOW_('b', 16, uint32_t)
#define BINDER_GET_EXTENDED_ERROR           BINDER_IOWR_('b', 17, struct binder_extended_error)

/* ---- transactions ------------------------------------------------------------ */

enum transaction_flags {
    TF_ONE_WAY = 0x01,     /* no reply: the sender goes on at once */
    TF_ROOT_OBJECT = 0x04, /* (unused by the driver) */
    TF_STATUS_CODE = 0x08, /* the data is a 32-bit status code */
    TF_ACCEPT_FDS = 0x10,  /* the reply may carry file descriptors */
    TF_CLEAR_BUF = 0x20,   /* zero the receive buffer when it is freed */
    TF_UPDATE_TXN = 0x40,  /* replace an older pending one-way (frozen targets) */
};

/* What BC_TRANSACTION / BC_REPLY send and BR_TRANSACTION / BR_REPLY receive
   (64 bytes). */
struct binder_transaction_data {
    union {
        uint32_t handle;      /* BC_TRANSACTION: the target's handle */
        binder_uintptr_t ptr; /* BR_TRANSACTION: the target's local pointer */
    } target;
    binder_uintptr_t cookie; /* BR_TRANSACTION: the target's cookie */
    uint32_t code;           /* what to do: the receiver's business */
    uint32_t flags;          /* TF_* */
    int32_t sender_pid;      /* filled in by the kernel */
    uint32_t sender_euid;    /* filled in by the kernel */
    binder_size_t data_size;
    binder_size_t offsets_size;
    union {
        struct {
            binder_uintptr_t buffer;  /* the data */
            binder_uintptr_t offsets; /* binder_size_t offsets of objects in it */
        } ptr;
        uint8_t buf[8];
    } data;
};

struct binder_transaction_data_secctx {
    struct binder_transaction_data transaction_data;
    binder_uintptr_t secctx;
};

struct binder_transaction_data_sg {
    struct binder_transaction_data transaction_data;
    binder_size_t buffers_size;
};

struct binder_ptr_cookie {
    binder_uintptr_t ptr;
    binder_uintptr_t cookie;
};

struct binder_handle_cookie {
    uint32_t handle;
    binder_uintptr_t cookie;
} __attribute__((packed));

struct binder_pri_desc {
    int32_t priority;
    uint32_t desc;
};

struct binder_pri_ptr_cookie {
    int32_t priority;
    binder_uintptr_t ptr;
    binder_uintptr_t cookie;
};

/* Returns: what the kernel writes into the read buffer. */
enum binder_driver_return_protocol {
    BR_ERROR = BINDER_IOR_('r', 0, int32_t),
    BR_OK = BINDER_IO_('r', 1),
    BR_TRANSACTION_SEC_CTX = BINDER_IOR_('r', 2, struct binder_transaction_data_secctx),
    BR_TRANSACTION = BINDER_IOR_('r', 2, struct binder_transaction_data),
    BR_REPLY = BINDER_IOR_('r', 3, struct binder_transaction_data),
    BR_ACQUIRE_RESULT = BINDER_IOR_('r', 4, int32_t),
    BR_DEAD_REPLY = BINDER_IO_('r', 5),           /* the target is gone */
    BR_TRANSACTION_COMPLETE = BINDER_IO_('r', 6), /* the last command was taken */
    BR_INCREFS = BINDER_IOR_('r', 7, struct binder_ptr_cookie),
    BR_ACQUIRE = BINDER_IOR_('r', 8, struct binder_ptr_cookie),
    BR_RELEASE = BINDER_IOR_('r', 9, struct binder_ptr_cookie),
    BR_DECREFS = BINDER_IOR_('r', 10, struct binder_ptr_cookie),
    BR_ATTEMPT_ACQUIRE = BINDER_IOR_('r', 11, struct binder_pri_ptr_cookie),
    BR_NOOP = BINDER_IO_('r', 12),
    BR_SPAWN_LOOPER = BINDER_IO_('r', 13), /* start another looper thread */
    BR_FINISHED = BINDER_IO_('r', 14),
    BR_DEAD_BINDER = BINDER_IOR_('r', 15, binder_uintptr_t),
    BR_CLEAR_DEATH_NOTIFICATION_DONE = BINDER_IOR_('r', 16, binder_uintptr_t),
    BR_FAILED_REPLY = BINDER_IO_('r', 17), /* the last transaction failed */
    BR_FROZEN_REPLY = BINDER_IO_('r', 18),
    BR_ONEWAY_SPAM_SUSPECT = BINDER_IO_('r', 19),
};

/* Commands: what a program writes into the write buffer. */
enum binder_driver_command_protocol {
    BC_TRANSACTION = BINDER_IOW_('c', 0, struct binder_transaction_data),
    BC_REPLY = BINDER_IOW_('c', 1, struct binder_transaction_data),
    BC_ACQUIRE_RESULT = BINDER_IOW_('c', 2, int32_t),
    BC_FREE_BUFFER = BINDER_IOW_('c', 3, binder_uintptr_t),
    BC_INCREFS = BINDER_IOW_('c', 4, uint32_t),
    BC_ACQUIRE = BINDER_IOW_('c', 5, uint32_t),
    BC_RELEASE = BINDER_IOW_('c', 6, uint32_t),
    BC_DECREFS = BINDER_IOW_('c', 7, uint32_t),
    BC_INCREFS_DONE = BINDER_IOW_('c', 8, struct binder_ptr_cookie),
    BC_ACQUIRE_DONE = BINDER_IOW_('c', 9, struct binder_ptr_cookie),
    BC_ATTEMPT_ACQUIRE = BINDER_IOW_('c', 10, struct binder_pri_desc),
    BC_REGISTER_LOOPER = BINDER_IO_('c', 11),
    BC_ENTER_LOOPER = BINDER_IO_('c', 12),
    BC_EXIT_LOOPER = BINDER_IO_('c', 13),
    BC_REQUEST_DEATH_NOTIFICATION = BINDER_IOW_('c', 14, struct binder_handle_cookie),
    BC_CLEAR_DEATH_NOTIFICATION = BINDER_IOW_('c', 15, struct binder_handle_cookie),
    BC_DEAD_BINDER_DONE = BINDER_IOW_('c', 16, binder_uintptr_t),
    BC_TRANSACTION_SG = BINDER_IOW_('c', 17, struct binder_transaction_data_sg),
    BC_REPLY_SG = BINDER_IOW_('c', 18, struct binder_transaction_data_sg),
};

/* The number part of a command or return code (its index in the stats). */
#define BINDER_CODE_NR(code) ((code)&0xff)

#endif
