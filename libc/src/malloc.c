/*
 * malloc.c: the heap.
 *
 * Small requests (up to SMALL_MAX bytes) are served from power-of-two size
 * classes (16 B .. 64 KiB including a 16-byte header).  Each class keeps a
 * LIFO free list; new blocks are carved from an arena that grows with brk
 * (or with anonymous mmap if brk cannot grow).  Blocks never change class,
 * so there is nothing to coalesce: a freed block waits for the next request
 * of its class.  Large requests get their own anonymous mapping, returned
 * to the kernel by free().
 *
 * Every block starts with a header saying where it came from, so free()
 * and realloc() need no search; a magic word catches frees of pointers
 * malloc never returned and double frees.
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include "libc_internal.h"

#define ALIGN 16
#define MIN_CLASS_SHIFT 4                 /* 16-byte blocks */
#define NUM_CLASSES 13                    /* ... up to 64 KiB blocks */
#define SMALL_MAX ((1UL << (MIN_CLASS_SHIFT + NUM_CLASSES - 1)) - sizeof(struct header))
#define ARENA_GROW (256 * 1024)
#define MAGIC_USED 0x6d616c6c6f63u        /* "malloc" */
#define MAGIC_FREE 0x66726565u            /* "free" */
#define MMAPPED_CLASS 0xffffffffu

struct header {
    uint32_t class;      /* size class index, or MMAPPED_CLASS */
    uint32_t pad;
    uint64_t magic_or_len;   /* small: MAGIC_*; large: mapping length (magic in pad) */
};

struct free_block {
    struct header h;
    struct free_block *next;
};

static struct free_block *free_lists[NUM_CLASSES];
static char *arena_next, *arena_end;

static size_t class_size(unsigned c) { return 1UL << (c + MIN_CLASS_SHIFT); }

static unsigned class_for(size_t total)
{
    unsigned c = 0;
    while (class_size(c) < total)
        c++;
    return c;
}

/* Makes room for at least `need` more bytes in the arena.  brk keeps the
 * heap contiguous; when it fails, a fresh mapping starts a new arena (the
 * unused tail of the old one is simply abandoned). */
