/*
 * Unit tests for dom0's xenstored: transactions (dom0/xenstore/xs_tx.c),
 * through the wire protocol. Xen 4.17's rules: a transaction sees its own
 * writes and nobody else does until it commits; commit fails with EAGAIN,
 * applying nothing, if anything it looked at (present, absent, or a
 * directory listing) changed meanwhile; watches fire at commit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dom0_xs_fixture.h"

#define BUF (XENSTORE_PAYLOAD_MAX + 1)

static void test_own_writes_visible(void **state)
{
    char out[BUF];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/a/b", "in-tx"), 0);
    assert_int_equal(xt_read(xt_dom0, tx, "/a/b", out), 5);
    assert_int_equal(xt_dir(xt_dom0, tx, "/a", out), 2);
    xt_assert_absent("/a/b");
    xt_assert_absent("/a");
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), 0);
    xt_assert_value("/a/b", "in-tx");
    /* The id is gone. */
    assert_int_equal(xt_read(xt_dom0, tx, "/a/b", out), -XEN_ENOENT);
}

static void test_abort(void **state)
{
    char *before, *after;
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/keep", "1"), 0);
    before = xt_dump();
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/keep", "2"), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/new/node", "3"), 0);
    assert_int_equal(xt_rm(xt_dom0, tx, "/keep"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, false), 0);
    /* Every node as it was; only the generation counter moved on. */
    after = xt_dump();
    assert_string_equal(strchr(after, '\n'), strchr(before, '\n'));
    assert_int_equal(xt_tx_end(xt_dom0, tx, false), -XEN_ENOENT);
    free(before);
    free(after);
}

static void test_conflict_then_retry(void **state)
{
    struct xs_conn *other = xt_tool();
    char out[BUF];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/x", "1"), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_read(xt_dom0, tx, "/x", out), 1);
    assert_int_equal(xt_write(xt_dom0, tx, "/y", "from-tx"), 0);
    assert_int_equal(xt_write(other, 0, "/x", "2"), 0);
    /* Its own copy stays what it read. */
    assert_int_equal(xt_read(xt_dom0, tx, "/x", out), 1);
    assert_memory_equal(out, "1", 1);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_EAGAIN);
    xt_assert_absent("/y");
    xt_assert_value("/x", "2");
    /* Gone after the failed commit; a retry goes through. */
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_ENOENT);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_read(xt_dom0, tx, "/x", out), 1);
    assert_int_equal(xt_write(xt_dom0, tx, "/y", "from-tx"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), 0);
    xt_assert_value("/y", "from-tx");
}

static void test_conflict_on_absent_node(void **state)
{
    char out[BUF];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_read(xt_dom0, tx, "/maybe", out), -XEN_ENOENT);
    assert_int_equal(xt_write(xt_dom0, tx, "/other", "v"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/maybe", "now"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_EAGAIN);
    xt_assert_absent("/other");
}

static void test_conflict_on_listing(void **state)
{
    char out[BUF];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/dir/a"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/count", "0"), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_dir(xt_dom0, tx, "/dir", out), 2);
    assert_int_equal(xt_write(xt_dom0, tx, "/count", "1"), 0);
    /* Unrelated changes do not conflict (creating /count would have:
     * that reads "/", whose child list /elsewhere changes)... */
    assert_int_equal(xt_write(xt_dom0, 0, "/elsewhere", "x"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/dir/a", "a's value"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), 0);
    /* ...a new child does. */
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_dir(xt_dom0, tx, "/dir", out), 2);
    assert_int_equal(xt_write(xt_dom0, tx, "/count", "2"), 0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/dir/b"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_EAGAIN);
    xt_assert_value("/count", "1");
}

static void test_two_transactions_race(void **state)
{
    struct xs_conn *b = xt_tool();
    char out[BUF];
    uint32_t t1, t2;

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/counter", "0"), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &t1), 0);
    assert_int_equal(xt_tx_start(b, &t2), 0);
    assert_int_equal(t1, 1);
    assert_int_equal(t2, 1);            /* ids are per connection */
    assert_int_equal(xt_read(xt_dom0, t1, "/counter", out), 1);
    assert_int_equal(xt_read(b, t2, "/counter", out), 1);
    assert_int_equal(xt_write(xt_dom0, t1, "/counter", "1"), 0);
    assert_int_equal(xt_write(b, t2, "/counter", "1"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, t1, true), 0);
    assert_int_equal(xt_tx_end(b, t2, true), -XEN_EAGAIN);
    xt_assert_value("/counter", "1");
}

static void test_rm_inside(void **state)
{
    char out[BUF];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/t/a/b", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/t/c", "2"), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_rm(xt_dom0, tx, "/t/a"), 0);
    assert_int_equal(xt_read(xt_dom0, tx, "/t/a/b", out), -XEN_ENOENT);
    assert_int_equal(xt_dir(xt_dom0, tx, "/t", out), 2);
    assert_memory_equal(out, "c", 2);
    xt_assert_value("/t/a/b", "1");
    /* Made and removed again inside: nothing to publish. */
    assert_int_equal(xt_write(xt_dom0, tx, "/t/tmp", "x"), 0);
    assert_int_equal(xt_rm(xt_dom0, tx, "/t/tmp"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), 0);
    xt_assert_absent("/t/a");
    xt_assert_absent("/t/tmp");
    assert_int_equal(xt_dir(xt_dom0, 0, "/t", out), 2);
    assert_int_equal(xs_domain_nodes(0), 3);
}

