/*
 * Test harness for dom0's xenstored (test_dom0_xs_*.c): the engine with
 * fake host hooks, and a client that speaks the wire protocol byte for
 * byte as Linux's xenbus driver does (header, payload; replies matched by
 * req_id), checking every reply's echoed req_id and tx_id.
 *
 * Each test starts from xt_setup (a fresh store, one privileged dom0
 * connection, xt_dom0) and ends with xt_teardown, which checks the
 * store's invariants and that no heap block is left.
 */
#ifndef DOM0_XS_FIXTURE_H
#define DOM0_XS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/xenstore.h>
#include <public/io/xs_wire.h>

/* A payload spelt as a string literal, with its final NUL: P("a\0b")
 * is "a", NUL, "b", NUL. */
#define P(lit) lit, sizeof(lit)

struct xt_msg {
    struct xsd_sockmsg h;
    char body[XENSTORE_PAYLOAD_MAX + 1];    /* NUL after h.len bytes */
};

/* What the fake host hooks saw and will do. */
struct xt_host {
    struct xs_conn *introduced[8];      /* by domid order of arrival */
    unsigned int domids[8];
    unsigned long mfns[8];
    unsigned int ports[8];
    int n_introduced;
    int n_released;
    int n_reintroduced;
    int introduce_error;                /* non-zero: introduce fails so */
    bool privileged_rings;              /* introduced connections are */
    bool missing[64];                   /* domains that do not exist */
    char log[256];                      /* the last XS_CONTROL print */
    int ready_calls;
};

extern struct xt_host xt_host;
extern struct xs_conn *xt_dom0;
extern const struct xs_host_ops xt_ops;

int xt_setup(void **state);
int xt_teardown(void **state);

/* A guest's connection, as its ring would have: unprivileged. */
struct xs_conn *xt_guest(unsigned int domid);
/* Another of dom0's tools: privileged. */
struct xs_conn *xt_tool(void);

/* ---- Raw wire ---- */

/* Feeds one request (req_id from a counter, returned) in one piece. */
uint32_t xt_send(struct xs_conn *c, uint32_t type, uint32_t tx,
                 const void *payload, size_t len);
/* Takes the next whole message for c (events xt_call passed over
 * first); false if there is none. */
bool xt_next(struct xs_conn *c, struct xt_msg *m);
/*
 * Sends a request and takes its reply, which must come next but for
 * watch events (kept for xt_next), with the request's req_id and tx_id. Returns 0 if the reply has the
 * request's type, else the errno of an XS_ERROR (negative).
 */
int xt_call(struct xs_conn *c, uint32_t type, uint32_t tx,
            const void *payload, size_t len, struct xt_msg *reply);
/* The errno an XS_ERROR payload names (negative). */
int xt_errno(const char *name);

/* ---- Requests (0 or a negative errno; the reply checked) ---- */

int xt_write(struct xs_conn *c, uint32_t tx, const char *path,
             const char *value);
int xt_mkdir(struct xs_conn *c, uint32_t tx, const char *path);
int xt_rm(struct xs_conn *c, uint32_t tx, const char *path);
/* Into out (XENSTORE_PAYLOAD_MAX + 1): the length, or a negative errno. */
int xt_read(struct xs_conn *c, uint32_t tx, const char *path, char *out);
int xt_dir(struct xs_conn *c, uint32_t tx, const char *path, char *out);
int xt_get_perms(struct xs_conn *c, uint32_t tx, const char *path, char *out);
/* perms: NUL-separated, len bytes with the last NUL. */
int xt_set_perms(struct xs_conn *c, uint32_t tx, const char *path,
                 const char *perms, size_t len);
int xt_watch(struct xs_conn *c, const char *path, const char *token);
int xt_unwatch(struct xs_conn *c, const char *path, const char *token);
int xt_tx_start(struct xs_conn *c, uint32_t *tx);
int xt_tx_end(struct xs_conn *c, uint32_t tx, bool commit);

/* Asserts value at path (read as dom0). */
void xt_assert_value(const char *path, const char *value);
void xt_assert_absent(const char *path);

/* ---- Events ---- */

/* The next message must be a watch event for path and token. */
void xt_expect_event(struct xs_conn *c, const char *path, const char *token);
/* Nothing may be queued on c. */
void xt_expect_quiet(struct xs_conn *c);
/* Takes every queued event; how many there were. */
int xt_drain(struct xs_conn *c);

/* ---- The store as a whole ---- */

/* A heap copy of xs_dump's text (free it). */
char *xt_dump(void);
void xt_assert_dump(const char *before);

#endif
