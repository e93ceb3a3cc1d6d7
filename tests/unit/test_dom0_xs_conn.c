/*
 * Unit tests for dom0's xenstored: the connection (dom0/xenstore/
 * xs_conn.c, xs_proto.c) as a byte stream. Requests split anywhere must
 * give the same replies; garbage must neither crash the engine, leak,
 * nor change what others see; a slow reader must not make the engine
 * queue without bound; and a failed allocation anywhere must come back
 * as ENOMEM with the store exactly as it was and nothing leaked.
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
#include "xorshift.h"

#define HDR sizeof(struct xsd_sockmsg)
#define BUF (XENSTORE_PAYLOAD_MAX + 1)

/* Appends one request to a stream being built. */
static size_t put_req(unsigned char *out, size_t at, uint32_t type,
                      uint32_t req, uint32_t tx, const void *p, size_t len)
{
    struct xsd_sockmsg h = { type, req, tx, (uint32_t)len };

    memcpy(out + at, &h, HDR);
    memcpy(out + at + HDR, p, len);
    return at + HDR + len;
}

/* A session of requests of every common kind, as one stream. */
static size_t session(unsigned char *out)
{
    size_t n = 0;

    n = put_req(out, n, XS_WATCH, 1, 0, P("/s\0tok"));
    n = put_req(out, n, XS_WRITE, 2, 0, "/s/a\0hello", 10);
    n = put_req(out, n, XS_MKDIR, 3, 0, P("/s/b"));
    n = put_req(out, n, XS_READ, 4, 0, P("/s/a"));
    n = put_req(out, n, XS_DIRECTORY, 5, 0, P("/s"));
    n = put_req(out, n, XS_TRANSACTION_START, 6, 0, P(""));
    n = put_req(out, n, XS_WRITE, 7, 1, "/s/c\0tx", 7);
    n = put_req(out, n, XS_TRANSACTION_END, 8, 1, P("T"));
    n = put_req(out, n, XS_GET_PERMS, 9, 0, P("/s/c"));
    n = put_req(out, n, XS_RM, 10, 0, P("/s"));
    n = put_req(out, n, XS_READ, 11, 0, P("/s/a"));
    n = put_req(out, n, XS_WRITE, 12, 0, "", 0);
    return n;
}

/* Runs the stream into a fresh engine in pieces split at the given
 * points; the whole output. */
static size_t run_split(const unsigned char *in, size_t len,
                        const size_t *cuts, int ncuts, unsigned char *out,
                        size_t max)
{
    struct xs_conn *c;
    size_t at = 0, got;

    assert_int_equal(xs_init(&xt_ops, &xt_host), 0);
    c = xs_conn_new(0, true);
    assert_non_null(c);
    for (int i = 0; i <= ncuts; i++) {
        size_t end = i < ncuts ? cuts[i] : len;

        assert_int_equal(xs_conn_input(c, in + at, end - at), end - at);
        at = end;
    }
    got = xs_conn_output(c, out, max);
    assert_int_equal(xs_conn_output_pending(c), 0);
    assert_int_equal(xs_check(), 0);
    xs_shutdown();
    return got;
}

static void test_split_anywhere(void **state)
{
    static unsigned char in[4096], ref[8192], out[8192];
    size_t len = session(in), rlen, cuts[2];

    (void)state;
    xs_shutdown();                      /* each run has its own engine */
    rlen = run_split(in, len, NULL, 0, ref, sizeof(ref));
    assert_true(rlen > 12 * HDR);
    for (size_t k = 0; k <= len; k++) {
        cuts[0] = k;
        assert_int_equal(run_split(in, len, cuts, 1, out, sizeof(out)), rlen);
        assert_memory_equal(out, ref, rlen);
    }
    for (size_t k = 0; k + 7 <= len; k += 7) {  /* three pieces */
        cuts[0] = k;
        cuts[1] = k + 7;
        assert_int_equal(run_split(in, len, cuts, 2, out, sizeof(out)), rlen);
        assert_memory_equal(out, ref, rlen);
    }
    xt_setup(NULL);                     /* for the teardown */
}

