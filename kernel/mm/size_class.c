/* kernel/mm/size_class.c: mapping request sizes to kmalloc classes. */
#include "kernel/mm/size_class.h"

int size_class_of(size_t size)
{
    if (size > KMALLOC_MAX_SMALL)
        return -1;
    int cls = 0;
    while ((size_t)KMALLOC_MIN_SIZE << cls < size)
        cls++;
    return cls;
}

size_t size_class_bytes(int cls) { return (size_t)KMALLOC_MIN_SIZE << cls; }

unsigned size_to_order(size_t size, size_t page_size)
{
    unsigned order = 0;
    while ((page_size << order) < size)
        order++;
    return order;
}
