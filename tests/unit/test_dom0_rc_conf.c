/*
 * Unit tests for dom0's rc.conf reader (dom0/kernel/rc_conf.c).
 *
 * Texts are handed over in heap blocks of exactly their length with no
 * NUL after them, so ASan catches a read past the end. The source's heap
 * calls go through dom0_alloc_fault.c: no block may be left after
 * rc_conf_free, and failed allocations must be reported, not fatal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/rc_conf.h>
#include <keel/errno.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"

#define MAX_REPORTS 32

static struct rc_conf rc;
static unsigned report_lines[MAX_REPORTS];
static char report_msgs[MAX_REPORTS][128];
static int n_reports;

static void record(void *arg, unsigned line, const char *msg)
{
    assert_ptr_equal(arg, &rc);
    assert_true(strlen(msg) < 128);
    if (n_reports < MAX_REPORTS) {
        report_lines[n_reports] = line;
        snprintf(report_msgs[n_reports], sizeof(report_msgs[0]), "%s", msg);
    }
    n_reports++;
}

/* Parses text (its strlen, no NUL handed over); returns the report count. */
static int parse(const char *text)
{
    size_t len = strlen(text);
    char *copy = malloc(len ? len : 1);
    int n;

    assert_non_null(copy);
    memcpy(copy, text, len);
    n_reports = 0;
    n = rc_conf_parse(&rc, copy, len, record, &rc);
    free(copy);
    assert_int_equal(n, n_reports);
    return n;
}

static int setup(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    rc_conf_init(&rc);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    rc_conf_free(&rc);
    assert_int_equal(rc.count, 0);
    if (alloc_fault_live() != 0)
        fail_msg("%ld heap blocks left", alloc_fault_live());
    return 0;
}

static void assert_var(const char *name, const char *value)
{
    const char *v = rc_conf_get(&rc, name);

    if (!v)
        fail_msg("%s is not set", name);
    assert_string_equal(v, value);
}

static void assert_report(int i, unsigned line, const char *msg_part)
{
    assert_true(i < n_reports);
    assert_int_equal(report_lines[i], line);
    if (!strstr(report_msgs[i], msg_part))
        fail_msg("report \"%s\" lacks \"%s\"", report_msgs[i], msg_part);
}

static void test_typical_file(void **state)
{
    (void)state;
    assert_int_equal(parse(
        "# /etc/rc.conf\n"
        "\n"
        "rc_configured=YES\n"
        "   hostname=keel-dom0   # the name\n"
        "\txendomains=\"dom1 dom2\"\n"
        "xenconsoled='YES'\n"
        "  # an indented comment\n"
        "wscons=NO\n"
        "ifconfig_vioif0=\"inet 10.0.0.2 netmask 255.255.255.0\"\n"
        "last=1"), 0);
    assert_int_equal(rc.count, 7);
    assert_var("rc_configured", "YES");
    assert_var("hostname", "keel-dom0");
    assert_var("xendomains", "dom1 dom2");
    assert_var("xenconsoled", "YES");
    assert_var("wscons", "NO");
    assert_var("ifconfig_vioif0", "inet 10.0.0.2 netmask 255.255.255.0");
    assert_var("last", "1");
    assert_null(rc_conf_get(&rc, "missing"));
    assert_null(rc_conf_get(&rc, "host"));          /* no prefix match */
    assert_null(rc_conf_get(&rc, "hostnamex"));
    assert_string_equal(rc.vars[0].name, "rc_configured");
}

static void test_crlf_and_empty(void **state)
{
    (void)state;
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("\n\n\r\n"), 0);
    assert_int_equal(parse("a=1\r\nb=\"two\"\r\n"), 0);
    assert_var("a", "1");
    assert_var("b", "two");
}

