/*
 * The xenstore client of an xl-created guest, over the ring page start_info
 * names (io/xs_wire.h): one request at a time, each with a fresh req_id;
 * xenstored's replies and watch events come back on one ring, in any
 * interleaving, so whoever reads it sets events aside (counted: the only
 * watch is control/shutdown, and its node's value is what counts) and
 * keeps a reply for xs_call. Paths without a leading '/' are relative to
 * the domain's home, /local/domain/N.
 *
 * Included by main.c after pv_console.c (notify, shut_down).
 */
static struct {
    evtchn_port_t port;
    struct byte_ring req, rsp;
    struct xs_stream out, in;   /* the request being sent, the message arriving */
    uint32_t last_id;
    int reply_ready;            /* `in` holds a reply: set aside before more is read */
    unsigned int shutdown_events; /* "shutdown" watch events not yet acted on */
    char value[XENSTORE_PAYLOAD_MAX + 1]; /* the last reply's payload */
} xs;

#define XS_SHUTDOWN_TOKEN "shutdown"

/* Once start_info's checks have found the xenstore page to be ours. */
static void xs_init(const start_info_t *si)
{
    struct xenstore_domain_interface *intf =
        (struct xenstore_domain_interface *)frame_va(si, si->store_mfn);

    xs.port = si->store_evtchn;
    xs.req = (struct byte_ring){ intf->req, XENSTORE_RING_SIZE, &intf->req_cons, &intf->req_prod };
    xs.rsp = (struct byte_ring){ intf->rsp, XENSTORE_RING_SIZE, &intf->rsp_cons, &intf->rsp_prod };
}

/* A complete message from xenstored: an event is counted and dropped. */
static void xs_sort(void)
{
    const struct xs_msg *m = &xs.in.msg;
    const char *token;

    if (m->hdr.type != XS_WATCH_EVENT) {
        xs.reply_ready = 1;
        return;
    }
    token = xs_watch_token(m);
    if (token && !strcmp(token, XS_SHUTDOWN_TOKEN))
        xs.shutdown_events++;
    xs.in.done = 0;
}

/* Take what xenstored has sent, up to a reply; xenstored hears when bytes
 * were taken (it may be waiting for room). A message too long for the
 * protocol leaves the ring out of step for good: the guest gives up. */
static void xs_receive(void)
{
    uint32_t before = *xs.rsp.cons;
    int rc = 0;

    while (!xs.reply_ready && (rc = xs_stream_recv(&xs.in, &xs.rsp)) == 1)
        xs_sort();
    if (*xs.rsp.cons != before)
        notify(xs.port);
    if (rc < 0) {
        check(0, "xl guest: xenstore messages within XENSTORE_PAYLOAD_MAX", xs.in.msg.hdr.len);
        shut_down("xenstore ring out of step", SHUTDOWN_crash);
    }
}

/* block_until steps: the request all in the ring; a reply arrived. Both
 * read the ring too, or a flood of events could leave xenstored and the
 * guest each waiting for the other's room. */
static int xs_request_sent(void)
{
    uint32_t before = *xs.req.prod;
    int sent = xs_stream_send(&xs.out, &xs.req);

    if (*xs.req.prod != before)
        notify(xs.port);
    xs_receive();
    return sent;
}

static int xs_reply_arrived(void)
{
    xs_receive();
    return xs.reply_ready;
}

/*
 * One request (payload: see xs_stream_frame) and its reply: NULL, with the
 * reply's payload in xs.value (until the next call), or what went wrong:
 * the error xenstored named (XS_ERROR), or the guest's own words.
 */
static const char *xs_call(uint32_t type, const char *path, const char *arg)
{
    struct xsd_sockmsg reply;

    if (xs_stream_frame(&xs.out, type, ++xs.last_id, path, arg))
        return "a request too long for xenstore";
    block_until(xs_request_sent);
    block_until(xs_reply_arrived);
    reply = xs.in.msg.hdr;
    memcpy(xs.value, xs.in.msg.body, reply.len + 1); /* with its NUL */
    xs.reply_ready = 0;
    xs.in.done = 0;
    if (reply.req_id != xs.last_id)
        return "a reply to another request";
    if (reply.type == XS_ERROR)
        return xs.value;
    if (reply.type != type)
        return "a reply of another type";
    return NULL;
}

static const char *xs_read(const char *path)
{
    return xs_call(XS_READ, path, NULL);
}

static const char *xs_write(const char *path, const char *value)
{
    return xs_call(XS_WRITE, path, value);
}

static const char *xs_watch(const char *path, const char *token)
{
    return xs_call(XS_WATCH, path, token);
}
