/*
 * dom0's own xenstore client: synchronous requests over a local
 * connection to the in-process engine (<dom0/xenstore.h>). The engine
 * handles a request as soon as it has all of it, so each call sends its
 * request and finds the reply already queued. Watch events met on the
 * way are handed to the client's callback.
 *
 * Every call returns 0 or a negative XEN_E* value: the errno of an
 * XS_ERROR reply, or -XEN_ENOMEM / -XEN_EIO of its own. tx is a
 * transaction id from xs_transaction_start, or 0.
 */
#ifndef DOM0_XS_CLIENT_H
#define DOM0_XS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xs_conn;

typedef void (*xs_event_fn)(void *arg, const char *path, const char *token);

struct xs_client {
    struct xs_conn *conn;
    uint32_t next_req;
    xs_event_fn on_event;       /* may be NULL: events are dropped */
    void *arg;
};

void xs_client_init(struct xs_client *cl, struct xs_conn *conn,
                    xs_event_fn on_event, void *arg);

/*
 * One request of any type with the given payload. On success *reply is
 * the reply's payload in a heap block with a NUL added after its *len
 * bytes (free it); reply may be NULL if the caller does not want it.
 */
int xs_client_call(struct xs_client *cl, uint32_t type, uint32_t tx,
                   const void *payload, size_t len, char **reply,
                   size_t *rlen);
/* Hands every queued watch event to the callback. */
void xs_client_poll(struct xs_client *cl);

/* A node's value, in a heap block with a NUL after its *len bytes. */
int xs_read(struct xs_client *cl, uint32_t tx, const char *path,
            char **value, size_t *len);
int xs_write(struct xs_client *cl, uint32_t tx, const char *path,
             const void *value, size_t len);
int xs_mkdir(struct xs_client *cl, uint32_t tx, const char *path);
int xs_rm(struct xs_client *cl, uint32_t tx, const char *path);
/* The children's names, each NUL-terminated, *len bytes in all. */
int xs_directory(struct xs_client *cl, uint32_t tx, const char *path,
                 char **names, size_t *len);
/* Permissions as the wire has them: "r0" strings, each NUL-terminated. */
int xs_get_perms(struct xs_client *cl, uint32_t tx, const char *path,
                 char **perms, size_t *len);
int xs_set_perms(struct xs_client *cl, uint32_t tx, const char *path,
                 const char *perms, size_t len);
int xs_transaction_start(struct xs_client *cl, uint32_t *tx);
/* Commits (or aborts); -XEN_EAGAIN: it conflicted, start over. */
int xs_transaction_end(struct xs_client *cl, uint32_t tx, bool commit);
int xs_watch(struct xs_client *cl, const char *path, const char *token);
int xs_unwatch(struct xs_client *cl, const char *path, const char *token);
/* XS_INTRODUCE: xenstored starts serving domid's ring (the page at mfn,
 * the event channel port in domid); XS_RELEASE: it stops. */
int xs_introduce_domain(struct xs_client *cl, unsigned int domid,
                        unsigned long mfn, unsigned int port);
int xs_release_domain(struct xs_client *cl, unsigned int domid);

#endif