static void test_byte_at_a_time(void **state)
{
    unsigned char in[4096], out[8192], ref[8192];
    size_t len = session(in), rlen;

    (void)state;
    xs_shutdown();
    rlen = run_split(in, len, NULL, 0, ref, sizeof(ref));
    assert_int_equal(xs_init(&xt_ops, &xt_host), 0);
    xt_dom0 = xs_conn_new(0, true);
    for (size_t i = 0; i < len; i++)
        assert_int_equal(xs_conn_input(xt_dom0, in + i, 1), 1);
    /* Drained in small pieces too. (Draining while requests go in may
     * change the output: an event still queued absorbs its duplicate.) */
    for (size_t got = 0; got < rlen; got += 3)
        assert_int_equal(xs_conn_output(xt_dom0, out + got, 3),
                         rlen - got < 3 ? rlen - got : 3);
    assert_int_equal(xs_conn_output_pending(xt_dom0), 0);
    assert_memory_equal(out, ref, rlen);
}

static void test_oversized_payload_breaks_stream(void **state)
{
    struct xs_conn *g = xt_guest(5);
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

    (void)state;
    assert_int_equal(xt_watch(g, "/", "t"), 0);
    assert_int_equal(xt_drain(g), 1);
    assert_int_equal(xs_conn_error(g), XENSTORE_ERROR_NONE);
    assert_int_equal(xs_conn_input(g, &h, 8), 8);
    assert_int_equal(xs_conn_input(g, (char *)&h + 8, 8), -XEN_EBADMSG);
    assert_int_equal(xs_conn_error(g), XENSTORE_ERROR_PROTO);
    assert_int_equal(xs_conn_input(g, "x", 1), -XEN_EBADMSG);
    assert_int_equal(xs_conn_input_room(g), 0);
    /* Its watches went with it; others carry on. */
    assert_int_equal(xt_write(xt_dom0, 0, "/after", "v"), 0);
    xt_expect_quiet(g);
    /* XENSTORE_PAYLOAD_MAX itself is fine. */
    h.len = XENSTORE_PAYLOAD_MAX;
    assert_int_equal(xs_conn_input(xt_dom0, &h, HDR), HDR);
    assert_int_equal(xs_conn_input_room(xt_dom0), XENSTORE_PAYLOAD_MAX);
}

static void test_slow_reader_is_bounded(void **state)
{
    struct xs_conn *slow = xt_tool();
    char path[64];
    size_t pending;
    long taken;
    int events;

    (void)state;
    assert_int_equal(xt_watch(slow, "/", "all"), 0);
    for (int i = 0; i < 3000; i++) {
        snprintf(path, sizeof(path), "/flood/node-%d", i);
        assert_int_equal(xt_write(xt_dom0, 0, path, "x"), 0);
        assert_true(xs_conn_output_pending(slow) <= XS_CONN_OUTPUT_MAX);
    }
    assert_true(xs_conn_dropped_events(slow) > 1000);
    /* It cannot start a request whose reply might not fit... */
    pending = xs_conn_output_pending(slow);
    assert_true(pending + HDR + XENSTORE_PAYLOAD_MAX > XS_CONN_OUTPUT_MAX);
    assert_int_equal(xs_conn_input_room(slow), 0);
    taken = xs_conn_input(slow, "\x02\0\0\0", 4);
    assert_int_equal(taken, 0);
    /* ...until it reads. */
    events = xt_drain(slow);
    assert_int_equal(events + (int)xs_conn_dropped_events(slow), 3001);
    assert_int_equal(xt_write(slow, 0, "/flood/node-0", "y"), 0);
}

static void test_held_request_runs_after_drain(void **state)
{
    struct xt_msg m;
    unsigned char in[256];
    size_t len = put_req(in, 0, XS_WRITE, 1, 0, "/held\0a", 7);

    (void)state;
    len = put_req(in, len, XS_WRITE, 2, 0, "/held\0b", 7);
    /* No memory: the first gets the spare's ENOMEM; the second waits for
     * the spare, taken in but not run. */
    alloc_fault_after(0);
    assert_int_equal(xs_conn_input(xt_dom0, in, len), len);
    assert_int_equal(xs_conn_input_room(xt_dom0), 0);
    alloc_fault_after(-1);
    assert_true(xt_next(xt_dom0, &m));
    assert_int_equal(m.h.type, XS_ERROR);
    assert_int_equal(m.h.req_id, 1);
    assert_string_equal(m.body, "ENOMEM");
    xt_expect_quiet(xt_dom0);
    assert_int_equal(xs_conn_input(xt_dom0, NULL, 0), 0);
    assert_true(xt_next(xt_dom0, &m));
    assert_int_equal(m.h.type, XS_WRITE);
    assert_int_equal(m.h.req_id, 2);
    xt_assert_value("/held", "b");
}

