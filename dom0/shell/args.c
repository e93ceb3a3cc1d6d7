/*
 * Command-line splitting (see dom0/args.h).
 *
 * Unquoting only ever removes characters, so the words are written back
 * into the line itself: the write position w never passes the read
 * position r. A word's terminating NUL goes at w only after r has moved
 * past the separator, so it never overwrites input still to be read.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <dom0/args.h>
#include <keel/errmsg.h>
#include <keel/errno.h>
#include <keel/string.h>

struct scan {
    const char *line;   /* the start, for column numbers */
    char *r, *w;
    char *err;
    size_t err_len;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
           c == '\f';
}

static size_t column(const struct scan *s, const char *p)
{
    return (size_t)(p - s->line) + 1;
}

/* '...': copies up to the closing quote, which s->r starts on. */
static int single_quoted(struct scan *s)
{
    const char *open = s->r++;

    while (*s->r && *s->r != '\'')
        *s->w++ = *s->r++;
    if (!*s->r)
        return errmsg(s->err, s->err_len, -EINVAL,
                    "unterminated ' quote starting at column %zu",
                    column(s, open));
    s->r++;
    return 0;
}

/* "...": as '...', but \" and \\ stand for " and \. */
static int double_quoted(struct scan *s)
{
    const char *open = s->r++;

    while (*s->r && *s->r != '"') {
        if (s->r[0] == '\\' && (s->r[1] == '"' || s->r[1] == '\\'))
            s->r++;
        *s->w++ = *s->r++;
    }
    if (!*s->r)
        return errmsg(s->err, s->err_len, -EINVAL,
                    "unterminated \" quote starting at column %zu",
                    column(s, open));
    s->r++;
    return 0;
}

/* One word, from s->r (not blank, not NUL) to a blank or the end. */
static int scan_word(struct scan *s)
{
    int rc = 0;

    while (*s->r && !is_blank(*s->r) && rc == 0) {
        if (*s->r == '\'') {
            rc = single_quoted(s);
        } else if (*s->r == '"') {
            rc = double_quoted(s);
        } else if (*s->r == '\\') {
            if (!s->r[1])
                return errmsg(s->err, s->err_len, -EINVAL,
                            "backslash at the end of the line (column %zu)",
                            column(s, s->r));
            s->r++;
            *s->w++ = *s->r++;
        } else {
            *s->w++ = *s->r++;
        }
    }
    return rc;
}

int args_split(char *line, char *argv[ARGS_MAX + 1], char *err, size_t err_len)
{
    struct scan s = { line, line, line, err, err_len };
    int argc = 0;

    for (;;) {
        int rc;

        while (is_blank(*s.r))
            s.r++;
        if (!*s.r)
            break;
        if (argc == ARGS_MAX)
            return errmsg(err, err_len, -E2BIG,
                        "too many arguments (at most %d)", ARGS_MAX);
        argv[argc++] = s.w;
        argv[argc] = NULL;
        rc = scan_word(&s);
        if (rc < 0)
            return rc;
        if (*s.r)
            s.r++;          /* past the blank, before the NUL lands */
        *s.w++ = '\0';
    }
    argv[argc] = NULL;      /* also for a blank line */
    return argc;
}
