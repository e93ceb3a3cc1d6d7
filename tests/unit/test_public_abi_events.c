/*
 * Unit tests for include/public/, part 3 of 4: event_channel.h and
 * grant_table.h.
 *
 * Part 1 (xen.h and the core guest ABI) is test_public_abi_core.c; how the
 * expected numbers were found, and SIZE/OFF/VAL, are in abi_check.h.
 */
#include "abi_check.h"

#include "public/event_channel.h"
#include "public/grant_table.h"

/* ------------------------------------------------------------------ */
/* event_channel.h, grant_table.h                                      */
/* ------------------------------------------------------------------ */

static void test_event_channel(void **state)
{
    (void)state;

    SIZE(evtchn_port_t, 4);
    SIZE(event_word_t, 4);
    /* dom 2, remote_dom 2, port 4 (4). */
    SIZE(struct evtchn_alloc_unbound, 8);
    OFF(struct evtchn_alloc_unbound, remote_dom, 2);
    OFF(struct evtchn_alloc_unbound, port, 4);
    /* remote_dom 2, pad 2, remote_port (4), local_port (8). */
    SIZE(struct evtchn_bind_interdomain, 12);
    OFF(struct evtchn_bind_interdomain, remote_port, 4);
    OFF(struct evtchn_bind_interdomain, local_port, 8);
    SIZE(struct evtchn_bind_virq, 12);
    OFF(struct evtchn_bind_virq, port, 8);
    SIZE(struct evtchn_bind_pirq, 12);
    OFF(struct evtchn_bind_pirq, port, 8);
    SIZE(struct evtchn_bind_ipi, 8);
    SIZE(struct evtchn_close, 4);
    SIZE(struct evtchn_send, 4);
    /*
     * dom 2, pad 2, port (4), status (8), vcpu (12), u (16): largest is
     * interdomain = dom 2, pad 2, port 4 = 8: 24.
     */
    SIZE(struct evtchn_status, 24);
    OFF(struct evtchn_status, port, 4);
    OFF(struct evtchn_status, status, 8);
    OFF(struct evtchn_status, vcpu, 12);
    OFF(struct evtchn_status, u, 16);
    OFF(struct evtchn_status, u.interdomain.port, 20);
    SIZE(struct evtchn_bind_vcpu, 8);
    SIZE(struct evtchn_unmask, 4);
    SIZE(struct evtchn_reset, 2);
    /* control_gfn 8, offset (8), vcpu (12), link_bits (16), _pad 7: 24. */
    SIZE(struct evtchn_init_control, 24);
    OFF(struct evtchn_init_control, offset, 8);
    OFF(struct evtchn_init_control, vcpu, 12);
    OFF(struct evtchn_init_control, link_bits, 16);
    SIZE(struct evtchn_expand_array, 8);
    SIZE(struct evtchn_set_priority, 8);
    /* cmd 4, u (4): largest member evtchn_status, 24, 4-aligned: 28. */
    SIZE(struct evtchn_op, 28);
    OFF(struct evtchn_op, u, 4);
    /* ready, _rsvd, 16 heads: 18 x 4. */
    SIZE(struct evtchn_fifo_control_block, 72);
    OFF(struct evtchn_fifo_control_block, head, 8);

    VAL(EVTCHNOP_bind_interdomain, 0);
    VAL(EVTCHNOP_bind_virq, 1);
    VAL(EVTCHNOP_bind_pirq, 2);
    VAL(EVTCHNOP_close, 3);
    VAL(EVTCHNOP_send, 4);
    VAL(EVTCHNOP_status, 5);
    VAL(EVTCHNOP_alloc_unbound, 6);
    VAL(EVTCHNOP_bind_ipi, 7);
    VAL(EVTCHNOP_bind_vcpu, 8);
    VAL(EVTCHNOP_unmask, 9);
    VAL(EVTCHNOP_reset, 10);
    VAL(EVTCHNOP_init_control, 11);
    VAL(EVTCHNOP_expand_array, 12);
    VAL(EVTCHNOP_set_priority, 13);
    VAL(EVTCHNSTAT_closed, 0);
    VAL(EVTCHNSTAT_unbound, 1);
    VAL(EVTCHNSTAT_interdomain, 2);
    VAL(EVTCHNSTAT_pirq, 3);
    VAL(EVTCHNSTAT_virq, 4);
    VAL(EVTCHNSTAT_ipi, 5);
    VAL(BIND_PIRQ__WILL_SHARE, 1);
    /* 64 words of 64 bits, as shared_info.evtchn_pending holds. */
    VAL(EVTCHN_2L_NR_CHANNELS, 4096);
    VAL(EVTCHN_2L_NR_CHANNELS,
        sizeof(((struct shared_info *)0)->evtchn_pending) * 8);
    VAL(EVTCHN_FIFO_PRIORITY_MAX, 0);
    VAL(EVTCHN_FIFO_PRIORITY_DEFAULT, 7);
    VAL(EVTCHN_FIFO_PRIORITY_MIN, 15);
    VAL(EVTCHN_FIFO_MAX_QUEUES, 16);
    VAL(EVTCHN_FIFO_PENDING, 31);
    VAL(EVTCHN_FIFO_MASKED, 30);
    VAL(EVTCHN_FIFO_LINKED, 29);
    VAL(EVTCHN_FIFO_BUSY, 28);
    VAL(EVTCHN_FIFO_LINK_BITS, 17);
    VAL(EVTCHN_FIFO_LINK_MASK, 0x1ffff);
    VAL(EVTCHN_FIFO_NR_CHANNELS, 131072);
}

