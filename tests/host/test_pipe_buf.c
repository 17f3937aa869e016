/* Host tests of the pipe's buffers (kernel/ipc/pipe_buf.c): bytes, page
   references, tee and the PIPE_BUF rule, with fake pages whose references
   are counted, so every test also shows that nothing leaks. */
#include <string.h>
#include "tests/host/check.h"
#include "tests/host/copy_side.h"
#include "kernel/ipc/pipe_buf.c"

#define PS 16 /* page size of these tests */
#define SLOTS 4

struct fake_page {
    int refs;
    uint8_t data[PS];
};

static int live_pages; /* fake pages with a reference */
static int pages_made;

static void fake_get(struct pipe_buf *b) { ((struct fake_page *)b->page)->refs++; }
static void fake_release(struct pipe_buf *b)
{
    struct fake_page *p = b->page;
    if (--p->refs == 0) {
        live_pages--;
        free(p);
    }
}
static const struct pipe_buf_ops fake_ops = { fake_get, fake_release };

static struct fake_page *fake_page(void)
{
    struct fake_page *p = calloc(1, sizeof *p);
    p->refs = 1;
    live_pages++;
    pages_made++;
    return p;
}

static int fail_new_page;
static int new_page(void *ctx, struct pipe_buf *b)
{
    if (fail_new_page)
        return -12;
    struct fake_page *p = fake_page();
    b->page = p;
    b->data = p->data;
    b->ops = &fake_ops;
    return 0;
}

/* A page "of the page cache": the test holds one reference, as the cache would. */
static struct pipe_buf cache_buf(struct fake_page *p, uint32_t off, uint32_t len)
{
    p->refs++;
    return (struct pipe_buf){ p->data, p, off, len, PIPE_BUF_CACHE, &fake_ops };
}

static struct pipe_buf slots[SLOTS];

static void setup(struct pipe_bufs *pb)
{
    fail_new_page = 0;
    pages_made = 0;
    pipe_bufs_init(pb, slots, SLOTS, PS, new_page, NULL);
}

TEST(write_then_read_returns_the_same_bytes)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[5] = { 1, 2, 3, 4, 5 }, out[5] = { 0 };
    struct side w = { in, 0, 0 }, r = { out, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 5, true, from_side, &w) == 5);
    CHECK(pb.bytes == 5 && pipe_bufs_used(&pb) == 1);
    CHECK(pipe_bufs_read(&pb, 5, to_side, &r) == 5);
    CHECK(memcmp(in, out, 5) == 0 && pb.bytes == 0 && pipe_bufs_empty(&pb));
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(small_writes_share_one_page_and_a_drained_page_is_reused)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[4] = { 7, 7, 7, 7 }, out[16];
    for (int i = 0; i < 4; i++) {
        struct side w = { in, 0, 0 };
        CHECK(pipe_bufs_write(&pb, 4, true, from_side, &w) == 4);
    }
    CHECK(pipe_bufs_used(&pb) == 1 && pb.bytes == 16 && pages_made == 1);
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&pb, 16, to_side, &r) == 16);
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 4, true, from_side, &w) == 4);
    CHECK(pages_made == 1); /* the spare came back */
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(an_atomic_write_is_never_split_between_buffers)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[16], out[32];
    for (int i = 0; i < 16; i++)
        in[i] = (uint8_t)(i + 1);
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 13, true, from_side, &w) == 13); /* 3 bytes left in the page */
    w = (struct side){ in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 5, true, from_side, &w) == 5);
    CHECK(pipe_bufs_used(&pb) == 2 && pipe_bufs_at(&pb, 0)->len == 13);
    CHECK(pipe_bufs_at(&pb, 1)->len == 5);
    /* A non-atomic write fills the old page's tail first. */
    w = (struct side){ in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 14, false, from_side, &w) == 14);
    CHECK(pipe_bufs_at(&pb, 1)->len == 16 && pipe_bufs_at(&pb, 2)->len == 3);
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&pb, 32, to_side, &r) == 32);
    CHECK(memcmp(out, in, 13) == 0 && memcmp(out + 13, in, 5) == 0 &&
          memcmp(out + 18, in, 14) == 0);
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(a_full_pipe_takes_no_more_and_says_so)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[100] = { 0 };
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 100, false, from_side, &w) == SLOTS * PS);
    CHECK(pipe_bufs_full(&pb) && !pipe_bufs_fits(&pb, 1, true) && !pipe_bufs_fits(&pb, 1, false));
    CHECK(pipe_bufs_write(&pb, 1, false, from_side, &w) == 0);
    /* An atomic write waits for whole room: 1 free slot fits 16, not 17. */
    uint8_t out[16];
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&pb, 16, to_side, &r) == 16);
    CHECK(pipe_bufs_fits(&pb, 16, true) && !pipe_bufs_fits(&pb, 17 + 16, true));
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(failure_in_the_first_part_moves_nothing_and_in_a_later_part_keeps_the_first)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[40], out[40];
    for (int i = 0; i < 40; i++)
        in[i] = (uint8_t)i;
    struct side w = { in, 0, 1 };
    CHECK(pipe_bufs_write(&pb, 4, true, from_side, &w) == -14);
    CHECK(pb.bytes == 0 && pipe_bufs_empty(&pb));
    w = (struct side){ in, 0, 2 };
    CHECK(pipe_bufs_write(&pb, 40, false, from_side, &w) == 16);
    CHECK(pb.bytes == 16 && pipe_bufs_used(&pb) == 1);
    fail_new_page = 1; /* the page the failed copy left unused serves the next write */
    w = (struct side){ in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 10, true, from_side, &w) == 10);
    w = (struct side){ in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 10, true, from_side, &w) == -12);
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&pb, 40, to_side, &r) == 26 && memcmp(in, out, 16) == 0);
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(a_pushed_page_is_read_in_place_and_released_after)
{
    struct pipe_bufs pb;
    setup(&pb);
    struct fake_page *file = fake_page(); /* the cache's reference */
    memcpy(file->data, "abcdefghijklmnop", 16);
    struct pipe_buf b = cache_buf(file, 2, 10);
    CHECK(pipe_bufs_push(&pb, &b) && file->refs == 2 && pb.bytes == 10);
    /* The file changes: the pipe holds the page itself, so the reader sees it. */
    file->data[2] = 'C';
    uint8_t in[3] = { 'x', 'y', 'z' }, out[16] = { 0 };
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 3, true, from_side, &w) == 3); /* never into the file's page */
    CHECK(pipe_bufs_used(&pb) == 2 && file->data[12] == 'm');
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&pb, 16, to_side, &r) == 13);
    CHECK(memcmp(out, "Cdefghijklxyz", 13) == 0);
    CHECK(file->refs == 1);
    pipe_bufs_release_all(&pb);
    b.ops->release(&b); /* the cache lets go */
    CHECK(live_pages == 0);
}

