/*
 * Unit tests for the PV test guest's ring logic (tests/guests/pv/pv_ring.c):
 * the byte rings, xenstore messages sent and gathered in pieces, watch
 * tokens, console input cut into lines. The backend's side (xenstored,
 * the console daemon) is played here with plain index arithmetic, and the
 * shared page is allocated to its exact size so ASan sees any overrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pv_ring.h"

#define HDR ((uint32_t)sizeof(struct xsd_sockmsg))

static struct xenstore_domain_interface *page;
static struct byte_ring req, rsp;
static struct xs_stream stream;

static int page_setup(void **state)
{
    (void)state;
    page = calloc(1, sizeof(*page));
    if (!page)
        return -1;
    req = (struct byte_ring){ page->req, XENSTORE_RING_SIZE, &page->req_cons, &page->req_prod };
    rsp = (struct byte_ring){ page->rsp, XENSTORE_RING_SIZE, &page->rsp_cons, &page->rsp_prod };
    memset(&stream, 0, sizeof(stream));
    return 0;
}

static int page_teardown(void **state)
{
    (void)state;
    free(page);
    return 0;
}

/* xenstored takes up to max bytes of requests. */
static uint32_t server_get(void *buf, uint32_t max)
{
    unsigned char *p = buf;
    uint32_t n = 0;

    for (; n < max && page->req_cons != page->req_prod; n++, page->req_cons++)
        p[n] = (unsigned char)page->req[MASK_XENSTORE_IDX(page->req_cons)];
    return n;
}

/* xenstored writes len bytes of replies or events; they must fit. */
static void server_put(const void *buf, uint32_t len)
{
    const unsigned char *p = buf;

    assert_true(len <= XENSTORE_RING_SIZE - (page->rsp_prod - page->rsp_cons));
    for (uint32_t n = 0; n < len; n++, page->rsp_prod++)
        page->rsp[MASK_XENSTORE_IDX(page->rsp_prod)] = (char)p[n];
}

static void server_put_msg(uint32_t type, uint32_t req_id, const char *payload, uint32_t len)
{
    struct xsd_sockmsg h = { .type = type, .req_id = req_id, .len = len };

    server_put(&h, HDR);
    server_put(payload, len);
}

/* A 16-byte ring whose indices wrap past 2^32 while in use. */
static void test_ring_wraps_and_fills(void **state)
{
    char data[16], out[32];
    uint32_t cons = 0xfffffff8u, prod = 0xfffffff8u;
    struct byte_ring r = { data, sizeof(data), &cons, &prod };
    const char *text = "0123456789abcdefghijklmnop";

    (void)state;
    assert_int_equal(ring_put(&r, text, 20), 16);
    assert_int_equal(ring_put(&r, text, 1), 0);
    assert_int_equal(ring_used(&r), 16);
    assert_int_equal(ring_get(&r, out, 10), 10);
    assert_memory_equal(out, "0123456789", 10);
    assert_int_equal(ring_put(&r, text + 16, 10), 10);
    assert_int_equal(prod, 0x12u); /* 0xfffffff8 + 26, wrapped */
    assert_int_equal(ring_get(&r, out, sizeof(out)), 16);
    assert_memory_equal(out, "abcdefghijklmnop", 16);
    assert_int_equal(ring_get(&r, out, sizeof(out)), 0);
    assert_int_equal(ring_used(&r), 0);
    assert_int_equal(cons, prod);
}

/* Indices more than a ring apart: nothing is read or written. */
static void test_ring_refuses_broken_indices(void **state)
{
    char data[16] = "untouched", out[16];
    uint32_t cons = 100, prod = 117;
    struct byte_ring r = { data, sizeof(data), &cons, &prod };

    (void)state;
    assert_int_equal(ring_put(&r, "x", 1), 0);
    assert_int_equal(ring_get(&r, out, sizeof(out)), 0);
    assert_int_equal(cons, 100);
    assert_int_equal(prod, 117);
    assert_string_equal(data, "untouched");
}

/* What xenstored received, header checked: the payload's length. */
static uint32_t server_got(uint32_t type, uint32_t req_id, char *payload, uint32_t max)
{
    struct xsd_sockmsg h;

    assert_int_equal(server_get(&h, HDR), HDR);
    assert_int_equal(h.type, type);
    assert_int_equal(h.req_id, req_id);
    assert_int_equal(h.tx_id, 0);
    assert_true(h.len <= max);
    assert_int_equal(server_get(payload, h.len), h.len);
    return h.len;
}

/* The payloads xs_wire.h describes: strings NUL-terminated, but not the
 * value of an XS_WRITE. */
