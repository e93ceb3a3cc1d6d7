/*
 * Unit tests for dom0's serial line editor (dom0/shell/line_edit.c).
 *
 * Two kinds of check: the exact echo bytes of representative edits, and a
 * small VT100 model fed everything the editor emits, which after every
 * byte must show prompt + line on its current row with its cursor at
 * prompt + cursor. The model knows only the sequences the editor is
 * allowed to emit (see dom0/line_edit.h) and fails on anything else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/line_edit.h>

#include "xorshift.h"

#define PROMPT "dom0# "
#define ROWS 4
#define COLS 512

/* ---- A VT100 model: one screen, no wrapping ---- */

struct term {
    char cell[ROWS][COLS];      /* '\0' is an empty cell */
    int row, col;
    int bells;
    /* escape parsing */
    int esc;                    /* 0 none, 1 after ESC, 2 in CSI */
    char params[16];
    size_t np;
};

static void term_scroll(struct term *t)
{
    memmove(t->cell[0], t->cell[1], sizeof(t->cell[0]) * (ROWS - 1));
    memset(t->cell[ROWS - 1], 0, COLS);
}

static void term_csi(struct term *t, char final)
{
    int n = t->np ? atoi(t->params) : 0;

    switch (final) {
    case 'C':
        t->col += n ? n : 1;
        assert_true(t->col < COLS);
        break;
    case 'D':
        t->col -= n ? n : 1;
        if (t->col < 0)
            fail_msg("cursor moved left past the margin");
        break;
    case 'K':
        assert_int_equal(n, 0);
        memset(t->cell[t->row] + t->col, 0, (size_t)(COLS - t->col));
        break;
    case 'H':
        assert_int_equal(t->np, 0);
        t->row = t->col = 0;
        break;
    case 'J':
        assert_int_equal(n, 2);
        memset(t->cell, 0, sizeof(t->cell));
        break;
    default:
        fail_msg("editor emitted ESC [ %s %c", t->params, final);
    }
}

static void term_byte(struct term *t, char c)
{
    if (t->esc == 1) {
        if (c != '[')
            fail_msg("editor emitted ESC 0x%02x", (unsigned char)c);
        t->esc = 2;
        t->np = 0;
        t->params[0] = '\0';
        return;
    }
    if (t->esc == 2) {
        if ((c >= '0' && c <= '9') && t->np < sizeof(t->params) - 1) {
            t->params[t->np++] = c;
            t->params[t->np] = '\0';
            return;
        }
        t->esc = 0;
        term_csi(t, c);
        return;
    }
    switch (c) {
    case '\x1b': t->esc = 1; break;
    case '\r': t->col = 0; break;
    case '\n':
        if (++t->row == ROWS) {
            term_scroll(t);
            t->row = ROWS - 1;
        }
        break;
    case '\b': if (t->col > 0) t->col--; break;
    case '\a': t->bells++; break;
    default:
        if (c < 0x20 || c > 0x7e)
            fail_msg("editor emitted byte 0x%02x", (unsigned char)c);
        assert_true(t->col < COLS - 1);
        t->cell[t->row][t->col++] = c;
    }
}

/* The current row's text: cells up to the last non-empty one. */
static void term_row(const struct term *t, char *out)
{
    int end = COLS;

    while (end > 0 && t->cell[t->row][end - 1] == '\0')
        end--;
    for (int i = 0; i < end; i++) {
        char c = t->cell[t->row][i];

        out[i] = c ? c : ' ';
    }
    out[end] = '\0';
}

/* ---- Harness ---- */

static struct line_edit le;
static struct le_out out;
static struct term term;
static char echo[8192];     /* what the last feed_all emitted */
static size_t echo_len;

static void emit(void)
{
    assert_false(out.overflow);
    for (size_t i = 0; i < out.len; i++)
        term_byte(&term, out.buf[i]);
    assert_true(echo_len + out.len < sizeof(echo));
    memcpy(echo + echo_len, out.buf, out.len);
    echo_len += out.len;
    echo[echo_len] = '\0';
    out.len = 0;
}

/* The model's row and cursor agree with prompt + line. */
static void assert_in_sync(void)
{
    char row[COLS + 1], want[COLS + 1];

    assert_true(le.len <= LE_LINE_MAX);
    assert_true(le.cursor <= le.len);
    assert_int_equal(strlen(le.buf), le.len);
    term_row(&term, row);
    snprintf(want, sizeof(want), "%s%s", le.prompt, le.buf);
    assert_string_equal(row, want);
    assert_int_equal(term.col, strlen(le.prompt) + le.cursor);
}

