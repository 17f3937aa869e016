"""/proc/pagecache: the page cache's counters move as the operations say.
/data/indirect.bin (tests/data, 307,323 bytes = 76 pages) is read cold, read
again warm, then dropped: every page of the cold read comes from the disk,
either on a miss or by read-ahead that the read then uses (cat reads front to
back, so read-ahead must take part), a warm read hits on every page and
misses on none of them, drop_caches evicts them.  Then one byte of a cold
file: read-ahead reads pages nobody uses, which drop_caches counts as
read-ahead misses."""
import vmtests

FILE_PAGES = 76
SCRIPT = ("cat /proc/pagecache; echo --; cat /data/indirect.bin > /dev/null; "
          "cat /proc/pagecache; echo --; cat /data/indirect.bin > /dev/null; "
          "cat /proc/pagecache; echo --; echo 1 > /proc/sys/vm/drop_caches; "
          "cat /proc/pagecache; echo --; head -n 1 /data/indirect.bin > /dev/null; "
          "echo 1 > /proc/sys/vm/drop_caches; cat /proc/pagecache")


def parse(block):
    out = {}
    for line in block.strip().splitlines():
        name, value = line.split()
        out[name] = int(value)
    return out


def run(ctx):
    status, out, log = vmtests.run_in_vm(ctx, ["/bin/sh", "-c", SCRIPT])
    blocks = out.split("--\n")
    if status != 0 or len(blocks) != 5:
        yield "proc_pagecache_readable", False, f"status {status}, output:\n{out}\n{log[-800:]}"
        return
    start, cold, warm, dropped, one_byte = (parse(b) for b in blocks)
    yield "proc_pagecache_readable", True, ""
    from_disk = cold["misses"] - start["misses"] + cold["readahead_hits"] - start["readahead_hits"]
    yield "cold_read_takes_every_page_from_the_disk", from_disk >= FILE_PAGES, \
        f"misses {start['misses']} -> {cold['misses']}, " \
        f"read-ahead hits {start['readahead_hits']} -> {cold['readahead_hits']}"
    yield "cold_sequential_read_reads_ahead", \
        cold["readahead_pages"] - start["readahead_pages"] >= FILE_PAGES // 2 and \
        cold["misses"] - start["misses"] < FILE_PAGES // 2, \
        f"read-ahead pages {start['readahead_pages']} -> {cold['readahead_pages']}, " \
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
    # head reads one stdio buffer: the first window (4 pages for a request of
    # one or two pages, Linux's get_init_ra_size) brings pages nobody reads.
    unused = one_byte["readahead_misses"] - dropped["readahead_misses"]
    yield "unread_read_ahead_pages_count_as_readahead_misses", unused >= 2, \
        f"readahead_misses {dropped['readahead_misses']} -> {one_byte['readahead_misses']}"
