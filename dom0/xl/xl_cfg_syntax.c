/*
 * xl.cfg syntax: the text to `KEY = VALUE` statements (see xl_cfg_syntax.h
 * and <dom0/xl_cfg.h> for the grammar).
 *
 * A hand-written lexer and recursive-descent parser over text[0..len):
 * every read goes through peek(), which returns -1 at the end, so no input
 * (NUL bytes, no final newline, any length) is read out of bounds. Each
 * statement's value is built on the heap, handed to the callback and freed.
 */
#include <stdarg.h>
#include <stdint.h>

#include <keel/errno.h>
#include <keel/string.h>

#include <dom0/alloc.h>

#include <dom0/xl_cfg.h>

#include "xl_cfg_syntax.h"

struct parser {
    const char *src;
    const unsigned char *text;
    size_t len;
    size_t i;               /* next byte */
    struct xl_pos pos;      /* of text[i] */
    char *err;
    size_t err_size;
    char key[XL_CFG_KEY_MAX + 1];
};

static int peek(const struct parser *p)
{
    return p->i < p->len ? p->text[p->i] : -1;
}

static void advance(struct parser *p)
{
    if (p->i >= p->len)
        return;
    if (p->text[p->i++] == '\n') {
        p->pos.line++;
        p->pos.col = 1;
    } else {
        p->pos.col++;
    }
}

