/*
 * tests/user/klog.c: syslog(2), the kernel log's system call, as dmesg
 * uses it: the buffer size, reading everything ("<level>[time] text"
 * lines), the destructive read of unread lines, and the errors of bad
 * arguments.  Nothing here clears the log or changes the console level
 * for good, so it runs on the Linux host too (as root) before pagelab.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include "check.h"

int main(void)
{
    int size = klogctl(10, NULL, 0); /* SYSLOG_ACTION_SIZE_BUFFER */
    CHECK("size_buffer_is_a_power_of_two", size >= 4096 && (size & (size - 1)) == 0);
    char *buf = malloc((size_t)size * 2);
    int n = klogctl(3, buf, size * 2); /* SYSLOG_ACTION_READ_ALL */
    CHECK("read_all_returns_lines", n > 0 && buf[n - 1] == '\n');
    CHECK("read_all_lines_start_with_a_level", n > 3 && buf[0] == '<' && buf[2] == '>' && buf[1] >= '0' &&
          buf[1] <= '7');
    int lines = 0;
    for (int i = 0; i < n; i++)
        lines += buf[i] == '\n';
    CHECK("read_all_has_several_lines", lines >= 3);
    n = klogctl(3, buf, 10);
    CHECK("read_all_into_a_small_buffer_gives_at_most_that", n >= 0 && n <= 10);
    errno = 0;
    CHECK("read_all_with_a_null_buffer_is_einval", klogctl(3, NULL, 100) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("read_all_with_a_negative_length_is_einval", klogctl(3, buf, -1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("read_all_into_a_bad_pointer_is_efault", klogctl(3, (char *)1, 4096) == -1 && errno == EFAULT);
    int unread = klogctl(9, NULL, 0); /* SYSLOG_ACTION_SIZE_UNREAD */
    CHECK("size_unread_is_not_negative", unread >= 0);
    if (unread > 0) {
        n = klogctl(2, buf, size * 2); /* SYSLOG_ACTION_READ: does not wait, lines are there */
        CHECK("read_takes_unread_lines", n > 0 && buf[n - 1] == '\n');
        CHECK("read_leaves_fewer_unread", klogctl(9, NULL, 0) < unread);
    }
    errno = 0;
    CHECK("console_level_9_is_einval", klogctl(8, NULL, 9) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("an_unknown_action_is_einval", klogctl(99, NULL, 0) == -1 && errno == EINVAL);
    CHECK("open_and_close_do_nothing", klogctl(1, NULL, 0) == 0 && klogctl(0, NULL, 0) == 0);
    free(buf);
    printf("%d failed\n", failures);
    return failures;
}
