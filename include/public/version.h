/*
 * Xen guest ABI: __HYPERVISOR_xen_version(cmd, arg). Version, build and
 * feature queries. Every command returns 0 on success except
 * XENVER_version, XENVER_pagesize and the varbuf ones (10 and up), which
 * return a value or a size.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

/* arg NULL; returns (major << 16) | minor. */
#define XENVER_version      0

/* arg: xen_extraversion_t, e.g. ".0" or "-rc". Truncates; see 11. */
#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

/* arg: struct xen_compile_info. Truncates long strings. */
#define XENVER_compile_info 2
struct xen_compile_info {
    char compiler[64];        /* compiler and its version */
    char compile_by[16];      /* user who built the hypervisor */
    char compile_domain[32];  /* their domain name */
    char compile_date[32];    /* build date */
};
typedef struct xen_compile_info xen_compile_info_t;

/*
 * arg: xen_capabilities_info_t, the guest types the host runs, space
 * separated ("xen-3.0-x86_64 hvm-3.0-x86_64 ..."). Truncates; see 12.
 */
#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

/* arg: xen_changeset_info_t, the source revision. Truncates; see 13. */
#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

/*
 * arg: struct xen_platform_parameters; virt_start is where the hypervisor's
 * part of the address space begins (HYPERVISOR_VIRT_START on x86_64,
 * which guests know anyway). Never fails, for old guests' sake.
 */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
    xen_ulong_t virt_start;
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

/* arg: struct xen_feature_info: fetch one 32-bit word of XENFEAT_* bits. */
#define XENVER_get_features 6
struct xen_feature_info {
    uint32_t submap_idx;    /* in: which word (bits 32*idx up) */
    uint32_t submap;        /* out: its XENFEAT_* bits */
};
typedef struct xen_feature_info xen_feature_info_t;

#include "features.h"

/* arg NULL; returns the page size (4096). */
#define XENVER_pagesize 7

/* arg: xen_domain_handle_t, filled with this domain's handle (UUID). */
#define XENVER_guest_handle 8

/* arg: xen_commandline_t, the hypervisor's command line. Truncates; see 14. */
#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

/*
 * Variable-size answers. arg NULL: returns the size needed. Otherwise arg
 * is a struct xen_varbuf whose len says how big buf is; returns the bytes
 * written. Text comes without a terminating NUL.
 */
struct xen_varbuf {
    uint32_t len;           /* in: size of buf */
    unsigned char buf[];    /* out: the data */
};
typedef struct xen_varbuf xen_varbuf_t;

/* The older name of the same layout, used by XENVER_build_id. */
struct xen_build_id {
    uint32_t len;
    unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

#define XENVER_build_id      10 /* binary build id of the hypervisor */
#define XENVER_extraversion2 11 /* as 1, untruncated */
#define XENVER_capabilities2 12 /* as 3, untruncated */
#define XENVER_changeset2    13 /* as 4, untruncated */
#define XENVER_commandline2  14 /* as 9, untruncated */

#endif /* __XEN_PUBLIC_VERSION_H__ */