static void test_request_layouts(void **state)
{
    char got[64];

    (void)state;
    assert_int_equal(xs_stream_frame(&stream, XS_READ, 1, "name", NULL), 0);
    assert_int_equal(xs_stream_send(&stream, &req), 1);
    assert_int_equal(server_got(XS_READ, 1, got, sizeof(got)), 5);
    assert_memory_equal(got, "name", 5);
    assert_int_equal(xs_stream_frame(&stream, XS_WATCH, 2, "control/shutdown", "shutdown"), 0);
    assert_int_equal(xs_stream_send(&stream, &req), 1);
    assert_int_equal(server_got(XS_WATCH, 2, got, sizeof(got)), 26);
    assert_memory_equal(got, "control/shutdown\0shutdown", 26);
    assert_int_equal(xs_stream_frame(&stream, XS_WRITE, 3, "data/pvtest-state", "running"), 0);
    assert_int_equal(xs_stream_send(&stream, &req), 1);
    assert_int_equal(server_got(XS_WRITE, 3, got, sizeof(got)), 25);
    assert_memory_equal(got, "data/pvtest-state\0running", 25);
    assert_int_equal(xs_stream_frame(&stream, XS_WRITE, 4, "control/shutdown", ""), 0);
    assert_int_equal(xs_stream_send(&stream, &req), 1);
    assert_int_equal(server_got(XS_WRITE, 4, got, sizeof(got)), 17);
    assert_memory_equal(got, "control/shutdown", 17);
    assert_int_equal(page->req_prod, page->req_cons);
}

/* A request longer than the ring goes in as xenstored makes room. */
static void test_request_longer_than_ring(void **state)
{
    static char value[1994], got[2000];
    struct xsd_sockmsg h;
    uint32_t n = 0;
    int rounds = 0;

    (void)state;
    memset(value, 'v', sizeof(value) - 1);
    assert_int_equal(xs_stream_frame(&stream, XS_WRITE, 7, "data/x", value), 0);
    while (!xs_stream_send(&stream, &req)) {
        assert_int_equal(page->req_prod - page->req_cons, XENSTORE_RING_SIZE);
        if (!rounds++)
            assert_int_equal(server_get(&h, HDR), HDR);
        n += server_get(got + n, 300);
    }
    n += server_get(got + n, sizeof(got) - n);
    assert_true(rounds >= 2);
    assert_int_equal(h.type, XS_WRITE);
    assert_int_equal(h.len, sizeof(got));
    assert_int_equal(n, sizeof(got));
    assert_memory_equal(got, "data/x", 7);
    assert_memory_equal(got + 7, value, sizeof(value) - 1);
}

static void test_request_too_long_refused(void **state)
{
    static char path[XENSTORE_PAYLOAD_MAX + 1], value[XENSTORE_PAYLOAD_MAX];

    (void)state;
    memset(path, 'p', sizeof(path) - 1);
    assert_int_equal(xs_stream_frame(&stream, XS_READ, 1, path, NULL), -1);
    path[XENSTORE_PAYLOAD_MAX - 1] = '\0';
    assert_int_equal(xs_stream_frame(&stream, XS_READ, 1, path, NULL), 0);
    path[10] = '\0';
    memset(value, 'v', sizeof(value) - 1);
    value[XENSTORE_PAYLOAD_MAX - 11] = '\0';
    assert_int_equal(xs_stream_frame(&stream, XS_WRITE, 1, path, value), 0);
    assert_int_equal(xs_stream_frame(&stream, XS_WATCH, 1, path, value), -1);
}

/* A reply arriving in pieces, the header itself split, then a watch
 * event behind it that waits until the reply has been dealt with. */
static void test_reply_in_pieces_then_event(void **state)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 3, .len = 6 };
    const char *event = "control/shutdown\0shutdown";

    (void)state;
    page->rsp_cons = page->rsp_prod = 0xfffffffcu; /* wraps mid-header */
    assert_int_equal(xs_stream_recv(&stream, &rsp), 0);
    server_put(&h, 5);
    assert_int_equal(xs_stream_recv(&stream, &rsp), 0);
    server_put((char *)&h + 5, HDR - 5);
    server_put("pvt", 3);
    assert_int_equal(xs_stream_recv(&stream, &rsp), 0);
    server_put("est", 3);
    server_put_msg(XS_WATCH_EVENT, 0, event, 26);
    assert_int_equal(xs_stream_recv(&stream, &rsp), 1);
    assert_int_equal(stream.msg.hdr.type, XS_READ);
    assert_int_equal(stream.msg.hdr.req_id, 3);
    assert_string_equal(stream.msg.body, "pvtest");
    assert_int_equal(xs_stream_recv(&stream, &rsp), 1); /* still that reply */
    assert_int_equal(page->rsp_prod - page->rsp_cons, HDR + 26);
    stream.done = 0;
    assert_int_equal(xs_stream_recv(&stream, &rsp), 1);
    assert_int_equal(stream.msg.hdr.type, XS_WATCH_EVENT);
    assert_string_equal(stream.msg.body, "control/shutdown");
    assert_string_equal(xs_watch_token(&stream.msg), "shutdown");
    assert_int_equal(page->rsp_prod, page->rsp_cons);
}

