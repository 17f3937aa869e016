/* string_ctype.c: string.h and ctype.h against the C standard's definitions. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "check.h"

/* The truncating copies below are what is being tested. */
#pragma GCC diagnostic ignored "-Wstringop-truncation"

static void mem_functions_copy_move_compare_and_search(void)
{
    char buf[32];
    memset(buf, 'x', sizeof(buf));
    CHECK(buf[0] == 'x' && buf[31] == 'x');
    memcpy(buf, "hello", 6);
    CHECK_STR(buf, "hello");
    char ov[16] = "abcdefghij";
    memmove(ov + 2, ov, 8);          /* overlapping, destination above */
    CHECK(!memcmp(ov, "ababcdefgh", 10));
    memmove(ov, ov + 2, 8);          /* overlapping, destination below */
    CHECK(!memcmp(ov, "abcdefghgh", 10));
    CHECK(memcmp("abc", "abd", 3) < 0);
    CHECK(memcmp("\xff", "\x01", 1) > 0);   /* compared as unsigned char */
    CHECK(memcmp("abc", "abd", 2) == 0);
    const char *h = "hello";
    CHECK(memchr(h, 'l', 5) == h + 2);
    CHECK(memchr(h, 'z', 5) == NULL);
    CHECK(memchr(h, 'o', 4) == NULL);
}

static void str_length_copy_and_concatenate(void)
{
    char buf[32];
    CHECK(strlen("") == 0);
    CHECK(strlen("four") == 4);
    CHECK(strnlen("four", 2) == 2);
    strcpy(buf, "ab");
    strcat(buf, "cd");
    CHECK_STR(buf, "abcd");
    strncat(buf, "efgh", 2);
    CHECK_STR(buf, "abcdef");
    memset(buf, 'z', sizeof(buf));
    strncpy(buf, "ab", 5);           /* pads with NULs */
    CHECK(buf[0] == 'a' && buf[2] == 0 && buf[4] == 0 && buf[5] == 'z');
    strncpy(buf, "abcdef", 3);       /* does not terminate */
    CHECK(buf[2] == 'c' && buf[3] == 0);
    char *d = strdup("copy");
    CHECK(d && !strcmp(d, "copy"));
    free(d);
    d = strndup("truncate", 4);
    CHECK_STR(d, "trun");
    free(d);
}

static void str_compare_and_search(void)
{
    CHECK(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("x", "x") == 0);
    CHECK(strcmp("ab", "abc") < 0);
    CHECK(strcmp("\xe9", "a") > 0);   /* unsigned */
    CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("abcx", "abcy", 4) < 0);
    CHECK(strcasecmp("HeLLo", "hello") == 0 && strncasecmp("ABx", "aby", 2) == 0);
    const char *s = "a/b/c";
    CHECK(strchr(s, '/') == s + 1 && strrchr(s, '/') == s + 3);
    CHECK(strchr(s, 0) == s + 5);
    CHECK(strchr(s, 'z') == NULL && strrchr(s, 'z') == NULL);
    const char *hay = "haystack";
    CHECK(strstr(hay, "stack") == hay + 3 && strstr(hay, "") == hay && !strstr(hay, "needle"));
    CHECK(strspn("aabbc", "ab") == 4 && strcspn("hello, world", ", ") == 5);
    const char *hello = "hello";
    CHECK(strpbrk(hello, "ol") == hello + 2 && strpbrk(hello, "xyz") == NULL);
}

static void strtok_splits_on_any_delimiter(void)
{
    char buf[] = "  one,two;;three  ";
    CHECK_STR(strtok(buf, " ,;"), "one");
    CHECK_STR(strtok(NULL, " ,;"), "two");
    CHECK_STR(strtok(NULL, " ,;"), "three");
    CHECK(strtok(NULL, " ,;") == NULL);
    char buf2[] = "k=v";
    char *save;
    CHECK_STR(strtok_r(buf2, "=", &save), "k");
    CHECK_STR(strtok_r(NULL, "=", &save), "v");
    CHECK(strtok_r(NULL, "=", &save) == NULL);
}

static void strerror_names_linux_errors(void)
{
    CHECK_STR(strerror(2), "No such file or directory");
    CHECK_STR(strerror(13), "Permission denied");
    CHECK_STR(strerror(22), "Invalid argument");
    CHECK(strerror(9999) != NULL);
}

static void ctype_classifies_every_ascii_byte(void)
{
    int alpha = 0, digit = 0, space = 0, punct = 0, upper = 0, print = 0, xdigit = 0;
    for (int c = 0; c < 128; c++) {
        alpha += isalpha(c) != 0;
        digit += isdigit(c) != 0;
        space += isspace(c) != 0;
        punct += ispunct(c) != 0;
        upper += isupper(c) != 0;
        print += isprint(c) != 0;
        xdigit += isxdigit(c) != 0;
        CHECK(!isalnum(c) == !(isalpha(c) || isdigit(c)));
        CHECK(!isgraph(c) == !(isprint(c) && c != ' '));
    }
    CHECK(alpha == 52 && digit == 10 && space == 6 && punct == 32 && upper == 26);
    CHECK(print == 95 && xdigit == 22);
    CHECK(toupper('a') == 'A' && tolower('Z') == 'z' && toupper('1') == '1');
    CHECK(!isalpha(EOF) && tolower(EOF) == EOF);
}

int main(void)
{
    RUN(mem_functions_copy_move_compare_and_search);
    RUN(str_length_copy_and_concatenate);
    RUN(str_compare_and_search);
    RUN(strtok_splits_on_any_delimiter);
    RUN(strerror_names_linux_errors);
    RUN(ctype_classifies_every_ascii_byte);
    return check_total_failed != 0;
}
