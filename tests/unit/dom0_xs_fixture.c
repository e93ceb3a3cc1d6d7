/* See dom0_xs_fixture.h: the xenstored engine under test, and a client. */
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

#define HDR sizeof(struct xsd_sockmsg)

struct xt_host xt_host;
struct xs_conn *xt_dom0;
static uint32_t next_req = 100;

/* Events xt_call met before a reply, kept for xt_next in order. */
struct stashed {
    struct stashed *next;
    struct xs_conn *c;
    struct xt_msg m;
};
static struct stashed *stash;

static void stash_event(struct xs_conn *c, const struct xt_msg *m)
{
    struct stashed *s = malloc(sizeof(*s)), **pp = &stash;

    assert_non_null(s);
    s->next = NULL;
    s->c = c;
    s->m = *m;
    while (*pp)
        pp = &(*pp)->next;
    *pp = s;
}

static bool unstash(struct xs_conn *c, struct xt_msg *m)
{
    for (struct stashed **pp = &stash; *pp; pp = &(*pp)->next) {
        struct stashed *s = *pp;

        if (s->c == c) {
            *m = s->m;
            *pp = s->next;
            free(s);
            return true;
        }
    }
    return false;
}

static void stash_clear(void)
{
    while (stash) {
        struct stashed *s = stash;

        stash = s->next;
        free(s);
    }
}

static struct xs_conn *fake_introduce(void *ctx, unsigned int domid,
                                      unsigned long mfn, unsigned int port,
                                      int *err)
{
    struct xs_conn *c;
    int i = xt_host.n_introduced;

    assert_ptr_equal(ctx, &xt_host);
    if (xt_host.introduce_error) {
        *err = xt_host.introduce_error;
        return NULL;
    }
    c = xs_conn_new(domid, xt_host.privileged_rings);
    if (!c) {
        *err = -XEN_ENOMEM;
        return NULL;
    }
    assert_true(i < 8);
    xt_host.introduced[i] = c;
    xt_host.domids[i] = domid;
    xt_host.mfns[i] = mfn;
    xt_host.ports[i] = port;
    xt_host.n_introduced++;
    return c;
}

static void fake_reintroduce(void *ctx, struct xs_conn *c, unsigned int port)
{
    (void)ctx;
    (void)c;
    (void)port;
    xt_host.n_reintroduced++;
}

static void fake_release(void *ctx, struct xs_conn *c)
{
    (void)ctx;
    for (int i = 0; i < xt_host.n_introduced; i++)
        if (xt_host.introduced[i] == c)
            xt_host.introduced[i] = NULL;
    xt_host.n_released++;
}

static bool fake_exists(void *ctx, unsigned int domid)
{
    (void)ctx;
    return domid >= 64 || !xt_host.missing[domid];
}

static void fake_ready(void *ctx, struct xs_conn *c)
{
    (void)ctx;
    (void)c;
    xt_host.ready_calls++;
}

static void fake_log(void *ctx, const char *msg)
{
    (void)ctx;
    snprintf(xt_host.log, sizeof(xt_host.log), "%s", msg);
}

const struct xs_host_ops xt_ops = {
    .introduce = fake_introduce,
    .reintroduce = fake_reintroduce,
    .release = fake_release,
    .domain_exists = fake_exists,
    .output_ready = fake_ready,
    .log = fake_log,
};

int xt_setup(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    alloc_fault_max_size(0);
    memset(&xt_host, 0, sizeof(xt_host));
    if (xs_init(&xt_ops, &xt_host) < 0)
        return -1;
    xt_dom0 = xs_conn_new(0, true);
    return xt_dom0 ? 0 : -1;
}

int xt_teardown(void **state)
{
    (void)state;
    alloc_fault_after(-1);
    alloc_fault_max_size(0);
    assert_int_equal(xs_check(), 0);
    stash_clear();
    xs_shutdown();
    if (alloc_fault_live() != 0)
        fail_msg("%ld heap blocks left after xs_shutdown", alloc_fault_live());
    return 0;
}

struct xs_conn *xt_guest(unsigned int domid)
{
    struct xs_conn *c = xs_conn_new(domid, false);

    assert_non_null(c);
    return c;
}

