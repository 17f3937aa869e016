/*
 * kernel/ipc/binder/binder_internal.h: the objects of pagelab's binder and
 * the calls between its files.  The protocol is Linux's (pagelab/
 * binder_uapi.h); where the UAPI is silent, the behaviour follows Linux's
 * driver (drivers/android/binder.c), in our own code.
 *
 *   binder_context  one per device (/dev/binder, /dev/hwbinder,
 *                   /dev/vndbinder): its context manager, handle 0.
 *   binder_proc     one per open of a device: threads, the nodes it owns,
 *                   its references (handles) to others' nodes, its work
 *                   queue and its receive area (alloc.h).
 *   binder_thread   one per task that used the proc (keyed by thread id):
 *                   its own work queue and its stack of transactions.
 *   binder_node     a local object of a proc that others may reference,
 *                   with strong and weak counts (local, internal, temporary).
 *   binder_ref      one proc's handle on a node, with its own counts and an
 *                   optional death notification.
 *   binder_transaction  a call or reply in flight, its buffer in the
 *                   receiver's area, and who waits for it.
 *   binder_work     an item on a todo list (a thread's, a proc's, or a
 *                   node's queue of one-way calls), delivered as BR_* returns.
 *
 * Files: device.c (open, mmap, ioctl, release), thread.c, node.c (nodes and
 * references), work.c (queues and wake-ups), command.c (BC_* commands),
 * return.c (BR_* returns), transaction.c, translate.c (objects in a
 * transaction), death.c, release.c (a proc's teardown), alloc.c and
 * alloc_pages.c (the receive area), stats.c and procfs.c (/proc/binder).
 *
 * Locking: one CPU and no kernel preemption, so binder state changes only
 * between sleeps of the task changing it.  The sleeps are the waits for
 * work (return.c) and page faults inside user copies; across them, objects
 * are kept alive by temporary references as Linux does (proc->tmp_ref,
 * thread->tmp_ref, node->tmp_refs) and re-checked (is_dead) afterwards.
 */
#ifndef PAGELAB_IPC_BINDER_BINDER_INTERNAL_H
#define PAGELAB_IPC_BINDER_BINDER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/ipc/binder/alloc.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "libc/include/pagelab/binder_uapi.h"

struct file;

/* ---- work items ---------------------------------------------------------- */

enum binder_work_type {
    BINDER_WORK_TRANSACTION = 1,          /* BR_TRANSACTION / BR_REPLY */
    BINDER_WORK_TRANSACTION_COMPLETE,     /* BR_TRANSACTION_COMPLETE */
    BINDER_WORK_RETURN_ERROR,             /* a thread's error return (binder_error) */
    BINDER_WORK_NODE,                     /* BR_INCREFS/ACQUIRE/RELEASE/DECREFS */
    BINDER_WORK_DEAD_BINDER,              /* BR_DEAD_BINDER */
    BINDER_WORK_DEAD_BINDER_AND_CLEAR,    /* the same, cleared before it was acknowledged */
    BINDER_WORK_CLEAR_DEATH_NOTIFICATION, /* BR_CLEAR_DEATH_NOTIFICATION_DONE */
};

struct binder_work {
    struct list_head entry; /* on one todo list, or empty */
    enum binder_work_type type;
};

/* An error for the thread to read: BR_FAILED_REPLY, BR_DEAD_REPLY, BR_ERROR
   or BR_TRANSACTION_COMPLETE; cmd is BR_OK while none is queued. */
struct binder_error {
    struct binder_work work;
    uint32_t cmd;
};

/* ---- contexts, processes, threads --------------------------------------------- */

#define BINDER_DEVICES 3 /* binder, hwbinder, vndbinder: Android's three contexts */

struct binder_context {
    const char *name;
    struct binder_node *mgr_node; /* handle 0; NULL when there is no manager */
    bool mgr_uid_set;             /* the first manager's euid binds later ones */
    uint32_t mgr_uid;
};

