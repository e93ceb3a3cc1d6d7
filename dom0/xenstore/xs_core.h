/*
 * xenstored's insides, shared by the files of dom0/xenstore/ and by
 * nothing else (the interface is <dom0/xenstore.h>).
 *
 * The store is a map from canonical path to node record, as Xen keeps it
 * in TDB: a record holds its value, its permissions and the names of its
 * children; the tree is in those child lists. Records are immutable once
 * published and reference counted, so a transaction keeps the record it
 * read as its snapshot for free. Every change is made in two steps: build
 * a batch of new records (this may fail, and then nothing changed), then
 * apply it (this cannot fail). That is how a failed allocation leaves the
 * store, and a transaction, exactly as they were.
 *
 * Errors are negative XEN_E* values throughout.
 */
#ifndef XS_CORE_H
#define XS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <dom0/xenstore.h>
#include <public/io/xs_wire.h>

/* Permission bits (Xen's values). OWNER is computed, never stored;
 * IGNORE marks an entry naming a domain that no longer exists. */
#define XS_PERM_NONE   0x00
#define XS_PERM_READ   0x01
#define XS_PERM_WRITE  0x02
#define XS_PERM_OWNER  0x08
#define XS_PERM_IGNORE 0x10

#define XS_NO_GENERATION UINT64_MAX     /* of a node that does not exist */
#define XS_DOMID_LIMIT   0x7FF0         /* DOMID_FIRST_RESERVED */

struct xs_perm {
    uint32_t id;
    uint32_t perms;
};

/* ---- xs_map.c: string-keyed hash map of intrusive links ---- */

struct xs_link {
    struct xs_link *next;
    const char *key;
    size_t keylen;
    uint32_t hash;
};

struct xs_map {
    struct xs_link **buckets;
    size_t nbuckets;        /* a power of two */
    size_t count;
};

int map_init(struct xs_map *m);
void map_fini(struct xs_map *m);            /* the buckets, not the links */
struct xs_link *map_find(const struct xs_map *m, const char *key, size_t len);
void map_insert(struct xs_map *m, struct xs_link *l);   /* key absent */
void map_remove(struct xs_map *m, struct xs_link *l);
/* Detaches every link and hands it to fn. */
void map_drain(struct xs_map *m, void (*fn)(struct xs_link *l));
/* Every link, in no particular order; fn must not change the map. */
void map_each(const struct xs_map *m, void (*fn)(struct xs_link *l, void *arg),
              void *arg);

/* ---- xs_node.c: node records ---- */

struct xs_node {
    struct xs_link link;        /* key = path; in the store while published */
    unsigned int refs;
    uint64_t generation;
    uint32_t nperms, datalen, childlen;
    struct xs_perm *perms;      /* these three and path share the block */
    char *data;
    char *children;             /* names, each NUL-terminated, in order */
    char *path;
};

/* A span of bytes, for assembling child lists. */
struct xs_span {
    const char *p;
    uint32_t len;
};

/*
 * A new record (one reference): path (len bytes), perms, data, and a
 * child list made of up to three spans in order. NULL if out of memory.
 */
struct xs_node *node_new(const char *path, size_t len,
                         const struct xs_perm *perms, uint32_t nperms,
                         const void *data, uint32_t datalen,
                         const struct xs_span child[3]);
/* Copies of n with one thing changed. */
struct xs_node *node_with_data(const struct xs_node *n, const void *data,
                               uint32_t len);
struct xs_node *node_with_perms(const struct xs_node *n,
                                const struct xs_perm *perms, uint32_t nperms);
struct xs_node *node_with_child(const struct xs_node *n, const char *name,
                                size_t len);
struct xs_node *node_without_child(const struct xs_node *n, const char *name,
                                   size_t len);
/* Offset of name in n's child list, or -1. */
long node_child_offset(const struct xs_node *n, const char *name, size_t len);
void node_get(struct xs_node *n);
void node_put(struct xs_node *n);
/* Xen's record size, which XS_QUOTA_NODE_SIZE bounds. */
size_t node_size(const struct xs_node *n);
static inline uint32_t node_owner(const struct xs_node *n)
{
    return n->perms[0].id;
}

