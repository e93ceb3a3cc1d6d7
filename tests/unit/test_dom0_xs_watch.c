/*
 * Unit tests for dom0's xenstored: watches and domains
 * (dom0/xenstore/xs_watch.c, xs_domain.c), through the wire protocol,
 * against Xen 4.17's rules: a watch fires once when set, then for any
 * change at or under its path; removing a subtree fires the watches on
 * each removed node; only watchers that may read the node (or its
 * parent) hear of it; @introduceDomain and @releaseDomain go to
 * privileged connections and to those their permissions name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define DOM0_ALLOC_FAULT_CONTROL
#include "dom0_alloc_fault.h"
#include "dom0_xs_fixture.h"

#define BUF (XENSTORE_PAYLOAD_MAX + 1)

static void test_fires_once_when_set(void **state)
{
    struct xt_msg m;
    uint32_t req;

    (void)state;
    /* The reply first, then the event, with the path as given. */
    req = xt_send(xt_dom0, XS_WATCH, 0, P("/not/there\0my-token"));
    assert_true(xt_next(xt_dom0, &m));
    assert_int_equal(m.h.type, XS_WATCH);
    assert_int_equal(m.h.req_id, req);
    assert_memory_equal(m.body, "OK", 3);
    xt_expect_event(xt_dom0, "/not/there", "my-token");
    xt_expect_quiet(xt_dom0);
}

static void test_subtree(void **state)
{
    struct xs_conn *w = xt_tool();

    (void)state;
    assert_int_equal(xt_watch(w, "/a", "A"), 0);
    assert_int_equal(xt_watch(w, "/", "ROOT"), 0);
    assert_int_equal(xt_drain(w), 2);
    assert_int_equal(xt_write(xt_dom0, 0, "/a/b/c", "1"), 0);
    xt_expect_event(w, "/a/b/c", "A");      /* watches in the order set */
    xt_expect_event(w, "/a/b/c", "ROOT");
    assert_int_equal(xt_write(xt_dom0, 0, "/ab", "1"), 0);  /* not /a's */
    xt_expect_event(w, "/ab", "ROOT");
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/a/b"), 0);      /* no change */
    xt_expect_quiet(w);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/a", P("n0\0r3")), 0);
    xt_expect_event(w, "/a", "A");
    xt_expect_event(w, "/a", "ROOT");
    xt_expect_quiet(w);
}

static void test_rm_fires_removed_watches(void **state)
{
    struct xs_conn *w = xt_tool();

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/a/b/c", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/a/d", "1"), 0);
    assert_int_equal(xt_watch(w, "/a/b/c", "C"), 0);
    assert_int_equal(xt_watch(w, "/a/b/absent", "X"), 0);
    assert_int_equal(xt_watch(w, "/a/d", "D"), 0);
    assert_int_equal(xt_watch(w, "/a", "A"), 0);
    assert_int_equal(xt_watch(w, "/", "R"), 0);
    assert_int_equal(xt_drain(w), 5);
    assert_int_equal(xt_rm(xt_dom0, 0, "/a"), 0);
    /* Children before parents, siblings in order; under /a only exact
     * watches; /a itself reaches watches on it and above. */
    xt_expect_event(w, "/a/b/c", "C");
    xt_expect_event(w, "/a/d", "D");
    xt_expect_event(w, "/a", "A");
    xt_expect_event(w, "/a", "R");
    xt_expect_quiet(w);
}

static void test_relative(void **state)
{
    struct xs_conn *g;

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/3"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/3", P("n3")), 0);
    g = xt_guest(3);
    assert_int_equal(xt_watch(g, "device", "rel"), 0);
    xt_expect_event(g, "device", "rel");
    assert_int_equal(xt_write(xt_dom0, 0, "/local/domain/3/device/vbd/0",
                              "x"), 0);
    xt_expect_event(g, "device/vbd/0", "rel");
    assert_int_equal(xt_rm(xt_dom0, 0, "/local/domain/3/device"), 0);
    xt_expect_event(g, "device", "rel");
    /* The same watch set absolute reports absolute paths. */
    assert_int_equal(xt_watch(g, "/local/domain/3/device", "abs"), 0);
    xt_expect_event(g, "/local/domain/3/device", "abs");
    assert_int_equal(xt_write(g, 0, "device", "v"), 0);
    xt_expect_event(g, "device", "rel");
    xt_expect_event(g, "/local/domain/3/device", "abs");
    /* Unwatch compares canonical paths, as Xen does. */
    assert_int_equal(xt_unwatch(g, "device", "rel"), 0);
    assert_int_equal(xt_unwatch(g, "device", "abs"), 0);
    assert_int_equal(xt_unwatch(g, "/local/domain/3/device", "abs"),
                     -XEN_ENOENT);
}