static void test_values(void **state)
{
    (void)state;
    assert_int_equal(parse(
        "hash=b#c\n"
        "empty=\n"
        "empty2=   # nothing\n"
        "sq='x # y'\n"
        "dq=\"x\\\"y\"\n"
        "dollar=\"\\$\"\n"
        "lit='$HOME `x`'\n"
        "esc=\\$x\\ y\n"
        "joined=\"a\"'b'c\n"
        "tab=x\t# comment\n"
        "bs=\"a\\b\"\n"
        "Under_Score9=ok\n"
        "_=u\n"), 0);
    assert_var("hash", "b#c");
    assert_var("empty", "");
    assert_var("empty2", "");
    assert_var("sq", "x # y");
    assert_var("dq", "x\"y");
    assert_var("dollar", "$");
    assert_var("lit", "$HOME `x`");
    assert_var("esc", "$x y");
    assert_var("joined", "abc");
    assert_var("tab", "x");
    assert_var("bs", "a\\b");
    assert_var("Under_Score9", "ok");
    assert_var("_", "u");
}

static void test_override(void **state)
{
    (void)state;
    assert_int_equal(parse("a=1\nb=2\na=3\n"), 0);
    assert_var("a", "3");
    assert_int_equal(rc.count, 2);
    /* Defaults first, then the local file. */
    assert_int_equal(parse("b=local\nc=new\n"), 0);
    assert_var("a", "3");
    assert_var("b", "local");
    assert_var("c", "new");
    assert_int_equal(rc.count, 3);
}

static void test_malformed_lines(void **state)
{
    static const char text[] =
        "good1=yes\n"                       /* 1 */
        "just words\n"                      /* 2 */
        "1abc=x\n"                          /* 3 */
        "a-b=x\n"                           /* 4 */
        "=x\n"                              /* 5 */
        "name = value\n"                    /* 6 */
        "a=\"open\n"                        /* 7 */
        "a='open\n"                         /* 8 */
        "a=b c\n"                           /* 9 */
        "a=$HOME\n"                         /* 10 */
        "a=\"$HOME\"\n"                     /* 11 */
        "a=`cmd`\n"                         /* 12 */
        "a=b;c=d\n"                         /* 13 */
        "a=x\\\n"                           /* 14 */
        "if [ -r /etc/x ]; then\n"          /* 15 */
        "good2='still here'\n";             /* 16 */

    (void)state;
    assert_int_equal(parse(text), 14);
    assert_report(0, 2, "not an assignment (expected name=value)");
    assert_report(1, 3, "bad variable name '1abc'");
    assert_report(2, 4, "bad variable name 'a-b'");
    assert_report(3, 5, "bad variable name ''");
    assert_report(4, 6, "not an assignment");
    assert_report(5, 7, "unterminated double quote");
    assert_report(6, 8, "unterminated single quote");
    assert_report(7, 9, "unexpected text after the value of a");
    assert_report(8, 10, "expansion ('$' or '`') is not supported");
    assert_report(9, 11, "expansion");
    assert_report(10, 12, "expansion");
    assert_report(11, 13, "shell syntax is not supported");
    assert_report(12, 14, "backslash at the end of the line");
    assert_report(13, 15, "not an assignment");
    assert_var("good1", "yes");
    assert_var("good2", "still here");
    assert_null(rc_conf_get(&rc, "a"));
    assert_int_equal(rc.count, 2);
}

static void test_nul_byte(void **state)
{
    static const char text[] = "a=1\nb=x\0y\nc=3";
    char *copy = malloc(sizeof(text) - 1);

    (void)state;
    assert_non_null(copy);
    memcpy(copy, text, sizeof(text) - 1);
    n_reports = 0;
    assert_int_equal(rc_conf_parse(&rc, copy, sizeof(text) - 1, record, &rc),
                     1);
    free(copy);
    assert_report(0, 2, "NUL byte");
    assert_var("a", "1");
    assert_var("c", "3");
    assert_null(rc_conf_get(&rc, "b"));
}

static void test_long_name_quoted_short(void **state)
{
    char text[300];

    (void)state;
    memset(text, 'n', 200);
    strcpy(text + 200, "-=x\n");
    assert_int_equal(parse(text), 1);
    assert_true(strlen(report_msgs[0]) < 80);
    /* A long valid name is fine, and a value may hold '='. */
    text[200] = '=';
    assert_int_equal(parse(text), 0);
    text[200] = '\0';
    assert_var(text, "=x");
}

