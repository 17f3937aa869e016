/* kernel/proc/user_stack.c: building argc/argv/envp/auxv for a new program. */
#include "kernel/proc/user_stack.h"
#include "kernel/lib/string.h"

#define STACK_ALIGN 16

static size_t strings_size(const struct ustack_args *a)
{
    size_t n = strlen(a->execfn) + 1;
    for (int i = 0; i < a->argc; i++)
        n += strlen(a->argv[i]) + 1;
    for (int i = 0; i < a->envc; i++)
        n += strlen(a->envp[i]) + 1;
    return n;
}

static size_t vector_words(const struct ustack_args *a)
{
    /* argc, argv + NULL, envp + NULL, auxv + AT_RANDOM + AT_EXECFN (+ AT_PLATFORM) + AT_NULL */
    size_t aux = (size_t)a->nauxv + 3 + (a->platform ? 1 : 0);
    return 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + 2 * aux;
}

static size_t platform_size(const struct ustack_args *a)
{
    return a->platform ? strlen(a->platform) + 1 : 0;
}

size_t ustack_size(const struct ustack_args *a)
{
    return strings_size(a) + platform_size(a) + 16 + 2 * STACK_ALIGN + 8 * vector_words(a);
}

/* A cursor that moves down from the top of the image. */
struct ustack_cursor {
    uint64_t stack_top;
    uint8_t *buf;
    size_t size;
    uint64_t pos; /* user address of the lowest byte placed so far */
};

static uint8_t *at(struct ustack_cursor *c, uint64_t uaddr)
{
    return c->buf + (c->size - (c->stack_top - uaddr));
}

/* Places n bytes below the current position; returns their user address. */
static uint64_t push_bytes(struct ustack_cursor *c, const void *src, size_t n)
{
    c->pos -= n;
    memcpy(at(c, c->pos), src, n);
    return c->pos;
}

/* Copies s (with its NUL) to user address p; returns the address after it. */
static uint64_t place_string(struct ustack_cursor *c, uint64_t p, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(at(c, p), s, n);
    return p + n;
}

/* The buffer need not be 8-byte aligned: words are stored with memcpy. */
struct word_writer {
    uint8_t *p;
    size_t k;
};

static void put(struct word_writer *w, uint64_t v) { memcpy(w->p + 8 * w->k++, &v, 8); }

uint64_t ustack_build(const struct ustack_args *a, uint64_t stack_top, uint8_t *buf, size_t size)
{
    if (size < ustack_size(a) || stack_top % STACK_ALIGN)
        return 0;
    memset(buf, 0, size);
    struct ustack_cursor c = { stack_top, buf, size, stack_top };

    /* Strings, low to high: the arguments, the environment, then the path
       at the very top, as Linux has them. */
    c.pos -= strings_size(a);
    uint64_t strings = c.pos;
    uint64_t p = strings;
    for (int i = 0; i < a->argc; i++)
        p = place_string(&c, p, a->argv[i]);
    for (int i = 0; i < a->envc; i++)
        p = place_string(&c, p, a->envp[i]);
    uint64_t execfn = p;
    place_string(&c, p, a->execfn);

    uint64_t platform = a->platform ? push_bytes(&c, a->platform, platform_size(a)) : 0;
    c.pos &= ~(uint64_t)(STACK_ALIGN - 1);
    uint64_t random = push_bytes(&c, a->random16, 16);

    /* The vectors go below, ending exactly at a 16-byte boundary at argc. */
    c.pos = (c.pos - 8 * vector_words(a)) & ~(uint64_t)(STACK_ALIGN - 1);
    uint64_t sp = c.pos;
    struct word_writer w = { at(&c, sp), 0 };
    put(&w, (uint64_t)a->argc);
    p = strings;
    for (int i = 0; i < a->argc; i++) {
        put(&w, p);
        p += strlen(a->argv[i]) + 1;
    }
    put(&w, 0);
    for (int i = 0; i < a->envc; i++) {
        put(&w, p);
        p += strlen(a->envp[i]) + 1;
    }
    put(&w, 0);
    for (int i = 0; i < a->nauxv; i++) {
        put(&w, a->auxv[i].type);
        put(&w, a->auxv[i].value);
    }
    put(&w, AT_RANDOM);
    put(&w, random);
    put(&w, AT_EXECFN);
    put(&w, execfn);
    if (a->platform) {
        put(&w, AT_PLATFORM);
        put(&w, platform);
    }
    put(&w, AT_NULL);
    put(&w, 0);
    return sp;
}