/* BR and BC counters (per proc and global): index = code & 0xff. */
#define BINDER_BR_COUNT (BINDER_CODE_NR(BR_ONEWAY_SPAM_SUSPECT) + 1)
#define BINDER_BC_COUNT (BINDER_CODE_NR(BC_REPLY_SG) + 1)
struct binder_counters {
    uint64_t br[BINDER_BR_COUNT];
    uint64_t bc[BINDER_BC_COUNT];
};

struct binder_proc {
    struct list_head procs_link; /* on binder_procs */
    int pid;                     /* the opener's process id */
    struct binder_context *context;
    struct list_head threads;         /* binder_thread.proc_link */
    struct list_head nodes;           /* binder_node.proc_link, owned nodes */
    struct list_head refs;            /* binder_ref.proc_link, by ascending desc */
    struct list_head todo;            /* work any looper thread may take */
    struct list_head delivered_death; /* BR_DEAD_BINDER sent, not yet acknowledged */
    struct list_head waiting_threads; /* loopers asleep waiting for proc work */
    uint32_t max_threads;             /* BINDER_SET_MAX_THREADS */
    int requested_threads;            /* BR_SPAWN_LOOPER sent, not yet registered */
    int requested_threads_started;
    int outstanding_txns;       /* transactions queued to it, not yet freed */
    int tmp_ref;                /* kept alive across sleeps */
    bool is_dead;               /* released: no new work */
    struct binder_alloc *alloc; /* the receive area (outlives proc while mapped) */
    struct binder_counters counts;
};

/* binder_thread.looper bits (Linux's BINDER_LOOPER_STATE_*). */
#define BINDER_LOOPER_REGISTERED 0x01 /* BC_REGISTER_LOOPER: a spawned pool thread */
#define BINDER_LOOPER_ENTERED    0x02 /* BC_ENTER_LOOPER: a thread that serves */
#define BINDER_LOOPER_EXITED     0x04
#define BINDER_LOOPER_INVALID    0x08 /* the looper commands came in a wrong order */
#define BINDER_LOOPER_WAITING    0x10 /* asleep in the read side */

struct binder_thread {
    struct binder_proc *proc;
    struct list_head proc_link;    /* on proc->threads */
    struct list_head waiting_link; /* on proc->waiting_threads, else empty */
    int tid;
    uint32_t looper;
    bool looper_need_return; /* return from a read without work */
    bool process_todo;       /* todo holds work that must wake the thread */
    struct binder_transaction *transaction_stack;
    struct list_head todo;
    struct binder_error return_error; /* errors of its own commands */
    struct binder_error reply_error;  /* a failed reply to its call */
    struct binder_extended_error
        ee; /* the last transaction's outcome (BINDER_GET_EXTENDED_ERROR) */
    struct waitqueue wait;
    int tmp_ref;
    bool is_dead;
};

/* ---- nodes and references ---------------------------------------------------- */

struct binder_node {
    int debug_id;
    struct binder_work work;    /* BINDER_WORK_NODE: tell the owner its counts changed */
    struct list_head proc_link; /* on proc->nodes, or on binder_dead_nodes */
    struct binder_proc *proc;   /* the owner; NULL once it is gone */
    struct list_head refs;      /* binder_ref.node_link: other procs' handles */
    int internal_strong_refs;   /* strong refs (and transactions) of other procs */
    int local_weak_refs;        /* held by the owner itself (and by buffers) */
    int local_strong_refs;
    int tmp_refs; /* kept alive by the kernel across a call */
    binder_uintptr_t ptr, cookie;
    bool has_strong_ref, pending_strong_ref; /* the owner was told / has acknowledged */
    bool has_weak_ref, pending_weak_ref;
    bool accept_fds;
    uint8_t min_priority;
    bool has_async_transaction;  /* a one-way call is being handled */
    struct list_head async_todo; /* one-way calls waiting for it */
};

