/*
 * Unit tests for include/public/, part 4 of 4: hvm/start_info.h, errno.h
 * and io/ (xs_wire.h, xenbus.h, console.h, ring.h, blkif.h, netif.h),
 * including the ring macros driven through a blkif ring.
 *
 * Part 1 (xen.h and the core guest ABI) is test_public_abi_core.c; how the
 * expected numbers were found, and SIZE/OFF/VAL, are in abi_check.h.
 */
#include "abi_check.h"

#include "public/errno.h"
#include "public/hvm/start_info.h"
#include "public/io/xs_wire.h"
#include "public/io/ring.h"
#include "public/io/console.h"
#include "public/io/blkif.h"
#include "public/io/netif.h"
#include "public/io/xenbus.h"

/* ------------------------------------------------------------------ */
/* hvm/start_info.h, errno.h                                           */
/* ------------------------------------------------------------------ */

static void test_hvm_start_info_and_errno(void **state)
{
    (void)state;

    /*
     * Four uint32_t (0..12), then modlist, cmdline, rsdp, memmap
     * addresses (16, 24, 32, 40), memmap_entries (48), reserved (52).
     */
    SIZE(struct hvm_start_info, 56);
    OFF(struct hvm_start_info, version, 4);
    OFF(struct hvm_start_info, flags, 8);
    OFF(struct hvm_start_info, nr_modules, 12);
    OFF(struct hvm_start_info, modlist_paddr, 16);
    OFF(struct hvm_start_info, cmdline_paddr, 24);
    OFF(struct hvm_start_info, rsdp_paddr, 32);
    OFF(struct hvm_start_info, memmap_paddr, 40);
    OFF(struct hvm_start_info, memmap_entries, 48);
    OFF(struct hvm_start_info, reserved, 52);
    SIZE(struct hvm_modlist_entry, 32);
    OFF(struct hvm_modlist_entry, cmdline_paddr, 16);
    SIZE(struct hvm_memmap_table_entry, 24);
    OFF(struct hvm_memmap_table_entry, type, 16);
    VAL(XEN_HVM_START_MAGIC_VALUE, 0x336ec578);
    assert_memory_equal(&(uint32_t){ XEN_HVM_START_MAGIC_VALUE }, "x\xc5" "n3", 4);
    VAL(XEN_HVM_MEMMAP_TYPE_RAM, 1);
    VAL(XEN_HVM_MEMMAP_TYPE_PMEM, 7);

    VAL(XEN_EPERM, 1);
    VAL(XEN_ENOENT, 2);
    VAL(XEN_ESRCH, 3);
    VAL(XEN_EIO, 5);
    VAL(XEN_E2BIG, 7);
    VAL(XEN_EAGAIN, 11);
    VAL(XEN_ENOMEM, 12);
    VAL(XEN_EACCES, 13);
    VAL(XEN_EFAULT, 14);
    VAL(XEN_EBUSY, 16);
    VAL(XEN_EEXIST, 17);
    VAL(XEN_EXDEV, 18);
    VAL(XEN_ENODEV, 19);
    VAL(XEN_EISDIR, 21);
    VAL(XEN_EINVAL, 22);
    VAL(XEN_ENOSPC, 28);
    VAL(XEN_EROFS, 30);
    VAL(XEN_ERANGE, 34);
    VAL(XEN_EDEADLK, 35);
    VAL(XEN_ENOSYS, 38);
    VAL(XEN_ENOTEMPTY, 39);
    VAL(XEN_ENODATA, 61);
    VAL(XEN_ETIME, 62);
    VAL(XEN_EOVERFLOW, 75);
    VAL(XEN_ERESTART, 85);
    VAL(XEN_EOPNOTSUPP, 95);
    VAL(XEN_EISCONN, 106);
    VAL(XEN_ENOTCONN, 107);
    VAL(XEN_ETIMEDOUT, 110);
    VAL(XEN_ECONNREFUSED, 111);
}

/* ------------------------------------------------------------------ */
/* io/: xenstore, console, xenbus                                      */
/* ------------------------------------------------------------------ */