static void test_permission_filter(void **state)
{
    struct xs_conn *g = xt_guest(5);

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/secret/x", "1"), 0);
    /* Setting it fires regardless: Xen does not check there. */
    assert_int_equal(xt_watch(g, "/secret", "s"), 0);
    xt_expect_event(g, "/secret", "s");
    assert_int_equal(xt_write(xt_dom0, 0, "/secret/x", "2"), 0);
    xt_expect_quiet(g);
    /* Readable parent is enough. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/secret", P("n0\0r5")), 0);
    xt_expect_event(g, "/secret", "s");
    assert_int_equal(xt_write(xt_dom0, 0, "/secret/x", "3"), 0);
    xt_expect_event(g, "/secret/x", "s");
    assert_int_equal(xt_write(xt_dom0, 0, "/secret/x/y", "4"), 0);
    xt_expect_quiet(g);                 /* neither it nor /secret/x */
    /* Taking read away is still heard: the old permissions allowed it. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/secret", P("n0")), 0);
    xt_expect_event(g, "/secret", "s");
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/secret", P("n0")), 0);
    xt_expect_quiet(g);
    /* A removed node is judged by its own permissions. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/secret/x", P("n0\0r5")), 0);
    xt_expect_event(g, "/secret/x", "s");
    assert_int_equal(xt_rm(xt_dom0, 0, "/secret/x"), 0);
    xt_expect_event(g, "/secret/x", "s");
    xt_expect_quiet(g);
}

static void test_watch_errors(void **state)
{
    char path[3000];
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_watch(xt_dom0, "/w", "t"), 0);
    assert_int_equal(xt_watch(xt_dom0, "/w", "t"), -XEN_EEXIST);
    assert_int_equal(xt_watch(xt_dom0, "/w", "t2"), 0);
    assert_int_equal(xt_watch(xt_dom0, "/w/", "t"), -XEN_EINVAL);
    assert_int_equal(xt_watch(xt_dom0, "/a b", "t"), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_WATCH, 0, P("/w"), &m), -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_WATCH, 0, P("/w\0t\0" "1"), &m),
                     -XEN_EINVAL);      /* no depth in 4.17 */
    assert_int_equal(xt_call(xt_dom0, XS_UNWATCH, 0, P("/w"), &m),
                     -XEN_EINVAL);
    assert_int_equal(xt_unwatch(xt_dom0, "/w", "nope"), -XEN_ENOENT);
    /* Special paths: any name, up to 2048 bytes. */
    memset(path, 'x', sizeof(path));
    path[0] = '@';
    path[2048] = '\0';
    assert_int_equal(xt_watch(xt_dom0, path, "t"), 0);
    path[2048] = 'x';
    path[2049] = '\0';
    assert_int_equal(xt_watch(xt_dom0, path, "t"), -XEN_EINVAL);
    assert_int_equal(xt_drain(xt_dom0), 3);
    assert_int_equal(xt_unwatch(xt_dom0, "/w", "t"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/w", "v"), 0);
    xt_expect_event(xt_dom0, "/w", "t2");
    xt_expect_quiet(xt_dom0);
}

static void test_quota_watches(void **state)
{
    struct xs_conn *g = xt_guest(5);
    char token[16];

    (void)state;
    /* Xen lets one more than the quota be set. */
    for (int i = 0; i <= XS_QUOTA_WATCHES; i++) {
        snprintf(token, sizeof(token), "t%d", i);
        assert_int_equal(xt_watch(g, "/q", token), 0);
    }
    assert_int_equal(xt_watch(g, "/q", "over"), -XEN_E2BIG);
    assert_int_equal(xt_unwatch(g, "/q", "t0"), 0);
    assert_int_equal(xt_watch(g, "/q", "over"), 0);
    assert_int_equal(xt_drain(g), XS_QUOTA_WATCHES + 2);
    for (int i = 0; i < 300; i++) {     /* dom0 is not bound */
        snprintf(token, sizeof(token), "t%d", i);
        assert_int_equal(xt_watch(xt_dom0, "/q", token), 0);
    }
}

static void test_reset_watches(void **state)
{
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_watch(xt_dom0, "/r", "1"), 0);
    assert_int_equal(xt_watch(xt_dom0, "/s", "2"), 0);
    assert_int_equal(xt_drain(xt_dom0), 2);
    assert_int_equal(xt_call(xt_dom0, XS_RESET_WATCHES, 0, P(""), &m), 0);
    assert_memory_equal(m.body, "OK", 3);
    assert_int_equal(xt_write(xt_dom0, 0, "/r", "v"), 0);
    xt_expect_quiet(xt_dom0);
    assert_int_equal(xt_watch(xt_dom0, "/r", "1"), 0);   /* not a dup */
}

static void test_own_change_event_before_reply(void **state)
{
    struct xt_msg m;
    uint32_t req;

    (void)state;
    assert_int_equal(xt_watch(xt_dom0, "/me", "t"), 0);
    assert_int_equal(xt_drain(xt_dom0), 1);
    /* Xen fires before it acknowledges. */
    req = xt_send(xt_dom0, XS_WRITE, 0, P("/me\0v"));
    xt_expect_event(xt_dom0, "/me", "t");
    assert_true(xt_next(xt_dom0, &m));
    assert_int_equal(m.h.req_id, req);
    assert_int_equal(m.h.type, XS_WRITE);
}

static void test_pending_duplicates_merge(void **state)
{
    struct xs_conn *w = xt_tool();

    (void)state;
    assert_int_equal(xt_watch(w, "/dup", "t"), 0);
    assert_int_equal(xt_drain(w), 1);
    assert_int_equal(xt_write(xt_dom0, 0, "/dup", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/dup", "2"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/dup/x", "3"), 0);
    xt_expect_event(w, "/dup", "t");
    xt_expect_event(w, "/dup/x", "t");
    xt_expect_quiet(w);
    assert_int_equal(xs_conn_dropped_events(w), 0);
}

/* INTRODUCE domid with a made-up frame and port; its connection. */
static struct xs_conn *introduce(unsigned int domid)
{
    char buf[32];
    int n = snprintf(buf, sizeof(buf), "%u%c%u%c%u", domid, 0, 1000 + domid,
                     0, 10 + domid);
    struct xt_msg m;
    int i = xt_host.n_introduced;

    assert_int_equal(xt_call(xt_dom0, XS_INTRODUCE, 0, buf, (size_t)n + 1,
                             &m), 0);
    assert_int_equal(xt_host.n_introduced, i + 1);
    return xt_host.introduced[i];
}

static void test_special_watches(void **state)
{
    struct xs_conn *g = xt_guest(5), *h;
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_watch(xt_dom0, "@introduceDomain", "in"), 0);
    assert_int_equal(xt_watch(xt_dom0, "@releaseDomain", "out"), 0);
    assert_int_equal(xt_watch(g, "@introduceDomain", "in"), 0);
    assert_int_equal(xt_watch(g, "@releaseDomain", "out"), 0);
    assert_int_equal(xt_drain(xt_dom0), 2);
    assert_int_equal(xt_drain(g), 2);   /* the first fire goes to anyone */
    h = introduce(6);
    xt_expect_event(xt_dom0, "@introduceDomain", "in");
    xt_expect_quiet(g);
    xt_expect_quiet(h);
    /* dom0 lets domain 5 hear of releases. */
    assert_int_equal(xt_set_perms(g, 0, "@releaseDomain", P("n0\0r5")),
                     -XEN_EACCES);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "@releaseDomain", P("n0\0r5")),
                     0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "@other", P("n0")),
                     -XEN_EINVAL);
    assert_int_equal(xt_call(xt_dom0, XS_GET_PERMS, 0, P("@releaseDomain"),
                             &m), -XEN_EINVAL);
    xs_domain_shutdown(6);
    xt_expect_event(xt_dom0, "@releaseDomain", "out");
    xt_expect_event(g, "@releaseDomain", "out");
    xs_domain_shutdown(6);              /* once, until it resumes */
    xt_expect_quiet(xt_dom0);
    assert_int_equal(xt_call(xt_dom0, XS_RESUME, 0, P("6"), &m), 0);
    xs_domain_shutdown(6);
    xt_expect_event(xt_dom0, "@releaseDomain", "out");
    xt_expect_event(g, "@releaseDomain", "out");
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("6"), &m), 0);
    xt_expect_event(xt_dom0, "@releaseDomain", "out");
    xt_expect_event(g, "@releaseDomain", "out");
    xt_expect_quiet(xt_dom0);
    /* A domain that never was introduced goes unannounced. */
    xs_domain_gone(9);
    xt_expect_quiet(xt_dom0);
    /* Special events are never merged. */
    introduce(7);
    introduce(8);
    xt_expect_event(xt_dom0, "@introduceDomain", "in");
    xt_expect_event(xt_dom0, "@introduceDomain", "in");
}

