/*
 * Unit tests for dom0's heap (dom0/kernel/alloc.c), built here with its
 * malloc family renamed dom0_* so it does not replace the C library's.
 * Its pages come from a fake page allocator over aligned host memory that
 * counts what is outstanding and can be told to run dry; its panic
 * longjmps back to the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/alloc.h>

#define PAGE 4096

void *dom0_malloc(size_t size);
void *dom0_calloc(size_t count, size_t size);
void *dom0_realloc(void *p, size_t size);
void dom0_free(void *p);
void *pages_alloc(unsigned long n);
void pages_free(void *va, unsigned long n);
void panic(const char *fmt, ...);

static long pages_out;          /* pages the heap holds from us */
static long pages_left = -1;    /* pages we will still give; -1: no limit */
static jmp_buf panic_jmp;
static char panic_msg[256];

void *pages_alloc(unsigned long n)
{
    void *p;

    if (pages_left >= 0 && (unsigned long)pages_left < n)
        return NULL;
    if (posix_memalign(&p, PAGE, n * PAGE))
        return NULL;
    memset(p, 0xa5, n * PAGE);   /* the real allocator does not zero */
    if (pages_left >= 0)
        pages_left -= (long)n;
    pages_out += (long)n;
    return p;
}

void pages_free(void *va, unsigned long n)
{
    pages_out -= (long)n;
    free(va);
}

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
    va_end(ap);
    longjmp(panic_jmp, 1);
}

static int setup(void **state)
{
    (void)state;
    pages_left = -1;
    panic_msg[0] = '\0';
    return 0;
}

/* Every size from 1 to 3 pages: usable, aligned, independent, and all
 * of the heap's pages back once everything is freed. */
static void test_sizes_round_trip(void **state)
{
    static void *p[3 * PAGE + 1];
    struct heap_stats st;

    (void)state;
    for (size_t n = 1; n <= 3 * PAGE; n++) {
        p[n] = dom0_malloc(n);
        assert_non_null(p[n]);
        assert_int_equal((uintptr_t)p[n] % 16, 0);
        memset(p[n], (int)(n & 0xff), n);
    }
    for (size_t n = 1; n <= 3 * PAGE; n++) {
        const unsigned char *b = p[n];

        assert_int_equal(b[0], n & 0xff);
        assert_int_equal(b[n - 1], n & 0xff);
    }
    heap_stats(&st);
    assert_true(st.bytes_in_use >= (3ul * PAGE) * (3ul * PAGE + 1) / 2);
    assert_int_equal((long)st.pages, pages_out);
    for (size_t n = 3 * PAGE; n >= 1; n--)
        dom0_free(p[n]);
    heap_stats(&st);
    assert_int_equal(st.bytes_in_use, 0);
    assert_int_equal(st.pages, 0);
    assert_int_equal(pages_out, 0);
}

static void test_zero_and_null(void **state)
{
    void *p = dom0_malloc(0);

    (void)state;
    assert_non_null(p);
    dom0_free(p);
    dom0_free(NULL);
    assert_int_equal(pages_out, 0);
}

static void test_calloc_zeroes_and_refuses_overflow(void **state)
{
    unsigned char *p = dom0_calloc(100, 50);

    (void)state;
    assert_non_null(p);
    for (int i = 0; i < 5000; i++)
        assert_int_equal(p[i], 0);
    dom0_free(p);
    assert_null(dom0_calloc(SIZE_MAX / 2, 3));
    assert_int_equal(pages_out, 0);
}

static void test_realloc_keeps_contents(void **state)
{
    unsigned char *p = dom0_realloc(NULL, 10);

    (void)state;
    assert_non_null(p);
    memcpy(p, "0123456789", 10);
    p = dom0_realloc(p, 12);                /* same 16-byte class: stays */
    assert_memory_equal(p, "0123456789", 10);
    p = dom0_realloc(p, 3 * PAGE);          /* to whole pages */
    assert_non_null(p);
    assert_memory_equal(p, "0123456789", 10);
    p[3 * PAGE - 1] = 7;
    p = dom0_realloc(p, 5);                 /* back to a chunk: first 5 bytes */
    assert_non_null(p);
    assert_memory_equal(p, "01234", 5);
    dom0_free(p);
    assert_int_equal(pages_out, 0);
}

/* Out of pages: NULL, the statistics unchanged, and chunks of a page the
 * heap already has still come from it. */
static void test_out_of_pages(void **state)
{
    struct heap_stats before, after;
    void *a, *b;

    (void)state;
    pages_left = 1;
    a = dom0_malloc(64);
    assert_non_null(a);
    heap_stats(&before);
    assert_null(dom0_malloc(2 * PAGE));     /* whole pages: none left */
    assert_null(dom0_malloc(128));          /* another class: a new page */
    heap_stats(&after);
    assert_memory_equal(&before, &after, sizeof(before));
    b = dom0_malloc(64);                    /* same class: same page */
    assert_non_null(b);
    assert_int_equal((uintptr_t)a / PAGE, (uintptr_t)b / PAGE);
    dom0_free(a);
    dom0_free(b);
    assert_int_equal(pages_out, 0);
}

/* A chunk freed twice or a pointer the heap never gave panics. */
static void test_bad_free_panics(void **state)
{
    char *p = dom0_malloc(100);
    static char not_ours[2 * PAGE] __attribute__((aligned(PAGE)));

    (void)state;
    if (!setjmp(panic_jmp)) {
        dom0_free(p + 8);                   /* inside a chunk */
        fail_msg("freeing a misaligned pointer did not panic");
    }
    assert_non_null(strstr(panic_msg, "did not hand out"));
    if (!setjmp(panic_jmp)) {
        dom0_free(not_ours + 64);           /* a page with no header */
        fail_msg("freeing a foreign pointer did not panic");
    }
    assert_non_null(strstr(panic_msg, "did not hand out"));
    dom0_free(p);
    assert_int_equal(pages_out, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_sizes_round_trip, setup),
        cmocka_unit_test_setup(test_zero_and_null, setup),
        cmocka_unit_test_setup(test_calloc_zeroes_and_refuses_overflow, setup),
        cmocka_unit_test_setup(test_realloc_keeps_contents, setup),
        cmocka_unit_test_setup(test_out_of_pages, setup),
        cmocka_unit_test_setup(test_bad_free_panics, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