static void test_io_xenstore_console(void **state)
{
    (void)state;

    /* Four uint32_t. */
    SIZE(struct xsd_sockmsg, 16);
    OFF(struct xsd_sockmsg, req_id, 4);
    OFF(struct xsd_sockmsg, tx_id, 8);
    OFF(struct xsd_sockmsg, len, 12);
    /*
     * req 1024, rsp 1024 (1024), then eight uint32_t from 2048:
     * req_cons, req_prod, rsp_cons, rsp_prod, server_features,
     * connection, error, evtchn_port = 2080. (Xen 4.17 ends before
     * evtchn_port, at 2076; the page is the same.)
     */
    SIZE(struct xenstore_domain_interface, 2080);
    OFF(struct xenstore_domain_interface, rsp, 1024);
    OFF(struct xenstore_domain_interface, req_cons, 2048);
    OFF(struct xenstore_domain_interface, req_prod, 2052);
    OFF(struct xenstore_domain_interface, rsp_cons, 2056);
    OFF(struct xenstore_domain_interface, rsp_prod, 2060);
    OFF(struct xenstore_domain_interface, server_features, 2064);
    OFF(struct xenstore_domain_interface, connection, 2068);
    OFF(struct xenstore_domain_interface, error, 2072);
    OFF(struct xenstore_domain_interface, evtchn_port, 2076);
    /*
     * in 1024, out 2048 (1024), in_cons, in_prod, out_cons, out_prod
     * (3072..3084), connection 1 (3088), pad 3: 3092. (Xen 4.17 ends
     * before connection, at 3088.)
     */
    SIZE(struct xencons_interface, 3092);
    OFF(struct xencons_interface, out, 1024);
    OFF(struct xencons_interface, in_cons, 3072);
    OFF(struct xencons_interface, in_prod, 3076);
    OFF(struct xencons_interface, out_cons, 3080);
    OFF(struct xencons_interface, out_prod, 3084);
    OFF(struct xencons_interface, connection, 3088);

    VAL(XS_CONTROL, 0);
    VAL(XS_DEBUG, 0);
    VAL(XS_DIRECTORY, 1);
    VAL(XS_READ, 2);
    VAL(XS_GET_PERMS, 3);
    VAL(XS_WATCH, 4);
    VAL(XS_UNWATCH, 5);
    VAL(XS_TRANSACTION_START, 6);
    VAL(XS_TRANSACTION_END, 7);
    VAL(XS_INTRODUCE, 8);
    VAL(XS_RELEASE, 9);
    VAL(XS_GET_DOMAIN_PATH, 10);
    VAL(XS_WRITE, 11);
    VAL(XS_MKDIR, 12);
    VAL(XS_RM, 13);
    VAL(XS_SET_PERMS, 14);
    VAL(XS_WATCH_EVENT, 15);
    VAL(XS_ERROR, 16);
    VAL(XS_IS_DOMAIN_INTRODUCED, 17);
    VAL(XS_RESUME, 18);
    VAL(XS_SET_TARGET, 19);
    VAL(XS_RESET_WATCHES, 21);
    VAL(XS_DIRECTORY_PART, 22);
    VAL(XS_GET_FEATURE, 23);
    VAL(XS_SET_FEATURE, 24);
    VAL(XS_GET_QUOTA, 25);
    VAL(XS_SET_QUOTA, 26);
    VAL(XS_TYPE_COUNT, 27);
    VAL(XS_INVALID, 0xffff);
    VAL(XS_WATCH_PATH, 0);
    VAL(XS_WATCH_TOKEN, 1);
    VAL(XENSTORE_RING_SIZE, 1024);
    VAL(MASK_XENSTORE_IDX(1024 + 5), 5);
    VAL(XENSTORE_PAYLOAD_MAX, 4096);
    VAL(XENSTORE_ABS_PATH_MAX, 3072);
    VAL(XENSTORE_REL_PATH_MAX, 2048);
    VAL(XENSTORE_SERVER_FEATURE_RECONNECTION, 1);
    VAL(XENSTORE_SERVER_FEATURE_ERROR, 2);
    VAL(XENSTORE_SERVER_FEATURE_WATCHDEPTH, 4);
    VAL(XENSTORE_SERVER_FEATURE_DOMID_ANY, 8);
    VAL(XENSTORE_CONNECTED, 0);
    VAL(XENSTORE_RECONNECT, 1);
    VAL(XENSTORE_ERROR_NONE, 0);
    VAL(XENSTORE_ERROR_COMM, 1);
    VAL(XENSTORE_ERROR_RINGIDX, 2);
    VAL(XENSTORE_ERROR_PROTO, 3);

    VAL(XENCONSOLE_CONNECTED, 0);
    VAL(XENCONSOLE_DISCONNECTED, 1);
    {
        struct xencons_interface c;
        VAL(MASK_XENCONS_IDX(1030u, c.in), 6);
        VAL(MASK_XENCONS_IDX(1030u, c.out), 1030);
        VAL(MASK_XENCONS_IDX(2050u, c.out), 2);
    }

    VAL(XenbusStateUnknown, 0);
    VAL(XenbusStateInitialising, 1);
    VAL(XenbusStateInitWait, 2);
    VAL(XenbusStateInitialised, 3);
    VAL(XenbusStateConnected, 4);
    VAL(XenbusStateClosing, 5);
    VAL(XenbusStateClosed, 6);
    VAL(XenbusStateReconfiguring, 7);
    VAL(XenbusStateReconfigured, 8);
}