static void test_empty_reply_is_an_empty_string(void **state)
{
    (void)state;
    memset(stream.msg.body, 'x', 8);
    server_put_msg(XS_READ, 1, "", 0);
    assert_int_equal(xs_stream_recv(&stream, &rsp), 1);
    assert_string_equal(stream.msg.body, "");
}

static void test_oversized_payload_is_an_error(void **state)
{
    struct xsd_sockmsg h = { .type = XS_READ, .len = XENSTORE_PAYLOAD_MAX + 1 };

    (void)state;
    server_put(&h, HDR);
    server_put("abc", 3);
    assert_int_equal(xs_stream_recv(&stream, &rsp), -1);
    assert_int_equal(xs_stream_recv(&stream, &rsp), -1);
    assert_int_equal(page->rsp_prod - page->rsp_cons, 3); /* the payload left alone */
}

static const char *token_of(const char *payload, uint32_t len)
{
    stream.msg.hdr.len = len;
    memcpy(stream.msg.body, payload, len);
    stream.msg.body[len] = '\0';
    return xs_watch_token(&stream.msg);
}

static void test_watch_token_needs_two_strings(void **state)
{
    (void)state;
    assert_null(token_of("path", 4));
    assert_null(token_of("path\0", 5));
    assert_null(token_of("path\0tok", 8));
    assert_string_equal(token_of("path\0tok", 9), "tok");
    assert_string_equal(token_of("path\0\0", 6), "");
}

/* Console input: the backend's in ring, as the guest reads it. */
static char in_data[1024];
static uint32_t in_cons, in_prod;
static const struct byte_ring in = { in_data, sizeof(in_data), &in_cons, &in_prod };

static void type_in(const char *s)
{
    for (; *s; s++, in_prod++)
        in_data[in_prod % sizeof(in_data)] = *s;
}

static void test_input_lines(void **state)
{
    struct input_line l = { .len = 0 };

    (void)state;
    type_in("ab\r\ncd\n\r\rx\by\x7fz");
    assert_int_equal(input_line_take(&l, &in), 1);
    assert_string_equal(l.text, "ab");
    assert_int_equal(input_line_take(&l, &in), 1);
    assert_string_equal(l.text, "cd");
    assert_int_equal(input_line_take(&l, &in), 0);
    assert_string_equal(l.text, "z");
    type_in("\r");
    assert_int_equal(input_line_take(&l, &in), 1);
    assert_string_equal(l.text, "z");
    assert_int_equal(input_line_take(&l, &in), 0);
    assert_string_equal(l.text, "");
    assert_int_equal(in_cons, in_prod);
}

static void test_long_input_line_is_cut(void **state)
{
    struct input_line l = { .len = 0 };
    char line[101];

    (void)state;
    memset(line, 'q', 100);
    line[100] = '\0';
    type_in(line);
    type_in("\r");
    assert_int_equal(input_line_take(&l, &in), 1);
    assert_int_equal(strlen(l.text), sizeof(l.text) - 1);
    assert_int_equal(input_line_take(&l, &in), 1);
    assert_int_equal(strlen(l.text), 100 - (sizeof(l.text) - 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_wraps_and_fills),
        cmocka_unit_test(test_ring_refuses_broken_indices),
        cmocka_unit_test_setup_teardown(test_request_layouts, page_setup, page_teardown),
        cmocka_unit_test_setup_teardown(test_request_longer_than_ring, page_setup, page_teardown),
        cmocka_unit_test_setup_teardown(test_request_too_long_refused, page_setup, page_teardown),
        cmocka_unit_test_setup_teardown(test_reply_in_pieces_then_event, page_setup, page_teardown),
        cmocka_unit_test_setup_teardown(test_empty_reply_is_an_empty_string, page_setup,
                                        page_teardown),
        cmocka_unit_test_setup_teardown(test_oversized_payload_is_an_error, page_setup,
                                        page_teardown),
        cmocka_unit_test_setup_teardown(test_watch_token_needs_two_strings, page_setup,
                                        page_teardown),
        cmocka_unit_test(test_input_lines),
        cmocka_unit_test(test_long_input_line_is_cut),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
