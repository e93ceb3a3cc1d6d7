/*
 * Xen guest ABI: the xenstore wire protocol. Every message, in either
 * direction, is a struct xsd_sockmsg header followed by len bytes of
 * payload (usually NUL-separated strings). A guest exchanges them with
 * xenstored through the xenstore_domain_interface page (start_info.store_mfn,
 * event channel start_info.store_evtchn).
 */
#ifndef _XS_WIRE_H
#define _XS_WIRE_H

#include <stdint.h>
#include "../errno.h"

/* xsd_sockmsg.type */
enum xsd_sockmsg_type {
    XS_CONTROL              = 0,  /* daemon control / debug commands */
#define XS_DEBUG XS_CONTROL
    XS_DIRECTORY            = 1,  /* list a node's children */
    XS_READ                 = 2,  /* read a node's value */
    XS_GET_PERMS            = 3,  /* read a node's permissions */
    XS_WATCH                = 4,  /* path, token: report changes under path */
    XS_UNWATCH              = 5,  /* path, token: stop that */
    XS_TRANSACTION_START    = 6,  /* returns a transaction id */
    XS_TRANSACTION_END      = 7,  /* "T" commits, "F" aborts (EAGAIN: retry) */
    XS_INTRODUCE            = 8,  /* domid, mfn, port: a new domain's ring */
    XS_RELEASE              = 9,  /* domid: forget a domain */
    XS_GET_DOMAIN_PATH      = 10, /* domid: "/local/domain/<domid>" */
    XS_WRITE                = 11, /* path, value */
    XS_MKDIR                = 12, /* create a node */
    XS_RM                   = 13, /* remove a node and its children */
    XS_SET_PERMS            = 14, /* path, permissions */
    XS_WATCH_EVENT          = 15, /* daemon to client: path, token */
    XS_ERROR                = 16, /* reply: payload is an error name */
    XS_IS_DOMAIN_INTRODUCED = 17, /* domid: "T" or "F" */
    XS_RESUME               = 18, /* domid: domain resumed, clear shutdown */
    XS_SET_TARGET           = 19, /* domid, target: domid may act for target */
    /* 20 was XS_RESTRICT, withdrawn */
    XS_RESET_WATCHES        = 21, /* drop all of the caller's watches */
    XS_DIRECTORY_PART       = 22, /* path, offset: list children in pieces */
    XS_GET_FEATURE          = 23, /* read a domain's feature bits */
    XS_SET_FEATURE          = 24, /* set them */
    XS_GET_QUOTA            = 25, /* read a domain's quota */
    XS_SET_QUOTA            = 26, /* set it */

    XS_TYPE_COUNT,                /* number of types above */

    XS_INVALID = 0xffff           /* never a valid type */
};

/*
 * Errors travel as their C names ("EINVAL", ...) in an XS_ERROR reply.
 * This table maps each name to its number; a name not found means EINVAL,
 * the first entry. New names only ever go at the end.
 */
struct xsd_errors {
    int errnum;                 /* XEN_E* value */
    const char *errstring;      /* its name on the wire */
};

static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
__attribute__((unused))
#endif
= {
    { XEN_EINVAL,    "EINVAL" },
    { XEN_EACCES,    "EACCES" },
    { XEN_EEXIST,    "EEXIST" },
    { XEN_EISDIR,    "EISDIR" },
    { XEN_ENOENT,    "ENOENT" },
    { XEN_ENOMEM,    "ENOMEM" },
    { XEN_ENOSPC,    "ENOSPC" },
    { XEN_EIO,       "EIO" },
    { XEN_ENOTEMPTY, "ENOTEMPTY" },
    { XEN_ENOSYS,    "ENOSYS" },
    { XEN_EROFS,     "EROFS" },
    { XEN_EBUSY,     "EBUSY" },
    { XEN_EAGAIN,    "EAGAIN" },
    { XEN_EISCONN,   "EISCONN" },
    { XEN_E2BIG,     "E2BIG" },
    { XEN_EPERM,     "EPERM" },
};
#define XSD_ERRORS_COUNT (sizeof(xsd_errors) / sizeof(xsd_errors[0]))

/* Header of every message. */
struct xsd_sockmsg {
    uint32_t type;              /* XS_* */
    uint32_t req_id;            /* chosen by the client, echoed in the reply */
    uint32_t tx_id;             /* transaction, or 0 for none */
    uint32_t len;               /* payload bytes after this header */
};

/* Fields of an XS_WATCH_EVENT payload, in order. */
enum xs_watch_type {
    XS_WATCH_PATH = 0,          /* the node that changed */
    XS_WATCH_TOKEN              /* the token given to XS_WATCH */
};

/*
 * The shared page: two byte rings, each with a consumer and a producer
 * index that run freely and are masked on use (MASK_XENSTORE_IDX). The
 * guest produces into req and consumes rsp; xenstored the opposite.
 */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE]; /* guest -> xenstored */
    char rsp[XENSTORE_RING_SIZE]; /* xenstored -> guest: replies, watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;   /* XENSTORE_SERVER_FEATURE_*, set by the server */
    uint32_t connection;        /* XENSTORE_CONNECTED / _RECONNECT */
    uint32_t error;             /* XENSTORE_ERROR_*, set by the server */
    uint32_t evtchn_port;       /* non-zero: the port xenstored signals */
                                /* (set by the hypervisor for domains built */
                                /* without XS_INTRODUCE) */
};

/* Largest payload of one message. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest paths accepted (longer ones get an error). */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1 /* ring can be reset via connection */
#define XENSTORE_SERVER_FEATURE_ERROR        2 /* the error field is used */
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4 /* XS_WATCH takes a depth */
#define XENSTORE_SERVER_FEATURE_DOMID_ANY    8 /* DOMID_ANY in permissions */

/* connection values */
#define XENSTORE_CONNECTED 0    /* normal operation */
#define XENSTORE_RECONNECT 1    /* guest asks for a reset; server clears it */

/* error values */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1 /* communication failed */
#define XENSTORE_ERROR_RINGIDX 2 /* an index made no sense */
#define XENSTORE_ERROR_PROTO   3 /* protocol broken (e.g. payload too long) */

#endif /* _XS_WIRE_H */
