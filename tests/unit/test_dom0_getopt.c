/*
 * Unit tests for dom0's option reader (dom0/shell/getopt.c): each case is
 * a command line and the options and operands a POSIX getopt would see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/getopt.h>

#define MAXW 8

/*
 * Reads every option of words[] with optstring and renders what was seen
 * as one string: "l", "p=5", "?x", ":p" per option, then "|" and the
 * operands, space-separated.
 */
static void expect(const char *optstring, const char *want, int n, ...)
{
    char *argv[MAXW + 1] = { "cmd" };
    char seen[256] = "";
    struct getopt g;
    va_list ap;
    int c;

    va_start(ap, n);
    for (int i = 0; i < n; i++)
        argv[i + 1] = va_arg(ap, char *);
    va_end(ap);
    getopt_init(&g);
    while ((c = getopt_next(&g, n + 1, argv, optstring)) != -1) {
        char one[64];

        if (c == '?' || c == ':')
            snprintf(one, sizeof(one), "%c%c ", c, g.opt);
        else if (g.arg)
            snprintf(one, sizeof(one), "%c=%s ", c, g.arg);
        else
            snprintf(one, sizeof(one), "%c ", c);
        strcat(seen, one);
    }
    strcat(seen, "|");
    for (int i = g.ind; i <= n; i++) {
        strcat(seen, " ");
        strcat(seen, argv[i]);
    }
    assert_string_equal(seen, want);
}

static void test_no_options(void **state)
{
    (void)state;
    expect("l", "|", 0);
    expect("l", "| a b", 2, "a", "b");
    expect("l", "| -", 1, "-");                 /* a lone dash is an operand */
}

static void test_flags_and_clusters(void **state)
{
    (void)state;
    expect("lwa", "l | dom", 2, "-l", "dom");
    expect("lwa", "w a | dom", 2, "-wa", "dom");
    expect("lwa", "w a l | dom", 3, "-w", "-al", "dom");
}

static void test_options_end_at_first_operand(void **state)
{
    (void)state;
    expect("l", "| dom -l", 2, "dom", "-l");
    expect("l", "l | -l", 3, "-l", "--", "-l");  /* "--" ends them, is skipped */
    expect("l", "|", 1, "--");
}

static void test_arguments(void **state)
{
    (void)state;
    expect("p:c", "p=5 | x", 2, "-p5", "x");
    expect("p:c", "p=5 | x", 3, "-p", "5", "x");
    expect("p:c", "c p=7 |", 1, "-cp7");
    expect("p:c", "p=-c |", 2, "-p", "-c");     /* the next word, whatever it is */
    expect("p:c", "c :p |", 2, "-c", "-p");     /* missing */
}

static void test_unknown(void **state)
{
    (void)state;
    expect("l", "?x l | d", 3, "-x", "-l", "d");
    expect("l", "l ?z | d", 2, "-lz", "d");
    expect("l", "?: |", 1, "-:");               /* ':' is never an option */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_options),
        cmocka_unit_test(test_flags_and_clusters),
        cmocka_unit_test(test_options_end_at_first_operand),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_unknown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