static int setup(void **state)
{
    (void)state;
    memset(&term, 0, sizeof(term));
    memset(&out, 0, sizeof(out));
    line_edit_init(&le, PROMPT);
    line_edit_start(&le, &out);
    echo_len = 0;
    emit();
    return 0;
}

/* Feeds n bytes; returns the last result; echo holds all the echo. Every
 * byte that leaves a line open must leave the model in sync. */
static int feed_n(const char *bytes, size_t n)
{
    int r = LE_MORE;

    echo_len = 0;
    echo[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        r = line_edit_feed(&le, bytes[i], &out);
        emit();
        if (r == LE_MORE && !le.done && le.esc == LE_ESC_NONE)
            assert_in_sync();
    }
    return r;
}

static int feed(const char *bytes)
{
    return feed_n(bytes, strlen(bytes));
}

/* What the shell prints after ^D, before its next prompt. */
static void newline(void)
{
    term_byte(&term, '\r');
    term_byte(&term, '\n');
}

/* Starts the next line, as the shell does after a result. */
static void restart(void)
{
    line_edit_start(&le, &out);
    emit();
    assert_in_sync();
}

static void assert_echo(const char *want)
{
    assert_int_equal(echo_len, strlen(want));
    assert_memory_equal(echo, want, echo_len);
}

#define LEFT  "\x1b[D"
#define RIGHT "\x1b[C"
#define UP    "\x1b[A"
#define DOWN  "\x1b[B"
#define DEL   "\x1b[3~"

/* ---- Typing and Enter ---- */

static void test_prompt_and_typing(void **state)
{
    (void)state;
    assert_string_equal(term.cell[0], PROMPT);
    assert_int_equal(feed("ls -l"), LE_MORE);
    assert_echo("ls -l");
    assert_int_equal(feed("\r"), LE_DONE);
    assert_echo("\r\n");
    assert_string_equal(line_edit_line(&le), "ls -l");
    assert_int_equal(term.row, 1);
    assert_int_equal(term.col, 0);
}

static void test_enter_variants(void **state)
{
    (void)state;
    assert_int_equal(feed("a\r"), LE_DONE);
    assert_string_equal(line_edit_line(&le), "a");
    /* The LF of CR LF is swallowed: no second line, no echo. */
    assert_int_equal(feed("\n"), LE_MORE);
    assert_echo("");
    assert_string_equal(line_edit_line(&le), "a");
    restart();
    assert_int_equal(feed("b\n"), LE_DONE);
    assert_string_equal(line_edit_line(&le), "b");
    restart();
    /* LF then LF: two lines; CR CR: two lines. */
    assert_int_equal(feed("\n"), LE_DONE);
    assert_string_equal(line_edit_line(&le), "");
    restart();
    assert_int_equal(feed("\r"), LE_DONE);
    restart();
    assert_int_equal(feed("\r"), LE_DONE);
    /* After CR, a byte other than LF counts normally. */
    restart();
    assert_int_equal(feed("x"), LE_MORE);
    assert_echo("x");
}

/* Without line_edit_start the next line still starts empty (no prompt). */
static void test_feed_after_done_starts_anew(void **state)
{
    const char *input = "first\nsecond\n";
    int r = LE_MORE;

    (void)state;
    for (const char *p = input; *p; p++) {
        r = line_edit_feed(&le, *p, &out);
        if (r == LE_DONE && p[1])
            assert_string_equal(line_edit_line(&le), "first");
    }
    out.len = 0;
    assert_int_equal(r, LE_DONE);
    assert_string_equal(line_edit_line(&le), "second");
}

static void test_insert_in_middle(void **state)
{
    (void)state;
    feed("abd");
    feed(LEFT);
    assert_echo("\b");
    feed("c");
    assert_echo("cd\b");
    assert_string_equal(le.buf, "abcd");
    feed(LEFT LEFT);
    feed("X");
    assert_echo("Xbcd\x1b[3D");
    assert_string_equal(le.buf, "aXbcd");
    assert_int_equal(le.cursor, 2);
}

/* ---- Deleting ---- */