__attribute__((format(printf, 3, 4)))
static int error_at(struct parser *p, struct xl_pos at, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (!p->err || !p->err_size)
        return -EINVAL;
    n = snprintf(p->err, p->err_size, "%s:%zu:%zu: ", p->src, at.line,
                 at.col);
    if (n >= 0 && (size_t)n < p->err_size) {
        va_start(ap, fmt);
        vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

static int out_of_memory(struct parser *p)
{
    error_at(p, p->pos, "out of memory");
    return -ENOMEM;
}

/* A byte as an error message names it: 'x', or byte 0x00. */
static const char *describe(char buf[16], int c)
{
    if (c > 0x20 && c < 0x7f)
        snprintf(buf, 16, "'%c'", c);
    else
        snprintf(buf, 16, "byte 0x%02x", (unsigned int)c & 0xff);
    return buf;
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_key_start(int c)
{
    return is_alpha(c) || c == '_';
}

static bool is_key_char(int c)
{
    return is_key_start(c) || is_digit(c) || c == '.';
}

/* Spaces, tabs, carriage returns and comments; stops at a newline. */
static void skip_blanks(struct parser *p)
{
    for (;;) {
        int c = peek(p);

        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            advance(p);
        } else if (c == '#') {
            while (peek(p) != -1 && peek(p) != '\n')
                advance(p);
        } else {
            return;
        }
    }
}

/* Spaces and tabs only (after '=', so that an error about a missing value
 * points at the comment or line end that came instead). */
static void skip_spaces(struct parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\f' ||
           peek(p) == '\v')
        advance(p);
}

/* Blanks, comments and newlines (inside a list). */
static void skip_blanks_and_newlines(struct parser *p)
{
    for (;;) {
        skip_blanks(p);
        if (peek(p) != '\n')
            return;
        advance(p);
    }
}

void xl_val_free(struct xl_val *v)
{
    if (!v)
        return;
    if (v->kind == XL_VAL_LIST) {
        for (size_t k = 0; k < v->n_items; k++)
            xl_val_free(&v->items[k]);
        free(v->items);
        v->items = NULL;
        v->n_items = 0;
    } else {
        free(v->text);
        v->text = NULL;
    }
}

struct xl_pos xl_val_pos_at(const struct xl_val *v, size_t off)
{
    struct xl_pos at = v->pos;

    if (v->kind == XL_VAL_ATOM && v->exact && off <= v->len)
        at.col += (v->quoted ? 1 : 0) + off;
    return at;
}

const char *xl_quote(char buf[XL_QUOTE_BUF], const char *s, size_t len)
{
    size_t max = XL_QUOTE_BUF - 8, n = 0;

    for (; n < len && n < max; n++) {
        unsigned char c = (unsigned char)s[n];

        buf[n] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (n < len) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

/*
 * A number: a digit, then letters, digits, '_' and '.' (so that "12abc"
 * and "1.5" are one bad token, not two), valid as decimal, 0x hex or 0
 * octal. Its value is left to the interpretation; the text is kept.
 */
static int parse_number(struct parser *p, struct xl_val *v)
{
    size_t start = p->i;
    const char *t = (const char *)p->text + start;
    size_t n, k;
    bool ok = true, digits = true;
    char q[XL_QUOTE_BUF];

    while (is_key_char(peek(p)))
        advance(p);
    n = p->i - start;

    if (n > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
        for (k = 2; k < n; k++)
            ok = ok && (is_digit(t[k]) || (t[k] >= 'a' && t[k] <= 'f') ||
                        (t[k] >= 'A' && t[k] <= 'F'));
    } else {
        for (k = 0; k < n; k++) {
            digits = digits && is_digit(t[k]);
            ok = ok && (t[0] == '0' ? t[k] >= '0' && t[k] <= '7'
                                    : is_digit(t[k]));
        }
        if (!ok && digits)
            return error_at(p, v->pos, "invalid number '%s' (a leading 0 "
                            "makes it octal)", xl_quote(q, t, n));
    }
    if (!ok)
        return error_at(p, v->pos, "invalid number '%s'", xl_quote(q, t, n));

    v->text = malloc(n + 1);
    if (!v->text)
        return out_of_memory(p);
    memcpy(v->text, t, n);
    v->text[n] = '\0';
    v->len = n;
    v->exact = true;
    return 0;
}

/*
 * A string in '...' (taken as is) or "..." (escapes \" \\ \' \n \t), on
 * one line, with no NUL byte.
 */
static int parse_string(struct parser *p, struct xl_val *v)
{
    int quote = peek(p);
    size_t start, end, n = 0;
    bool escapes = false;

    advance(p);
    start = p->i;
    for (;;) {
        int c = peek(p);

        if (c == -1 || c == '\n')
            return error_at(p, v->pos, "missing closing %c: a string ends "
                            "on the line it starts", quote);
        if (c == 0)
            return error_at(p, p->pos, "NUL byte in a string");
        if (c == quote)
            break;
        if (c == '\\' && quote == '"') {
            struct xl_pos at = p->pos;
            int e;
            char d[24];

            advance(p);
            e = peek(p);
            if (e == -1 || e == '\n')
                continue;   /* reported as a missing closing quote */
            if (e != '"' && e != '\\' && e != '\'' && e != 'n' &&
                e != 't') {
                if (e > 0x20 && e < 0x7f)
                    snprintf(d, sizeof(d), "\\%c", e);
                else
                    snprintf(d, sizeof(d), "\\ (byte 0x%02x)",
                             (unsigned int)e & 0xff);
                return error_at(p, at, "unknown escape %s in a \"...\" "
                                "string (write \\\\ for a backslash, or use "
                                "'...')", d);
            }
            escapes = true;
        }
        advance(p);
    }
    end = p->i;
    advance(p);     /* the closing quote */

    v->text = malloc(end - start + 1);
    if (!v->text)
        return out_of_memory(p);
    for (size_t k = start; k < end; k++) {
        char c = (char)p->text[k];

        if (c == '\\' && quote == '"') {
            c = (char)p->text[++k];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        v->text[n++] = c;
    }
    v->text[n] = '\0';
    v->len = n;
    v->quoted = true;
    v->exact = !escapes;
    return 0;
}

static int parse_value(struct parser *p, struct xl_val *v, unsigned int depth,
                       bool in_list);

/* A list, after its '['; items are values, a trailing comma is allowed. */
static int parse_list(struct parser *p, struct xl_val *v, unsigned int depth)
{
    size_t cap = 0;
    char d[16];

    v->kind = XL_VAL_LIST;
    for (;;) {
        int c, rc;

        skip_blanks_and_newlines(p);
        c = peek(p);
        if (c == ']') {
            advance(p);
            return 0;
        }
        if (c == -1)
            return error_at(p, p->pos, "missing ']' for the list opened at "
                            "%zu:%zu", v->pos.line, v->pos.col);
        if (v->n_items == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            struct xl_val *items;

            if (ncap > SIZE_MAX / sizeof(*items))
                return out_of_memory(p);
            items = realloc(v->items, ncap * sizeof(*items));
            if (!items)
                return out_of_memory(p);
            v->items = items;
            cap = ncap;
        }
        memset(&v->items[v->n_items], 0, sizeof(v->items[0]));
        v->n_items++;   /* counted now, so that it is freed on error */
        rc = parse_value(p, &v->items[v->n_items - 1], depth + 1, true);
        if (rc)
            return rc;

        skip_blanks_and_newlines(p);
        c = peek(p);
        if (c == ',') {
            advance(p);
        } else if (c == ']') {
            advance(p);
            return 0;
        } else if (c == -1) {
            return error_at(p, p->pos, "missing ']' for the list opened at "
                            "%zu:%zu", v->pos.line, v->pos.col);
        } else {
            return error_at(p, p->pos, "expected ',' or ']' after a list "
                            "item, not %s", describe(d, c));
        }
    }
}

static int parse_value(struct parser *p, struct xl_val *v, unsigned int depth,
                       bool in_list)
{
    int c = peek(p);
    char d[16];

    v->pos = p->pos;
    v->kind = XL_VAL_ATOM;
    if (c == '\'' || c == '"')
        return parse_string(p, v);
    if (is_digit(c))
        return parse_number(p, v);
    if (c == '[') {
        if (depth >= XL_CFG_MAX_NESTING)
            return error_at(p, p->pos, "lists nested more than %d deep",
                            XL_CFG_MAX_NESTING);
        advance(p);
        return parse_list(p, v, depth);
    }

    if (in_list)
        return error_at(p, p->pos, "expected a value or ']' in the list, "
                        "not %s", describe(d, c));
    if (c == -1 || c == '\n' || c == '\r' || c == ';' || c == '#')
        return error_at(p, p->pos, "expected a value after '='");
    if (is_alpha(c) || c == '/' || c == '_')
        return error_at(p, p->pos, "expected a value after '=' (a string "
                        "needs quotes)");
    return error_at(p, p->pos, "expected a value after '=', not %s",
                    describe(d, c));
}

static int parse_statement(struct parser *p, xl_stmt_fn fn, void *ctx)
{
    struct xl_pos key_pos = p->pos;
    struct xl_val val;
    size_t n = 0;
    int c, rc;
    char d[16];

    c = peek(p);
    if (!is_key_start(c))
        return error_at(p, p->pos, "expected a key name, not %s",
                        describe(d, c));
    while (is_key_char(peek(p))) {
        if (n == XL_CFG_KEY_MAX)
            return error_at(p, key_pos, "key name longer than %d "
                            "characters", XL_CFG_KEY_MAX);
        p->key[n++] = (char)peek(p);
        advance(p);
    }
    p->key[n] = '\0';

    skip_blanks(p);
    c = peek(p);
    if (c != '=')
        return error_at(p, p->pos, "expected '=' after '%s'", p->key);
    advance(p);
    skip_spaces(p);

    memset(&val, 0, sizeof(val));
    rc = parse_value(p, &val, 0, false);
    if (!rc) {
        skip_blanks(p);
        c = peek(p);
        if (c == '\n' || c == ';')
            advance(p);
        else if (c != -1)
            rc = error_at(p, p->pos, "expected the end of the line or ';' "
                          "after the value of '%s', not %s", p->key,
                          describe(d, c));
    }
    if (!rc)
        rc = fn(ctx, p->key, key_pos, &val);
    xl_val_free(&val);
    return rc;
}

int xl_syntax_parse(const char *src, size_t first_line, const char *text,
                    size_t len, xl_stmt_fn fn, void *ctx,
                    char *err, size_t err_size)
{
    struct parser p = {
        .src = src ? src : "<config>",
        .text = (const unsigned char *)(text ? text : ""),
        .len = text ? len : 0,
        .pos = { first_line ? first_line : 1, 1 },
        .err = err,
        .err_size = err_size,
    };

    for (;;) {
        int c, rc;

        skip_blanks(&p);
        c = peek(&p);
        if (c == -1)
            return 0;
        if (c == '\n' || c == ';') {
            advance(&p);
            continue;
        }
        rc = parse_statement(&p, fn, ctx);
        if (rc)
            return rc;
    }
}