/* The error table maps names to XEN_E* numbers; EINVAL comes first. */
static void test_xs_errors(void **state)
{
    static const struct {
        const char *name;
        int num;
    } want[] = {
        { "EINVAL", 22 }, { "EACCES", 13 }, { "EEXIST", 17 }, { "EISDIR", 21 },
        { "ENOENT", 2 }, { "ENOMEM", 12 }, { "ENOSPC", 28 }, { "EIO", 5 },
        { "ENOTEMPTY", 39 }, { "ENOSYS", 38 }, { "EROFS", 30 }, { "EBUSY", 16 },
        { "EAGAIN", 11 }, { "EISCONN", 106 }, { "E2BIG", 7 }, { "EPERM", 1 },
    };

    (void)state;

    SIZE(struct xsd_errors, 16);
    assert_int_equal(XSD_ERRORS_COUNT, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < XSD_ERRORS_COUNT; i++) {
        assert_string_equal(xsd_errors[i].errstring, want[i].name);
        assert_int_equal(xsd_errors[i].errnum, want[i].num);
    }
}

/* ------------------------------------------------------------------ */
/* io/ring.h, io/blkif.h, io/netif.h                                   */
/* ------------------------------------------------------------------ */

static void test_io_blkif_netif_layouts(void **state)
{
    (void)state;

    /* gref 4, first_sect (4), last_sect (5), pad 2. */
    SIZE(struct blkif_request_segment, 8);
    OFF(struct blkif_request_segment, first_sect, 4);
    OFF(struct blkif_request_segment, last_sect, 5);
    /*
     * operation, nr_segments, handle 2 (2), pad 4, id 8 (8), sector 8
     * (16), 11 segments of 8 (24): 112.
     */
    SIZE(struct blkif_request, 112);
    OFF(struct blkif_request, nr_segments, 1);
    OFF(struct blkif_request, handle, 2);
    OFF(struct blkif_request, id, 8);
    OFF(struct blkif_request, sector_number, 16);
    OFF(struct blkif_request, seg, 24);
    OFF(struct blkif_request, seg[10], 104);
    /* operation, flag, handle (2), pad, id (8), sector (16), nr_sectors (24). */
    SIZE(struct blkif_request_discard, 32);
    OFF(struct blkif_request_discard, flag, 1);
    OFF(struct blkif_request_discard, id, 8);
    OFF(struct blkif_request_discard, nr_sectors, 24);
    /*
     * operation, indirect_op, nr_segments 2 (2), pad, id (8), sector
     * (16), handle 2 (24), pad 2, 8 grefs 32 (28): 60, rounded to 64.
     */
    SIZE(struct blkif_request_indirect, 64);
    OFF(struct blkif_request_indirect, indirect_op, 1);
    OFF(struct blkif_request_indirect, nr_segments, 2);
    OFF(struct blkif_request_indirect, id, 8);
    OFF(struct blkif_request_indirect, sector_number, 16);
    OFF(struct blkif_request_indirect, handle, 24);
    OFF(struct blkif_request_indirect, indirect_grefs, 28);
    /* id 8, operation (8), pad, status 2 (10), pad 4. */
    SIZE(struct blkif_response, 16);
    OFF(struct blkif_response, operation, 8);
    OFF(struct blkif_response, status, 10);
    /* All other requests fit in a read/write request's slot. */
    SIZE(union blkif_sring_entry, 112);

    /*
     * Shared ring header: four RING_IDX (0, 4, 8, 12), pvt 4 (16), pad
     * 44 (20): entries start at 64.
     */
    OFF(struct blkif_sring, req_prod, 0);
    OFF(struct blkif_sring, req_event, 4);
    OFF(struct blkif_sring, rsp_prod, 8);
    OFF(struct blkif_sring, rsp_event, 12);
    OFF(struct blkif_sring, pvt, 16);
    OFF(struct blkif_sring, __pad, 20);
    OFF(struct blkif_sring, ring, 64);
    OFF(struct netif_tx_sring, ring, 64);
    OFF(struct netif_rx_sring, ring, 64);
    OFF(struct xen_netif_ctrl_sring, ring, 64);
    /* req_prod_pvt, rsp_cons, nr_ents 12, pad 4, sring pointer (16). */
    SIZE(struct blkif_front_ring, 24);
    OFF(struct blkif_front_ring, sring, 16);
    SIZE(struct blkif_back_ring, 24);

    /* gref 4, offset (4), flags (6), id (8), size (10). */
    SIZE(struct netif_tx_request, 12);
    OFF(struct netif_tx_request, offset, 4);
    OFF(struct netif_tx_request, flags, 6);
    OFF(struct netif_tx_request, id, 8);
    OFF(struct netif_tx_request, size, 10);
    /* type, flags, u 6 (2). */
    SIZE(struct netif_extra_info, 8);
    OFF(struct netif_extra_info, u, 2);
    OFF(struct netif_extra_info, u.gso.size, 2);
    OFF(struct netif_extra_info, u.gso.type, 4);
    OFF(struct netif_extra_info, u.gso.features, 6);
    OFF(struct netif_extra_info, u.hash.value, 4);
    SIZE(struct netif_tx_response, 4);
    OFF(struct netif_tx_response, status, 2);
    /* id, pad, gref 4 (4). */
    SIZE(struct netif_rx_request, 8);
    OFF(struct netif_rx_request, gref, 4);
    /* id, offset (2), flags (4), status (6). */
    SIZE(struct netif_rx_response, 8);
    OFF(struct netif_rx_response, offset, 2);
    OFF(struct netif_rx_response, flags, 4);
    OFF(struct netif_rx_response, status, 6);
    SIZE(union netif_tx_sring_entry, 12);
    SIZE(union netif_rx_sring_entry, 8);
    /* id, type, data[3] (4). */
    SIZE(struct xen_netif_ctrl_request, 16);
    OFF(struct xen_netif_ctrl_request, data, 4);
    /* id, type, status (4), data (8). */
    SIZE(struct xen_netif_ctrl_response, 12);
    OFF(struct xen_netif_ctrl_response, data, 8);
    SIZE(struct xen_netif_gref, 8);
    OFF(struct xen_netif_gref, status, 6);

    /*
     * Entries in one 4 KiB page: (4096 - 64) / size, rounded down to a
     * power of two. blkif 4032 / 112 = 36 -> 32; netif tx 4032 / 12 = 336
     * -> 256; rx 4032 / 8 = 504 -> 256; ctrl 4032 / 16 = 252 -> 128.
     */
    VAL(__CONST_RING_SIZE(blkif, 4096), 32);
    VAL(__CONST_RING_SIZE(netif_tx, 4096), 256);
    VAL(__CONST_RING_SIZE(netif_rx, 4096), 256);
    VAL(__CONST_RING_SIZE(xen_netif_ctrl, 4096), 128);
    /* Two pages of blkif: 8128 / 112 = 72 -> 64. */
    VAL(__CONST_RING_SIZE(blkif, 8192), 64);

    VAL(BLKIF_OP_READ, 0);
    VAL(BLKIF_OP_WRITE, 1);
    VAL(BLKIF_OP_WRITE_BARRIER, 2);
    VAL(BLKIF_OP_FLUSH_DISKCACHE, 3);
    VAL(BLKIF_OP_RESERVED_1, 4);
    VAL(BLKIF_OP_DISCARD, 5);
    VAL(BLKIF_OP_INDIRECT, 6);
    VAL(BLKIF_MAX_SEGMENTS_PER_REQUEST, 11);
    VAL(BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST, 8);
    VAL(BLKIF_DISCARD_SECURE, 1);
    VAL(BLKIF_RSP_EOPNOTSUPP, -2);
    VAL(BLKIF_RSP_ERROR, -1);
    VAL(BLKIF_RSP_OKAY, 0);
    VAL(VDISK_CDROM, 1);
    VAL(VDISK_REMOVABLE, 2);
    VAL(VDISK_READONLY, 4);

    VAL(NETTXF_csum_blank, 1);
    VAL(NETTXF_data_validated, 2);
    VAL(NETTXF_more_data, 4);
    VAL(NETTXF_extra_info, 8);
    VAL(NETRXF_data_validated, 1);
    VAL(NETRXF_csum_blank, 2);
    VAL(NETRXF_more_data, 4);
    VAL(NETRXF_extra_info, 8);
    VAL(NETRXF_gso_prefix, 16);
    VAL(XEN_NETIF_EXTRA_TYPE_NONE, 0);
    VAL(XEN_NETIF_EXTRA_TYPE_GSO, 1);
    VAL(XEN_NETIF_EXTRA_TYPE_MCAST_ADD, 2);
    VAL(XEN_NETIF_EXTRA_TYPE_MCAST_DEL, 3);
    VAL(XEN_NETIF_EXTRA_TYPE_HASH, 4);
    VAL(XEN_NETIF_EXTRA_TYPE_MAX, 5);
    VAL(XEN_NETIF_EXTRA_FLAG_MORE, 1);
    VAL(XEN_NETIF_GSO_TYPE_NONE, 0);
    VAL(XEN_NETIF_GSO_TYPE_TCPV4, 1);
    VAL(XEN_NETIF_GSO_TYPE_TCPV6, 2);
    VAL(NETIF_RSP_DROPPED, -2);
    VAL(NETIF_RSP_ERROR, -1);
    VAL(NETIF_RSP_OKAY, 0);
    VAL(NETIF_RSP_NULL, 1);
    VAL(XEN_NETIF_NR_SLOTS_MIN, 18);
    VAL(XEN_NETIF_MAX_TX_SIZE, 0xFFFF);
    VAL(XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING, 10);
    VAL(XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW, 3);
}

