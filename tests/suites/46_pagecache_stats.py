"""/proc/pagecache: the page cache's counters move as the operations say.
/data/indirect.bin (tests/data, 307,323 bytes = 76 pages) is read cold, read
again warm, then dropped: a cold read misses on every page, a warm one hits
on every page and misses on none of them, drop_caches evicts them."""
import vmtests

FILE_PAGES = 76
SCRIPT = ("cat /proc/pagecache; echo --; cat /data/indirect.bin > /dev/null; "
          "cat /proc/pagecache; echo --; cat /data/indirect.bin > /dev/null; "
          "cat /proc/pagecache; echo --; echo 1 > /proc/sys/vm/drop_caches; "
          "cat /proc/pagecache")


def parse(block):
    out = {}
    for line in block.strip().splitlines():
        name, value = line.split()
        out[name] = int(value)
    return out


def run(ctx):
    status, out, log = vmtests.run_in_vm(ctx, ["/bin/sh", "-c", SCRIPT])
    blocks = out.split("--\n")
    if status != 0 or len(blocks) != 4:
        yield "proc_pagecache_readable", False, f"status {status}, output:\n{out}\n{log[-800:]}"
        return
    start, cold, warm, dropped = (parse(b) for b in blocks)
    yield "proc_pagecache_readable", True, ""
    yield "cold_read_misses_on_every_page", cold["misses"] - start["misses"] >= FILE_PAGES, \
        f"misses {start['misses']} -> {cold['misses']}"
    # The warm read finds the file's pages; only cat's own first touches may miss.
    yield "warm_read_hits_every_page_and_misses_fewer", \
        warm["hits"] - cold["hits"] >= FILE_PAGES and \
        warm["misses"] - cold["misses"] < FILE_PAGES, \
        f"hits {cold['hits']} -> {warm['hits']}, misses {cold['misses']} -> {warm['misses']}"
    yield "drop_caches_evicts_the_file_pages", \
        dropped["evictions"] - warm["evictions"] >= FILE_PAGES and \
        dropped["cached_pages"] < warm["cached_pages"], \
        f"evictions {warm['evictions']} -> {dropped['evictions']}, " \
        f"cached {warm['cached_pages']} -> {dropped['cached_pages']}"