/* ---- xs_path.c: path syntax ---- */

/* Xen's is_valid_nodename: absolute, legal characters, no "//", no
 * trailing '/', not too long. */
bool path_valid(const char *p, size_t len);
/* Length of the parent of p (not "/"); 1 for a child of the root. */
size_t path_parent_len(const char *p, size_t len);
/* The last name in p (not "/"). */
const char *path_base(const char *p, size_t len, size_t *baselen);
/* Is p (len) the node w or under it? Everything is under "/". */
bool path_under(const char *p, size_t len, const char *w, size_t wlen);
/* "/local/domain/" and any unsigned int (GET_DOMAIN_PATH takes whatever
 * number a client sends), with its NUL: 14 + 10 + 1 bytes. */
#define XS_DOMAIN_PATH_MAX 25

/* "/local/domain/<domid>" into buf (XS_DOMAIN_PATH_MAX bytes); its length. */
size_t path_domain(char *buf, unsigned int domid);
/*
 * The canonical form of p (len bytes), as a client sent it, into out
 * (room for XS_DOMAIN_PATH_MAX + len + 1): itself if it starts with '/'
 * or '@', else under the connection's domain path. Returns its length.
 */
size_t path_canonical(const struct xs_conn *c, const char *p, size_t len,
                      char *out);
/* C's atoi, as Xen parses numbers in requests (32-bit wrap). */
int xs_atoi(const char *s);

/* ---- xs_perms.c: permissions ---- */

/* What connection c may do with a node of these permissions; NULL c is
 * the engine itself (everything). */
unsigned int perm_for(const struct xs_conn *c, const struct xs_perm *p,
                      uint32_t n);
/* Parses n perm strings ("r5") from s; -XEN_EINVAL if any is malformed. */
int perms_parse(const char *s, size_t len, struct xs_perm *out, uint32_t n);
/* Marks the entries after the owner's that name domid as ignored. */
void perms_ignore(struct xs_perm *p, uint32_t n, uint32_t domid);
/* Formats them as GET_PERMS sends them into buf; the length, which is at
 * most n * XS_PERM_STR_MAX. */
#define XS_PERM_STR_MAX 13          /* "b-2147483648" and its NUL */
size_t perms_format(const struct xs_perm *p, uint32_t n, char *buf);

/* ---- xs_conn.c: connections ---- */

struct xs_msg {
    struct xs_msg *next;
    uint32_t len;               /* header and payload */
    uint32_t sent;
    bool event;
    unsigned char *bytes;
};

/* Room in a connection's spare reply: the longest error name, and "OK". */
#define XS_SMALL_REPLY 16

struct xs_watch;
struct xs_tx;
struct xs_batch;

struct xs_conn {
    struct xs_conn *next;               /* xs.conns, oldest first */
    unsigned int domid;
    bool privileged;
    bool has_target;                    /* XS_SET_TARGET */
    unsigned int target;
    unsigned int error;                 /* XENSTORE_ERROR_*: broken */
    void *priv;

    /* The request being received. */
    struct xsd_sockmsg hdr;
    uint32_t have;                      /* bytes of header, then payload */
    bool in_payload;
    bool complete;                      /* waiting to be handled */
    char body[XENSTORE_PAYLOAD_MAX];

    /* Queued output, oldest first. */
    struct xs_msg *out_head, **out_tail;
    size_t out_bytes;
    unsigned long dropped;
    struct xs_msg spare;                /* a reply when malloc fails */
    unsigned char spare_bytes[sizeof(struct xsd_sockmsg) + XS_SMALL_REPLY];

    struct xs_watch *watches, **watch_tail;
    unsigned int nwatches;
    struct xs_tx *txs;
    unsigned int ntxs;
    uint32_t next_txid;
};

static inline bool conn_unprivileged(const struct xs_conn *c)
{
    return c && !c->privileged;
}