struct xs_conn *xt_tool(void)
{
    struct xs_conn *c = xs_conn_new(0, true);

    assert_non_null(c);
    return c;
}

/* ---- Raw wire ---- */

uint32_t xt_send(struct xs_conn *c, uint32_t type, uint32_t tx,
                 const void *payload, size_t len)
{
    struct xsd_sockmsg h = { type, next_req++, tx, (uint32_t)len };
    unsigned char buf[HDR + XENSTORE_PAYLOAD_MAX];

    assert_true(len <= XENSTORE_PAYLOAD_MAX);
    memcpy(buf, &h, HDR);
    memcpy(buf + HDR, payload, len);
    assert_int_equal(xs_conn_input(c, buf, HDR + len), HDR + len);
    return h.req_id;
}

bool xt_next(struct xs_conn *c, struct xt_msg *m)
{
    size_t got;

    if (unstash(c, m))
        return true;
    got = xs_conn_output(c, &m->h, HDR);

    if (got == 0)
        return false;
    assert_int_equal(got, HDR);
    assert_true(m->h.len <= XENSTORE_PAYLOAD_MAX);
    assert_int_equal(xs_conn_output(c, m->body, m->h.len), m->h.len);
    m->body[m->h.len] = '\0';
    return true;
}

int xt_errno(const char *name)
{
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++)
        if (strcmp(name, xsd_errors[i].errstring) == 0)
            return -xsd_errors[i].errnum;
    fail_msg("unknown error name \"%s\"", name);
    return 0;
}

int xt_call(struct xs_conn *c, uint32_t type, uint32_t tx,
            const void *payload, size_t len, struct xt_msg *reply)
{
    uint32_t req = xt_send(c, type, tx, payload, len);

    for (;;) {
        size_t got = xs_conn_output(c, &reply->h, HDR);

        if (got != HDR)
            fail_msg("no reply to request type %u", type);
        assert_int_equal(xs_conn_output(c, reply->body, reply->h.len),
                         reply->h.len);
        reply->body[reply->h.len] = '\0';
        if (reply->h.type != XS_WATCH_EVENT)
            break;
        stash_event(c, reply);
    }
    assert_int_equal(reply->h.req_id, req);
    assert_int_equal(reply->h.tx_id, tx);
    if (reply->h.type == XS_ERROR) {
        assert_int_equal(strlen(reply->body) + 1, reply->h.len);
        return xt_errno(reply->body);
    }
    assert_int_equal(reply->h.type, type);
    return 0;
}

/* ---- Requests ---- */

/* A request whose success reply is "OK\0". */
static int call_ok(struct xs_conn *c, uint32_t type, uint32_t tx,
                   const void *payload, size_t len)
{
    struct xt_msg m;
    int rc = xt_call(c, type, tx, payload, len, &m);

    if (rc == 0) {
        assert_int_equal(m.h.len, 3);
        assert_memory_equal(m.body, "OK", 3);
    }
    return rc;
}

/* path, NUL, then rest (rlen bytes), into buf; the length. */
static size_t join(char *buf, const char *path, const char *rest, size_t rlen)
{
    size_t plen = strlen(path) + 1;

    assert_true(plen + rlen <= XENSTORE_PAYLOAD_MAX);
    memcpy(buf, path, plen);
    memcpy(buf + plen, rest, rlen);
    return plen + rlen;
}

int xt_write(struct xs_conn *c, uint32_t tx, const char *path,
             const char *value)
{
    char buf[XENSTORE_PAYLOAD_MAX];

    return call_ok(c, XS_WRITE, tx, buf, join(buf, path, value,
                                                strlen(value)));
}

int xt_mkdir(struct xs_conn *c, uint32_t tx, const char *path)
{
    return call_ok(c, XS_MKDIR, tx, path, strlen(path) + 1);
}

int xt_rm(struct xs_conn *c, uint32_t tx, const char *path)
{
    return call_ok(c, XS_RM, tx, path, strlen(path) + 1);
}

/* A request for one path whose reply payload goes to out. */
static int call_get(struct xs_conn *c, uint32_t type, uint32_t tx,
                    const char *path, char *out)
{
    struct xt_msg m;
    int rc = xt_call(c, type, tx, path, strlen(path) + 1, &m);

    if (rc < 0)
        return rc;
    memcpy(out, m.body, m.h.len + 1);
    return (int)m.h.len;
}