struct binder_ref_death {
    struct binder_work work;
    binder_uintptr_t cookie;
};

struct binder_ref {
    int debug_id;
    uint32_t desc; /* the handle */
    int strong, weak;
    struct list_head proc_link; /* on proc->refs */
    struct list_head node_link; /* on node->refs */
    struct binder_proc *proc;
    struct binder_node *node;
    struct binder_ref_death *death;
};

/* ---- transactions ------------------------------------------------------------ */

/* A descriptor to install in the receiver when it reads the transaction. */
struct binder_fd_fixup {
    struct list_head link;
    struct file *file; /* a reference */
    uint64_t offset;   /* of the fd field in the buffer */
    int target_fd;     /* installed in the receiver, or -1 */
};

struct binder_transaction {
    int debug_id;
    struct binder_work work;
    struct binder_thread *from;             /* the caller waiting for a reply; NULL otherwise */
    struct binder_transaction *from_parent; /* the caller's stack */
    struct binder_proc *to_proc;
    struct binder_thread *to_thread;
    struct binder_transaction *to_parent; /* the handler's stack */
    bool need_reply;
    struct binder_buffer *buffer;
    uint32_t code, flags;
    uint32_t sender_euid;
    struct list_head fd_fixups;
};

/* ---- global state ---------------------------------------------------------------- */

enum binder_stat_type {
    BINDER_STAT_PROC,
    BINDER_STAT_THREAD,
    BINDER_STAT_NODE,
    BINDER_STAT_REF,
    BINDER_STAT_DEATH,
    BINDER_STAT_TRANSACTION,
    BINDER_STAT_TRANSACTION_COMPLETE,
    BINDER_STAT_COUNT
};

struct binder_global_stats {
    struct binder_counters counts;
    uint64_t created[BINDER_STAT_COUNT];
    uint64_t deleted[BINDER_STAT_COUNT];
};

extern struct binder_global_stats binder_stats;
extern struct list_head binder_procs;
extern struct list_head binder_dead_nodes;
extern struct binder_context binder_contexts[BINDER_DEVICES];

int binder_next_debug_id(void);
static inline void binder_stat_created(enum binder_stat_type t) { binder_stats.created[t]++; }
static inline void binder_stat_deleted(enum binder_stat_type t) { binder_stats.deleted[t]++; }
void binder_stat_br(struct binder_proc *proc, uint32_t cmd);
void binder_stat_bc(struct binder_proc *proc, uint32_t cmd);

/* A broken rule of the protocol by user space: logged (Linux's
   binder_user_error), never fatal. */
void binder_user_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the transaction log (stats.c) -------------------------------------------- */

enum { BINDER_CALL_SYNC, BINDER_CALL_ASYNC, BINDER_CALL_REPLY };

struct binder_log_entry {
    int debug_id;
    int debug_id_done; /* 0 while in flight or failed */
    int call_type;     /* BINDER_CALL_* */
    int from_proc, from_thread;
    uint32_t target_handle;
    int to_proc, to_thread, to_node;
    uint64_t data_size, offsets_size;
    uint32_t return_error;
    int return_error_param;
    int return_error_line;
    const char *context;
};

#define BINDER_LOG_ENTRIES 32
struct binder_log {
    unsigned next;
    bool full;
    struct binder_log_entry entry[BINDER_LOG_ENTRIES];
};
extern struct binder_log binder_transaction_log, binder_failed_log;
struct binder_log_entry *binder_log_add(struct binder_log *log);

/* ---- user memory (device.c) ------------------------------------------------------- */

/* One word from or to the caller's command or return buffer: 0 or -EFAULT
   (counted in the ledger as syscall arguments: protocol, not payload). */
int binder_get_u32(uint32_t *v, uint64_t uaddr);
int binder_get_u64(uint64_t *v, uint64_t uaddr);
int binder_put_u32(uint32_t v, uint64_t uaddr);
int binder_put_u64(uint64_t v, uint64_t uaddr);