static void test_backspace(void **state)
{
    (void)state;
    feed("abc");
    feed("\x7f");
    assert_echo("\b\x1b[K");
    assert_string_equal(le.buf, "ab");
    feed("\b");
    assert_echo("\b\x1b[K");
    assert_string_equal(le.buf, "a");
    feed("xyz" LEFT LEFT "\x7f");
    assert_echo("xyz\b\b\byz\x1b[K\x1b[2D");
    assert_string_equal(le.buf, "ayz");
    feed("\x01");
    feed("\x7f");           /* at the start: nothing */
    assert_echo("");
    assert_string_equal(le.buf, "ayz");
}

static void test_delete_key_and_ctrl_d(void **state)
{
    (void)state;
    feed("abc\x01");
    feed(DEL);
    assert_echo("bc\x1b[K\x1b[2D");
    assert_string_equal(le.buf, "bc");
    feed("\x04");           /* ^D on a non-empty line deletes too */
    assert_echo("c\x1b[K\b");
    assert_string_equal(le.buf, "c");
    feed("\x05");
    feed(DEL "\x04");       /* at the end: nothing */
    assert_echo("");
    assert_string_equal(le.buf, "c");
    feed("\x7f");
    assert_int_equal(feed("\x04"), LE_EOF);
    assert_echo("");
}

static void test_kill_line(void **state)
{
    (void)state;
    feed("hello");
    feed("\x15");
    assert_echo("\x1b[5D\x1b[K");
    assert_string_equal(le.buf, "");
    feed("hello world" LEFT LEFT LEFT "\x15");
    assert_string_equal(le.buf, "");
    assert_int_equal(le.cursor, 0);
    feed("\x15");
    assert_echo("\x1b[K");
}

static void test_kill_word(void **state)
{
    (void)state;
    feed("a bc");
    feed("\x17");
    assert_echo("\x1b[2D\x1b[K");
    assert_string_equal(le.buf, "a ");
    feed("\x17");
    assert_string_equal(le.buf, "");
    feed("\x17");
    assert_echo("");

    feed("ls  foo bar  ");
    feed("\x17");
    assert_string_equal(le.buf, "ls  foo ");
    feed("\x15" "echo hello world");
    feed("\x1b[6D");        /* a CSI with a count moves by one */
    feed(LEFT LEFT LEFT LEFT LEFT);
    assert_int_equal(le.cursor, 10);
    feed("\x17");
    assert_echo("\x1b[5D world\x1b[K\x1b[6D");
    assert_string_equal(le.buf, "echo  world");
    assert_int_equal(le.cursor, 5);
}

/* ---- Moving ---- */

static void test_home_end(void **state)
{
    static const char *const homes[] = {
        "\x01", "\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH",
    };
    static const char *const ends[] = {
        "\x05", "\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF",
    };

    (void)state;
    feed("abc");
    for (int i = 0; i < 5; i++) {
        feed(homes[i]);
        assert_echo("\x1b[3D");
        assert_int_equal(le.cursor, 0);
        feed(homes[i]);
        assert_echo("");
        feed(ends[i]);
        assert_echo("\x1b[3C");
        assert_int_equal(le.cursor, 3);
        feed(ends[i]);
        assert_echo("");
    }
}

static void test_left_right(void **state)
{
    (void)state;
    feed("ab");
    feed(RIGHT);            /* at the end: nothing */
    assert_echo("");
    feed(LEFT);
    assert_echo("\b");
    feed("\x1bOD");         /* SS3 form */
    assert_echo("\b");
    feed(LEFT);
    assert_echo("");
    feed(RIGHT);
    assert_echo("\x1b[1C");
    feed("\x1bOC");
    assert_int_equal(le.cursor, 2);
}

static void test_redraw(void **state)
{
    (void)state;
    feed("abcd" LEFT);
    feed("\x0c");
    assert_echo("\x1b[H\x1b[2J" PROMPT "abcd\b");
    assert_int_equal(term.row, 0);
    line_edit_set_prompt(&le, "other> ");
    feed("\x0c");
    assert_echo("\x1b[H\x1b[2Jother> abcd\b");
}

/* ---- ^C and ^D ---- */

static void test_interrupt(void **state)
{
    (void)state;
    feed("some text");
    assert_int_equal(feed("\x03"), LE_INTR);
    assert_echo("^C\r\n");
    assert_string_equal(line_edit_line(&le), "");
    restart();
    assert_int_equal(feed("x\r"), LE_DONE);
    assert_string_equal(line_edit_line(&le), "x");
}