/* A message of len payload bytes, unqueued; NULL if out of memory. */
struct xs_msg *msg_new(uint32_t len);
void msg_free(struct xs_conn *c, struct xs_msg *m);     /* spare-aware */
/* Queues m (header filled in by the caller) for c's reader. */
void conn_queue(struct xs_conn *c, struct xs_msg *m);
/* Drops everything c has queued. */
void conn_drop_output(struct xs_conn *c);
/* Drops c's watches, transactions, output and partial input (Xen's
 * connection reset, for a re-introduced domain). */
void conn_reset(struct xs_conn *c);

/* ---- xs_tx.c: transactions ---- */

struct xs_tx_entry {
    struct xs_link link;        /* key = path */
    struct xs_tx_entry *next;   /* first access first */
    struct xs_node *node;       /* what the transaction sees; NULL: absent */
    struct xs_node *orig;       /* what the store had at first access */
    uint64_t read_gen;          /* its generation, or XS_NO_GENERATION */
    bool modified;
    bool fire, exact;           /* watch event to fire at commit */
    char path[];
};

struct xs_tx {
    struct xs_tx *next;         /* the connection's, newest first */
    struct xs_conn *conn;
    uint32_t id;
    struct xs_map map;
    struct xs_tx_entry *first, **tail;
    unsigned int count;
    bool created;               /* it created nodes (quota check) */
    bool failed;                /* a node it made went with its owner */
};

struct xs_tx *tx_find(const struct xs_conn *c, uint32_t id);
/* Opens a transaction on c; -XEN_ENOSPC at the quota, -XEN_ENOMEM. */
int tx_start(struct xs_conn *c, struct xs_tx **out);
/* Ends tx, committing if commit: 0, -XEN_EAGAIN (conflict), -XEN_ENOSPC
 * (node quota). The transaction is gone either way. */
int tx_end(struct xs_tx *tx, bool commit);
void tx_free_all(struct xs_conn *c);
/* view_get and batch_apply inside tx. */
int tx_get(struct xs_tx *tx, const char *path, size_t len,
           struct xs_node **out);
void tx_apply(struct xs_tx *tx, struct xs_batch *b);
/* Notes that path's watches fire at commit (exact: see watch_fire). */
void tx_queue_watch(struct xs_tx *tx, const char *path, size_t len,
                    bool exact);
/* domid is gone: its nodes in transactions fail them, entries naming it
 * in their records' permissions are ignored. */
void tx_domain_gone(unsigned int domid);

/* ---- xs_view.c: what one request sees, and batches of changes ---- */

struct xs_req {
    struct xs_conn *conn;       /* NULL: the engine itself */
    struct xs_tx *tx;           /* NULL: outside any transaction */
};

/* The node at path as req sees it (*out NULL if absent), recording the
 * access in the transaction. 0, -XEN_ENOMEM or -XEN_ENOSPC. */
int view_get(const struct xs_req *r, const char *path, size_t len,
             struct xs_node **out);

struct xs_change {
    struct xs_change *next;
    struct xs_node *node;       /* the new record; NULL: delete */
    struct xs_node *old;        /* what it replaces (a reference) or NULL */
    const char *path;           /* in node or old */
    size_t len;
};

struct xs_batch {
    struct xs_change *first;
    bool created;               /* it adds nodes */
};

/* Adds a change to b, taking node's reference and one on old; false if
 * out of memory (then node is released). */
bool batch_add(struct xs_batch *b, struct xs_node *node, struct xs_node *old);
/* Makes b what req sees: in the store or in the transaction. */
void batch_apply(const struct xs_req *r, struct xs_batch *b);
void batch_free(struct xs_batch *b);

/* ---- xs_db.c: the store itself ---- */

struct xs_node *db_find(const char *path, size_t len);
/* Publishes change by change: replaces or deletes, sets generations,
 * keeps the ownership counts. */
void db_apply(struct xs_batch *b);
/* Replaces one published record (for a transaction's commit). */
void db_replace(const char *path, size_t len, struct xs_node *node);
/* The node after n in tree order, skipping n's children unless descend;
 * NULL after the last. */
