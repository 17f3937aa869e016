/*
 * kernel/mm/readahead_window.h: how far to read ahead, Linux's "on-demand
 * read-ahead" (mm/readahead.c, ondemand_readahead), as pure arithmetic on a
 * per-file state so that the host tests can drive it
 * (tests/host/test_readahead.c).  kernel/mm/readahead.c applies the answers
 * to the page cache.
 *
 * A window is a run of pages [start, start + size) read together; the page
 * at start + size - async_size carries a marker (PG_READAHEAD).  A reader
 * that reaches the marker while the window's tail is still being read
 * starts the next window (asynchronous read-ahead), so the disk keeps
 * ahead of the reader.  The window:
 *   - starts when a read misses at page 0 or right after the previous read
 *     (sequential): 4x the request if small, 2x if medium, else the maximum;
 *   - grows at each marker: 4x while under max/16, 2x up to max/2, then max;
 *   - collapses on a miss far from the previous read (random access): only
 *     the requested pages are read and the state is left alone, so the next
 *     sequential miss starts a small window again.
 */
#ifndef PAGELAB_MM_READAHEAD_WINDOW_H
#define PAGELAB_MM_READAHEAD_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

/* Per open file (Linux's struct file_ra_state).  Zeroed = no history, except
   prev_index, which ra_state_init sets to "none". */
struct ra_state {
    uint64_t start; /* the current window */
    uint32_t size;
    uint32_t async_size; /* its pages from the marker on */
    uint64_t prev_index; /* the page the last read ended in */
};

/* Pages to read: [start, start + size), with the marker on page
   start + size - async_size when async_size > 0. */
struct ra_window {
    uint64_t start;
    uint32_t size;
    uint32_t async_size;
};

void ra_state_init(struct ra_state *ra);

/* The first window for a request of req pages (Linux get_init_ra_size). */
uint32_t ra_init_size(uint32_t req, uint32_t max);
/* The window after one of cur pages (Linux get_next_ra_size). */
uint32_t ra_next_size(uint32_t cur, uint32_t max);

/* A read of req pages from index missed the cache at index: the pages to
   read (always covering [index, index + min(req, window))). */
struct ra_window ra_on_miss(struct ra_state *ra, uint64_t index, uint32_t req, uint32_t max);

/* A read reached the marker on page index.  next_miss is the first page at
   or after index + 1 that is not cached (used only when the state does not
   describe the window the marker came from: several readers of one file).
   size 0 in the answer: read nothing now. */
struct ra_window ra_on_marker(struct ra_state *ra, uint64_t index, uint32_t req, uint32_t max,
                              uint64_t next_miss);

/* Records where a read ended (the page holding its last byte). */
static inline void ra_note_read(struct ra_state *ra, uint64_t last_index)
{
    ra->prev_index = last_index;
}

/* Linux raises the maximum for a request larger than the window, up to what
   the device takes in one request (bdi io_pages). */
uint32_t ra_max_for(uint32_t req, uint32_t ra_pages, uint32_t io_pages);
/* The maximum at a marker: as ra_max_for, but a stream whose window already
   grew that large (by large reads) keeps it, even when the read that
   reaches the marker wants only its last few pages.  (Linux's block layer
   merges the smaller windows that follow back into large requests;
   pagelab's requests are its windows, so the window itself must stay.) */
uint32_t ra_marker_max(const struct ra_state *ra, uint32_t req, uint32_t ra_pages,
                       uint32_t io_pages);

#endif