static void test_eof(void **state)
{
    (void)state;
    assert_int_equal(feed("\x04"), LE_EOF);
    assert_echo("");
    newline();
    restart();
    feed("a");
    assert_int_equal(feed("\x04"), LE_MORE);    /* not empty: no EOF */
}

/* ---- History ---- */

/* Enters line, then starts the next one. */
static void enter(const char *line)
{
    feed(line);
    assert_int_equal(feed("\r"), LE_DONE);
    restart();
}

static void test_history(void **state)
{
    (void)state;
    enter("one");
    enter("two");
    enter("three");
    feed("dr");
    feed(UP);
    assert_echo("\x1b[2Dthree\x1b[K");
    assert_string_equal(le.buf, "three");
    feed(UP);
    assert_echo("\x1b[5Dtwo\x1b[K");
    feed(UP);
    assert_string_equal(le.buf, "one");
    feed(UP);               /* the oldest: nothing more */
    assert_echo("");
    assert_string_equal(le.buf, "one");
    feed(DOWN DOWN);
    assert_string_equal(le.buf, "three");
    feed(DOWN);             /* back to what was being typed */
    assert_string_equal(le.buf, "dr");
    feed(DOWN);
    assert_echo("");
    feed("\x1bOA");         /* SS3 up */
    assert_string_equal(le.buf, "three");

    /* A recalled line can be edited and entered as a new one. */
    feed("\x7f" "ee\r");
    assert_string_equal(line_edit_line(&le), "threee");
    restart();
    feed(UP);
    assert_string_equal(le.buf, "threee");
    feed(UP);
    assert_string_equal(le.buf, "three");
}

static void test_history_dedup_and_empty(void **state)
{
    (void)state;
    enter("same");
    enter("same");
    enter("");
    feed(UP);
    assert_string_equal(le.buf, "same");
    feed(UP);
    assert_string_equal(le.buf, "same");
    assert_int_equal(le.hist_count, 1);
}

static void test_history_keeps_last_16(void **state)
{
    char line[16];

    (void)state;
    for (int i = 0; i < 20; i++) {
        snprintf(line, sizeof(line), "cmd%d", i);
        enter(line);
    }
    for (int i = 0; i < 30; i++)
        feed(UP);
    assert_string_equal(le.buf, "cmd4");
    assert_int_equal(le.hist_count, LE_HISTORY);
    for (int i = 0; i < LE_HISTORY - 1; i++)
        feed(DOWN);
    assert_string_equal(le.buf, "cmd19");
}

/* ---- Limits and junk ---- */

static void test_full_line_bell(void **state)
{
    char line[LE_LINE_MAX + 1];

    (void)state;
    memset(line, 'x', LE_LINE_MAX);
    line[LE_LINE_MAX] = '\0';
    feed(line);
    assert_int_equal(le.len, LE_LINE_MAX);
    feed("y");
    assert_echo("\a");
    assert_int_equal(term.bells, 1);
    assert_int_equal(le.len, LE_LINE_MAX);
    feed("\x01" "z");
    assert_echo("\x1b[255D\a");
    assert_int_equal(le.buf[0], 'x');
    feed("\x05\r");
    assert_int_equal(strlen(line_edit_line(&le)), LE_LINE_MAX);
    /* The full line in the history comes back whole. */
    restart();
    feed(UP);
    assert_int_equal(le.len, LE_LINE_MAX);
}

static void test_ignored_input(void **state)
{
    static const char *const junk[] = {
        "\t", "\x02", "\x06", "\x0b", "\x0e", "\x10", "\x1f", "\x80",
        "\xc3\xa9", "\xff",
        "\x1b[5~", "\x1b[2~", "\x1b[99~", "\x1b[?25h", "\x1b[1$x",
        "\x1b[Z", "\x1bx", "\x1bOP", "\x1bO1", "\x1b[1;5P",
        "\x1b[" "\x7f" "A",
    };

    (void)state;
    feed("keep" LEFT);
    for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
        assert_int_equal(feed(junk[i]), LE_MORE);
        if (strcmp(junk[i], "\x1b[" "\x7f" "A") == 0) {
            /* DEL ends the CSI; the 'A' after it is plain text */
            assert_string_equal(le.buf, "keeAp");
            feed("\x7f");
            continue;
        }
        assert_echo("");
        assert_string_equal(le.buf, "keep");
        assert_int_equal(le.cursor, 3);
    }
    assert_in_sync();
}