/* ---- threads (thread.c) ------------------------------------------------------------ */

/* The calling task's thread in proc, made on first use; NULL when out of memory. */
struct binder_thread *binder_get_thread(struct binder_proc *proc);
/* BINDER_THREAD_EXIT and teardown: fails the transactions it handles (their
   callers get BR_DEAD_REPLY), drops its work.  Returns how many
   transactions were on its stack. */
int binder_thread_release(struct binder_proc *proc, struct binder_thread *thread);
void binder_thread_dec_tmpref(struct binder_thread *thread);
void binder_proc_dec_tmpref(struct binder_proc *proc);

/* ---- work queues (work.c) ------------------------------------------------------------ */

static inline bool binder_worklist_empty(struct list_head *list) { return list_empty(list); }
void binder_enqueue_work(struct binder_work *w, struct list_head *target);
/* Queues w for thread and marks the thread as having work to return for. */
void binder_enqueue_thread_work(struct binder_thread *thread, struct binder_work *w);
/* Queues w for thread without waking it for it (delivered with the next work). */
void binder_enqueue_deferred_thread_work(struct binder_thread *thread, struct binder_work *w);
void binder_dequeue_work(struct binder_work *w);
struct binder_work *binder_dequeue_work_head(struct list_head *list);
/* A looper asleep for proc work, taken off the waiting list; or NULL. */
struct binder_thread *binder_select_thread(struct binder_proc *proc);
/* Wakes thread, or when NULL a thread of proc that waits for proc work. */
void binder_wakeup_thread(struct binder_proc *proc, struct binder_thread *thread);
void binder_wakeup_proc(struct binder_proc *proc);
/* Drops every item of list (a dead proc's or thread's): callers of
   undelivered calls get BR_DEAD_REPLY. */
void binder_release_work(struct binder_proc *proc, struct list_head *list);

/* ---- nodes and references (node.c) ---------------------------------------------- */

struct binder_node *binder_get_node(struct binder_proc *proc, binder_uintptr_t ptr); /* +tmp ref */
/* A new node for the local object of fp (NULL: the manager with no object);
   returned with a temporary reference.  An existing one if ptr is known. */
struct binder_node *binder_new_node(struct binder_proc *proc, const struct flat_binder_object *fp);
void binder_put_node(struct binder_node *node); /* drops a temporary reference */
void binder_inc_node_tmpref(struct binder_node *node);
/* Count changes; target_list: the thread todo where a first strong
   reference is announced to the owner (BR_ACQUIRE), or NULL.  0 or -EINVAL. */
int binder_inc_node(struct binder_node *node, bool strong, bool internal,
                    struct list_head *target_list);
void binder_dec_node(struct binder_node *node, bool strong, bool internal);
void binder_free_node(struct binder_node *node);
/* For a transaction to node: a strong and a temporary reference, and its
   proc (with a tmp_ref) in *procp; NULL with *error = BR_DEAD_REPLY if the
   owner is gone. */
struct binder_node *binder_get_node_refs_for_txn(struct binder_node *node,
                                                 struct binder_proc **procp, uint32_t *error);

struct binder_ref *binder_get_ref(struct binder_proc *proc, uint32_t desc, bool need_strong);
/* proc's reference on node, made if missing, and its counts increased. */
int binder_inc_ref_for_node(struct binder_proc *proc, struct binder_node *node, bool strong,
                            struct list_head *target_list, uint32_t *desc);
/* BC_INCREFS/ACQUIRE/RELEASE/DECREFS on a handle: 0 or -EINVAL. */
int binder_update_ref_for_handle(struct binder_proc *proc, uint32_t desc, bool increment,
                                 bool strong, uint32_t *desc_out);
/* The node behind a handle, with a temporary reference; NULL if none. */
struct binder_node *binder_get_node_from_ref(struct binder_proc *proc, uint32_t desc,
                                             bool need_strong);
