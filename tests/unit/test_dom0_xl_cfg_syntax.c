/*
 * Unit tests for the generic xl.cfg syntax layer (dom0/xl/xl_cfg_syntax.c):
 * the statements and value trees it hands out, with their positions.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../dom0/xl/xl_cfg_syntax.h"

#define MAX_STMTS 8

/* What the callback saw, rendered: "key@L:C=VALUE" with VALUE as
 * 'text'@L:C (quoted, exact marked !), NUMBER@L:C, or [ ... ]. */
static char seen[MAX_STMTS][512];
static int n_seen;
static int stop_at = -1;
static char errbuf[200];

static size_t render(char *out, size_t size, const struct xl_val *v)
{
    size_t n;

    if (v->kind == XL_VAL_ATOM)
        return (size_t)snprintf(out, size, "%s%s%s%s@%zu:%zu",
                                v->quoted ? "'" : "", v->text,
                                v->quoted ? "'" : "",
                                v->quoted && !v->exact ? "~" : "",
                                v->pos.line, v->pos.col);
    n = (size_t)snprintf(out, size, "[@%zu:%zu", v->pos.line, v->pos.col);
    for (size_t k = 0; k < v->n_items && n < size; k++) {
        n += (size_t)snprintf(out + n, size - n, " ");
        if (n < size)
            n += render(out + n, size - n, &v->items[k]);
    }
    if (n < size)
        n += (size_t)snprintf(out + n, size - n, " ]");
    return n;
}

static int record(void *ctx, const char *key, struct xl_pos key_pos,
                  const struct xl_val *v)
{
    size_t n;

    assert_ptr_equal(ctx, &n_seen);
    if (n_seen == stop_at)
        return -E2BIG;
    assert_true(n_seen < MAX_STMTS);
    n = (size_t)snprintf(seen[n_seen], sizeof(seen[0]), "%s@%zu:%zu=", key,
                         key_pos.line, key_pos.col);
    render(seen[n_seen] + n, sizeof(seen[0]) - n, v);
    n_seen++;
    return 0;
}

static int run(const char *text, size_t first_line)
{
    size_t len = strlen(text);
    char *copy = malloc(len + 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, text, len);
    n_seen = 0;
    errbuf[0] = '\0';
    rc = xl_syntax_parse("f", first_line, copy, len, record, &n_seen, errbuf,
                         sizeof(errbuf));
    free(copy);
    return rc;
}

static void test_statements(void **state)
{
    (void)state;
    assert_int_equal(run("a = 1\n  b='x' ; c = \"y\"\n", 1), 0);
    assert_int_equal(n_seen, 3);
    assert_string_equal(seen[0], "a@1:1=1@1:5");
    assert_string_equal(seen[1], "b@2:3='x'@2:5");
    assert_string_equal(seen[2], "c@2:11='y'@2:15");
}

static void test_lists(void **state)
{
    (void)state;
    assert_int_equal(run("l = [ 1, 'a', [ ], [ \"b\", [ 2 ] ], ]\n"
                         "m = [\n  'x', # c\n  0x10\n]", 1), 0);
    assert_int_equal(n_seen, 2);
    assert_string_equal(seen[0], "l@1:1=[@1:5 1@1:7 'a'@1:10 [@1:15 ] "
                        "[@1:20 'b'@1:22 [@1:27 2@1:29 ] ] ]");
    assert_string_equal(seen[1], "m@2:1=[@2:5 'x'@3:3 0x10@4:3 ]");
}

static void test_escapes_and_exact(void **state)
{
    (void)state;
    assert_int_equal(run("a = \"p\\\"q\"\nb = 'p\\q'\nc = \"\\n\\t\\'\"\n",
                         1), 0);
    assert_string_equal(seen[0], "a@1:1='p\"q'~@1:5");
    assert_string_equal(seen[1], "b@2:1='p\\q'@2:5");
    assert_string_equal(seen[2], "c@3:1='\n\t''~@3:5");
}

static void test_first_line_and_errors(void **state)
{
    (void)state;
    assert_int_equal(run("a = 1\nb = ", 7), -EINVAL);
    assert_int_equal(n_seen, 1);
    assert_string_equal(seen[0], "a@7:1=1@7:5");
    assert_string_equal(errbuf, "f:8:5: expected a value after '='");

    /* A callback's error stops the parse and comes back untouched. */
    stop_at = 1;
    assert_int_equal(run("a = 1\nb = 2\nc = 3\n", 1), -E2BIG);
    stop_at = -1;
    assert_int_equal(n_seen, 1);
    assert_string_equal(errbuf, "");

    /* No text at all, and NULL text. */
    assert_int_equal(run("", 1), 0);
    assert_int_equal(n_seen, 0);
    assert_int_equal(xl_syntax_parse(NULL, 0, NULL, 5, record, &n_seen, NULL,
                                     0), 0);
    assert_int_equal(xl_syntax_parse(NULL, 0, "=", 1, record, &n_seen, errbuf,
                                     sizeof(errbuf)), -EINVAL);
    assert_string_equal(errbuf, "<config>:1:1: expected a key name, not '='");
    /* A short error buffer is cut, not overrun. */
    assert_int_equal(xl_syntax_parse("file", 1, "=", 1, record, &n_seen,
                                     errbuf, 8), -EINVAL);
    assert_string_equal(errbuf, "file:1:");
}

static void test_pos_at_and_quote(void **state)
{
    struct xl_val v = {
        .kind = XL_VAL_ATOM, .pos = { 3, 5 }, .quoted = true, .exact = true,
        .text = "abc", .len = 3,
    };
    char q[XL_QUOTE_BUF];
    char big[100];

    (void)state;
    assert_int_equal(xl_val_pos_at(&v, 0).col, 6);
    assert_int_equal(xl_val_pos_at(&v, 2).col, 8);
    assert_int_equal(xl_val_pos_at(&v, 2).line, 3);
    assert_int_equal(xl_val_pos_at(&v, 4).col, 5);      /* past the end */
    v.exact = false;
    assert_int_equal(xl_val_pos_at(&v, 2).col, 5);
    v.exact = true;
    v.quoted = false;
    assert_int_equal(xl_val_pos_at(&v, 2).col, 7);

    assert_string_equal(xl_quote(q, "a\nb\x01\xff", 5), "a?b??");
    memset(big, 'z', sizeof(big));
    xl_quote(q, big, sizeof(big));
    assert_int_equal(strlen(q), XL_QUOTE_BUF - 8 + 3);
    assert_string_equal(q + XL_QUOTE_BUF - 8, "...");
    assert_string_equal(xl_quote(q, "", 0), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statements),
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_escapes_and_exact),
        cmocka_unit_test(test_first_line_and_errors),
        cmocka_unit_test(test_pos_at_and_quote),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