static void test_directory_part_generation(void **state)
{
    struct xt_msg m1, m2;
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/g/a"), 0);
    assert_int_equal(xt_call(xt_dom0, XS_DIRECTORY_PART, 0, P("/g\0" "0"),
                             &m1), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_call(xt_dom0, XS_DIRECTORY_PART, tx, P("/g\0" "0"),
                             &m2), 0);
    assert_string_equal(m1.body, m2.body);
    assert_int_equal(xt_mkdir(xt_dom0, tx, "/g/b"), 0);
    assert_int_equal(xt_call(xt_dom0, XS_DIRECTORY_PART, tx, P("/g\0" "0"),
                             &m2), 0);
    assert_string_not_equal(m1.body, m2.body);
    assert_memory_equal(m2.body + strlen(m2.body) + 1, "a\0b\0", 5);
    assert_int_equal(xt_tx_end(xt_dom0, tx, false), 0);
}

static void test_ids_and_errors(void **state)
{
    struct xt_msg m;
    uint32_t t1, t2, t3;

    (void)state;
    assert_int_equal(xt_tx_start(xt_dom0, &t1), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &t2), 0);
    assert_int_equal(t2, t1 + 1);
    /* No nesting. */
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_START, t1, P(""), &m),
                     -XEN_EBUSY);
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_END, t1, P("X"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_END, t1, P("TF"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_END, t1, "T", 1, &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_TRANSACTION_END, 0, P("T"), &m),
                     -XEN_ENOENT);
    assert_int_equal(xt_tx_end(xt_dom0, t1, true), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &t3), 0);
    assert_int_equal(t3, t2 + 1);       /* ids are not reused at once */
    assert_int_equal(xt_tx_end(xt_dom0, t2, false), 0);
    assert_int_equal(xt_tx_end(xt_dom0, t3, false), 0);
    /* Watches ignore tx_id, even a bad one. */
    assert_int_equal(xt_call(xt_dom0, XS_WATCH, 999, P("/w\0tok"), &m), 0);
    assert_int_equal(xt_call(xt_dom0, XS_UNWATCH, 999, P("/w\0tok"), &m), 0);
}

static void test_quota_transactions(void **state)
{
    struct xs_conn *g = xt_guest(5);
    uint32_t tx[XS_QUOTA_TRANSACTIONS + 1], extra;

    (void)state;
    /* Xen lets one more than the quota open. */
    for (int i = 0; i <= XS_QUOTA_TRANSACTIONS; i++)
        assert_int_equal(xt_tx_start(g, &tx[i]), 0);
    assert_int_equal(xt_tx_start(g, &extra), -XEN_ENOSPC);
    assert_int_equal(xt_tx_end(g, tx[0], false), 0);
    assert_int_equal(xt_tx_start(g, &extra), 0);
    for (int i = 0; i < 50; i++)        /* dom0 is not bound */
        assert_int_equal(xt_tx_start(xt_dom0, &extra), 0);
}