static void test_escape_edge_cases(void **state)
{
    (void)state;
    feed("abc");
    /* ESC ESC [ D: the second ESC starts over; one move left. */
    feed("\x1b\x1b[D");
    assert_int_equal(le.cursor, 2);
    /* A control character inside a CSI ends it and acts (^A: home). */
    feed("\x1b[\x01");
    assert_int_equal(le.cursor, 0);
    feed("D");              /* not an escape any more: plain text */
    assert_string_equal(le.buf, "Dabc");
    /* A huge parameter is capped, not overflowed. */
    feed("\x1b[99999999999999999999C");
    assert_int_equal(le.cursor, 2);
    /* ESC [ 1 ; 5 C (ctrl-right) still moves right. */
    feed("\x1b[1;5C");
    assert_int_equal(le.cursor, 3);
    /* Only the first parameter counts: ESC [ 3 ; 5 ~ deletes. */
    feed("\x1b[D\x1b[3;5~");
    assert_string_equal(le.buf, "Dac");
    feed("b" RIGHT);
    /* Enter inside an escape ends the escape and the line. */
    assert_int_equal(feed("\x1b[\r"), LE_DONE);
    assert_string_equal(line_edit_line(&le), "Dabc");
}

static void test_prompt_truncated(void **state)
{
    char prompt[100];

    (void)state;
    memset(prompt, 'p', sizeof(prompt) - 1);
    prompt[sizeof(prompt) - 1] = '\0';
    line_edit_init(&le, prompt);
    assert_int_equal(strlen(le.prompt), LE_PROMPT_MAX);
    line_edit_start(&le, &out);
    assert_int_equal(out.len, LE_PROMPT_MAX);
    out.len = 0;
}

static void test_out_overflow_flagged(void **state)
{
    struct le_out full = { 0 };

    (void)state;
    for (int i = 0; i < 2 * LE_OUT_MAX; i++)
        line_edit_feed(&le, 'a' + i % 26, &full);
    assert_true(full.overflow);
    assert_int_equal(full.len, LE_OUT_MAX);
}

/* Random bytes, heavy on the keys that edit: the model stays in sync. */
static void test_random_sessions(void **state)
{
    static const char *const keys[] = {
        LEFT, RIGHT, UP, DOWN, DEL, "\x1b[H", "\x1b[F", "\x01", "\x05",
        "\x7f", "\b", "\x15", "\x17", "\x0c", "\x04", "\r", "\n", "\x03",
        "\x1b", "\x1b[", " ", "  ",
    };
    uint64_t seed = 0x5eed1e;
    char line[LE_LINE_MAX + 1];

    (void)state;
    for (int step = 0; step < 20000; step++) {
        uint64_t r = xorshift64(&seed);
        int res;

        if (r % 3 == 0) {
            const char *k = keys[(r >> 8) % (sizeof(keys) / sizeof(keys[0]))];

            res = feed(k);
        } else {
            char c[2] = { (char)(0x20 + (r >> 8) % 95), '\0' };

            res = feed(c);
        }
        if (res != LE_MORE) {
            snprintf(line, sizeof(line), "%s", line_edit_line(&le));
            assert_true(strlen(line) <= LE_LINE_MAX);
            if (res == LE_EOF)
                newline();
            restart();
        }
        /* Long runs fill the line; make sure full lines happen too. */
        if (step % 5000 == 4999) {
            memset(line, 'f', LE_LINE_MAX);
            line[LE_LINE_MAX] = '\0';
            feed(line);
        }
    }
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, NULL)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_prompt_and_typing),
        T(test_enter_variants),
        T(test_feed_after_done_starts_anew),
        T(test_insert_in_middle),
        T(test_backspace),
        T(test_delete_key_and_ctrl_d),
        T(test_kill_line),
        T(test_kill_word),
        T(test_home_end),
        T(test_left_right),
        T(test_redraw),
        T(test_interrupt),
        T(test_eof),
        T(test_history),
        T(test_history_dedup_and_empty),
        T(test_history_keeps_last_16),
        T(test_full_line_bell),
        T(test_ignored_input),
        T(test_escape_edge_cases),
        T(test_prompt_truncated),
        T(test_out_overflow_flagged),
        T(test_random_sessions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
