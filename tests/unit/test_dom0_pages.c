/*
 * Unit tests for dom0's page allocator (dom0/kernel/pages.c). It only
 * does arithmetic on the direct map's addresses, never touches the pages,
 * so it runs on the host as is; its panic longjmps back to the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/mm.h>
#include <dom0/pages.h>

void panic(const char *fmt, ...);

static jmp_buf panic_jmp;
static char panic_msg[256];

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
    va_end(ap);
    longjmp(panic_jmp, 1);
}

static unsigned long pfn(const void *va)
{
    return virt_to_pfn(va);
}

static void test_first_fit_and_reuse(void **state)
{
    void *a, *b, *c;

    (void)state;
    pages_init(10, 1000);
    assert_int_equal(pages_total(), 990);
    assert_int_equal(pages_free_count(), 990);
    a = page_alloc();
    b = pages_alloc(3);
    c = page_alloc();
    assert_int_equal(pfn(a), 10);
    assert_int_equal(pfn(b), 11);
    assert_int_equal(pfn(c), 14);
    assert_int_equal(pages_free_count(), 985);
    pages_free(b, 3);
    assert_int_equal(pfn(pages_alloc(2)), 11);     /* a free moves the rover back */
    assert_int_equal(pfn(pages_alloc(2)), 15);     /* 13 alone is too small */
    assert_int_equal(pfn(page_alloc()), 17);       /* on from the rover, not 13 */
    assert_int_equal(pages_free_count(), 983);
}

static void test_runs_across_words_and_exhaustion(void **state)
{
    void *p;

    (void)state;
    pages_init(1, 200);
    assert_int_equal(pfn(pages_alloc(100)), 1);    /* spans bitmap words */
    assert_null(pages_alloc(100));                 /* 99 left */
    p = pages_alloc(99);
    assert_non_null(p);
    assert_int_equal(pfn(p), 101);
    assert_int_equal(pages_free_count(), 0);
    assert_null(page_alloc());
    assert_null(pages_alloc(0));
    pages_free(p, 99);
    assert_int_equal(pages_free_count(), 99);
}

/* A free run behind the rover is found by the second scan. */
static void test_wraps_to_the_start(void **state)
{
    void *a;

    (void)state;
    pages_init(1, 129);
    a = pages_alloc(64);
    assert_non_null(pages_alloc(64));              /* rover at the end now */
    pages_free(a, 64);
    assert_int_equal(pfn(pages_alloc(64)), 1);
}

static void test_init_clamps_to_the_direct_map(void **state)
{
    (void)state;
    pages_init(1, MAX_DIRECT_PAGES + 1000);
    assert_int_equal(pages_total(), MAX_DIRECT_PAGES - 1);
}

static void test_bad_frees_panic(void **state)
{
    void *p;

    (void)state;
    pages_init(10, 100);
    p = pages_alloc(2);
    pages_free(p, 2);
    if (!setjmp(panic_jmp)) {
        pages_free(p, 2);
        fail_msg("a double free did not panic");
    }
    assert_non_null(strstr(panic_msg, "not allocated"));
    if (!setjmp(panic_jmp)) {
        pages_free(pfn_to_virt(5), 1);             /* below the managed range */
        fail_msg("freeing a reserved page did not panic");
    }
    assert_non_null(strstr(panic_msg, "page 5"));
    assert_int_equal(pages_free_count(), 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_fit_and_reuse),
        cmocka_unit_test(test_runs_across_words_and_exhaustion),
        cmocka_unit_test(test_wraps_to_the_start),
        cmocka_unit_test(test_init_clamps_to_the_direct_map),
        cmocka_unit_test(test_bad_frees_panic),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