/* A blkif ring in one page, aligned like a page. */
static union {
    blkif_sring_t sring;
    unsigned char page[4096];
} ring_page __attribute__((aligned(4096)));

/* One request from front to back and its response, with notifications. */
static void test_ring_round_trip(void **state)
{
    blkif_front_ring_t front;
    blkif_back_ring_t back;
    blkif_request_t *req, copy;
    blkif_response_t *rsp;
    int notify, work;

    (void)state;

    memset(&ring_page, 0xaa, sizeof(ring_page));
    XEN_FRONT_RING_INIT(&front, &ring_page.sring, 4096);
    BACK_RING_INIT(&back, &ring_page.sring, 4096);

    /* Initialisation: indices 0, thresholds 1, header padding zeroed. */
    assert_int_equal(RING_SIZE(&front), 32);
    assert_int_equal(RING_SIZE(&back), 32);
    assert_int_equal(ring_page.sring.req_prod, 0);
    assert_int_equal(ring_page.sring.rsp_prod, 0);
    assert_int_equal(ring_page.sring.req_event, 1);
    assert_int_equal(ring_page.sring.rsp_event, 1);
    for (size_t i = 16; i < 64; i++)
        assert_int_equal(ring_page.page[i], 0);
    assert_int_equal(RING_FREE_REQUESTS(&front), 32);
    assert_false(RING_FULL(&front));
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 0);

    /* Front queues one request; the back asked to hear about it. */
    req = RING_GET_REQUEST(&front, front.req_prod_pvt);
    assert_ptr_equal(req, &ring_page.sring.ring[0].req);
    req->operation = BLKIF_OP_READ;
    req->id = 0x1234;
    front.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_true(notify);
    assert_int_equal(ring_page.sring.req_prod, 1);
    assert_int_equal(RING_FREE_REQUESTS(&front), 31);

    /* Back takes it, copies it, and finds nothing more. */
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 1);
    RING_COPY_REQUEST(&back, back.req_cons, &copy);
    assert_int_equal(copy.id, 0x1234);
    back.req_cons++;
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    assert_false(work);
    assert_int_equal(ring_page.sring.req_event, 2);

    /* Back answers; the front asked to hear about it. */
    rsp = RING_GET_RESPONSE(&back, back.rsp_prod_pvt);
    rsp->id = copy.id;
    rsp->operation = copy.operation;
    rsp->status = BLKIF_RSP_OKAY;
    back.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&back, notify);
    assert_true(notify);

    assert_int_equal(RING_HAS_UNCONSUMED_RESPONSES(&front), 1);
    rsp = RING_GET_RESPONSE(&front, front.rsp_cons);
    assert_int_equal(rsp->id, 0x1234);
    front.rsp_cons++;
    RING_FINAL_CHECK_FOR_RESPONSES(&front, work);
    assert_false(work);
    assert_int_equal(ring_page.sring.rsp_event, 2);
    assert_int_equal(RING_FREE_REQUESTS(&front), 32);

    /* Two more requests at once: the back's threshold (2) is in (1, 3]. */
    front.req_prod_pvt += 2;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_true(notify);
    /* One more while the back has not re-armed: no notification. */
    front.req_prod_pvt++;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    assert_false(notify);
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 3);

    /* The final check finds work that is there without re-arming. */
    RING_FINAL_CHECK_FOR_REQUESTS(&back, work);
    assert_true(work);
    assert_int_equal(ring_page.sring.req_event, 2);
}