static void test_grant_table(void **state)
{
    (void)state;

    SIZE(grant_ref_t, 4);
    SIZE(grant_handle_t, 4);
    SIZE(grant_status_t, 2);
    /* flags 2, domid 2, frame 4: 512 per page. */
    SIZE(struct grant_entry_v1, 8);
    OFF(struct grant_entry_v1, domid, 2);
    OFF(struct grant_entry_v1, frame, 4);
    SIZE(struct grant_entry_header, 4);
    /* hdr 4, then 4 + 8 (full_page, sub_page) or 2 + 2 + 4 (transitive). */
    SIZE(union grant_entry_v2, 16);
    OFF(union grant_entry_v2, full_page.frame, 8);
    OFF(union grant_entry_v2, sub_page.page_off, 4);
    OFF(union grant_entry_v2, sub_page.length, 6);
    OFF(union grant_entry_v2, sub_page.frame, 8);
    OFF(union grant_entry_v2, transitive.trans_domid, 4);
    OFF(union grant_entry_v2, transitive.gref, 8);
    /*
     * host_addr 8, flags (8), ref (12), dom 2 (16), status 2 (18),
     * handle (20), dev_bus_addr 8 (24).
     */
    SIZE(struct gnttab_map_grant_ref, 32);
    OFF(struct gnttab_map_grant_ref, flags, 8);
    OFF(struct gnttab_map_grant_ref, ref, 12);
    OFF(struct gnttab_map_grant_ref, dom, 16);
    OFF(struct gnttab_map_grant_ref, status, 18);
    OFF(struct gnttab_map_grant_ref, handle, 20);
    OFF(struct gnttab_map_grant_ref, dev_bus_addr, 24);
    /* host_addr, dev_bus_addr, handle (16), status (20), pad 2. */
    SIZE(struct gnttab_unmap_grant_ref, 24);
    OFF(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
    OFF(struct gnttab_unmap_grant_ref, handle, 16);
    OFF(struct gnttab_unmap_grant_ref, status, 20);
    /* dom 2, pad 2, nr_frames (4), status (8), pad 6, frame_list (16). */
    SIZE(struct gnttab_setup_table, 24);
    OFF(struct gnttab_setup_table, nr_frames, 4);
    OFF(struct gnttab_setup_table, status, 8);
    OFF(struct gnttab_setup_table, frame_list, 16);
    SIZE(struct gnttab_dump_table, 4);
    OFF(struct gnttab_dump_table, status, 2);
    /* mfn 8, domid 2 (8), pad 2, ref (12), status 2 (16), pad 6. */
    SIZE(struct gnttab_transfer, 24);
    OFF(struct gnttab_transfer, domid, 8);
    OFF(struct gnttab_transfer, ref, 12);
    OFF(struct gnttab_transfer, status, 16);
    /* copy_ptr: u 8, domid (8), offset (10), pad 4 = 16; two of them, */
    /* len (32), flags (34), status (36), pad 2.                         */
    SIZE(struct gnttab_copy_ptr, 16);
    OFF(struct gnttab_copy_ptr, domid, 8);
    OFF(struct gnttab_copy_ptr, offset, 10);
    SIZE(struct gnttab_copy, 40);
    OFF(struct gnttab_copy, dest, 16);
    OFF(struct gnttab_copy, dest.u.gmfn, 16);
    OFF(struct gnttab_copy, len, 32);
    OFF(struct gnttab_copy, flags, 34);
    OFF(struct gnttab_copy, status, 36);
    /* dom 2, pad 2, nr_frames (4), max_nr_frames (8), status (12), pad 2. */
    SIZE(struct gnttab_query_size, 16);
    OFF(struct gnttab_query_size, nr_frames, 4);
    OFF(struct gnttab_query_size, max_nr_frames, 8);
    OFF(struct gnttab_query_size, status, 12);
    SIZE(struct gnttab_unmap_and_replace, 24);
    OFF(struct gnttab_unmap_and_replace, new_addr, 8);
    OFF(struct gnttab_unmap_and_replace, handle, 16);
    OFF(struct gnttab_unmap_and_replace, status, 20);
    SIZE(struct gnttab_set_version, 4);
    /* nr_frames 4, dom 2 (4), status 2 (6), frame_list 8 (8). */
    SIZE(struct gnttab_get_status_frames, 16);
    OFF(struct gnttab_get_status_frames, dom, 4);
    OFF(struct gnttab_get_status_frames, status, 6);
    OFF(struct gnttab_get_status_frames, frame_list, 8);
    SIZE(struct gnttab_get_version, 8);
    OFF(struct gnttab_get_version, version, 4);
    SIZE(struct gnttab_swap_grant_ref, 12);
    OFF(struct gnttab_swap_grant_ref, status, 8);
    /* a 8, offset (8), length (10), op (12). */
    SIZE(struct gnttab_cache_flush, 16);
    OFF(struct gnttab_cache_flush, offset, 8);
    OFF(struct gnttab_cache_flush, length, 10);
    OFF(struct gnttab_cache_flush, op, 12);

    VAL(GNTTABOP_map_grant_ref, 0);
    VAL(GNTTABOP_unmap_grant_ref, 1);
    VAL(GNTTABOP_setup_table, 2);
    VAL(GNTTABOP_dump_table, 3);
    VAL(GNTTABOP_transfer, 4);
    VAL(GNTTABOP_copy, 5);
    VAL(GNTTABOP_query_size, 6);
    VAL(GNTTABOP_unmap_and_replace, 7);
    VAL(GNTTABOP_set_version, 8);
    VAL(GNTTABOP_get_status_frames, 9);
    VAL(GNTTABOP_get_version, 10);
    VAL(GNTTABOP_swap_grant_ref, 11);
    VAL(GNTTABOP_cache_flush, 12);
    VAL(GTF_invalid, 0);
    VAL(GTF_permit_access, 1);
    VAL(GTF_accept_transfer, 2);
    VAL(GTF_transitive, 3);
    VAL(GTF_type_mask, 3);
    VAL(GTF_readonly, 1 << 2);
    VAL(GTF_reading, 1 << 3);
    VAL(GTF_writing, 1 << 4);
    VAL(GTF_PWT, 1 << 5);
    VAL(GTF_PCD, 1 << 6);
    VAL(GTF_PAT, 1 << 7);
    VAL(GTF_sub_page, 1 << 8);
    VAL(GTF_transfer_committed, 1 << 2);
    VAL(GTF_transfer_completed, 1 << 3);
    VAL(GNTMAP_device_map, 1);
    VAL(GNTMAP_host_map, 2);
    VAL(GNTMAP_readonly, 4);
    VAL(GNTMAP_application_map, 8);
    VAL(GNTMAP_contains_pte, 16);
    VAL(GNTMAP_guest_avail_mask, 0xffff0000U);
    VAL(GNTCOPY_source_gref, 1);
    VAL(GNTCOPY_dest_gref, 2);
    VAL(GNTTAB_NR_RESERVED_ENTRIES, 8);
    VAL(GNTTAB_RESERVED_CONSOLE, 0);
    VAL(GNTTAB_RESERVED_XENSTORE, 1);
    VAL(GNTST_okay, 0);
    VAL(GNTST_general_error, -1);
    VAL(GNTST_bad_domain, -2);
    VAL(GNTST_bad_gntref, -3);
    VAL(GNTST_bad_handle, -4);
    VAL(GNTST_bad_virt_addr, -5);
    VAL(GNTST_bad_dev_addr, -6);
    VAL(GNTST_no_device_space, -7);
    VAL(GNTST_permission_denied, -8);
    VAL(GNTST_bad_page, -9);
    VAL(GNTST_bad_copy_arg, -10);
    VAL(GNTST_address_too_big, -11);
    VAL(GNTST_eagain, -12);
    VAL(GNTST_no_space, -13);

    {
        /* One message per status, indexed by -status. */
        static const char *const msgs[] = GNTTABOP_error_msgs;
        assert_int_equal(sizeof(msgs) / sizeof(msgs[0]), 1 - GNTST_no_space);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_channel),
        cmocka_unit_test(test_grant_table),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
