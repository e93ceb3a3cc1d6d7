/*
 * Unit tests for dom0's in-process xenstore client (dom0/xenstore/
 * xs_client.c) over a local connection to the engine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/xs_client.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"
#include "dom0_xs_fixture.h"

static struct xs_client cl;
static char events[8][64];
static int n_events;

static void on_event(void *arg, const char *path, const char *token)
{
    assert_ptr_equal(arg, &cl);
    if (n_events < 8)
        snprintf(events[n_events], sizeof(events[0]), "%s %s", path, token);
    n_events++;
}

static int setup(void **state)
{
    int rc = xt_setup(state);

    xs_client_init(&cl, xt_dom0, on_event, &cl);
    n_events = 0;
    return rc;
}

/* The client's heap blocks come from the engine's wrapped malloc: free
 * them the same way. */
static void release(char *p)
{
    fault_free(p);
}

static void test_read_write(void **state)
{
    char *v;
    size_t len;

    (void)state;
    assert_int_equal(xs_write(&cl, 0, "/vm/name", "guest", 5), 0);
    assert_int_equal(xs_read(&cl, 0, "/vm/name", &v, &len), 0);
    assert_int_equal(len, 5);
    assert_string_equal(v, "guest");    /* NUL added */
    release(v);
    assert_int_equal(xs_write(&cl, 0, "/vm/bin", "a\0b", 3), 0);
    assert_int_equal(xs_read(&cl, 0, "/vm/bin", &v, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "a\0b", 4);
    release(v);
    assert_int_equal(xs_read(&cl, 0, "/vm/none", &v, &len), -XEN_ENOENT);
    assert_int_equal(xs_write(&cl, 0, "bad path/", "x", 1), -XEN_EINVAL);
}

static void test_tree_and_perms(void **state)
{
    char *names, *perms;
    size_t len;

    (void)state;
    assert_int_equal(xs_mkdir(&cl, 0, "/d/a"), 0);
    assert_int_equal(xs_mkdir(&cl, 0, "/d/b"), 0);
    assert_int_equal(xs_directory(&cl, 0, "/d", &names, &len), 0);
    assert_int_equal(len, 4);
    assert_memory_equal(names, "a\0b", 4);
    release(names);
    assert_int_equal(xs_set_perms(&cl, 0, "/d", "n0\0r3", 6), 0);
    assert_int_equal(xs_get_perms(&cl, 0, "/d", &perms, &len), 0);
    assert_int_equal(len, 6);
    assert_memory_equal(perms, "n0\0r3", 6);
    release(perms);
    assert_int_equal(xs_set_perms(&cl, 0, "/d", "q0", 3), -XEN_EINVAL);
    assert_int_equal(xs_rm(&cl, 0, "/d"), 0);
    assert_int_equal(xs_directory(&cl, 0, "/d", &names, &len), -XEN_ENOENT);
}

static void test_transactions(void **state)
{
    struct xs_conn *other = xt_tool();
    uint32_t tx;
    char *v;

    (void)state;
    assert_int_equal(xs_write(&cl, 0, "/c", "0", 1), 0);
    assert_int_equal(xs_transaction_start(&cl, &tx), 0);
    assert_true(tx != 0);
    assert_int_equal(xs_read(&cl, tx, "/c", &v, NULL), 0);
    release(v);
    assert_int_equal(xs_write(&cl, tx, "/c", "1", 1), 0);
    assert_int_equal(xt_write(other, 0, "/c", "9"), 0);
    assert_int_equal(xs_transaction_end(&cl, tx, true), -XEN_EAGAIN);
    assert_int_equal(xs_transaction_start(&cl, &tx), 0);
    assert_int_equal(xs_write(&cl, tx, "/c", "2", 1), 0);
    assert_int_equal(xs_transaction_end(&cl, tx, false), 0);
    xt_assert_value("/c", "9");
    assert_int_equal(xs_transaction_end(&cl, tx, true), -XEN_ENOENT);
}

static void test_watch_events(void **state)
{
    struct xs_conn *other = xt_tool();

    (void)state;
    assert_int_equal(xs_watch(&cl, "/w", "tok"), 0);
    /* The first fire came after the reply: still queued. */
    assert_int_equal(n_events, 0);
    assert_int_equal(xt_write(other, 0, "/w/x", "1"), 0);
    xs_client_poll(&cl);
    assert_int_equal(n_events, 2);
    assert_string_equal(events[0], "/w tok");
    assert_string_equal(events[1], "/w/x tok");
    /* Met on the way to a reply: delivered too. */
    assert_int_equal(xt_write(other, 0, "/w/y", "1"), 0);
    assert_int_equal(xs_mkdir(&cl, 0, "/elsewhere"), 0);
    assert_int_equal(n_events, 3);
    assert_string_equal(events[2], "/w/y tok");
    assert_int_equal(xs_unwatch(&cl, "/w", "tok"), 0);
    assert_int_equal(xs_unwatch(&cl, "/w", "tok"), -XEN_ENOENT);
    assert_int_equal(xs_watch(&cl, "/w", "t"), 0);
    assert_int_equal(xs_watch(&cl, "/w", "t"), -XEN_EEXIST);
}

static void test_raw_call(void **state)
{
    char *reply;
    size_t len;

    (void)state;
    assert_int_equal(xs_client_call(&cl, XS_GET_DOMAIN_PATH, 0, "7", 2,
                                    &reply, &len), 0);
    assert_int_equal(len, 16);
    assert_string_equal(reply, "/local/domain/7");
    release(reply);
    assert_int_equal(xs_client_call(&cl, 99, 0, "", 0, NULL, NULL),
                     -XEN_ENOSYS);
    assert_int_equal(xs_client_call(&cl, XS_READ, 0, "/", 2, NULL, NULL), 0);
}

static void test_out_of_memory(void **state)
{
    char *v;
    int rc = -XEN_ENOMEM;

    (void)state;
    assert_int_equal(xs_write(&cl, 0, "/m", "value", 5), 0);
    for (long n = 0; rc == -XEN_ENOMEM; n++) {
        alloc_fault_after(n);
        rc = xs_read(&cl, 0, "/m", &v, NULL);
        alloc_fault_after(-1);
    }
    assert_int_equal(rc, 0);
    assert_string_equal(v, "value");
    release(v);
    rc = -XEN_ENOMEM;
    for (long n = 0; rc == -XEN_ENOMEM; n++) {
        alloc_fault_after(n);
        rc = xs_write(&cl, 0, "/m/n/o", "deep", 4);
        alloc_fault_after(-1);
        /* Still in step: the next call gets its own reply. */
        assert_int_equal(xs_read(&cl, 0, "/m", &v, NULL), 0);
        release(v);
    }
    assert_int_equal(rc, 0);
    xt_assert_value("/m/n/o", "deep");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_write, setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_tree_and_perms, setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_watch_events, setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_raw_call, setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory, setup, xt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