/* Full ring, index wrap-around at 2^32, and checks against a bad peer. */
static void test_ring_limits(void **state)
{
    blkif_front_ring_t front;
    blkif_back_ring_t back;
    const RING_IDX start = 0xfffffff0u;
    int notify;

    (void)state;

    memset(&ring_page, 0, sizeof(ring_page));
    SHARED_RING_INIT(&ring_page.sring);
    ring_page.sring.req_prod = start;
    ring_page.sring.rsp_prod = start;
    FRONT_RING_ATTACH(&front, &ring_page.sring, start, 4096);
    BACK_RING_ATTACH(&back, &ring_page.sring, start, 4096);

    /* Fill every slot across the wrap; slot numbers follow the index. */
    for (unsigned int i = 0; i < 32; i++) {
        blkif_request_t *req = RING_GET_REQUEST(&front, front.req_prod_pvt);
        assert_ptr_equal(req, &ring_page.sring.ring[(start + i) % 32].req);
        req->id = i;
        front.req_prod_pvt++;
    }
    assert_true(RING_FULL(&front));
    assert_int_equal(RING_FREE_REQUESTS(&front), 0);
    assert_int_equal(front.req_prod_pvt, start + 32);  /* wrapped */
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&front, notify);
    (void)notify;

    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);
    assert_int_equal(RING_GET_REQUEST(&back, start + 17)->id, 17);
    assert_false(RING_REQUEST_PROD_OVERFLOW(&back, ring_page.sring.req_prod));
    assert_false(RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons + 31));
    assert_true(RING_REQUEST_CONS_OVERFLOW(&back, back.req_cons + 32));

    /* A frontend claiming more requests than slots is caught ... */
    ring_page.sring.req_prod = start + 100;
    assert_true(RING_REQUEST_PROD_OVERFLOW(&back, ring_page.sring.req_prod));
    /* ... and the backend never sees more than it can answer. */
    assert_int_equal(RING_HAS_UNCONSUMED_REQUESTS(&back), 32);

    /* Same for a backend publishing too many responses. */
    assert_false(RING_RESPONSE_PROD_OVERFLOW(&front, start + 32));
    assert_true(RING_RESPONSE_PROD_OVERFLOW(&front, start + 33));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hvm_start_info_and_errno),
        cmocka_unit_test(test_io_xenstore_console),
        cmocka_unit_test(test_xs_errors),
        cmocka_unit_test(test_io_blkif_netif_layouts),
        cmocka_unit_test(test_ring_round_trip),
        cmocka_unit_test(test_ring_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
