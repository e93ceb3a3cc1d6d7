/*
 * The serial line editor (see dom0/line_edit.h for keys and echo).
 *
 * Each edit changes the buffer and then echoes exactly what turns the
 * terminal's old row into the new one: from the terminal cursor (always at
 * prompt + cursor), rewrite what changed to the right, erase what is left
 * over with ESC [ K, and step back to the new cursor. Keeping every edit
 * in that shape is what keeps screen and buffer in step.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/line_edit.h>
#include <keel/string.h>

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC   0x1b
#define KEY_DEL   0x7f
#define KEY_BEL   0x07
#define PARAM_CAP 1000  /* a CSI parameter above this means nothing to us */

/* ---- Output ---- */

static void out_byte(struct le_out *out, char c)
{
    if (out->len < sizeof(out->buf))
        out->buf[out->len++] = c;
    else
        out->overflow = true;
}

static void out_mem(struct le_out *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_byte(out, s[i]);
}

static void out_str(struct le_out *out, const char *s)
{
    out_mem(out, s, strlen(s));
}

static void out_num(struct le_out *out, size_t n)
{
    char digits[20];
    int i = 0;

    do {
        digits[i++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (i > 0)
        out_byte(out, digits[--i]);
}

/* ESC [ n <final>, the CSI cursor moves. */
static void out_csi(struct le_out *out, size_t n, char final)
{
    out_byte(out, KEY_ESC);
    out_byte(out, '[');
    out_num(out, n);
    out_byte(out, final);
}

static void cursor_left(struct le_out *out, size_t n)
{
    if (n == 1)
        out_byte(out, '\b');
    else if (n > 1)
        out_csi(out, n, 'D');
}

static void cursor_right(struct le_out *out, size_t n)
{
    if (n > 0)
        out_csi(out, n, 'C');
}

static void erase_to_eol(struct le_out *out)
{
    out_str(out, "\x1b[K");
}

/*
 * After an edit at the cursor that changed the text to its right: rewrite
 * the tail, erase leftovers if the line shrank, return to the cursor.
 */
static void redraw_tail(struct line_edit *le, struct le_out *out, bool shrank)
{
    size_t tail = le->len - le->cursor;

    out_mem(out, le->buf + le->cursor, tail);
    if (shrank)
        erase_to_eol(out);
    cursor_left(out, tail);
}

/* ---- Buffer edits ---- */

static void reset_line(struct line_edit *le)
{
    le->len = 0;
    le->cursor = 0;
    le->buf[0] = '\0';
    le->hist_pos = 0;
    le->esc = LE_ESC_NONE;
    le->done = false;
}

/* Removes n characters starting at from (from + n <= len). */
static void remove_chars(struct line_edit *le, size_t from, size_t n)
{
    memmove(le->buf + from, le->buf + from + n, le->len - from - n + 1);
    le->len -= n;
}

static void insert_char(struct line_edit *le, char c, struct le_out *out)
{
    if (le->len == LE_LINE_MAX) {
        out_byte(out, KEY_BEL);
        return;
    }
    memmove(le->buf + le->cursor + 1, le->buf + le->cursor,
            le->len - le->cursor + 1);
    le->buf[le->cursor] = c;
    le->len++;
    out_byte(out, c);
    le->cursor++;
    redraw_tail(le, out, false);
}

static void backspace(struct line_edit *le, struct le_out *out)
{
    if (le->cursor == 0)
        return;
    le->cursor--;
    remove_chars(le, le->cursor, 1);
    cursor_left(out, 1);
    redraw_tail(le, out, true);
}

static void delete_at_cursor(struct line_edit *le, struct le_out *out)
{
    if (le->cursor == le->len)
        return;
    remove_chars(le, le->cursor, 1);
    redraw_tail(le, out, true);
}

static void move_to(struct line_edit *le, size_t pos, struct le_out *out)
{
    if (pos < le->cursor)
        cursor_left(out, le->cursor - pos);
    else
        cursor_right(out, pos - le->cursor);
    le->cursor = pos;
}

static void kill_line(struct line_edit *le, struct le_out *out)
{
    move_to(le, 0, out);
    remove_chars(le, 0, le->len);
    erase_to_eol(out);
}

/* ^W: the spaces before the cursor, then the word before them. */
static void kill_word(struct line_edit *le, struct le_out *out)
{
    size_t start = le->cursor, n;

    while (start > 0 && le->buf[start - 1] == ' ')
        start--;
    while (start > 0 && le->buf[start - 1] != ' ')
        start--;
    n = le->cursor - start;
    if (n == 0)
        return;
    move_to(le, start, out);
    remove_chars(le, start, n);
    redraw_tail(le, out, true);
}

/* Replaces the whole line with text (the history keys). */
static void replace_line(struct line_edit *le, const char *text,
                         struct le_out *out)
{
    size_t n = strnlen(text, LE_LINE_MAX);

    move_to(le, 0, out);
    memcpy(le->buf, text, n);
    le->buf[n] = '\0';
    le->len = n;
    out_mem(out, le->buf, n);
    le->cursor = n;
    erase_to_eol(out);
}

static void redraw_all(struct line_edit *le, struct le_out *out)
{
    out_str(out, "\x1b[H\x1b[2J");
    out_str(out, le->prompt);
    out_mem(out, le->buf, le->len);
    cursor_left(out, le->len - le->cursor);
}

/* ---- History ---- */

/* The k-th newest line, 1 <= k <= hist_count. */
static const char *hist_line(const struct line_edit *le, unsigned k)
{
    return le->hist[(le->hist_newest + LE_HISTORY - (k - 1)) % LE_HISTORY];
}

static void hist_add(struct line_edit *le)
{
    if (le->len == 0)
        return;
    if (le->hist_count && strcmp(hist_line(le, 1), le->buf) == 0)
        return;     /* the same command again: keep one */
    le->hist_newest = (le->hist_newest + 1) % LE_HISTORY;
    memcpy(le->hist[le->hist_newest], le->buf, le->len + 1);
    if (le->hist_count < LE_HISTORY)
        le->hist_count++;
}

static void hist_up(struct line_edit *le, struct le_out *out)
{
    if (le->hist_pos == le->hist_count)
        return;
    if (le->hist_pos == 0)
        memcpy(le->draft, le->buf, le->len + 1);
    le->hist_pos++;
    replace_line(le, hist_line(le, le->hist_pos), out);
}

static void hist_down(struct line_edit *le, struct le_out *out)
{
    if (le->hist_pos == 0)
        return;
    le->hist_pos--;
    replace_line(le, le->hist_pos ? hist_line(le, le->hist_pos) : le->draft,
                 out);
}

/* ---- Keys ---- */

/* The action of a CSI / SS3 final byte (with the CSI's first parameter). */
static void escape_key(struct line_edit *le, char final, unsigned param,
                       struct le_out *out)
{
    switch (final) {
    case 'A': hist_up(le, out); break;
    case 'B': hist_down(le, out); break;
    case 'C': if (le->cursor < le->len) move_to(le, le->cursor + 1, out); break;
    case 'D': if (le->cursor > 0) move_to(le, le->cursor - 1, out); break;
    case 'H': move_to(le, 0, out); break;
    case 'F': move_to(le, le->len, out); break;
    case '~':
        if (param == 1 || param == 7)
            move_to(le, 0, out);
        else if (param == 4 || param == 8)
            move_to(le, le->len, out);
        else if (param == 3)
            delete_at_cursor(le, out);
        break;
    default:
        break;      /* a key we have no use for */
    }
}

/*
 * Feeds b to an escape sequence in progress. Returns true if b was part
 * of it; false if b ended it without belonging (a control character),
 * so the caller handles b as a key of its own.
 */
static bool feed_escape(struct line_edit *le, uint8_t b, struct le_out *out)
{
    if (b == KEY_ESC) {
        le->esc = LE_ESC_START;     /* a new sequence replaces this one */
        return true;
    }
    if (b < 0x20) {
        le->esc = LE_ESC_NONE;
        return false;
    }
    switch (le->esc) {
    case LE_ESC_START:
        le->esc = b == '[' ? LE_ESC_CSI : b == 'O' ? LE_ESC_SS3 : LE_ESC_NONE;
        le->esc_param = 0;
        le->esc_param_done = false;
        le->esc_intermediate = false;
        return true;                /* ESC x (Alt-x): ignored */
    case LE_ESC_CSI:
        if (b >= '0' && b <= '9') {
            if (!le->esc_param_done && le->esc_param < PARAM_CAP)
                le->esc_param = le->esc_param * 10 + (b - '0');
            return true;
        }
        if (b == ';')
            le->esc_param_done = true;      /* only the first one counts */
        if (b >= 0x20 && b <= 0x2f)
            le->esc_intermediate = true;
        if (b >= 0x20 && b <= 0x3f)
            return true;            /* ';', more parameters, intermediates */
        le->esc = LE_ESC_NONE;
        if (b >= 0x40 && b <= 0x7e && !le->esc_intermediate)
            escape_key(le, (char)b, le->esc_param, out);
        return true;
    case LE_ESC_SS3:
        le->esc = LE_ESC_NONE;
        escape_key(le, (char)b, 0, out);
        return true;
    default:
        return false;
    }
}

static int enter(struct line_edit *le, struct le_out *out)
{
    out_str(out, "\r\n");
    hist_add(le);
    le->hist_pos = 0;
    le->done = true;
    return LE_DONE;
}

static int control_key(struct line_edit *le, uint8_t b, struct le_out *out)
{
    switch (b) {
    case '\r':
        le->skip_lf = true;
        return enter(le, out);
    case '\n':
        return enter(le, out);
    case CTRL('C'):
        out_str(out, "^C\r\n");
        le->len = le->cursor = 0;
        le->buf[0] = '\0';
        le->done = true;
        return LE_INTR;
    case CTRL('D'):
        if (le->len == 0) {
            le->done = true;
            return LE_EOF;
        }
        delete_at_cursor(le, out);
        return LE_MORE;
    case CTRL('A'): move_to(le, 0, out); return LE_MORE;
    case CTRL('E'): move_to(le, le->len, out); return LE_MORE;
    case CTRL('H'):
    case KEY_DEL: backspace(le, out); return LE_MORE;
    case CTRL('U'): kill_line(le, out); return LE_MORE;
    case CTRL('W'): kill_word(le, out); return LE_MORE;
    case CTRL('L'): redraw_all(le, out); return LE_MORE;
    case KEY_ESC: le->esc = LE_ESC_START; return LE_MORE;
    default: return LE_MORE;        /* other controls, bytes >= 0x80 */
    }
}

/* ---- Interface ---- */

void line_edit_set_prompt(struct line_edit *le, const char *prompt)
{
    size_t n = strnlen(prompt, LE_PROMPT_MAX);

    memcpy(le->prompt, prompt, n);
    le->prompt[n] = '\0';
}

void line_edit_init(struct line_edit *le, const char *prompt)
{
    memset(le, 0, sizeof(*le));
    line_edit_set_prompt(le, prompt);
    reset_line(le);
}

void line_edit_start(struct line_edit *le, struct le_out *out)
{
    reset_line(le);
    out_str(out, le->prompt);
}

int line_edit_feed(struct line_edit *le, char c, struct le_out *out)
{
    uint8_t b = (uint8_t)c;

    if (le->skip_lf) {
        le->skip_lf = false;
        if (b == '\n')
            return LE_MORE;         /* the LF of CR LF */
    }
    if (le->done)
        reset_line(le);
    if (le->esc != LE_ESC_NONE && feed_escape(le, b, out))
        return LE_MORE;
    if (b >= 0x20 && b < KEY_DEL) {
        insert_char(le, (char)b, out);
        return LE_MORE;
    }
    return control_key(le, b, out);
}

const char *line_edit_line(const struct line_edit *le)
{
    return le->buf;
}