TEST(take_hands_over_a_whole_buffer_and_shares_a_partial_one)
{
    struct pipe_bufs pb;
    setup(&pb);
    uint8_t in[20];
    for (int i = 0; i < 20; i++)
        in[i] = (uint8_t)(i + 100);
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&pb, 20, false, from_side, &w) == 20);
    struct pipe_buf t;
    CHECK(pipe_bufs_take(&pb, 6, &t) == 6);
    struct fake_page *p = t.page;
    CHECK(p->refs == 2 && !(t.flags & PIPE_BUF_MERGE) && t.data[t.off] == 100);
    CHECK(!(pipe_bufs_at(&pb, 0)->flags & PIPE_BUF_MERGE) && pb.bytes == 14);
    pipe_buf_release(&t);
    CHECK(pipe_bufs_take(&pb, 100, &t) == 10 && t.data[t.off] == 106);
    CHECK(((struct fake_page *)t.page)->refs == 1 && pipe_bufs_used(&pb) == 1);
    pipe_buf_release(&t);
    CHECK(pipe_bufs_take(&pb, 100, &t) == 4);
    pipe_buf_release(&t);
    CHECK(pipe_bufs_take(&pb, 100, &t) == 0 && pb.bytes == 0);
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}

TEST(tee_shares_pages_and_later_writes_never_change_the_shared_bytes)
{
    struct pipe_bufs a, b;
    static struct pipe_buf bslots[SLOTS];
    setup(&a);
    pipe_bufs_init(&b, bslots, SLOTS, PS, new_page, NULL);
    uint8_t in[4] = { 1, 2, 3, 4 }, more[4] = { 9, 9, 9, 9 }, out[8];
    struct side w = { in, 0, 0 };
    CHECK(pipe_bufs_write(&a, 4, true, from_side, &w) == 4);
    struct pipe_buf d;
    pipe_bufs_dup(&a, 0, 100, &d);
    CHECK(pipe_bufs_push(&b, &d) && ((struct fake_page *)d.page)->refs == 2);
    int made = pages_made;
    w = (struct side){ more, 0, 0 };
    CHECK(pipe_bufs_write(&a, 4, true, from_side, &w) == 4);
    CHECK(pages_made == made + 1); /* not appended to the shared page */
    struct side r = { out, 0, 0 };
    CHECK(pipe_bufs_read(&b, 8, to_side, &r) == 4 && memcmp(out, in, 4) == 0);
    r = (struct side){ out, 0, 0 };
    CHECK(pipe_bufs_read(&a, 8, to_side, &r) == 8 && memcmp(out + 4, more, 4) == 0);
    pipe_bufs_release_all(&a);
    pipe_bufs_release_all(&b);
    CHECK(live_pages == 0);
}

TEST(matches_a_queue_model_over_many_random_operations)
{
    static uint8_t stream[1 << 16], got[1 << 16];
    struct pipe_bufs pb;
    setup(&pb);
    size_t written = 0, readn = 0;
    unsigned seed = 4242;
    for (size_t i = 0; i < sizeof stream; i++)
        stream[i] = (uint8_t)(i * 31 + i / 7);
    while (readn < 60000) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 40;
        unsigned op = (seed >> 8) % 4;
        if (op == 0 || op == 1) {
            bool atomic = op == 0 && n <= PS;
            bool fits = pipe_bufs_fits(&pb, n, atomic);
            struct side w = { stream + written, 0, 0 };
            long k = pipe_bufs_write(&pb, n, atomic, from_side, &w);
            CHECK(k >= 0 && (size_t)k <= n);
            CHECK(!atomic || k == 0 || (size_t)k == n);
            CHECK(fits == (k > 0 || n == 0));
            written += (size_t)k;
        } else if (op == 2) {
            struct side r = { got + readn, 0, 0 };
            long k = pipe_bufs_read(&pb, n, to_side, &r);
            CHECK(k >= 0 && (size_t)k == (n < written - readn ? n : written - readn));
            readn += (size_t)k;
        } else {
            struct pipe_buf t;
            size_t k = pipe_bufs_take(&pb, n, &t);
            if (k) {
                memcpy(got + readn, t.data + t.off, k);
                pipe_buf_release(&t);
            }
            readn += k;
        }
        REQUIRE(pb.bytes == written - readn);
    }
    CHECK(memcmp(got, stream, readn) == 0);
    pipe_bufs_release_all(&pb);
    CHECK(live_pages == 0);
}