/* ---- Garbage ---- */

/* A random request: mostly plausible (a known type, a path-like payload
 * with NULs), sometimes anything at all. */
static size_t random_req(uint64_t *rng, unsigned char *out)
{
    static const char *const words[] = {
        "/", "a", "b", "local", "domain", "5", "@introduceDomain", "T", "F",
        "r5", "b0", "n5", "0", "..", "", "tok", "x y",
    };
    struct xsd_sockmsg h;
    size_t len = 0;
    uint64_t r = xorshift64(rng);

    h.type = (uint32_t)(r % (XS_TYPE_COUNT + 2));
    h.req_id = (uint32_t)(r >> 8);
    h.tx_id = (r >> 20) % 4 ? 0 : (uint32_t)((r >> 24) % 4);
    for (int n = (int)((r >> 32) % 6); n > 0; n--) {
        const char *w = words[xorshift64(rng) % (sizeof(words) /
                                                 sizeof(words[0]))];

        memcpy(out + HDR + len, w, strlen(w));
        len += strlen(w);
        out[HDR + len++] = (xorshift64(rng) % 3) ? '\0' : '/';
    }
    if ((r >> 40) % 8 == 0)             /* raw bytes */
        for (int n = (int)((r >> 44) % 64); n > 0; n--)
            out[HDR + len++] = (unsigned char)xorshift64(rng);
    h.len = (uint32_t)len;
    memcpy(out, &h, HDR);
    return HDR + len;
}

static void test_garbage_from_guest(void **state)
{
    static unsigned char in[HDR + 1024], sink[8192];
    uint64_t rng = 0x5eed;
    struct xs_conn *g = xt_guest(5);
    char *before, value[BUF];

    (void)state;
    assert_int_equal(xt_write(xt_dom0, 0, "/local/domain/4/x", "keep"), 0);
    before = xt_dump();
    for (int i = 0; i < 5000; i++) {
        size_t len = random_req(&rng, in), at = 0;

        while (at < len) {              /* split at random */
            size_t piece = 1 + xorshift64(&rng) % (len - at);
            long n = xs_conn_input(g, in + at, piece);

            assert_true(n >= 0);
            at += (size_t)n;
            if ((size_t)n < piece)
                xs_conn_output(g, sink, sizeof(sink));
        }
        if (i % 7 == 0)
            while (xs_conn_output(g, sink, sizeof(sink)))
                ;
    }
    /* With no rights anywhere it changed nothing anyone can see. */
    xt_assert_dump(before);
    assert_int_equal(xt_read(xt_dom0, 0, "/local/domain/4/x", value), 4);
    assert_int_equal(xs_check(), 0);
    free(before);
}

static void test_garbage_from_dom0(void **state)
{
    static unsigned char in[HDR + 1024], sink[8192];
    uint64_t rng = 0xfeed;
    struct xs_conn *c = xt_tool();

    (void)state;
    xt_host.privileged_rings = false;
    for (int i = 0; i < 5000; i++) {
        size_t len = random_req(&rng, in);
        uint32_t type;

        memcpy(&type, in, sizeof(type));
        if (type == XS_RELEASE || type == XS_INTRODUCE)
            continue;                   /* the fake host has 8 slots */
        assert_int_equal(xs_conn_input(c, in, len), len);
        while (xs_conn_output(c, sink, sizeof(sink)))
            ;
        if (i % 100 == 0)
            assert_int_equal(xs_check(), 0);
    }
    assert_int_equal(xs_check(), 0);
}

/* ---- Out of memory at every step ---- */

/* A request and the connection it comes from, in a prepared store. */
struct step {
    const char *what;
    struct xs_conn **conn;
    uint32_t type;
    const char *payload;
    size_t len;
    bool in_tx;                         /* sent inside a fresh transaction */
};

static struct xs_conn *guest5, *watcher;

