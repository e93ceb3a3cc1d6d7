/*
 * A line editor for a serial terminal (VT100 and later): a state machine
 * fed one input byte at a time that edits a line buffer and says what to
 * echo. It does no I/O; the caller writes le_out's bytes to the terminal.
 *
 * Keys: printable ASCII inserts at the cursor; Backspace (0x7f, 0x08)
 * deletes before it, Delete (ESC [ 3 ~) and ^D at it; ^A / Home and
 * ^E / End move to the ends, Left / Right by one; Up / Down walk the
 * history of the last LE_HISTORY lines (the line being typed is kept and
 * comes back below the newest); ^U kills the whole line, ^W the word
 * before the cursor; ^L clears the screen and redraws prompt and line.
 * Enter is CR or LF, and CR LF counts as one. ^C abandons the line, ^D on
 * an empty line is end of input. Other control characters, other escape
 * sequences (CSI and SS3 are parsed to their end) and bytes >= 0x80 are
 * ignored. A full line (LE_LINE_MAX chars) rings the bell instead of
 * inserting.
 *
 * Echo: the terminal is kept in step with the buffer using only CR, LF,
 * BS, BEL, ESC [ n C / D (cursor right / left), ESC [ K (erase to end of
 * line), ESC [ H and ESC [ 2 J (home, clear screen). It assumes prompt and
 * line fit on one terminal row: cursor moves do not cross a wrap.
 *
 * Invariants: len <= LE_LINE_MAX, cursor <= len, buf[len] == '\0' after
 * every call; a single feed never emits more than LE_OUT_MAX bytes.
 */
#ifndef DOM0_LINE_EDIT_H
#define DOM0_LINE_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LE_LINE_MAX   255   /* characters in a line */
#define LE_HISTORY    16    /* lines remembered */
#define LE_PROMPT_MAX 63    /* characters of prompt kept */
#define LE_OUT_MAX    512   /* bytes one feed may emit */

/* What line_edit_feed returns. */
enum le_result {
    LE_MORE = 0,    /* keep feeding */
    LE_DONE = 1,    /* Enter: the line is in line_edit_line() */
    LE_INTR = -1,   /* ^C: the line was abandoned */
    LE_EOF = -2,    /* ^D on an empty line */
};

/* Bytes to echo; feeds append, the caller empties it (len = 0). */
struct le_out {
    size_t len;
    bool overflow;          /* bytes were dropped: len was not reset */
    char buf[LE_OUT_MAX];
};

enum le_escape {
    LE_ESC_NONE,
    LE_ESC_START,           /* after ESC */
    LE_ESC_CSI,             /* after ESC [ */
    LE_ESC_SS3,             /* after ESC O */
};

struct line_edit {
    char buf[LE_LINE_MAX + 1];
    size_t len, cursor;
    char prompt[LE_PROMPT_MAX + 1];

    /* History: a ring, hist[newest] the most recent of count lines. */
    char hist[LE_HISTORY][LE_LINE_MAX + 1];
    unsigned hist_count, hist_newest;
    unsigned hist_pos;      /* 0: the draft; k: the k-th newest line */
    char draft[LE_LINE_MAX + 1];    /* the typed line, while browsing */

    enum le_escape esc;
    unsigned esc_param;     /* the first CSI parameter, capped */
    bool esc_param_done;    /* a ';' ended the first parameter */
    bool esc_intermediate;  /* the CSI had intermediate bytes: ignore it */
    bool skip_lf;           /* the last byte was CR: swallow one LF */
    bool done;              /* the line was ended: next feed starts anew */
};

void line_edit_init(struct line_edit *le, const char *prompt);
/* Changes the prompt for the next line_edit_start and ^L. */
void line_edit_set_prompt(struct line_edit *le, const char *prompt);
/* Starts a new empty line and echoes the prompt. */
void line_edit_start(struct line_edit *le, struct le_out *out);
/* Consumes one input byte; returns an enum le_result. */
int line_edit_feed(struct line_edit *le, char c, struct le_out *out);
/* The line (NUL-terminated), valid until the next feed or start. */
const char *line_edit_line(const struct line_edit *le);

#endif