static void test_too_many_variables(void **state)
{
    char text[64];

    (void)state;
    for (int i = 0; i < RC_CONF_MAX; i++) {
        snprintf(text, sizeof(text), "v%d=%d\n", i, i);
        assert_int_equal(parse(text), 0);
    }
    assert_int_equal(rc.count, RC_CONF_MAX);
    assert_int_equal(parse("one_more=x\n"), 1);
    assert_report(0, 1, "too many variables (at most 64): one_more ignored");
    assert_null(rc_conf_get(&rc, "one_more"));
    /* Overriding still works when full. */
    assert_int_equal(parse("v7=seven\n"), 0);
    assert_var("v7", "seven");
}

static void test_yes_no(void **state)
{
    static const char *const yes[] = {
        "YES", "yes", "Yes", "yEs", "TRUE", "true", "True", "ON", "on", "1",
    };
    static const char *const no[] = {
        "NO", "no", "No", "FALSE", "false", "False", "OFF", "off", "0",
    };
    static const char *const neither[] = {
        "", "y", "n", "yess", "ye", "2", "01", " yes", "yes ", "nope",
    };

    (void)state;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_int_equal(rc_conf_yes(yes[i]), 1);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        assert_int_equal(rc_conf_yes(no[i]), 0);
    for (size_t i = 0; i < sizeof(neither) / sizeof(neither[0]); i++)
        assert_int_equal(rc_conf_yes(neither[i]), -EINVAL);
    assert_int_equal(rc_conf_yes(NULL), -EINVAL);

    assert_int_equal(parse("on=YES\noff=no\nodd=maybe\n"), 0);
    assert_true(rc_conf_enabled(&rc, "on"));
    assert_false(rc_conf_enabled(&rc, "off"));
    assert_false(rc_conf_enabled(&rc, "odd"));
    assert_false(rc_conf_enabled(&rc, "unset"));
}

static void test_no_report_callback(void **state)
{
    static const char text[] = "bad line\nok=1\n";

    (void)state;
    assert_int_equal(rc_conf_parse(&rc, text, sizeof(text) - 1, NULL, NULL),
                     1);
    assert_var("ok", "1");
}

static void test_out_of_memory(void **state)
{
    static const char text[] = "a=1\nb='two'\na=3\n";

    (void)state;
    for (long k = 0; k < 6; k++) {
        rc_conf_free(&rc);
        alloc_fault_after(k);
        n_reports = 0;
        int n = rc_conf_parse(&rc, text, sizeof(text) - 1, record, &rc);
        alloc_fault_after(-1);
        assert_int_equal(n, n_reports);
        for (int i = 0; i < n_reports && i < MAX_REPORTS; i++)
            assert_non_null(strstr(report_msgs[i], "out of memory"));
        if (n == 0) {
            assert_var("a", "3");
            assert_var("b", "two");
        }
        if (k == 0)
            assert_int_equal(n, 3);     /* every line refused */
    }
    /* A failed override keeps the old value. */
    rc_conf_free(&rc);
    assert_int_equal(parse("a=old\n"), 0);
    alloc_fault_after(1);               /* the line buffer, not the var */
    assert_int_equal(parse("a=new\n"), 1);
    alloc_fault_after(-1);
    assert_report(0, 1, "out of memory: a ignored");
    assert_var("a", "old");
}

static void test_free_and_reuse(void **state)
{
    (void)state;
    assert_int_equal(parse("x=1\n"), 0);
    rc_conf_free(&rc);
    assert_null(rc_conf_get(&rc, "x"));
    assert_int_equal(parse("y=2\n"), 0);
    assert_var("y", "2");
    assert_int_equal(rc.count, 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_typical_file),
        T(test_crlf_and_empty),
        T(test_values),
        T(test_override),
        T(test_malformed_lines),
        T(test_nul_byte),
        T(test_long_name_quoted_short),
        T(test_too_many_variables),
        T(test_yes_no),
        T(test_no_report_callback),
        T(test_out_of_memory),
        T(test_free_and_reuse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