int xt_read(struct xs_conn *c, uint32_t tx, const char *path, char *out)
{
    return call_get(c, XS_READ, tx, path, out);
}

int xt_dir(struct xs_conn *c, uint32_t tx, const char *path, char *out)
{
    return call_get(c, XS_DIRECTORY, tx, path, out);
}

int xt_get_perms(struct xs_conn *c, uint32_t tx, const char *path, char *out)
{
    return call_get(c, XS_GET_PERMS, tx, path, out);
}

int xt_set_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 const char *perms, size_t len)
{
    char buf[XENSTORE_PAYLOAD_MAX];

    return call_ok(c, XS_SET_PERMS, tx, buf, join(buf, path, perms, len));
}

static int watch_call(struct xs_conn *c, uint32_t type, const char *path,
                      const char *token)
{
    char buf[XENSTORE_PAYLOAD_MAX];

    return call_ok(c, type, 0, buf, join(buf, path, token,
                                          strlen(token) + 1));
}

int xt_watch(struct xs_conn *c, const char *path, const char *token)
{
    return watch_call(c, XS_WATCH, path, token);
}

int xt_unwatch(struct xs_conn *c, const char *path, const char *token)
{
    return watch_call(c, XS_UNWATCH, path, token);
}

int xt_tx_start(struct xs_conn *c, uint32_t *tx)
{
    struct xt_msg m;
    int rc = xt_call(c, XS_TRANSACTION_START, 0, P(""), &m);

    if (rc < 0)
        return rc;
    assert_int_equal(strlen(m.body) + 1, m.h.len);
    *tx = (uint32_t)strtoul(m.body, NULL, 10);
    assert_true(*tx != 0);
    return 0;
}

int xt_tx_end(struct xs_conn *c, uint32_t tx, bool commit)
{
    return call_ok(c, XS_TRANSACTION_END, tx, commit ? "T" : "F", 2);
}

void xt_assert_value(const char *path, const char *value)
{
    char out[XENSTORE_PAYLOAD_MAX + 1];
    int n = xt_read(xt_dom0, 0, path, out);

    if (n < 0)
        fail_msg("read %s: error %d", path, n);
    assert_int_equal(n, strlen(value));
    assert_memory_equal(out, value, (size_t)n);
}

void xt_assert_absent(const char *path)
{
    char out[XENSTORE_PAYLOAD_MAX + 1];

    assert_int_equal(xt_read(xt_dom0, 0, path, out), -XEN_ENOENT);
}

/* ---- Events ---- */

void xt_expect_event(struct xs_conn *c, const char *path, const char *token)
{
    struct xt_msg m;
    size_t plen = strlen(path);

    if (!xt_next(c, &m))
        fail_msg("no event for %s %s", path, token);
    assert_int_equal(m.h.type, XS_WATCH_EVENT);
    assert_int_equal(m.h.req_id, 0);
    assert_int_equal(m.h.tx_id, 0);
    assert_string_equal(m.body, path);
    assert_string_equal(m.body + plen + 1, token);
    assert_int_equal(m.h.len, plen + 1 + strlen(token) + 1);
}

void xt_expect_quiet(struct xs_conn *c)
{
    struct xt_msg m;

    if (xt_next(c, &m))
        fail_msg("unexpected message type %u \"%s\"", m.h.type, m.body);
}

int xt_drain(struct xs_conn *c)
{
    struct xt_msg m;
    int n = 0;

    while (xt_next(c, &m)) {
        assert_int_equal(m.h.type, XS_WATCH_EVENT);
        n++;
    }
    return n;
}

/* ---- The store ---- */

char *xt_dump(void)
{
    size_t len = xs_dump(NULL, 0);
    char *buf = malloc(len + 1);

    assert_non_null(buf);
    assert_int_equal(xs_dump(buf, len + 1), len);
    return buf;
}

void xt_assert_dump(const char *before)
{
    char *now = xt_dump();

    if (strcmp(now, before) != 0)
        fail_msg("store changed:\n--- before\n%s--- after\n%s", before, now);
    free(now);
}
