/*
 * The rc.conf reader (see dom0/rc_conf.h for the syntax).
 *
 * The text is read-only and need not be NUL-terminated: each line is a
 * (pointer, length) span, and every read is bounded by the span's end.
 * A value is unquoted into a buffer of the line's length, which is always
 * enough because unquoting only removes characters.
 *
 * Invariant: rc->vars[0, count) have distinct names, each name and value
 * in one heap block that rc owns (the name at its start).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <dom0/alloc.h>
#include <dom0/rc_conf.h>
#include <keel/errno.h>
#include <keel/string.h>

#define MSG_MAX   128
#define QUOTE_MAX 40    /* bytes of a name quoted in a message */

struct line {
    const char *p, *end;    /* the line, without its newline */
    unsigned number;
};

struct parser {
    struct rc_conf *rc;
    rc_conf_report_fn report;
    void *arg;
    int reports;
};

static void report(struct parser *ps, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct parser *ps, unsigned line, const char *fmt, ...)
{
    char msg[MSG_MAX];
    va_list ap;

    ps->reports++;
    if (!ps->report)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ps->report(ps->arg, line, msg);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool name_char(char c)
{
    return name_start(c) || (c >= '0' && c <= '9');
}

static bool valid_name(const char *name, size_t n)
{
    if (n == 0 || !name_start(name[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!name_char(name[i]))
            return false;
    return true;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool equal_nocase(const char *a, const char *b)
{
    while (*a && lower(*a) == lower(*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* ---- Variables ---- */

static int find_var(const struct rc_conf *rc, const char *name, size_t n)
{
    for (unsigned i = 0; i < rc->count; i++)
        if (strncmp(rc->vars[i].name, name, n) == 0 &&
            rc->vars[i].name[n] == '\0')
            return (int)i;
    return -1;
}

/* Sets name (n bytes) to value (vlen bytes); -ENOSPC or -ENOMEM. */
static int set_var(struct rc_conf *rc, const char *name, size_t n,
                   const char *value, size_t vlen)
{
    int i = find_var(rc, name, n);
    char *block;

    if (i < 0 && rc->count == RC_CONF_MAX)
        return -ENOSPC;
    block = malloc(n + 1 + vlen + 1);
    if (!block)
        return -ENOMEM;
    memcpy(block, name, n);
    block[n] = '\0';
    memcpy(block + n + 1, value, vlen);
    block[n + 1 + vlen] = '\0';
    if (i < 0)
        i = (int)rc->count++;
    else
        free((char *)rc->vars[i].name);
    rc->vars[i].name = block;
    rc->vars[i].value = block + n + 1;
    return 0;
}

/* ---- One value: an sh word, unquoted into out ---- */

/* What is wrong with character c outside single quotes, or NULL. */
static const char *unsupported(char c)
{
    if (c == '$' || c == '`')
        return "expansion ('$' or '`') is not supported";
    if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
        c == '(' || c == ')')
        return "shell syntax is not supported";
    return NULL;
}

/* '...' from *pp (on the opening quote). Returns NULL or the problem. */
static const char *single_quoted(const char **pp, const char *end,
                                 char *out, size_t *w)
{
    const char *p = *pp + 1;

    while (p < end && *p != '\'')
        out[(*w)++] = *p++;
    if (p == end)
        return "unterminated single quote";
    *pp = p + 1;
    return NULL;
}

static bool dq_escapable(char c)
{
    return c == '"' || c == '\\' || c == '$' || c == '`';
}

/* "..." from *pp (on the opening quote). Returns NULL or the problem. */
static const char *double_quoted(const char **pp, const char *end,
                                 char *out, size_t *w)
{
    const char *p = *pp + 1;

    while (p < end && *p != '"') {
        if (*p == '\\' && p + 1 < end && dq_escapable(p[1]))
            p++;
        else if (*p == '$' || *p == '`')
            return unsupported(*p);
        out[(*w)++] = *p++;
    }
    if (p == end)
        return "unterminated double quote";
    *pp = p + 1;
    return NULL;
}

/* The word at *pp up to a blank or the end, unquoted into out[0, *w). */
static const char *parse_value(const char **pp, const char *end,
                               char *out, size_t *w)
{
    const char *p = *pp, *why = NULL;

    while (p < end && !is_blank(*p) && !why) {
        if (*p == '\'') {
            why = single_quoted(&p, end, out, w);
        } else if (*p == '"') {
            why = double_quoted(&p, end, out, w);
        } else if (*p == '\\') {
            if (p + 1 == end)
                return "backslash at the end of the line (continuation "
                       "lines are not supported)";
            out[(*w)++] = p[1];
            p += 2;
        } else if ((why = unsupported(*p)) == NULL) {
            out[(*w)++] = *p++;
        }
    }
    *pp = p;
    return why;
}

/* ---- One line ---- */

/* After the value: only blanks, then maybe a comment. */
static bool rest_is_empty(const char *p, const char *end)
{
    while (p < end && is_blank(*p))
        p++;
    return p == end || *p == '#';
}

static void assignment(struct parser *ps, const struct line *ln,
                       const char *name, size_t n, const char *p, char *val)
{
    size_t vlen = 0;
    const char *why = parse_value(&p, ln->end, val, &vlen);
    int rc;

    if (why) {
        report(ps, ln->number, "%s", why);
        return;
    }
    if (!rest_is_empty(p, ln->end)) {
        report(ps, ln->number, "unexpected text after the value of %.*s",
               (int)(n < QUOTE_MAX ? n : QUOTE_MAX), name);
        return;
    }
    rc = set_var(ps->rc, name, n, val, vlen);
    if (rc == -ENOSPC)
        report(ps, ln->number, "too many variables (at most %d): %.*s "
               "ignored", RC_CONF_MAX, (int)(n < QUOTE_MAX ? n : QUOTE_MAX),
               name);
    else if (rc < 0)
        report(ps, ln->number, "out of memory: %.*s ignored",
               (int)(n < QUOTE_MAX ? n : QUOTE_MAX), name);
}

static void parse_line(struct parser *ps, const struct line *ln)
{
    const char *p = ln->p, *name;
    size_t len = (size_t)(ln->end - ln->p), n;
    char *val;

    if (strnlen(ln->p, len) != len) {
        report(ps, ln->number, "NUL byte in the line");
        return;
    }
    while (p < ln->end && is_blank(*p))
        p++;
    if (p == ln->end || *p == '#')
        return;                             /* blank or comment */
    name = p;
    while (p < ln->end && *p != '=' && !is_blank(*p))
        p++;
    n = (size_t)(p - name);
    if (p == ln->end || *p != '=') {
        report(ps, ln->number, "not an assignment (expected name=value)");
        return;
    }
    if (!valid_name(name, n)) {
        report(ps, ln->number, "bad variable name '%.*s'",
               (int)(n < QUOTE_MAX ? n : QUOTE_MAX), name);
        return;
    }
    val = malloc(len + 1);
    if (!val) {
        report(ps, ln->number, "out of memory: line skipped");
        return;
    }
    assignment(ps, ln, name, n, p + 1, val);
    free(val);
}

/* ---- Interface ---- */

void rc_conf_init(struct rc_conf *rc)
{
    memset(rc, 0, sizeof(*rc));
}

int rc_conf_parse(struct rc_conf *rc, const char *text, size_t len,
                  rc_conf_report_fn report_fn, void *arg)
{
    struct parser ps = { rc, report_fn, arg, 0 };
    const char *p = text, *end = text + len;
    unsigned number = 0;

    while (p < end) {
        struct line ln = { p, p, ++number };

        while (ln.end < end && *ln.end != '\n')
            ln.end++;
        p = ln.end < end ? ln.end + 1 : end;
        if (ln.end > ln.p && ln.end[-1] == '\r')
            ln.end--;                       /* CR LF line ends */
        parse_line(&ps, &ln);
    }
    return ps.reports;
}

const char *rc_conf_get(const struct rc_conf *rc, const char *name)
{
    int i = find_var(rc, name, strlen(name));

    return i < 0 ? NULL : rc->vars[i].value;
}

int rc_conf_yes(const char *value)
{
    static const char *const yes[] = { "yes", "true", "on", "1" };
    static const char *const no[] = { "no", "false", "off", "0" };

    if (!value)
        return -EINVAL;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (equal_nocase(value, yes[i]))
            return 1;
        if (equal_nocase(value, no[i]))
            return 0;
    }
    return -EINVAL;
}

bool rc_conf_enabled(const struct rc_conf *rc, const char *name)
{
    return rc_conf_yes(rc_conf_get(rc, name)) == 1;
}

void rc_conf_free(struct rc_conf *rc)
{
    for (unsigned i = 0; i < rc->count; i++)
        free((char *)rc->vars[i].name);
    rc_conf_init(rc);
}
