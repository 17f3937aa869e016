/* kernel/mm/readahead_window.c: the read-ahead window (see readahead_window.h). */
#include "kernel/mm/readahead_window.h"

void ra_state_init(struct ra_state *ra)
{
    ra->start = 0;
    ra->size = 0;
    ra->async_size = 0;
    ra->prev_index = UINT64_MAX; /* no read yet: nothing is "right after" it */
}

static uint32_t roundup_pow2(uint32_t x)
{
    uint32_t p = 1;
    while (p < x)
        p <<= 1;
    return p;
}

uint32_t ra_init_size(uint32_t req, uint32_t max)
{
    uint32_t size = roundup_pow2(req ? req : 1);
    if (size <= max / 32)
        return size * 4;
    if (size <= max / 4)
        return size * 2;
    return max;
}

uint32_t ra_next_size(uint32_t cur, uint32_t max)
{
    if (cur < max / 16)
        return 4 * cur;
    if (cur <= max / 2)
        return 2 * cur;
    return max;
}

uint32_t ra_max_for(uint32_t req, uint32_t ra_pages, uint32_t io_pages)
{
    if (req > ra_pages && io_pages > ra_pages)
        return req < io_pages ? req : io_pages;
    return ra_pages;
}

uint32_t ra_marker_max(const struct ra_state *ra, uint32_t req, uint32_t ra_pages,
                       uint32_t io_pages)
{
    uint32_t max = ra_max_for(req, ra_pages, io_pages);
    uint32_t cap = io_pages > ra_pages ? io_pages : ra_pages;
    uint32_t kept = ra->size < cap ? ra->size : cap;
    return kept > max ? kept : max;
}

/* The window in ra, after Linux's "readit": a read that starts at the
   window's first page would hit its own marker at once, so the next
   window is merged into this one. */
static struct ra_window readit(struct ra_state *ra, uint64_t index, uint32_t max)
{
    if (index == ra->start && ra->size == ra->async_size) {
        uint32_t add = ra_next_size(ra->size, max);
        if (ra->size + add <= max) {
            ra->async_size = add;
            ra->size += add;
        } else {
            ra->size = max;
            ra->async_size = max / 2;
        }
    }
    return (struct ra_window){ ra->start, ra->size, ra->async_size };
}

static struct ra_window initial(struct ra_state *ra, uint64_t index, uint32_t req, uint32_t max)
{
    ra->start = index;
    ra->size = ra_init_size(req, max);
    ra->async_size = ra->size > req ? ra->size - req : ra->size;
    return readit(ra, index, max);
}

struct ra_window ra_on_miss(struct ra_state *ra, uint64_t index, uint32_t req, uint32_t max)
{
    if (req == 0)
        req = 1;
    if (max == 0) /* read-ahead off: just what was asked */
        return (struct ra_window){ index, req, 0 };
    /* The start of the file, a request larger than any window, or the page
       right after (or the same as) the last one read: sequential. */
    if (index == 0 || req > max || index - ra->prev_index <= 1)
        return initial(ra, index, req, max);
    /* A small random read: read it as is, and keep the state. */
    return (struct ra_window){ index, req, 0 };
}

struct ra_window ra_on_marker(struct ra_state *ra, uint64_t index, uint32_t req, uint32_t max,
                              uint64_t next_miss)
{
    if (max == 0)
        return (struct ra_window){ index, 0, 0 };
    if (req == 0)
        req = 1;
    /* The marker of the window we last started: push it forward and grow. */
    uint64_t expected = ra->start + ra->size - ra->async_size;
    if (ra->size && (index == expected || index == ra->start + ra->size)) {
        ra->start += ra->size;
        ra->size = ra_next_size(ra->size, max);
        ra->async_size = ra->size;
        return readit(ra, index, max);
    }
    /* A marker from a window this state does not know (interleaved
       readers): what is cached ahead tells how large it was. */
    if (next_miss <= index || next_miss - index > max)
        return (struct ra_window){ index, 0, 0 };
    ra->start = next_miss;
    ra->size = (uint32_t)(next_miss - index) + req;
    ra->size = ra_next_size(ra->size, max);
    ra->async_size = ra->size;
    return readit(ra, index, max);
}
