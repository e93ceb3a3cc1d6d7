/*
 * /etc/rc.conf, NetBSD style: shell variable assignments read without a
 * shell. Each line is blank, a comment, or one assignment
 *     name=value          [# comment]
 * with optional leading blanks; name is [A-Za-z_][A-Za-z0-9_]*; value is
 * one sh word: plain characters, '...' (literal), "..." (where \" \\ \$
 * and \` stand for the character) and \c outside quotes, all joined. As
 * in sh, '#' starts a comment only at the start of a word, so a=b#c sets
 * "b#c". Nothing is expanded: '$' or '`' outside single quotes, other
 * shell syntax (; & | < > ( )), a second word, a quote left open at the
 * end of its line or a backslash ending one make the line malformed.
 *
 * A malformed line is reported (with its 1-based number) and skipped; the
 * rest still parses, because the boot must go on. Later assignments
 * override earlier ones, also across rc_conf_parse calls (defaults first,
 * then the local file).
 */
#ifndef DOM0_RC_CONF_H
#define DOM0_RC_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define RC_CONF_MAX 64      /* distinct variables kept */

struct rc_conf_var {
    const char *name;
    const char *value;      /* both in one heap block owned by the conf */
};

struct rc_conf {
    unsigned count;
    struct rc_conf_var vars[RC_CONF_MAX];   /* in order of first setting */
};

/* Called for each malformed line; msg does not repeat the line number. */
typedef void (*rc_conf_report_fn)(void *arg, unsigned line, const char *msg);

void rc_conf_init(struct rc_conf *rc);
/*
 * Parses len bytes of text into rc. Returns the number of lines reported
 * (each through report, which may be NULL): malformed ones, and
 * assignments dropped for want of room (RC_CONF_MAX) or memory.
 */
int rc_conf_parse(struct rc_conf *rc, const char *text, size_t len,
                  rc_conf_report_fn report, void *arg);
/* The value of name, or NULL if it was never set. */
const char *rc_conf_get(const struct rc_conf *rc, const char *name);
/*
 * Reads a yes/no value, ignoring case: YES, TRUE, ON, 1 give 1; NO,
 * FALSE, OFF, 0 give 0; anything else (or NULL) -EINVAL.
 */
int rc_conf_yes(const char *value);
/* True if name is set to a yes value (unset or malformed: false). */
bool rc_conf_enabled(const struct rc_conf *rc, const char *name);
/* Frees every variable; rc is empty again. */
void rc_conf_free(struct rc_conf *rc);

#endif
