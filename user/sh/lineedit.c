/*
 * lineedit.c: the prompt's line editor, for a shell at a terminal.
 *
 * The terminal is switched out of canonical mode while a line is typed
 * (and back before anything runs), and the editor echoes what it accepts:
 *
 *   Left/Right, Ctrl-B/Ctrl-F   move        Home/End, Ctrl-A/Ctrl-E  line start/end
 *   Up/Down, Ctrl-P/Ctrl-N      history     Backspace, Delete, Ctrl-D  erase
 *   Ctrl-U / Ctrl-K             erase to the start / the end   Ctrl-W  erase a word
 *   Ctrl-L                      clear the screen
 *   Ctrl-C                      abandon the line (a new prompt)
 *   Ctrl-D on an empty line     end of input (the shell exits)
 *   Ctrl-Z                      ignored: no stray byte in the line
 *
 * Typing at the end of the line echoes each byte as the terminal itself
 * would; an edit in the middle redraws the line (ANSI cursor movement, as
 * a VT100 understands it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define HISTORY_MAX 200
#define CTRL(c)     ((c)&0x1f)
#define DEL         0x7f
#define ESC         0x1b

static char *history[HISTORY_MAX];
static int history_len;

void le_history_add(const char *line)
{
    if (!line[0] || (history_len && !strcmp(history[history_len - 1], line)))
        return;
    if (history_len == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, sizeof(history[0]) * (HISTORY_MAX - 1));
        history_len--;
    }
    history[history_len++] = strdup(line);
}

void le_history_print(void)
{
    for (int i = 0; i < history_len; i++)
        printf("%5d  %s\n", i + 1, history[i]);
}

struct line {
    const char *prompt;
    char *buf;
    int cap, len, pos;
};

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t r = write(2, s, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        s += r;
        n -= (size_t)r;
    }
}

static void outs(const char *s) { out(s, strlen(s)); }

/* The whole line again, the cursor put back where it belongs. */
static void redraw(struct line *l)
{
    char seq[32];
    outs("\r");
    outs(l->prompt);
    out(l->buf, (size_t)l->len);
    outs("\x1b[K");
    if (l->len > l->pos) {
        snprintf(seq, sizeof(seq), "\x1b[%dD", l->len - l->pos);
        outs(seq);
    }
}

static void insert(struct line *l, char c)
{
    if (l->len >= l->cap - 1)
        return;
    memmove(l->buf + l->pos + 1, l->buf + l->pos, (size_t)(l->len - l->pos));
    l->buf[l->pos++] = c;
    l->len++;
    if (l->pos == l->len)
        out(&c, 1); /* at the end: the same echo the terminal gives */
    else
        redraw(l);
}

static void erase_before(struct line *l, int n)
{
    if (n > l->pos)
        n = l->pos;
    if (n <= 0)
        return;
    memmove(l->buf + l->pos - n, l->buf + l->pos, (size_t)(l->len - l->pos));
    l->pos -= n;
    l->len -= n;
    if (n == 1 && l->pos == l->len)
        outs("\b \b");
    else
        redraw(l);
}

static void erase_at(struct line *l)
{
    if (l->pos == l->len)
        return;
    memmove(l->buf + l->pos, l->buf + l->pos + 1, (size_t)(l->len - l->pos - 1));
    l->len--;
    redraw(l);
}

static void set_text(struct line *l, const char *text)
{
    int n = (int)strlen(text);
    if (n > l->cap - 1)
        n = l->cap - 1;
    memcpy(l->buf, text, (size_t)n);
    l->len = l->pos = n;
    redraw(l);
}

static void move_to(struct line *l, int pos)
{
    if (pos < 0 || pos > l->len || pos == l->pos)
        return;
    char seq[32];
    snprintf(seq, sizeof(seq), "\x1b[%d%c", pos > l->pos ? pos - l->pos : l->pos - pos,
             pos > l->pos ? 'C' : 'D');
    outs(seq);
    l->pos = pos;
}

