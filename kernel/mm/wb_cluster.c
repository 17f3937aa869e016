/* kernel/mm/wb_cluster.c: sorting and batching dirty pages (see wb_cluster.h). */
#include "kernel/mm/wb_cluster.h"

static void swap(uint64_t *keys, void **items, size_t a, size_t b)
{
    uint64_t k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    void *i = items[a];
    items[a] = items[b];
    items[b] = i;
}

/* Moves keys[root] down the max-heap of the first n entries. */
static void sift_down(uint64_t *keys, void **items, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && keys[child + 1] > keys[child])
            child++;
        if (keys[root] >= keys[child])
            return;
        swap(keys, items, root, child);
        root = child;
    }
}

void wb_sort(uint64_t *keys, void **items, size_t n)
{
    size_t i = 1;
    while (i < n && keys[i - 1] <= keys[i])
        i++;
    if (i >= n)
        return;
    for (size_t r = n / 2; r-- > 0;)
        sift_down(keys, items, r, n);
    for (size_t end = n - 1; end > 0; end--) {
        swap(keys, items, 0, end);
        sift_down(keys, items, 0, end);
    }
}

size_t wb_batch_len(const uint64_t *keys, size_t n, size_t max)
{
    if (n <= max)
        return n;
    /* keys[max] is the first page left out: if it continues keys[max-1],
       the batch would cut a run; end it at the last gap instead. */
    for (size_t len = max; len > max / 2; len--)
        if (keys[len] != keys[len - 1] + 1)
            return len;
    return max;
}
