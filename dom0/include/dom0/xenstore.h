/*
 * dom0's xenstored: the store, its transactions and watches, and the
 * wire protocol engine, as Xen 4.17's C xenstored behaves towards its
 * clients (docs/misc/xenstore.txt, include/public/io/xs_wire.h).
 *
 * The engine is pure logic: it maps no ring and binds no event channel.
 * A transport feeds each connection's request bytes to xs_conn_input and
 * drains its replies and watch events with xs_conn_output (a guest's ring:
 * xs_ring_service in <dom0/xs_ring.h>; dom0's own tools: <dom0/xs_client.h>
 * over a local connection). Every request is handled as soon as its last
 * byte arrives, so its reply is queued when xs_conn_input returns.
 *
 * The engine is a singleton (xs_init .. xs_shutdown), single-threaded:
 * dom0 is cooperative and no call here yields.
 */
#ifndef DOM0_XENSTORE_H
#define DOM0_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Per-domain quotas, Xen 4.17's defaults. They bind unprivileged
 * connections only; dom0 and privileged connections are unlimited.
 */
#define XS_QUOTA_NODES        1000  /* nodes a domain owns (ENOSPC) */
#define XS_QUOTA_NODE_SIZE    2048  /* bytes of a node record (ENOSPC) */
#define XS_QUOTA_PERMS        5     /* entries in a SET_PERMS (ENOSPC) */
#define XS_QUOTA_WATCHES      128   /* watches per connection (E2BIG) */
#define XS_QUOTA_TRANSACTIONS 10    /* open transactions (ENOSPC) */
#define XS_QUOTA_TX_NODES     1024  /* nodes one transaction touches (ENOSPC) */

/*
 * Bytes a connection may have queued for its reader. A watch event that
 * would go beyond is dropped (and counted); a new request is not taken
 * while a full reply might not fit, so the queue never exceeds this.
 */
#define XS_CONN_OUTPUT_MAX 65536

struct xs_conn;

/* What the engine asks of dom0. ctx is the pointer given to xs_init. */
struct xs_host_ops {
    /*
     * XS_INTRODUCE of a domain not yet introduced: map its ring page
     * (mfn), bind its event channel (port) and return its connection,
     * made with xs_conn_new(domid, false). The engine owns it from then
     * on and frees it on release. On failure return NULL and set *err to
     * a negative XEN_E* value.
     */
    struct xs_conn *(*introduce)(void *ctx, unsigned int domid,
                                 unsigned long mfn, unsigned int port,
                                 int *err);
    /*
     * XS_INTRODUCE of a domain already introduced: rebind its event
     * channel to port and zero its ring indices. The engine has already
     * dropped the connection's watches, transactions and queued output.
     * Optional.
     */
    void (*reintroduce)(void *ctx, struct xs_conn *conn, unsigned int port);
    /* A domain's connection is about to be freed: unbind, unmap. */
    void (*release)(void *ctx, struct xs_conn *conn);
    /*
     * Does the hypervisor know domid? Permission entries naming a domain
     * that does not exist are kept but ignored, as Xen does. Optional:
     * without it every domid below DOMID_FIRST_RESERVED exists.
     */
    bool (*domain_exists)(void *ctx, unsigned int domid);
    /* conn has new output (a watch event, usually): drain it. Optional. */
    void (*output_ready)(void *ctx, struct xs_conn *conn);
    /* XS_CONTROL "print": a line for dom0's console. Optional. */
    void (*log)(void *ctx, const char *msg);
};

/*
 * Starts the engine with the store holding only "/", owned by dom0 with
 * no access for others. ops may be NULL (no domains can be introduced).
 * 0, or -XEN_ENOMEM.
 */
int xs_init(const struct xs_host_ops *ops, void *ctx);
/* Frees the store and every connection, including introduced ones. */
void xs_shutdown(void);

/*
 * A connection for a client of domain domid (below DOMID_FIRST_RESERVED).
 * Privileged connections (dom0's tools) get full access to every node
 * and every request; relative paths resolve under /local/domain/<domid>.
 * NULL if out of memory or domid is invalid.
 */
struct xs_conn *xs_conn_new(unsigned int domid, bool privileged);
/* Drops the connection with its watches and open transactions. */
void xs_conn_free(struct xs_conn *conn);

/*
 * Feeds len bytes of the request stream, split anywhere. Complete
 * requests are handled at once. Returns the bytes taken: fewer than len
 * when the connection must drain its output first (offer the rest again
 * after xs_conn_output). A complete request held for want of memory for
 * its reply is handled by the next call, which may have len 0. Returns
 * -XEN_EBADMSG once the stream is broken
 * (a payload longer than XENSTORE_PAYLOAD_MAX): the connection then
 * takes nothing more, has dropped its watches, transactions and output,
 * and xs_conn_error says why.
 */
long xs_conn_input(struct xs_conn *conn, const void *buf, size_t len);
/*
 * Bytes xs_conn_input would take now: the rest of the current header
 * or payload, or 0 if the connection is stalled or broken.
 */
size_t xs_conn_input_room(const struct xs_conn *conn);
/* Moves up to max bytes of queued replies and events into buf. */
size_t xs_conn_output(struct xs_conn *conn, void *buf, size_t max);
/* Bytes queued for output. */
size_t xs_conn_output_pending(const struct xs_conn *conn);
/* XENSTORE_ERROR_NONE, or why the stream broke (XENSTORE_ERROR_PROTO). */
unsigned int xs_conn_error(const struct xs_conn *conn);
/* Watch events dropped for want of room or memory since creation. */
unsigned long xs_conn_dropped_events(const struct xs_conn *conn);
unsigned int xs_conn_domid(const struct xs_conn *conn);
/* A pointer the transport keeps with the connection (e.g. its ring). */
void xs_conn_set_priv(struct xs_conn *conn, void *priv);
void *xs_conn_priv(const struct xs_conn *conn);

/*
 * The hypervisor reports domid dead: as XS_RELEASE, Xen's destroy path.
 * Its connection (if introduced) goes with its watches and transactions,
 * the nodes it owns are removed (firing their watches), entries naming it
 * in other nodes' permissions are ignored from now on (so a new domain
 * with the same id inherits nothing), and if it was introduced
 * @releaseDomain fires.
 */
void xs_domain_gone(unsigned int domid);
/*
 * The hypervisor reports an introduced domid shut down or crashed: fires
 * @releaseDomain once, until XS_RESUME for it.
 */
void xs_domain_shutdown(unsigned int domid);

/* Nodes domid owns (first permission entry). */
unsigned int xs_domain_nodes(unsigned int domid);
/*
 * Checks the store's invariants: every node's parent exists and lists it
 * once, every listed child exists, ownership counts match. 0 or
 * -XEN_EIO (also XS_CONTROL "check").
 */
int xs_check(void);
/*
 * Writes the whole store as text into buf (NUL-terminated if size > 0):
 * the generation counter, then one line per node in tree order, with its
 * generation, permissions and value (bytes outside printable ASCII as
 * \xHH). Returns the length the full text has, as snprintf does.
 */
size_t xs_dump(char *buf, size_t size);

#endif