static int read_byte(void)
{
    unsigned char c;
    for (;;) {
        ssize_t r = read(0, &c, 1);
        if (r == 1)
            return c;
        if (r < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* After ESC: the arrows and keys of a VT100/xterm (ESC [ A, ESC O A, ESC [ 3 ~ ...). */
static int escape_key(void)
{
    int c = read_byte();
    if (c != '[' && c != 'O')
        return 0;
    int k = read_byte();
    if (k >= '0' && k <= '9') {
        int t = read_byte();
        if (t != '~')
            return 0;
        return k == '1' || k == '7' ? 'H' : k == '4' || k == '8' ? 'F' : k == '3' ? 'X' : 0;
    }
    return k;
}

int le_read_line(const char *prompt, char *buf, int cap)
{
    struct termios saved, raw;
    int have_tty = tcgetattr(0, &saved) == 0;
    if (have_tty) {
        raw = saved;
        raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
        raw.c_iflag &= ~(tcflag_t)ICRNL;
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tcsetattr(0, TCSANOW, &raw);
    }
    struct line l = { prompt, buf, cap, 0, 0 };
    int hist = history_len; /* history_len: the line being typed */
    char *draft = NULL;
    int result;
    outs(prompt);
    for (;;) {
        int c = read_byte();
        if (c < 0) {
            result = l.len ? l.len : LE_EOF;
            break;
        }
        if (c == '\r' || c == '\n') {
            outs("\n");
            result = l.len;
            break;
        }
        if (c == CTRL('c')) {
            outs("^C\n");
            result = LE_INTERRUPTED;
            break;
        }
        if (c == CTRL('d')) {
            if (l.len == 0) {
                outs("\n");
                result = LE_EOF;
                break;
            }
            erase_at(&l);
            continue;
        }
        if (c == ESC) {
            c = escape_key();
            if (c == 'A')
                c = CTRL('p');
            else if (c == 'B')
                c = CTRL('n');
            else if (c == 'C')
                c = CTRL('f');
            else if (c == 'D')
                c = CTRL('b');
            else if (c == 'H')
                c = CTRL('a');
            else if (c == 'F')
                c = CTRL('e');
            else if (c == 'X') {
                erase_at(&l);
                continue;
            } else
                continue;
        }
        switch (c) {
        case DEL:
        case '\b':
            erase_before(&l, 1);
            break;
        case CTRL('b'):
            move_to(&l, l.pos - 1);
            break;
        case CTRL('f'):
            move_to(&l, l.pos + 1);
            break;
        case CTRL('a'):
            move_to(&l, 0);
            break;
        case CTRL('e'):
            move_to(&l, l.len);
            break;
        case CTRL('u'):
            erase_before(&l, l.pos);
            break;
        case CTRL('k'):
            l.len = l.pos;
            redraw(&l);
            break;
        case CTRL('w'): {
            int p = l.pos;
            while (p > 0 && buf[p - 1] == ' ')
                p--;
            while (p > 0 && buf[p - 1] != ' ')
                p--;
            erase_before(&l, l.pos - p);
            break;
        }
        case CTRL('l'):
            outs("\x1b[H\x1b[2J");
            redraw(&l);
            break;
        case CTRL('p'):
        case CTRL('n'): {
            int to = hist + (c == CTRL('p') ? -1 : 1);
            if (to < 0 || to > history_len)
                break;
            if (hist == history_len) { /* leaving the line being typed: keep it */
                free(draft);
                draft = strndup(buf, (size_t)l.len);
            }
            hist = to;
            set_text(&l, hist == history_len ? (draft ? draft : "") : history[hist]);
            break;
        }
        default:
            if (c >= ' ' || c == '\t') /* Ctrl-Z and other controls are dropped */
                insert(&l, (char)c);
            break;
        }
    }
    if (result >= 0)
        buf[result] = 0;
    free(draft);
    if (have_tty)
        tcsetattr(0, TCSANOW, &saved);
    return result;
}
