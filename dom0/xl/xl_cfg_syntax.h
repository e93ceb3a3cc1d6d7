/*
 * The generic part of xl.cfg parsing: the text to a series of
 * `KEY = VALUE` statements, with no idea of what the keys mean. The syntax
 * is described in <dom0/xl_cfg.h>; the interpretation is in xl_cfg.c.
 */
#ifndef DOM0_XL_CFG_SYNTAX_H
#define DOM0_XL_CFG_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

#define XL_CFG_KEY_MAX 64   /* characters in a key */

struct xl_pos {
    size_t line;    /* from 1 */
    size_t col;     /* from 1, in bytes */
};

enum xl_val_kind { XL_VAL_ATOM, XL_VAL_LIST };

/*
 * A value. An atom is a string or a number, kept as text (xl's atoms are
 * all text: a number is converted where a number is wanted).
 */
struct xl_val {
    enum xl_val_kind kind;
    struct xl_pos pos;      /* its first character: a string's quote */
    /* Atoms. */
    bool quoted;            /* a '...' or "..." string, not a number */
    bool exact;             /* no escapes: text[i] is at pos.col + quoted + i */
    char *text;             /* NUL-terminated; holds no NUL */
    size_t len;
    /* Lists. */
    struct xl_val *items;
    size_t n_items;
};

/*
 * Called for each statement, in order; key is NUL-terminated and val lives
 * until the call returns. Returns 0 to go on, or a negative errno to stop
 * the parse, which then returns it.
 */
typedef int (*xl_stmt_fn)(void *ctx, const char *key, struct xl_pos key_pos,
                          const struct xl_val *val);

/*
 * Parses text[0..len) (any bytes) as source src (the name errors give),
 * numbering its lines from first_line. Returns 0; -EINVAL for a syntax
 * error, with "SRC:LINE:COL: message" in err; -ENOMEM ("...: out of
 * memory" in err); or the callback's error (err untouched).
 */
int xl_syntax_parse(const char *src, size_t first_line, const char *text,
                    size_t len, xl_stmt_fn fn, void *ctx,
                    char *err, size_t err_size);

/* Frees what a value holds (not the value itself). */
void xl_val_free(struct xl_val *v);

/* The position of byte offset off of an atom's text: exact where the atom
 * had no escapes, else the atom's own position. */
struct xl_pos xl_val_pos_at(const struct xl_val *v, size_t off);

/*
 * s[0..len) made safe to quote in a message: at most about 40 bytes of it,
 * bytes outside printable ASCII as '?', "..." if cut. Returns buf.
 */
#define XL_QUOTE_BUF 48
const char *xl_quote(char buf[XL_QUOTE_BUF], const char *s, size_t len);

#endif
