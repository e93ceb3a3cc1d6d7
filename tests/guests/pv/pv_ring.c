/*
 * Byte rings shared with a backend, xenstore messages framed and gathered
 * through them, console input cut into lines: see pv_ring.h.
 *
 * Ordering: each side reads the other's index with acquire and publishes
 * its own with release, so the bytes are written before prod says so and
 * read before cons gives their slots back (Linux's xenbus and hvc_xen use
 * mb()/wmb() in the same places). On x86 both are plain moves.
 */
#include <stddef.h>
#include <keel/string.h>
#include "pv_ring.h"

_Static_assert(offsetof(struct xs_msg, body) == sizeof(struct xsd_sockmsg),
               "a message's bytes are its header then its payload");

uint32_t ring_put(const struct byte_ring *r, const void *src, uint32_t len)
{
    uint32_t cons = __atomic_load_n(r->cons, __ATOMIC_ACQUIRE);
    uint32_t prod = *r->prod;
    uint32_t used = prod - cons, n;
    const char *p = src;

    if (used > r->size) /* the consumer broke the invariant: write nothing */
        return 0;
    for (n = 0; n < len && used + n < r->size; n++)
        r->data[(prod + n) & (r->size - 1)] = p[n];
    if (n)
        __atomic_store_n(r->prod, prod + n, __ATOMIC_RELEASE);
    return n;
}

uint32_t ring_get(const struct byte_ring *r, void *dst, uint32_t len)
{
    uint32_t prod = __atomic_load_n(r->prod, __ATOMIC_ACQUIRE);
    uint32_t cons = *r->cons;
    uint32_t avail = prod - cons, n;
    char *p = dst;

    if (avail > r->size) /* the producer broke the invariant: take nothing */
        return 0;
    for (n = 0; n < len && n < avail; n++)
        p[n] = r->data[(cons + n) & (r->size - 1)];
    if (n)
        __atomic_store_n(r->cons, cons + n, __ATOMIC_RELEASE);
    return n;
}

uint32_t ring_used(const struct byte_ring *r)
{
    return *r->prod - __atomic_load_n(r->cons, __ATOMIC_ACQUIRE);
}

int xs_stream_frame(struct xs_stream *s, uint32_t type, uint32_t req_id,
                    const char *path, const char *arg)
{
    size_t p = strlen(path) + 1;
    size_t a = arg ? strlen(arg) + (type != XS_WRITE) : 0;

    if (p > XENSTORE_PAYLOAD_MAX || a > XENSTORE_PAYLOAD_MAX - p)
        return -1;
    memcpy(s->msg.body, path, p);
    memcpy(s->msg.body + p, arg ? arg : "", a);
    s->msg.hdr = (struct xsd_sockmsg){
        .type = type, .req_id = req_id, .tx_id = 0, .len = (uint32_t)(p + a),
    };
    s->done = 0;
    return 0;
}

int xs_stream_send(struct xs_stream *s, const struct byte_ring *r)
{
    uint32_t total = (uint32_t)sizeof(s->msg.hdr) + s->msg.hdr.len;

    s->done += ring_put(r, (const char *)&s->msg + s->done, total - s->done);
    return s->done == total;
}

int xs_stream_recv(struct xs_stream *s, const struct byte_ring *r)
{
    const uint32_t hdr = sizeof(s->msg.hdr);
    char *bytes = (char *)&s->msg;

    if (s->done < hdr) {
        s->done += ring_get(r, bytes + s->done, hdr - s->done);
        if (s->done < hdr)
            return 0;
    }
    /* Checked on every call: body must never be filled past its end. */
    if (s->msg.hdr.len > XENSTORE_PAYLOAD_MAX)
        return -1;
    s->done += ring_get(r, bytes + s->done, hdr + s->msg.hdr.len - s->done);
    if (s->done < hdr + s->msg.hdr.len)
        return 0;
    s->msg.body[s->msg.hdr.len] = '\0';
    return 1;
}

const char *xs_watch_token(const struct xs_msg *m)
{
    uint32_t len = m->hdr.len;
    uint32_t path = (uint32_t)strnlen(m->body, len);
    const char *token = m->body + path + 1;

    if (path + 1 >= len) /* no NUL after the path, or nothing after it */
        return NULL;
    if (strnlen(token, len - path - 1) == len - path - 1) /* token unterminated */
        return NULL;
    return token;
}

static void input_line_add(struct input_line *l, char c)
{
    if (c == '\r' || c == '\n') {
        l->complete = l->len > 0; /* CR LF, or Enter alone: no empty lines */
    } else if (c == '\b' || c == 0x7f) {
        if (l->len)
            l->len--;
    } else {
        l->text[l->len++] = c;
        l->complete = l->len == sizeof(l->text) - 1;
    }
}

int input_line_take(struct input_line *l, const struct byte_ring *r)
{
    char c;

    if (l->complete) {
        l->len = 0;
        l->complete = 0;
    }
    while (!l->complete && ring_get(r, &c, 1))
        input_line_add(l, c);
    l->text[l->len] = '\0';
    return l->complete;
}