static void test_quota_transaction_nodes(void **state)
{
    struct xs_conn *g = xt_guest(5);
    char path[64], out[BUF];
    uint32_t tx;
    int i, rc = 0;

    (void)state;
    assert_int_equal(xt_tx_start(g, &tx), 0);
    for (i = 0; rc == 0; i++) {
        snprintf(path, sizeof(path), "/n%d", i);
        rc = xt_read(g, tx, path, out);
        if (rc == -XEN_EACCES)          /* absent and unreadable */
            rc = 0;
    }
    assert_int_equal(rc, -XEN_ENOSPC);
    /* Each read touches the node and "/": the quota counts both. */
    assert_int_equal(i, XS_QUOTA_TX_NODES);
    assert_int_equal(xt_tx_end(g, tx, false), 0);
}

static void test_node_quota_at_commit(void **state)
{
    struct xs_conn *g = xt_guest(5);
    char path[64];
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/5"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/5", P("n5")), 0);
    for (int i = 0; xs_domain_nodes(5) < XS_QUOTA_NODES - 1; i++) {
        snprintf(path, sizeof(path), "d%d/c%d", i / 100, i % 100);
        assert_int_equal(xt_mkdir(g, 0, path), 0);
    }
    /* Xen checks >= the quota at commit: the last node cannot be made in
     * a transaction, though it can outside one. */
    assert_int_equal(xt_tx_start(g, &tx), 0);
    assert_int_equal(xt_mkdir(g, tx, "last"), 0);
    assert_int_equal(xt_tx_end(g, tx, true), -XEN_ENOSPC);
    xt_assert_absent("/local/domain/5/last");
    assert_int_equal(xt_mkdir(g, 0, "last"), 0);
    assert_int_equal(xs_domain_nodes(5), XS_QUOTA_NODES);
    /* At the quota even the transaction's own request fails. */
    assert_int_equal(xt_tx_start(g, &tx), 0);
    assert_int_equal(xt_mkdir(g, tx, "more"), -XEN_ENOSPC);
    assert_int_equal(xt_tx_end(g, tx, false), 0);
}

static void test_watches_fire_at_commit(void **state)
{
    struct xs_conn *w = xt_tool();
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_watch(w, "/wt", "tok"), 0);
    xt_expect_event(w, "/wt", "tok");
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/wt/a", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/wt/b", "2"), 0);
    xt_expect_quiet(w);
    assert_int_equal(xt_tx_end(xt_dom0, tx, false), 0);
    xt_expect_quiet(w);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/wt/a", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/wt/b", "2"), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), 0);
    xt_expect_event(w, "/wt/a", "tok");
    xt_expect_event(w, "/wt/b", "tok");
    xt_expect_quiet(w);
    /* A failed commit fires nothing. */
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/wt/a", "3"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/wt/a", "4"), 0);
    xt_expect_event(w, "/wt/a", "tok");
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_EAGAIN);
    xt_expect_quiet(w);
}

static void test_reset_watches_ends_transactions(void **state)
{
    struct xt_msg m;
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_write(xt_dom0, tx, "/lost", "v"), 0);
    assert_int_equal(xt_call(xt_dom0, XS_RESET_WATCHES, 0, P(""), &m), 0);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_ENOENT);
    xt_assert_absent("/lost");
}

static void test_owner_gone_fails_commit(void **state)
{
    uint32_t tx;

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/gift", "v"), 0);
    assert_int_equal(xt_tx_start(xt_dom0, &tx), 0);
    assert_int_equal(xt_set_perms(xt_dom0, tx, "/gift", P("n5")), 0);
    xs_domain_gone(5);
    assert_int_equal(xt_tx_end(xt_dom0, tx, true), -XEN_EAGAIN);
    assert_int_equal(xs_domain_nodes(5), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_own_writes_visible, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_abort, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_conflict_then_retry, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_conflict_on_absent_node, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_conflict_on_listing, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_two_transactions_race, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_rm_inside, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_directory_part_generation, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_ids_and_errors, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_quota_transactions, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_quota_transaction_nodes, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_node_quota_at_commit, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_watches_fire_at_commit, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_reset_watches_ends_transactions, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_owner_gone_fails_commit, xt_setup, xt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
