/*
 * dom0's xenstore client (see dom0/xs_client.h). A request goes in as
 * its header and payload pieces, which the engine takes split anywhere;
 * the reply comes out of the same connection, after any events queued
 * before it.
 */
#include <dom0/alloc.h>
#include <dom0/xenstore.h>
#include <dom0/xs_client.h>
#include <keel/string.h>
#include <public/io/xs_wire.h>

#define HDR sizeof(struct xsd_sockmsg)

struct piece {
    const void *p;
    size_t len;
};

void xs_client_init(struct xs_client *cl, struct xs_conn *conn,
                    xs_event_fn on_event, void *arg)
{
    cl->conn = conn;
    cl->next_req = 1;
    cl->on_event = on_event;
    cl->arg = arg;
}

/*
 * The next queued message, all of it: its header, and its payload in a
 * heap block with a NUL after it (NULL if out of memory; the bytes are
 * consumed either way). False if nothing is queued.
 */
static bool next_msg(struct xs_client *cl, struct xsd_sockmsg *h, char **body)
{
    char sink[64];
    size_t got;

    if (xs_conn_output(cl->conn, h, HDR) != HDR)
        return false;
    *body = malloc(h->len + 1);
    if (*body) {
        got = xs_conn_output(cl->conn, *body, h->len);
        (*body)[got] = '\0';
        return true;
    }
    for (got = 0; got < h->len;)
        got += xs_conn_output(cl->conn, sink,
                              h->len - got < sizeof(sink) ? h->len - got
                                                          : sizeof(sink));
    return true;
}

static void deliver(struct xs_client *cl, const struct xsd_sockmsg *h,
                    const char *body)
{
    size_t plen = strnlen(body, h->len);

    if (cl->on_event && plen < h->len)
        cl->on_event(cl->arg, body, body + plen + 1);
}

void xs_client_poll(struct xs_client *cl)
{
    struct xsd_sockmsg h;
    char *body;

    while (next_msg(cl, &h, &body)) {
        if (body && h.type == XS_WATCH_EVENT)
            deliver(cl, &h, body);
        free(body);
    }
}

static int error_of(const char *name)
{
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++)
        if (strcmp(name, xsd_errors[i].errstring) == 0)
            return -xsd_errors[i].errnum;
    return -XEN_EINVAL;
}

/* Feeds one request; the engine takes all of it, having had its output
 * drained, unless the connection broke. */
static int send_request(struct xs_client *cl, uint32_t type, uint32_t tx,
                const struct piece *pc, int n)
{
    struct xsd_sockmsg h = { type, cl->next_req, tx, 0 };

    for (int i = 0; i < n; i++)
        h.len += (uint32_t)pc[i].len;
    if (h.len > XENSTORE_PAYLOAD_MAX)
        return -XEN_E2BIG;
    if (xs_conn_input(cl->conn, &h, HDR) != (long)HDR)
        return -XEN_EIO;
    for (int i = 0; i < n; i++)
        if (xs_conn_input(cl->conn, pc[i].p, pc[i].len) != (long)pc[i].len)
            return -XEN_EIO;
    return 0;
}

/* Sends a request made of pieces and waits for its reply. */
static int call(struct xs_client *cl, uint32_t type, uint32_t tx,
                const struct piece *pc, int n, char **reply, size_t *rlen)
{
    uint32_t req = cl->next_req;
    struct xsd_sockmsg h;
    char *body;
    int rc;

    xs_client_poll(cl);
    rc = send_request(cl, type, tx, pc, n);
    cl->next_req++;
    if (rc < 0)
        return rc;
    while (next_msg(cl, &h, &body)) {
        if (h.type == XS_WATCH_EVENT || h.req_id != req) {
            if (body && h.type == XS_WATCH_EVENT)
                deliver(cl, &h, body);
            free(body);
            continue;
        }
        if (!body)
            return -XEN_ENOMEM;
        rc = h.type == XS_ERROR ? error_of(body) : h.type == type ? 0 : -XEN_EIO;
        if (rc == 0 && reply) {
            *reply = body;
            if (rlen)
                *rlen = h.len;
        } else {
            free(body);
        }
        return rc;
    }
    return -XEN_EIO;                    /* no reply: cannot happen */
}

