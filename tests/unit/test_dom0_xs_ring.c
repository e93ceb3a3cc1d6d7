/*
 * Unit tests for the xenstore ring, xenstored's side (dom0/xenstore/
 * xs_ring.c), on a fake shared page allocated to its exact size, so ASan
 * catches any access outside it. The guest's side is played here as
 * Linux's xenbus driver plays it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dom0/xs_ring.h>

#include "dom0_xs_fixture.h"

#define HDR sizeof(struct xsd_sockmsg)
#define RING XENSTORE_RING_SIZE

static struct xenstore_domain_interface *page;

static int ring_setup(void **state)
{
    page = calloc(1, sizeof(*page));
    return page ? xt_setup(state) : -1;
}

static int ring_teardown(void **state)
{
    free(page);
    return xt_teardown(state);
}

/* The guest produces len bytes of requests; how many fitted. */
static size_t guest_put(const void *buf, size_t len)
{
    const unsigned char *p = buf;
    size_t n = 0;

    while (n < len && page->req_prod - page->req_cons < RING) {
        page->req[MASK_XENSTORE_IDX(page->req_prod)] = (char)p[n++];
        page->req_prod++;
    }
    return n;
}

/* The guest consumes up to max bytes of responses. */
static size_t guest_get(void *buf, size_t max)
{
    unsigned char *p = buf;
    size_t n = 0;

    while (n < max && page->rsp_cons != page->rsp_prod) {
        p[n++] = (unsigned char)page->rsp[MASK_XENSTORE_IDX(page->rsp_cons)];
        page->rsp_cons++;
    }
    return n;
}

static void test_read_wraps(void **state)
{
    char in[300], out[300];
    uint32_t start = UINT32_MAX - 100;  /* indices wrap as well */

    (void)state;
    page->req_cons = page->req_prod = start;
    for (int i = 0; i < 300; i++)
        in[i] = (char)i;
    assert_int_equal(guest_put(in, 300), 300);
    assert_true(MASK_XENSTORE_IDX(page->req_cons) > RING - 300);
    assert_int_equal(xs_ring_read(page, out, 120), 120);
    assert_int_equal(page->req_cons, start + 120);
    assert_int_equal(xs_ring_read(page, out + 120, 1000), 180);
    assert_memory_equal(out, in, 300);
    assert_int_equal(page->req_cons, page->req_prod);
    assert_int_equal(xs_ring_read(page, out, 10), 0);
}

static void test_read_full_ring(void **state)
{
    static char in[RING], out[RING + 10];

    (void)state;
    page->req_cons = page->req_prod = 1000;
    memset(in, 'q', RING);
    assert_int_equal(guest_put(in, RING), RING);
    assert_int_equal(guest_put("x", 1), 0);
    assert_int_equal(xs_ring_read(page, out, sizeof(out)), RING);
    assert_memory_equal(out, in, RING);
}

static void test_write_wraps_and_fills(void **state)
{
    static char in[RING + 100], out[RING + 100];

    (void)state;
    page->rsp_cons = page->rsp_prod = 0xfffffff0u;
    for (size_t i = 0; i < sizeof(in); i++)
        in[i] = (char)(i * 7);
    assert_int_equal(xs_ring_space(page), RING);
    assert_int_equal(xs_ring_write(page, in, 50), 50);
    assert_int_equal(xs_ring_space(page), RING - 50);
    assert_int_equal(xs_ring_write(page, in + 50, RING), RING - 50);
    assert_int_equal(xs_ring_space(page), 0);
    assert_int_equal(xs_ring_write(page, in, 10), 0);
    assert_int_equal(guest_get(out, 300), 300);
    assert_int_equal(xs_ring_write(page, in + RING, 100), 100);
    assert_int_equal(guest_get(out + 300, sizeof(out)), RING - 200);
    assert_memory_equal(out, in, RING + 100);
}

