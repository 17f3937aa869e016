/* qsort.c: sorting and binary search (stdlib.h).
 * qsort is a heapsort: O(n log n) in the worst case, no recursion, no
 * allocation.  Not stable, which C does not require. */
#include <stdlib.h>
#include <string.h>

static void swap(char *a, char *b, size_t size)
{
    char tmp[64];
    while (size) {
        size_t n = size < sizeof(tmp) ? size : sizeof(tmp);
        memcpy(tmp, a, n);
        memcpy(a, b, n);
        memcpy(b, tmp, n);
        a += n, b += n, size -= n;
    }
}

/* Moves element `root` down until the max-heap property holds below it. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap(base + root * size, base + child * size, size);
        root = child;
    }
}

void qsort(void *b, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *base = b;
    if (n < 2 || size == 0)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(base, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap(base, base + end * size, size);
        sift_down(base, 0, end, size, cmp);
    }
}

void *bsearch(const void *key, const void *b, size_t n, size_t size,
              int (*cmp)(const void *, const void *))
{
    const char *base = b;
    while (n) {
        const char *mid = base + (n / 2) * size;
        int c = cmp(key, mid);
        if (c == 0)
            return (void *)mid;
        if (c > 0) {
            base = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return 0;
}