int xs_client_call(struct xs_client *cl, uint32_t type, uint32_t tx,
                   const void *payload, size_t len, char **reply,
                   size_t *rlen)
{
    struct piece pc = { payload, len };

    return call(cl, type, tx, &pc, 1, reply, rlen);
}

/* A request whose payload is one string and its NUL. */
static int call_path(struct xs_client *cl, uint32_t type, uint32_t tx,
                     const char *path, char **reply, size_t *rlen)
{
    struct piece pc = { path, strlen(path) + 1 };

    return call(cl, type, tx, &pc, 1, reply, rlen);
}

int xs_read(struct xs_client *cl, uint32_t tx, const char *path,
            char **value, size_t *len)
{
    return call_path(cl, XS_READ, tx, path, value, len);
}

int xs_write(struct xs_client *cl, uint32_t tx, const char *path,
             const void *value, size_t len)
{
    struct piece pc[2] = { { path, strlen(path) + 1 }, { value, len } };

    return call(cl, XS_WRITE, tx, pc, 2, NULL, NULL);
}

int xs_mkdir(struct xs_client *cl, uint32_t tx, const char *path)
{
    return call_path(cl, XS_MKDIR, tx, path, NULL, NULL);
}

int xs_rm(struct xs_client *cl, uint32_t tx, const char *path)
{
    return call_path(cl, XS_RM, tx, path, NULL, NULL);
}

int xs_directory(struct xs_client *cl, uint32_t tx, const char *path,
                 char **names, size_t *len)
{
    return call_path(cl, XS_DIRECTORY, tx, path, names, len);
}

int xs_get_perms(struct xs_client *cl, uint32_t tx, const char *path,
                 char **perms, size_t *len)
{
    return call_path(cl, XS_GET_PERMS, tx, path, perms, len);
}

int xs_set_perms(struct xs_client *cl, uint32_t tx, const char *path,
                 const char *perms, size_t len)
{
    struct piece pc[2] = { { path, strlen(path) + 1 }, { perms, len } };

    return call(cl, XS_SET_PERMS, tx, pc, 2, NULL, NULL);
}

int xs_transaction_start(struct xs_client *cl, uint32_t *tx)
{
    char *id;
    int rc = call_path(cl, XS_TRANSACTION_START, 0, "", &id, NULL);
    uint32_t v = 0;

    if (rc < 0)
        return rc;
    for (const char *p = id; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (uint32_t)(*p - '0');
    free(id);
    *tx = v;
    return 0;
}

int xs_transaction_end(struct xs_client *cl, uint32_t tx, bool commit)
{
    return call_path(cl, XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL,
                     NULL);
}

/* WATCH and UNWATCH: path and token. */
static int call_watch(struct xs_client *cl, uint32_t type, const char *path,
                      const char *token)
{
    struct piece pc[2] = { { path, strlen(path) + 1 },
                           { token, strlen(token) + 1 } };

    return call(cl, type, 0, pc, 2, NULL, NULL);
}

int xs_watch(struct xs_client *cl, const char *path, const char *token)
{
    return call_watch(cl, XS_WATCH, path, token);
}

int xs_unwatch(struct xs_client *cl, const char *path, const char *token)
{
    return call_watch(cl, XS_UNWATCH, path, token);
}

int xs_introduce_domain(struct xs_client *cl, unsigned int domid,
                        unsigned long mfn, unsigned int port)
{
    char args[3][24];
    struct piece pc[3];

    snprintf(args[0], sizeof(args[0]), "%u", domid);
    snprintf(args[1], sizeof(args[1]), "%lu", mfn);
    snprintf(args[2], sizeof(args[2]), "%u", port);
    for (unsigned int i = 0; i < 3; i++)
        pc[i] = (struct piece){ args[i], strlen(args[i]) + 1 };
    return call(cl, XS_INTRODUCE, 0, pc, 3, NULL, NULL);
}

int xs_release_domain(struct xs_client *cl, unsigned int domid)
{
    char arg[24];

    snprintf(arg, sizeof(arg), "%u", domid);
    return call_path(cl, XS_RELEASE, 0, arg, NULL, NULL);
}
