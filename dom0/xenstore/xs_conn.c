/*
 * Connections: the request stream coming in, split anywhere, and the
 * queue of replies and events going out.
 *
 * Input runs header, payload, then the complete request is handled at
 * once. A request is not started while the queue might not hold its
 * reply, so the queue stays within XS_CONN_OUTPUT_MAX; events beyond it
 * are dropped. A payload longer than XENSTORE_PAYLOAD_MAX breaks the
 * stream for good (Xen ignores such a connection from then on).
 *
 * Each connection has one spare reply of its own, so a request that
 * arrives when the heap is exhausted still gets its ENOMEM.
 */
#include <dom0/alloc.h>
#include <keel/string.h>

#include "xs_core.h"

#define HDR sizeof(struct xsd_sockmsg)

struct xs_msg *msg_new(uint32_t len)
{
    struct xs_msg *m = malloc(sizeof(*m) + HDR + len);

    if (!m)
        return NULL;
    m->next = NULL;
    m->len = (uint32_t)HDR + len;
    m->sent = 0;
    m->event = false;
    m->bytes = (unsigned char *)(m + 1);
    return m;
}

void msg_free(struct xs_conn *c, struct xs_msg *m)
{
    if (m == &c->spare)
        c->spare.len = 0;               /* free for the next emergency */
    else
        free(m);
}

void conn_queue(struct xs_conn *c, struct xs_msg *m)
{
    m->next = NULL;
    *c->out_tail = m;
    c->out_tail = &m->next;
    c->out_bytes += m->len - m->sent;
    if (xs.ops && xs.ops->output_ready)
        xs.ops->output_ready(xs.ctx, c);
}

void conn_drop_output(struct xs_conn *c)
{
    while (c->out_head) {
        struct xs_msg *m = c->out_head;

        c->out_head = m->next;
        msg_free(c, m);
    }
    c->out_tail = &c->out_head;
    c->out_bytes = 0;
}

static void drop_input(struct xs_conn *c)
{
    c->have = 0;
    c->in_payload = false;
    c->complete = false;
}

void conn_reset(struct xs_conn *c)
{
    watch_free_all(c);
    tx_free_all(c);
    conn_drop_output(c);
    drop_input(c);
}

/* ---- Interface ---- */

struct xs_conn *xs_conn_new(unsigned int domid, bool privileged)
{
    struct xs_conn *c;

    if (!xs.ready || domid >= XS_DOMID_LIMIT)
        return NULL;
    c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->domid = domid;
    c->privileged = privileged;
    c->out_tail = &c->out_head;
    c->watch_tail = &c->watches;
    c->spare.bytes = c->spare_bytes;
    *xs.conn_tail = c;
    xs.conn_tail = &c->next;
    return c;
}

void xs_conn_free(struct xs_conn *c)
{
    struct xs_conn **pp = &xs.conns;

    if (!c)
        return;
    while (*pp != c)
        pp = &(*pp)->next;
    *pp = c->next;
    if (xs.conn_tail == &c->next)
        xs.conn_tail = pp;
    dom_conn_gone(c);
    conn_reset(c);
    free(c);
}

/* Might the reply to one more request not fit in the queue? */
static bool stalled(const struct xs_conn *c)
{
    return c->out_bytes + HDR + XENSTORE_PAYLOAD_MAX > XS_CONN_OUTPUT_MAX;
}

size_t xs_conn_input_room(const struct xs_conn *c)
{
    if (c->error || c->complete)
        return 0;
    if (c->in_payload)
        return c->hdr.len - c->have;
    return c->have == 0 && stalled(c) ? 0 : HDR - c->have;
}

/* Xen's ignore_connection: the stream is lost, and all that hung on it. */
static void broken(struct xs_conn *c, unsigned int why)
{
    c->error = why;
    conn_reset(c);
}

/* Takes up to len bytes into the current header or payload. */
static size_t take(struct xs_conn *c, const unsigned char *p, size_t len)
{
    size_t room = xs_conn_input_room(c), n = len < room ? len : room;

    if (c->in_payload)
        memcpy(c->body + c->have, p, n);
    else
        memcpy((unsigned char *)&c->hdr + c->have, p, n);
    c->have += (uint32_t)n;
    if (!c->in_payload && c->have == HDR) {
        if (c->hdr.len > XENSTORE_PAYLOAD_MAX) {
            broken(c, XENSTORE_ERROR_PROTO);
            return n;
        }
        c->in_payload = true;
        c->have = 0;
    }
    if (c->in_payload && c->have == c->hdr.len)
        c->complete = true;
    return n;
}

long xs_conn_input(struct xs_conn *c, const void *buf, size_t len)
{
    size_t taken = 0;

    for (;;) {
        if (c->error)
            return -XEN_EBADMSG;
        if (c->complete) {
            if (!proto_handle(c))
                break;                  /* no room for its reply yet */
            drop_input(c);
        }
        if (taken == len || xs_conn_input_room(c) == 0)
            break;
        taken += take(c, (const unsigned char *)buf + taken, len - taken);
    }
    return (long)taken;
}

size_t xs_conn_output(struct xs_conn *c, void *buf, size_t max)
{
    size_t done = 0;

    while (c->out_head && done < max) {
        struct xs_msg *m = c->out_head;
        size_t n = m->len - m->sent;

        if (n > max - done)
            n = max - done;
        memcpy((unsigned char *)buf + done, m->bytes + m->sent, n);
        m->sent += (uint32_t)n;
        done += n;
        if (m->sent == m->len) {
            c->out_head = m->next;
            if (!c->out_head)
                c->out_tail = &c->out_head;
            msg_free(c, m);
        }
    }
    c->out_bytes -= done;
    return done;
}

size_t xs_conn_output_pending(const struct xs_conn *c)
{
    return c->out_bytes;
}

unsigned int xs_conn_error(const struct xs_conn *c)
{
    return c->error;
}

unsigned long xs_conn_dropped_events(const struct xs_conn *c)
{
    return c->dropped;
}

unsigned int xs_conn_domid(const struct xs_conn *c)
{
    return c->domid;
}

void xs_conn_set_priv(struct xs_conn *c, void *priv)
{
    c->priv = priv;
}

void *xs_conn_priv(const struct xs_conn *c)
{
    return c->priv;
}