struct xs_node *db_next(const struct xs_node *n, bool descend);
/* Ownership counts (XS_DOMID_LIMIT of them). */
extern uint32_t xs_owned[XS_DOMID_LIMIT];
void db_count(const struct xs_node *n, int delta);

/* ---- xs_store.c: the operations on nodes ---- */

/* Xen's get_node: the node if c may do perm to it; errors say no more
 * than c may know (EACCES rather than ENOENT). */
int store_get(const struct xs_req *r, const char *path, size_t len,
              unsigned int perm, struct xs_node **out);
int store_write(const struct xs_req *r, const char *path, size_t len,
                const void *data, uint32_t datalen);
int store_mkdir(const struct xs_req *r, const char *path, size_t len);
int store_rm(const struct xs_req *r, const char *path, size_t len);
int store_set_perms(const struct xs_req *r, const char *path, size_t len,
                    const struct xs_perm *perms, uint32_t n);

/* ---- xs_watch.c: watches and events ---- */

struct xs_watch {
    struct xs_watch *next;
    size_t rel;                 /* bytes of domain path to strip, or 0 */
    char *token;
    char path[];                /* canonical, or "@..." */
};

int watch_add(struct xs_conn *c, const char *path, size_t len, size_t rel,
              const char *token);
int watch_remove(struct xs_conn *c, const char *path, const char *token);
void watch_free_all(struct xs_conn *c);
/* Queues an event for c; dropped (and counted) if it does not fit. */
void watch_event(struct xs_conn *c, const char *path, const char *token);

/*
 * A change to path: to each connection that may see it, an event per
 * matching watch (inside a transaction, a note to fire at commit).
 * exact: only watches on path itself (a removed descendant). The perms
 * that decide who may see it, as Xen's watch_permitted: extra (perms
 * before the change), node's, its parent's; NULL node or parent: look
 * them up in the store.
 */
void watch_fire(const struct xs_req *r, const char *path, size_t len,
                bool exact, const struct xs_node *node,
                const struct xs_node *parent, const struct xs_perm *extra,
                uint32_t nextra);
/* Fires a special watch ("@introduceDomain") to those allowed. */
void watch_fire_special(const char *name);

/* ---- xs_domain.c: domains ---- */

struct xs_dom {
    struct xs_dom *next;
    unsigned int domid;
    struct xs_conn *conn;       /* its ring; NULL once that went */
    bool shutdown;              /* @releaseDomain sent for a shutdown */
};

struct xs_dom *dom_find(unsigned int domid);
/* Does domid exist, for permission entries naming it? */
bool dom_exists(unsigned int domid);
/* Is domid in contact with the engine (XS_IS_DOMAIN_INTRODUCED)? */
bool dom_introduced(unsigned int domid);
/* The permissions of "@introduceDomain" or "@releaseDomain" (NULL for any
 * other name), and where their count is kept. */
struct xs_perm *special_perms(const char *name, uint32_t **n);
/* Replaces a special path's permissions with a heap array it takes. */
void special_set(const char *name, struct xs_perm *perms, uint32_t n);
/* The requests about domains; 0 or a negative XEN_E*. */
int dom_introduce(unsigned int domid, unsigned long mfn, unsigned int port);
int dom_release(unsigned int domid, const struct xs_conn *requester);
int dom_resume(unsigned int domid);
int dom_set_target(unsigned int domid, unsigned int target);
/* c is going: no domain's connection any more. */
void dom_conn_gone(struct xs_conn *c);
void dom_free_all(void);

/* ---- xs_proto.c: requests ---- */

/* Handles c's complete request; false if it must wait for output room. */
bool proto_handle(struct xs_conn *c);

/* ---- The engine's state ---- */

struct xs_state {
    bool ready;
    const struct xs_host_ops *ops;
    void *ctx;
    struct xs_map nodes;
    uint64_t generation;        /* last one handed out */
    struct xs_conn *conns, **conn_tail;
    struct xs_dom *doms;
    struct xs_perm *special[2]; /* @introduceDomain, @releaseDomain */
    uint32_t nspecial[2];
};

extern struct xs_state xs;

#endif