static void test_domain_gone(void **state)
{
    struct xs_conn *w = xt_tool(), *g, *again;
    char out[BUF];

    (void)state;
    g = introduce(6);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/6"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/6", P("n0\0r6")),
                     0);
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/6/device"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/6/device",
                                  P("n6")), 0);
    assert_int_equal(xt_write(g, 0, "/local/domain/6/device/vif/0", "x"), 0);
    assert_int_equal(xt_write(g, 0, "/local/domain/6/device/vif/1", "y"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/shared", "s"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/shared", P("n0\0r6")), 0);
    assert_int_equal(xt_watch(g, "/local/domain/6", "mine"), 0);
    assert_int_equal(xt_watch(w, "/local/domain/6/device/vif/1", "one"), 0);
    assert_int_equal(xt_watch(w, "@releaseDomain", "out"), 0);
    assert_int_equal(xt_drain(w), 2);
    assert_int_equal(xs_domain_nodes(6), 4);
    xs_domain_gone(6);
    assert_int_equal(xt_host.n_released, 1);
    /* Its nodes go, firing as an rm would; then the release. */
    xt_expect_event(w, "/local/domain/6/device/vif/1", "one");
    xt_expect_event(w, "@releaseDomain", "out");
    xt_expect_quiet(w);
    xt_assert_absent("/local/domain/6/device");
    xt_assert_value("/local/domain/6", "");
    assert_int_equal(xs_domain_nodes(6), 0);
    /* Entries naming it are kept but no longer honoured... */
    assert_int_equal(xt_get_perms(xt_dom0, 0, "/shared", out), 6);
    assert_memory_equal(out, "n0\0r6", 6);
    again = xt_guest(6);
    assert_int_equal(xt_read(again, 0, "/shared", out), -XEN_EACCES);
    /* ...until set again. */
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/shared", P("n0\0r6")), 0);
    assert_int_equal(xt_read(again, 0, "/shared", out), 1);
}

