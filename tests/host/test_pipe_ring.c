/* Host tests of the pipe's byte ring (kernel/ipc/pipe_ring.c). */
#include <string.h>
#include "tests/host/check.h"
#include "tests/host/copy_side.h"
#include "kernel/ipc/pipe_ring.c"

static uint8_t ring_mem[16];

TEST(write_then_read_returns_the_same_bytes)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    uint8_t in[5] = {1, 2, 3, 4, 5}, out[5] = {0};
    struct side w = {in, 0, 0}, rd = {out, 0, 0};
    CHECK(pipe_ring_write(&r, 5, from_side, &w) == 5);
    CHECK(pipe_ring_used(&r) == 5 && pipe_ring_free(&r) == 11);
    CHECK(pipe_ring_read(&r, 5, to_side, &rd) == 5);
    CHECK(memcmp(in, out, 5) == 0 && pipe_ring_used(&r) == 0);
}

TEST(write_stops_at_the_free_space_and_read_at_the_data)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    uint8_t in[20], out[20];
    for (int i = 0; i < 20; i++)
        in[i] = (uint8_t)(100 + i);
    struct side w = {in, 0, 0}, rd = {out, 0, 0};
    CHECK(pipe_ring_write(&r, 20, from_side, &w) == 16);
    CHECK(pipe_ring_free(&r) == 0);
    CHECK(pipe_ring_write(&r, 1, from_side, &w) == 0);
    CHECK(pipe_ring_read(&r, 20, to_side, &rd) == 16);
    CHECK(memcmp(in, out, 16) == 0);
    CHECK(pipe_ring_read(&r, 1, to_side, &rd) == 0);
}

TEST(wrapping_write_and_read_use_two_parts_in_order)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    uint8_t fill[12] = {0}, in[10], out[12];
    for (int i = 0; i < 10; i++)
        in[i] = (uint8_t)(i + 1);
    struct side w = {fill, 0, 0}, rd = {out, 0, 0};
    pipe_ring_write(&r, 12, from_side, &w);
    pipe_ring_read(&r, 12, to_side, &rd);      /* head = tail = 12: 4 bytes to the wrap */
    w = (struct side){in, 0, 0};
    CHECK(pipe_ring_write(&r, 10, from_side, &w) == 10);
    CHECK(w.calls == 2);
    rd = (struct side){out, 0, 0};
    CHECK(pipe_ring_read(&r, 10, to_side, &rd) == 10);
    CHECK(rd.calls == 2);
    CHECK(memcmp(in, out, 10) == 0);
}

TEST(failure_in_the_first_part_moves_nothing)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    uint8_t in[4] = {9, 9, 9, 9};
    struct side w = {in, 0, 1};
    CHECK(pipe_ring_write(&r, 4, from_side, &w) == -14);
    CHECK(pipe_ring_used(&r) == 0);
}

TEST(failure_in_the_second_part_keeps_the_first)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    r.head = r.tail = 14;                      /* 2 bytes to the wrap */
    uint8_t in[6] = {1, 2, 3, 4, 5, 6}, out[6] = {0};
    struct side w = {in, 0, 2};
    CHECK(pipe_ring_write(&r, 6, from_side, &w) == 2);
    CHECK(pipe_ring_used(&r) == 2);
    struct side rd = {out, 0, 0};
    CHECK(pipe_ring_read(&r, 6, to_side, &rd) == 2);
    CHECK(out[0] == 1 && out[1] == 2);
}

TEST(matches_a_queue_model_over_many_random_operations)
{
    static uint8_t mem[64], model[1 << 16], stream[1 << 16], got[1 << 16];
    struct pipe_ring r;
    pipe_ring_init(&r, mem, sizeof mem);
    size_t written = 0, readn = 0;
    unsigned seed = 12345;
    for (size_t i = 0; i < sizeof stream; i++)
        stream[i] = (uint8_t)(i * 31 + i / 7);
    while (readn < 60000) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 70;
        if ((seed >> 8) & 1) {
            struct side w = {stream + written, 0, 0};
            long k = pipe_ring_write(&r, n, from_side, &w);
            CHECK(k >= 0 && (size_t)k == (n < 64 - (written - readn) ? n : 64 - (written - readn)));
            memcpy(model + written, stream + written, (size_t)k);
            written += (size_t)k;
        } else {
            struct side rd = {got + readn, 0, 0};
            long k = pipe_ring_read(&r, n, to_side, &rd);
            CHECK(k >= 0 && (size_t)k == (n < written - readn ? n : written - readn));
            readn += (size_t)k;
        }
        REQUIRE(pipe_ring_used(&r) == written - readn);
    }
    CHECK(memcmp(got, model, readn) == 0);
}

TEST(peek_reads_from_an_offset_across_the_wrap_and_removes_nothing)
{
    struct pipe_ring r;
    pipe_ring_init(&r, ring_mem, sizeof ring_mem);
    uint8_t fill[12] = {0}, in[10], out[12];
    for (int i = 0; i < 10; i++)
        in[i] = (uint8_t)(50 + i);
    struct side w = {fill, 0, 0}, rd = {fill, 0, 0};
    pipe_ring_write(&r, 12, from_side, &w);
    pipe_ring_read(&r, 12, to_side, &rd); /* 4 bytes to the wrap */
    w = (struct side){in, 0, 0};
    pipe_ring_write(&r, 10, from_side, &w);
    rd = (struct side){out, 0, 0};
    CHECK(pipe_ring_peek(&r, 2, 6, to_side, &rd) == 6); /* bytes 2..7: crosses the wrap */
    CHECK(rd.calls == 2 && memcmp(out, in + 2, 6) == 0);
    CHECK(pipe_ring_used(&r) == 10);
    rd = (struct side){out, 0, 0};
    CHECK(pipe_ring_peek(&r, 8, 5, to_side, &rd) == 2); /* only what is there */
    CHECK(pipe_ring_peek(&r, 10, 1, to_side, &rd) == 0);
    CHECK(pipe_ring_read(&r, 10, to_side, &rd) == 10 && memcmp(out, in, 10) == 0);
}