/* Drops ref from its proc and its node (the node counts go down). */
void binder_cleanup_ref(struct binder_ref *ref);
void binder_free_ref(struct binder_ref *ref);
/* The owner of node is gone: its references get their death notices.
   Returns refs + the number of references the node had. */
int binder_node_release(struct binder_node *node, int refs);

/* ---- transactions (transaction.c, translate.c, cache.c) ----------------------------- */

/* Zeroed transactions and BR_TRANSACTION_COMPLETE items, reused (cache.c);
   NULL when out of memory. */
struct binder_transaction *binder_txn_alloc(void);
void binder_txn_free(struct binder_transaction *t);
struct binder_work *binder_complete_alloc(void);
void binder_complete_free(struct binder_work *w);

void binder_transaction(struct binder_proc *proc, struct binder_thread *thread,
                        const struct binder_transaction_data *tr, bool reply);
/* The caller of t (or of a transaction below it) gets error_code. */
void binder_send_failed_reply(struct binder_transaction *t, uint32_t error_code);
/* An undelivered t: fails its caller, or is just freed. */
void binder_cleanup_transaction(struct binder_transaction *t, const char *reason,
                                uint32_t error_code);
void binder_free_transaction(struct binder_transaction *t);
struct binder_thread *binder_get_txn_from(struct binder_transaction *t); /* +tmp ref */
void binder_pop_transaction(struct binder_thread *target_thread, struct binder_transaction *t);
void binder_free_txn_fixups(struct binder_transaction *t);
static inline void binder_set_extended_error(struct binder_extended_error *ee, int id,
                                             uint32_t command, int param)
{
    ee->id = (uint32_t)id;
    ee->command = command;
    ee->param = param;
}

/* Copies the caller's data (at user address data) into t->buffer around
   the objects its offsets (already in the buffer) point at, and translates
   each object for t->to_proc on the way.  0, or the BR_ error with -errno
   in *param.  *translated_end: the offsets position of the first object
   not translated (what a failure must undo stops there). */
uint32_t binder_translate_objects(struct binder_transaction *t, struct binder_thread *thread,
                                  struct binder_transaction *in_reply_to, uint64_t data, int *param,
                                  uint64_t *translated_end);
/* Releases what buffer holds in proc: the strong reference of its target
   node, and the refs and node counts of its objects at offsets positions
   before end (UINT64_MAX: all of them). */
void binder_transaction_buffer_release(struct binder_proc *proc, struct binder_buffer *buffer,
                                       uint64_t end);
/* Installs t's descriptors in the calling (receiving) task: 0 or -errno. */
int binder_apply_fd_fixups(struct binder_proc *proc, struct binder_transaction *t);
/* BC_FREE_BUFFER's work: releases the buffer's objects, starts the next
   one-way call of its node, and frees it. */
void binder_free_buf(struct binder_proc *proc, struct binder_buffer *buffer);

/* ---- commands and returns (command.c, return.c, death.c) ---------------------------- */

int binder_thread_write(struct binder_proc *proc, struct binder_thread *thread, uint64_t buf,
                        uint64_t size, uint64_t *consumed);
int binder_thread_read(struct binder_proc *proc, struct binder_thread *thread, uint64_t buf,
                       uint64_t size, uint64_t *consumed, bool non_block);
/* BC_REQUEST_DEATH_NOTIFICATION / BC_CLEAR_DEATH_NOTIFICATION / BC_DEAD_BINDER_DONE. */
void binder_request_death(struct binder_proc *proc, struct binder_thread *thread, uint32_t cmd,
                          uint32_t handle, binder_uintptr_t cookie);
void binder_dead_binder_done(struct binder_proc *proc, struct binder_thread *thread,
                             binder_uintptr_t cookie);

/* ---- teardown (release.c) ---------------------------------------------------------- */

/* The last close of the device file: everything of proc goes. */
void binder_proc_release(struct binder_proc *proc);

#endif