static void test_domain_gone_without_memory(void **state)
{
    struct xs_conn *g = introduce(6);

    (void)state;
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/6"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/6", P("n6")), 0);
    assert_int_equal(xt_write(g, 0, "/local/domain/6/a/b", "x"), 0);
    assert_int_equal(xt_watch(xt_dom0, "@releaseDomain", "out"), 0);
    assert_int_equal(xt_drain(xt_dom0), 1);
    /* Nothing can be removed: its nodes go to dom0 instead (Xen's
     * keep-orphans), and the event is dropped, counted. */
    alloc_fault_after(0);
    xs_domain_gone(6);
    alloc_fault_after(-1);
    assert_int_equal(xs_domain_nodes(6), 0);
    assert_int_equal(xs_domain_nodes(0), 6);
    xt_assert_value("/local/domain/6/a/b", "x");
    xt_expect_quiet(xt_dom0);
    assert_int_equal(xs_conn_dropped_events(xt_dom0), 1);
}

static void test_release_does_not_free_itself(void **state)
{
    struct xs_conn *g;
    struct xt_msg m;

    (void)state;
    assert_int_equal(xt_call(introduce(5), XS_RELEASE, 0, P("5"), &m),
                     -XEN_EACCES);
    /* A privileged domain (a driver domain, say) may release others but
     * not itself while its own request runs. */
    xt_host.privileged_rings = true;
    g = introduce(6);
    assert_int_equal(xt_call(g, XS_RELEASE, 0, P("6"), &m), -XEN_EBUSY);
    assert_int_equal(xt_call(g, XS_RELEASE, 0, P("5"), &m), 0);
    assert_int_equal(xt_call(xt_dom0, XS_RELEASE, 0, P("6"), &m), 0);
    assert_int_equal(xt_host.n_released, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fires_once_when_set, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_subtree, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_rm_fires_removed_watches, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_relative, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_permission_filter, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_watch_errors, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_quota_watches, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_reset_watches, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_own_change_event_before_reply, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_pending_duplicates_merge, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_special_watches, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_domain_gone, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_domain_gone_without_memory, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_release_does_not_free_itself, xt_setup, xt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