static void test_hostile_indices(void **state)
{
    char buf[64];
    static const uint32_t bad[][2] = {      /* cons, prod */
        { 0, RING + 1 }, { 100, 99 }, { 0, UINT32_MAX }, { 5000, 0 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        page->req_cons = bad[i][0];
        page->req_prod = bad[i][1];
        assert_int_equal(xs_ring_read(page, buf, sizeof(buf)), -XEN_EIO);
        assert_int_equal(page->req_cons, bad[i][0]);    /* untouched */
        page->rsp_cons = bad[i][0];
        page->rsp_prod = bad[i][1];
        assert_int_equal(xs_ring_space(page), -XEN_EIO);
        assert_int_equal(xs_ring_write(page, buf, sizeof(buf)), -XEN_EIO);
        assert_int_equal(page->rsp_prod, bad[i][1]);
    }
    /* Exactly a ring's worth is fine. */
    page->req_cons = 7;
    page->req_prod = 7 + RING;
    assert_int_equal(xs_ring_read(page, buf, sizeof(buf)), sizeof(buf));
}

/* A guest request into the ring: header and payload. */
static void guest_request(uint32_t type, uint32_t req, const void *p,
                          size_t len)
{
    struct xsd_sockmsg h = { type, req, 0, (uint32_t)len };

    assert_int_equal(guest_put(&h, HDR), HDR);
    assert_int_equal(guest_put(p, len), len);
}

static void test_service(void **state)
{
    struct xs_conn *g = xt_guest(0);
    unsigned char out[256];
    struct xsd_sockmsg h;
    bool notify;

    (void)state;
    page->req_cons = page->req_prod = RING - 10;    /* straddle the end */
    page->rsp_cons = page->rsp_prod = RING - 5;
    guest_request(XS_WRITE, 1, "/r\0v", 4);
    guest_request(XS_READ, 2, P("/r"));
    assert_int_equal(xs_ring_service(page, g, &notify), 0);
    assert_true(notify);
    assert_int_equal(page->req_cons, page->req_prod);
    assert_int_equal(guest_get(out, sizeof(out)), HDR + 3 + HDR + 1);
    memcpy(&h, out, HDR);
    assert_int_equal(h.type, XS_WRITE);
    assert_int_equal(h.req_id, 1);
    memcpy(&h, out + HDR + 3, HDR);
    assert_int_equal(h.type, XS_READ);
    assert_int_equal(h.req_id, 2);
    assert_memory_equal(out + 2 * HDR + 3, "v", 1);
    assert_int_equal(xs_ring_service(page, g, &notify), 0);
    assert_false(notify);               /* nothing moved */
}

/* WRITE "/big" value, then READ "/big", as one stream; its length. */
static size_t write_then_read(char *stream, const char *value, size_t vlen)
{
    struct xsd_sockmsg w = { XS_WRITE, 1, 0, (uint32_t)(5 + vlen) };
    struct xsd_sockmsg r = { XS_READ, 2, 0, 5 };
    size_t n = 0;

    memcpy(stream + n, &w, HDR);
    memcpy(stream + (n += HDR), "/big", 5);
    memcpy(stream + (n += 5), value, vlen);
    memcpy(stream + (n += vlen), &r, HDR);
    memcpy(stream + (n += HDR), "/big", 5);
    return n + 5;
}

static void test_service_bigger_than_ring(void **state)
{
    static char value[1500], stream[2 * HDR + 10 + 1500], out[4000];
    struct xs_conn *g = xt_guest(0);    /* within the node size quota */
    size_t total, put = 0, got = 0, want = HDR + 3 + HDR + sizeof(value);
    bool notify;

    (void)state;
    memset(value, 'v', sizeof(value));
    total = write_then_read(stream, value, sizeof(value));
    /* The guest writes as space frees and reads as replies come. */
    for (int rounds = 0; rounds < 20 && got < want; rounds++) {
        put += guest_put(stream + put, total - put);
        assert_int_equal(xs_ring_service(page, g, &notify), 0);
        got += guest_get(out + got, sizeof(out) - got);
    }
    assert_int_equal(put, total);
    assert_int_equal(got, want);
    assert_memory_equal(out + HDR, "OK", 3);
    assert_memory_equal(out + 2 * HDR + 3, value, sizeof(value));
}

static void test_service_breaks_on_bad_guest(void **state)
{
    struct xs_conn *g = xt_guest(0);
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    bool notify;

    (void)state;
    page->req_cons = 0;
    page->req_prod = RING + 1;
    assert_int_equal(xs_ring_service(page, g, &notify), -XEN_EIO);
    assert_int_equal(page->error, XENSTORE_ERROR_RINGIDX);
    page->error = 0;
    page->req_cons = page->req_prod = 0;
    assert_int_equal(guest_put(&h, HDR), HDR);
    assert_int_equal(xs_ring_service(page, g, &notify), -XEN_EIO);
    assert_int_equal(page->error, XENSTORE_ERROR_PROTO);
    /* The response side too. */
    page->error = 0;
    g = xt_guest(0);
    page->req_cons = page->req_prod = 0;
    page->rsp_cons = 10;
    page->rsp_prod = 5;
    assert_int_equal(xs_ring_service(page, g, &notify), -XEN_EIO);
    assert_int_equal(page->error, XENSTORE_ERROR_RINGIDX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_wraps, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_read_full_ring, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_write_wraps_and_fills, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_hostile_indices, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_service, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_service_bigger_than_ring, ring_setup, ring_teardown),
        cmocka_unit_test_setup_teardown(test_service_breaks_on_bad_guest, ring_setup, ring_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