static void prepare(void)
{
    guest5 = xt_guest(5);
    watcher = xt_tool();
    assert_int_equal(xt_mkdir(xt_dom0, 0, "/local/domain/5"), 0);
    assert_int_equal(xt_set_perms(xt_dom0, 0, "/local/domain/5", P("n5")), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/tree/a/b", "1"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/tree/a/c", "2"), 0);
    assert_int_equal(xt_write(xt_dom0, 0, "/tree/d", "3"), 0);
    assert_int_equal(xt_watch(watcher, "/", "all"), 0);
    assert_int_equal(xt_watch(watcher, "/tree/a/b", "b"), 0);
    assert_int_equal(xt_watch(xt_dom0, "/tree/a", "dom0"), 0);
    xt_drain(watcher);
    xt_drain(xt_dom0);
}

/* Drains every connection's output. */
static void drain_all(void)
{
    struct xt_msg m;

    while (xt_next(xt_dom0, &m))
        ;
    while (xt_next(watcher, &m))
        ;
    while (xt_next(guest5, &m))
        ;
}

/* Sends s with allocations failing after n; its reply's errno. */
static int attempt(const struct step *s, long n)
{
    struct xs_conn *c = *s->conn;
    uint32_t tx = 0;
    struct xt_msg m;
    int rc;

    if (s->in_tx)
        assert_int_equal(xt_tx_start(c, &tx), 0);
    alloc_fault_after(n);
    rc = xt_call(c, s->type, tx, s->payload, s->len, &m);
    alloc_fault_after(-1);
    if (s->in_tx && rc == -XEN_ENOMEM)
        assert_int_equal(xt_tx_end(c, tx, false), 0);
    else if (s->in_tx)
        assert_int_equal(xt_tx_end(c, tx, true), 0);
    return rc;
}

static void test_out_of_memory_everywhere(void **state)
{
    static const struct step steps[] = {
        { "create deep", &xt_dom0, XS_WRITE, "/new/x/y/z\0v", 12, false },
        { "guest create", &guest5, XS_WRITE, "dev/vif/0\0mac", 13, false },
        { "overwrite", &xt_dom0, XS_WRITE, "/tree/a/b\0new", 13, false },
        { "mkdir", &xt_dom0, XS_MKDIR, P("/tree/e/f"), false },
        { "rm tree", &xt_dom0, XS_RM, P("/tree/a"), false },
        { "set perms", &xt_dom0, XS_SET_PERMS, P("/tree/d\0n0\0r5\0b6"), false },
        { "special perms", &xt_dom0, XS_SET_PERMS, P("@releaseDomain\0n0\0r5"),
          false },
        { "read", &xt_dom0, XS_READ, P("/tree/d"), false },
        { "directory", &xt_dom0, XS_DIRECTORY, P("/tree"), false },
        { "directory part", &xt_dom0, XS_DIRECTORY_PART, P("/tree\0" "0"),
          false },
        { "get perms", &xt_dom0, XS_GET_PERMS, P("/tree"), false },
        { "domain path", &xt_dom0, XS_GET_DOMAIN_PATH, P("12345"), false },
        { "watch", &guest5, XS_WATCH, P("/tree\0w"), false },
        { "transaction", &xt_dom0, XS_TRANSACTION_START, P(""), false },
        { "tx create", &xt_dom0, XS_WRITE, "/tree/t/u\0v", 11, true },
        { "tx rm", &xt_dom0, XS_RM, P("/tree"), true },
        { "introduce", &xt_dom0, XS_INTRODUCE, P("7\0" "1\0" "2"), false },
        { "control help", &xt_dom0, XS_CONTROL, P("help"), false },
    };

    (void)state;
    prepare();
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        const struct step *s = &steps[i];
        char *before = xt_dump();
        long live = alloc_fault_live(), n;
        int rc = -XEN_ENOMEM;

        for (n = 0; rc == -XEN_ENOMEM; n++) {
            assert_true(n < 100);
            rc = attempt(s, n);
            drain_all();
            assert_int_equal(xs_check(), 0);
            if (rc != -XEN_ENOMEM)
                break;
            xt_assert_dump(before);
            if (alloc_fault_live() != live)
                fail_msg("%s: %ld blocks leaked after failing at %ld",
                         s->what, alloc_fault_live() - live, n);
        }
        if (rc != 0)
            fail_msg("%s: error %d once memory sufficed", s->what, rc);
        free(before);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_split_anywhere, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_byte_at_a_time, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_oversized_payload_breaks_stream, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_slow_reader_is_bounded, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_held_request_runs_after_drain, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_garbage_from_guest, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_garbage_from_dom0, xt_setup, xt_teardown),
        cmocka_unit_test_setup_teardown(test_out_of_memory_everywhere, xt_setup, xt_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