static int arena_grow(size_t need)
{
    size_t grow = need > ARENA_GROW ? need : ARENA_GROW;
    char *cur = sbrk(0);
    if (cur != (char *)-1 && cur == arena_end && sbrk((long)grow) != (void *)-1) {
        arena_end = cur + grow;
        if (!arena_next)
            arena_next = cur;
        return 0;
    }
    if (cur != (char *)-1 && !arena_next) {
        /* First use: align the break and take it. */
        uintptr_t a = ((uintptr_t)cur + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
        if (sbrk((long)(a - (uintptr_t)cur + grow)) != (void *)-1) {
            arena_next = (char *)a;
            arena_end = arena_next + grow;
            return 0;
        }
    }
    char *m = mmap(0, grow, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    arena_next = m;
    arena_end = m + grow;
    return 0;
}

static void *small_alloc(size_t size)
{
    unsigned c = class_for(size + sizeof(struct header));
    struct free_block *b = free_lists[c];
    if (b) {
        free_lists[c] = b->next;
    } else {
        size_t bytes = class_size(c);
        if ((size_t)(arena_end - arena_next) < bytes && arena_grow(bytes) < 0) {
            errno = ENOMEM;
            return 0;
        }
        b = (struct free_block *)arena_next;
        arena_next += bytes;
        b->h.class = c;
    }
    b->h.magic_or_len = MAGIC_USED;
    return (char *)b + sizeof(struct header);
}

static void *large_alloc(size_t size)
{
    size_t page = __auxv_pagesz;
    if (size > SIZE_MAX - sizeof(struct header) - page) {
        errno = ENOMEM;
        return 0;
    }
    size_t len = (size + sizeof(struct header) + page - 1) & ~(page - 1);
    struct header *h = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (h == MAP_FAILED) {
        errno = ENOMEM;
        return 0;
    }
    h->class = MMAPPED_CLASS;
    h->pad = (uint32_t)MAGIC_USED;
    h->magic_or_len = len;
    return h + 1;
}

/* The size-class lists and the arena are shared by every thread. */
static volatile int heap_lock;

void *malloc(size_t size)
{
    if (size == 0)
        size = 1;
    if (size > SMALL_MAX)
        return large_alloc(size);
    __lock(&heap_lock);
    void *p = small_alloc(size);
    __unlock(&heap_lock);
    return p;
}

static void heap_corrupt(const char *what)
{
    static const char msg[] = "malloc: ";
    write(2, msg, sizeof(msg) - 1);
    write(2, what, strlen(what));
    write(2, "\n", 1);
    abort();
}

static struct header *header_of(void *p)
{
    struct header *h = (struct header *)p - 1;
    if (h->class == MMAPPED_CLASS) {
        if (h->pad != (uint32_t)MAGIC_USED)
            heap_corrupt("free of a pointer it did not allocate");
    } else if (h->class >= NUM_CLASSES || h->magic_or_len != MAGIC_USED) {
        heap_corrupt(h->magic_or_len == MAGIC_FREE ? "double free"
                                                   : "free of a pointer it did not allocate");
    }
    return h;
}

/* How many bytes the caller may use in the block at p. */
static size_t usable_size(struct header *h)
{
    if (h->class == MMAPPED_CLASS)
    {
        uintptr_t start = (uintptr_t)h & ~(uintptr_t)(__auxv_pagesz - 1);
        return start + h->magic_or_len - (uintptr_t)(h + 1);
    }
    return class_size(h->class) - sizeof(*h);
}

void free(void *p)
{
    if (!p)
        return;
    struct header *h = header_of(p);
    if (h->class == MMAPPED_CLASS) {
        h->pad = 0;
        /* The mapping starts at the page holding the header (posix_memalign
         * puts the header at the end of the first page). */
        munmap((void *)((uintptr_t)h & ~(uintptr_t)(__auxv_pagesz - 1)), h->magic_or_len);
        return;
    }
    struct free_block *b = (struct free_block *)h;
    __lock(&heap_lock);
    b->h.magic_or_len = MAGIC_FREE;
    b->next = free_lists[h->class];
    free_lists[h->class] = b;
    __unlock(&heap_lock);
}

void *calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return 0;
    }
    void *p = malloc(n * size);
    /* Fresh mappings are already zero; recycled blocks are not. */
    if (p && ((struct header *)p - 1)->class != MMAPPED_CLASS)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    if (!p)
        return malloc(size);
    if (size == 0) {
        free(p);
        return 0;
    }
    struct header *h = header_of(p);
    size_t have = usable_size(h);
    if (size <= have && (h->class == MMAPPED_CLASS || size > have / 4))
        return p;   /* fits, and shrinking would not free a useful amount */
    void *q = malloc(size);
    if (!q)
        return 0;
    memcpy(q, p, size < have ? size : have);
    free(p);
    return q;
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    if (align <= ALIGN) {
        *out = malloc(size);
        return *out ? 0 : ENOMEM;
    }
    /* A power-of-two class block is aligned to its own size within the
     * arena only by luck, so over-allocate from the large path instead:
     * mappings are page aligned and the header sits just before the data. */
    if (align > __auxv_pagesz)
        return EINVAL;
    size_t page = __auxv_pagesz;
    size_t len = (size + page + page - 1) & ~(page - 1);
    char *m = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return ENOMEM;
    struct header *h = (struct header *)(m + page) - 1;
    /* free() unmaps from the page holding the header: here, m. */
    h->class = MMAPPED_CLASS;
    h->pad = (uint32_t)MAGIC_USED;
    h->magic_or_len = len;
    *out = m + page;
    return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
    void *p;
    int e = posix_memalign(&p, align, size);
    if (e) {
        errno = e;
        return 0;
    }
    return p;
}

static char *cur_brk;

int brk(void *addr)
{
    long r = __sys1(SYS_brk, addr);
    cur_brk = (char *)r;
    if ((char *)r != (char *)addr) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

void *sbrk(long inc)
{
    if (!cur_brk)
        cur_brk = (char *)__sys1(SYS_brk, 0);
    char *old = cur_brk;
    if (inc == 0)
        return old;
    if (brk(old + inc) < 0) {
        cur_brk = old;
        return (void *)-1;
    }
    return old;
}
