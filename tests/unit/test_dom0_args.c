/*
 * Unit tests for dom0's command-line splitter (dom0/shell/args.c).
 *
 * Lines are copied into heap blocks of exactly their size, so ASan
 * catches any write past the line's NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/args.h>
#include <keel/errno.h>

static char *argv[ARGS_MAX + 1];
static char err[128];
static char *line;

static int split(const char *text)
{
    free(line);
    line = strdup(text);
    assert_non_null(line);
    err[0] = '\0';
    return args_split(line, argv, err, sizeof(err));
}

static int teardown(void **state)
{
    (void)state;
    free(line);
    line = NULL;
    return 0;
}

/* Splits text and expects exactly the n words given. */
static void expect_words(const char *text, int n, ...)
{
    va_list ap;

    assert_int_equal(split(text), n);
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        assert_string_equal(argv[i], va_arg(ap, const char *));
    va_end(ap);
    assert_null(argv[n]);
    for (int i = 0; i < n; i++)     /* every word lies inside the line */
        assert_true(argv[i] >= line &&
                    argv[i] + strlen(argv[i]) < line + strlen(text) + 1);
}

static void test_blank_lines(void **state)
{
    (void)state;
    expect_words("", 0);
    expect_words("   ", 0);
    expect_words(" \t\r\n\v\f", 0);
}

static void test_plain_words(void **state)
{
    (void)state;
    expect_words("ls", 1, "ls");
    expect_words("ls -l /etc", 3, "ls", "-l", "/etc");
    expect_words("  xl \t create\tdom1.cfg  ", 3, "xl", "create", "dom1.cfg");
    expect_words("a\nb", 2, "a", "b");
}

static void test_single_quotes(void **state)
{
    (void)state;
    expect_words("echo 'a b'", 2, "echo", "a b");
    expect_words("'' x", 2, "", "x");
    expect_words("'\\n \"q\"'", 1, "\\n \"q\"");     /* all literal */
    expect_words("a'b c'd", 1, "ab cd");
}

static void test_double_quotes(void **state)
{
    (void)state;
    expect_words("echo \"a  b\"", 2, "echo", "a  b");
    expect_words("\"\"", 1, "");
    expect_words("\"say \\\"hi\\\"\"", 1, "say \"hi\"");
    expect_words("\"back\\\\slash\"", 1, "back\\slash");
    expect_words("\"C:\\path\\n\"", 1, "C:\\path\\n");     /* kept */
    expect_words("\"it's\"", 1, "it's");
    expect_words("x\"y z\"'w'v", 1, "xy zwv");
}

static void test_backslash(void **state)
{
    (void)state;
    expect_words("a\\ b", 1, "a b");
    expect_words("\\'x\\'", 1, "'x'");
    expect_words("\\\"", 1, "\"");
    expect_words("\\\\", 1, "\\");
    expect_words("\\a\\b", 1, "ab");
}

static void test_max_args(void **state)
{
    char text[256] = "";

    (void)state;
    for (int i = 0; i < ARGS_MAX; i++)
        strcat(text, i ? " w" : "w");
    assert_int_equal(split(text), ARGS_MAX);
    assert_null(argv[ARGS_MAX]);
    strcat(text, " over");
    assert_int_equal(split(text), -E2BIG);
    assert_string_equal(err, "too many arguments (at most 32)");
    /* Blanks after the last word do not count as one. */
    text[strlen(text) - 5] = '\0';
    strcat(text, "   ");
    assert_int_equal(split(text), ARGS_MAX);
}

static void test_unterminated(void **state)
{
    (void)state;
    assert_int_equal(split("echo 'abc"), -EINVAL);
    assert_string_equal(err, "unterminated ' quote starting at column 6");
    assert_int_equal(split("a \"b c"), -EINVAL);
    assert_string_equal(err, "unterminated \" quote starting at column 3");
    assert_int_equal(split("\"\\\""), -EINVAL);     /* the quote escaped */
    assert_int_equal(split("x 'a'b'"), -EINVAL);
    assert_string_equal(err, "unterminated ' quote starting at column 7");
    assert_int_equal(split("trailing\\"), -EINVAL);
    assert_string_equal(err, "backslash at the end of the line (column 9)");
}

static void test_err_optional(void **state)
{
    char text[] = "'open";

    (void)state;
    assert_int_equal(args_split(text, argv, NULL, 0), -EINVAL);
    char ok[] = "a b";
    assert_int_equal(args_split(ok, argv, NULL, 0), 2);
}

/* Random lines of quote-heavy junk: never a write past the line, and the
 * words always inside it. */
static void test_random_lines(void **state)
{
    static const char alphabet[] = "ab '\"\\\t";
    uint64_t s = 12345;

    (void)state;
    for (int n = 0; n < 20000; n++) {
        char text[64];
        size_t len;
        int rc;

        s = s * 6364136223846793005ull + 1442695040888963407ull;
        len = (s >> 33) % sizeof(text);
        for (size_t i = 0; i < len; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            text[i] = alphabet[(s >> 33) % (sizeof(alphabet) - 1)];
        }
        text[len] = '\0';
        rc = split(text);
        assert_true(rc == -EINVAL || rc == -E2BIG ||
                    (rc >= 0 && rc <= ARGS_MAX));
        for (int i = 0; i < rc; i++)
            assert_true(argv[i] >= line && argv[i] <= line + len);
    }
}

#define T(name) cmocka_unit_test_teardown(name, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_blank_lines),
        T(test_plain_words),
        T(test_single_quotes),
        T(test_double_quotes),
        T(test_backslash),
        T(test_max_args),
        T(test_unterminated),
        T(test_err_optional),
        T(test_random_lines),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
