/*
 * Xen guest ABI: the PV block device protocol (blkfront / blkback).
 *
 * The frontend grants the backend a ring page (xenstore "ring-ref",
 * "event-channel", "protocol" = "x86_64-abi") and puts requests on it;
 * each request names up to BLKIF_MAX_SEGMENTS_PER_REQUEST granted pages
 * of data. The backend advertises the disk in xenstore ("sectors",
 * "sector-size", "info" = VDISK_* bits, "feature-*" keys). Sectors are
 * always 512 bytes in sector_number and first/last_sect.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include "ring.h"
#include "../grant_table.h"

#ifndef blkif_vdev_t
#define blkif_vdev_t   uint16_t  /* the frontend's device handle */
#endif
#define blkif_sector_t uint64_t  /* a 512-byte sector number */

/* blkif_request.operation */
#define BLKIF_OP_READ              0
#define BLKIF_OP_WRITE             1
#define BLKIF_OP_WRITE_BARRIER     2 /* write after all before it are durable */
                                     /* ("feature-barrier") */
#define BLKIF_OP_FLUSH_DISKCACHE   3 /* make completed writes durable */
                                     /* ("feature-flush-cache") */
#define BLKIF_OP_RESERVED_1        4 /* taken by a blktap extension */
#define BLKIF_OP_DISCARD           5 /* struct blkif_request_discard */
                                     /* ("feature-discard") */
#define BLKIF_OP_INDIRECT          6 /* struct blkif_request_indirect */
                                     /* ("feature-max-indirect-segments") */

/* Data pages one request may name directly. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* Pages of segment descriptors one indirect request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

/* One granted page of data and which of its sectors take part. */
struct blkif_request_segment {
    grant_ref_t gref;           /* the data page */
    uint8_t     first_sect;     /* first 512-byte sector used (0-7) */
    uint8_t     last_sect;      /* last one used, inclusive */
};

/* Read or write (also barrier / flush) request. */
struct blkif_request {
    uint8_t        operation;    /* BLKIF_OP_* */
    uint8_t        nr_segments;  /* entries of seg used */
    blkif_vdev_t   handle;       /* device (read/write only) */
    uint64_t       id;           /* the frontend's cookie, echoed back */
    blkif_sector_t sector_number; /* first sector on the disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* Discard [sector_number, + nr_sectors); flag may ask for a secure erase. */
struct blkif_request_discard {
    uint8_t        operation;    /* BLKIF_OP_DISCARD */
    uint8_t        flag;         /* BLKIF_DISCARD_* */
#define BLKIF_DISCARD_SECURE (1 << 0) /* data must be unrecoverable */
                                      /* (only if "discard-secure") */
    blkif_vdev_t   handle;
    uint64_t       id;
    blkif_sector_t sector_number;
    uint64_t       nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/*
 * Indirect read/write: the segments are in granted pages of
 * struct blkif_request_segment (512 per page), up to the backend's
 * "feature-max-indirect-segments".
 */
struct blkif_request_indirect {
    uint8_t        operation;    /* BLKIF_OP_INDIRECT */
    uint8_t        indirect_op;  /* BLKIF_OP_READ or _WRITE */
    uint16_t       nr_segments;  /* data segments in all */
    uint64_t       id;
    blkif_sector_t sector_number;
    blkif_vdev_t   handle;
    grant_ref_t    indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
    uint64_t        id;          /* the request's id */
    uint8_t         operation;   /* the request's operation */
    int16_t         status;      /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;

#define BLKIF_RSP_EOPNOTSUPP  -2 /* operation not supported */
#define BLKIF_RSP_ERROR       -1 /* failed */
#define BLKIF_RSP_OKAY         0 /* done */

DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);

/* Bits of the backend's "info" node. */
#define VDISK_CDROM        0x1
#define VDISK_REMOVABLE    0x2
#define VDISK_READONLY     0x4

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
