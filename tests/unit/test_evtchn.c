/*
 * Unit tests for event channels (kernel/evtchn.c with the 2-level ABI of
 * kernel/evtchn_2l.c): every EVTCHNOP's success path and each of Xen's
 * error returns, interdomain in both directions, VIRQ/IPI/PIRQ rules,
 * status, the exact 2-level bit updates and the dispatcher. Close, port
 * limits, reset and domain death are in test_evtchn_close.c, FIFO in
 * test_evtchn_fifo.c, the randomized runs in test_evtchn_random.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "keel/errno.h"
#include "keel/evtchn.h"

#include "evtchn_fixture.h"

static struct evtchn_domain *d0, *d1, *d2;

static int setup3(void **state)
{
    fx_setup(state);
    fx_three(&d0, &d1, &d2);
    return 0;
}

/* ------------------------------------------------------------------ */
/* init                                                                */

static void test_init_reserves_port0(void **state)
{
    (void)state;
    struct evtchn_status s = fx_status(d1, DOMID_SELF, 0);

    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(s.vcpu, 0);
    assert_int_equal(d1->valid_evtchns, EVTCHN_BUCKET_PORTS);
    assert_int_equal(d1->active_evtchns, 0);
    assert_int_equal(d1->abi, EVTCHN_ABI_2L);
    /* Valid but free: closed; beyond the first bucket: invalid. */
    assert_int_equal(fx_status(d1, DOMID_SELF, 63).status, EVTCHNSTAT_closed);
    assert_int_equal(fx_status_rc(d1, DOMID_SELF, 64), -EINVAL);
    assert_int_equal(evtchn_close(d1, 0), -EINVAL);
    assert_int_equal(evtchn_send(d1, 0), -EINVAL);
    assert_int_equal(evtchn_unmask(d1, 0), 0);
    assert_int_equal(evtchn_port_poll(d1, 0), -EINVAL);
}

static void test_init_rejects_bad_config(void **state)
{
    (void)state;
    struct evtchn_domain d;
    struct evtchn ports[128];
    struct shared_info *s = fx_of(d1)->shared;

    memset(&d, 0, sizeof(d));
    d.shared = s;
    d.nr_vcpus = 1;
    d.ports = ports;
    d.nr_ports = 128;
    d.max_evtchn_port = 1023;
    d.hooks = &fx.hooks;
    assert_int_equal(evtchn_domain_init(&d), 0);
    d.nr_ports = 100;                 /* not a whole bucket */
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.nr_ports = 0;
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.nr_ports = 128;
    d.nr_vcpus = 0;
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.nr_vcpus = EVTCHN_MAX_VCPUS + 1;
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.nr_vcpus = 1;
    d.nr_pirqs = 4;                   /* without a table */
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.nr_pirqs = 0;
    d.shared = NULL;
    assert_int_equal(evtchn_domain_init(&d), -EINVAL);
    d.shared = s;
    d.max_evtchn_port = UINT32_MAX;   /* capped like Xen's */
    assert_int_equal(evtchn_domain_init(&d), 0);
    assert_int_equal(d.max_evtchn_port, INT32_MAX);
}

/* ------------------------------------------------------------------ */
/* alloc_unbound                                                       */

static void test_alloc_unbound_self(void **state)
{
    (void)state;
    int p = fx_alloc_unbound(d1, DOMID_SELF, DOMID_SELF);

    assert_int_equal(p, 1);
    struct evtchn_status s = fx_status(d1, DOMID_SELF, 1);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);      /* DOMID_SELF -> caller */
    assert_int_equal(s.vcpu, 0);
    assert_int_equal(fx_alloc_unbound(d1, 1, 2), 2);
    assert_int_equal(fx_status(d1, 1, 2).u.unbound.dom, 2);
    assert_int_equal(d1->active_evtchns, 2);
    /* A remote that does not exist is accepted, as in Xen. */
    assert_int_equal(fx_alloc_unbound(d1, DOMID_SELF, 77), 3);
    assert_int_equal(fx_status(d1, 1, 3).u.unbound.dom, 77);
    /* Freshly unbound is not pending. */
    assert_false(fx_pending(d1, 1));
}

static void test_alloc_unbound_privilege(void **state)
{
    (void)state;
    /* dom0 may allocate in dom1, for itself. */
    int p = fx_alloc_unbound(d0, 1, DOMID_SELF);

    assert_int_equal(p, 1);
    assert_int_equal(fx_status(d1, DOMID_SELF, 1).u.unbound.dom, 0);
    /* dom1 may not allocate in dom2, nor in dom0; no port is used. */
    assert_int_equal(fx_alloc_unbound(d1, 2, 1), -EPERM);
    assert_int_equal(fx_alloc_unbound(d1, 0, 1), -EPERM);
    assert_int_equal(d2->active_evtchns, 0);
    assert_int_equal(d0->active_evtchns, 0);
    assert_int_equal(fx_alloc_unbound(d2, DOMID_SELF, 1), 1);
    /* Unknown domain. */
    assert_int_equal(fx_alloc_unbound(d1, 9, 1), -ESRCH);
    assert_int_equal(fx_alloc_unbound(d0, DOMID_IO, 1), -ESRCH);
    /* A device-model domain may act on its target only. */
    d2->target = d1;
    assert_int_equal(fx_alloc_unbound(d2, 1, 2), 2);
    assert_int_equal(fx_alloc_unbound(d2, 0, 2), -EPERM);
}

static void test_alloc_unbound_full_before_eperm(void **state)
{
    (void)state;
    struct evtchn_domain *small = fx_dom(3, 3, false, 1, 64, 2);

    assert_int_equal(fx_alloc_unbound(small, DOMID_SELF, 0), 1);
    assert_int_equal(fx_alloc_unbound(small, DOMID_SELF, 0), 2);
    assert_int_equal(fx_alloc_unbound(small, DOMID_SELF, 0), -ENOSPC);
    /* Xen allocates before checking rights: a full domain says so. */
    assert_int_equal(fx_alloc_unbound(d1, 3, 1), -ENOSPC);
}

/* ------------------------------------------------------------------ */
/* bind_interdomain                                                    */

static void test_interdomain_both_directions(void **state)
{
    (void)state;
    /* dom1 offers a port to dom2; dom2 binds to it. */
    int p1 = fx_alloc_unbound(d1, DOMID_SELF, 2);
    int p2;

    assert_int_equal(p1, 1);
    fx_alloc_unbound(d2, DOMID_SELF, 0);     /* so dom2's next port is 2 */
    p2 = fx_bind_interdomain(d2, 1, 1);
    assert_int_equal(p2, 2);

    struct evtchn_status s1 = fx_status(d1, DOMID_SELF, 1);
    assert_int_equal(s1.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s1.u.interdomain.dom, 2);
    assert_int_equal(s1.u.interdomain.port, 2);
    struct evtchn_status s2 = fx_status(d2, DOMID_SELF, 2);
    assert_int_equal(s2.status, EVTCHNSTAT_interdomain);
    assert_int_equal(s2.u.interdomain.dom, 1);
    assert_int_equal(s2.u.interdomain.port, 1);

    /* The binder's new port starts pending, upcall on vCPU 0. */
    assert_true(fx_pending(d2, 2));
    assert_int_equal(fx_sel(d2, 0), 1);
    assert_int_equal(fx_upcall(d2, 0), 1);
    assert_int_equal(fx_kicks(d2, 0), 1);
    assert_false(fx_pending(d1, 1));
    fx_ack(d2, 0);
    fx_clear_pending(d2, 2);

    /* dom2 -> dom1 */
    assert_int_equal(evtchn_send(d2, 2), 0);
    assert_true(fx_pending(d1, 1));
    assert_int_equal(fx_kicks(d1, 0), 1);
    assert_false(fx_pending(d2, 2));
    /* dom1 -> dom2 */
    assert_int_equal(evtchn_send(d1, 1), 0);
    assert_true(fx_pending(d2, 2));
    assert_int_equal(fx_kicks(d2, 0), 2);

    /* The other way round: dom2 offers, dom1 binds. */
    int q2 = fx_alloc_unbound(d2, DOMID_SELF, 1);
    int q1 = fx_bind_interdomain(d1, 2, (evtchn_port_t)q2);
    assert_int_equal(q1, 2);
    assert_int_equal(fx_status(d2, DOMID_SELF, (evtchn_port_t)q2)
                         .u.interdomain.port, 2);
}

static void test_interdomain_errors(void **state)
{
    (void)state;
    int p = fx_alloc_unbound(d1, DOMID_SELF, 2);

    /* Unknown domain. */
    assert_int_equal(fx_bind_interdomain(d2, 9, 1), -ESRCH);
    /* Invalid port, free port, reserved port. */
    assert_int_equal(fx_bind_interdomain(d2, 1, 64), -EINVAL);
    assert_int_equal(fx_bind_interdomain(d2, 1, 5), -EINVAL);
    assert_int_equal(fx_bind_interdomain(d2, 1, 0), -EINVAL);
    /* Reserved for someone else. */
    assert_int_equal(fx_bind_interdomain(d0, 1, (evtchn_port_t)p), -EINVAL);
    /* None of these used a port of the binder. */
    assert_int_equal(d2->active_evtchns, 0);
    assert_int_equal(d0->active_evtchns, 0);
    /* Bound once; not again. */
    assert_int_equal(fx_bind_interdomain(d2, 1, (evtchn_port_t)p), 1);
    assert_int_equal(fx_bind_interdomain(d2, 1, (evtchn_port_t)p), -EINVAL);
    assert_int_equal(d2->active_evtchns, 1);
    /* A port of our own that is interdomain cannot be bound either. */
    assert_int_equal(fx_bind_interdomain(d2, DOMID_SELF, 1), -EINVAL);
}

static void test_interdomain_loopback(void **state)
{
    (void)state;
    int a = fx_alloc_unbound(d1, DOMID_SELF, DOMID_SELF);
    int b = fx_bind_interdomain(d1, DOMID_SELF, (evtchn_port_t)a);

    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    assert_int_equal(fx_status(d1, 1, 1).u.interdomain.dom, 1);
    assert_int_equal(fx_status(d1, 1, 1).u.interdomain.port, 2);
    assert_int_equal(fx_status(d1, 1, 2).u.interdomain.port, 1);
    fx_clear_pending(d1, 2);
    assert_int_equal(evtchn_send(d1, 2), 0);
    assert_true(fx_pending(d1, 1));
    assert_false(fx_pending(d1, 2));
    assert_int_equal(evtchn_close(d1, 1), 0);
    assert_int_equal(fx_status(d1, 1, 2).status, EVTCHNSTAT_unbound);
    assert_int_equal(fx_status(d1, 1, 2).u.unbound.dom, 1);
    /* Re-bind to the survivor. */
    assert_int_equal(fx_bind_interdomain(d1, DOMID_SELF, 2), 1);
}

static void test_interdomain_keeps_remote_vcpu(void **state)
{
    (void)state;
    int p = fx_alloc_unbound(d1, DOMID_SELF, 2);

    assert_int_equal(evtchn_bind_vcpu(d1, (evtchn_port_t)p, 1), 0);
    assert_int_equal(fx_bind_interdomain(d2, 1, (evtchn_port_t)p), 1);
    assert_int_equal(fx_status(d1, 1, (evtchn_port_t)p).vcpu, 1);
    assert_int_equal(evtchn_send(d2, 1), 0);
    assert_int_equal(fx_sel(d1, 1), 1);
    assert_int_equal(fx_sel(d1, 0), 0);
    assert_int_equal(fx_kicks(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 0), 0);
}

/* ------------------------------------------------------------------ */
/* 2-level delivery bits                                               */

static void test_2l_send_bits_exact(void **state)
{
    (void)state;
    /* A port in word 2 (ports 128..191) of dom1. */
    struct evtchn_domain *d = fx_dom(3, 5, false, 2, 4096, 4095);
    int peer = fx_alloc_unbound(d1, DOMID_SELF, 5);
    int p;

    for (int i = 1; i < 130; i++)
        assert_int_equal(fx_bind_ipi(d, 0), i);
    p = fx_bind_interdomain(d, 1, (evtchn_port_t)peer);
    assert_int_equal(p, 130);
    fx_clear_pending(d, 130);
    fx_ack(d, 0);
    unsigned int polls = fx.polls;

    assert_int_equal(evtchn_send(d1, (evtchn_port_t)peer), 0);
    assert_int_equal(d->shared->evtchn_pending[2], (xen_ulong_t)1 << 2);
    assert_int_equal(fx_sel(d, 0), (xen_ulong_t)1 << 2);
    assert_int_equal(fx_upcall(d, 0), 1);
    assert_int_equal(fx_upcall(d, 1), 0);
    assert_int_equal(fx_kicks(d, 0), 2);
    assert_int_equal(fx.polls, polls + 1);
    assert_int_equal(fx.last_poll, 130);

    /* Already pending: nothing changes, no kick, no poll wake. */
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)peer), 0);
    assert_int_equal(fx_kicks(d, 0), 2);
    assert_int_equal(fx.polls, polls + 1);

    /* Guest took the selector and upcall but not the pending bit. */
    fx_ack(d, 0);
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)peer), 0);
    assert_int_equal(fx_sel(d, 0), 0);
    assert_int_equal(fx_upcall(d, 0), 0);

    /* Pending cleared, selector still set: sets pending only. */
    fx_clear_pending(d, 130);
    d->vcpu_info[0]->evtchn_pending_sel = (xen_ulong_t)1 << 2;
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)peer), 0);
    assert_true(fx_pending(d, 130));
    assert_int_equal(fx_upcall(d, 0), 0);
    assert_int_equal(fx_kicks(d, 0), 2);

    /* Selector clear but upcall still pending: selector, no kick. */
    fx_clear_pending(d, 130);
    d->vcpu_info[0]->evtchn_pending_sel = 0;
    d->vcpu_info[0]->evtchn_upcall_pending = 1;
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)peer), 0);
    assert_int_equal(fx_sel(d, 0), (xen_ulong_t)1 << 2);
    assert_int_equal(fx_kicks(d, 0), 2);
    /* Other words untouched. */
    for (int w = 0; w < 64; w++)
        if (w != 2 && w != 0 && w != 1)
            assert_int_equal(d->shared->evtchn_pending[w], 0);
}

static void test_2l_masked_send_and_unmask(void **state)
{
    (void)state;
    int p = fx_bind_ipi(d1, 1);

    fx_set_mask(d1, (evtchn_port_t)p, true);
    unsigned int polls = fx.polls;
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)p), 0);
    /* Pending, but no selector, upcall or kick; pollers still woken. */
    assert_true(fx_pending(d1, (evtchn_port_t)p));
    assert_int_equal(fx_sel(d1, 1), 0);
    assert_int_equal(fx_upcall(d1, 1), 0);
    assert_int_equal(fx_kicks(d1, 1), 0);
    assert_int_equal(fx.polls, polls + 1);
    assert_int_equal(evtchn_port_poll(d1, (evtchn_port_t)p), 1);
    assert_true(evtchn_port_is_masked(d1, (evtchn_port_t)p));

    /* Unmask re-raises on the port's vCPU. */
    assert_int_equal(evtchn_unmask(d1, (evtchn_port_t)p), 0);
    assert_false(fx_masked(d1, (evtchn_port_t)p));
    assert_int_equal(fx_sel(d1, 1), 1);
    assert_int_equal(fx_upcall(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 0), 0);

    /* Unmasking an unmasked port does nothing, even if pending. */
    fx_ack(d1, 1);
    assert_int_equal(evtchn_unmask(d1, (evtchn_port_t)p), 0);
    assert_int_equal(fx_sel(d1, 1), 0);
    assert_int_equal(fx_kicks(d1, 1), 1);

    /* Masked and not pending: unmask only clears the mask. */
    fx_clear_pending(d1, (evtchn_port_t)p);
    fx_set_mask(d1, (evtchn_port_t)p, true);
    assert_int_equal(evtchn_unmask(d1, (evtchn_port_t)p), 0);
    assert_false(fx_masked(d1, (evtchn_port_t)p));
    assert_int_equal(fx_sel(d1, 1), 0);
    assert_int_equal(fx_upcall(d1, 1), 0);

    /* Invalid port: -EINVAL; valid free port: 0, mask untouched. */
    assert_int_equal(evtchn_unmask(d1, 64), -EINVAL);
    fx_set_mask(d1, 10, true);
    assert_int_equal(evtchn_unmask(d1, 10), 0);
    assert_true(fx_masked(d1, 10));
}

static void test_ipi_send_to_self(void **state)
{
    (void)state;
    int p = fx_bind_ipi(d1, 1);

    assert_int_equal(p, 1);
    struct evtchn_status s = fx_status(d1, DOMID_SELF, 1);
    assert_int_equal(s.status, EVTCHNSTAT_ipi);
    assert_int_equal(s.vcpu, 1);
    assert_int_equal(evtchn_send(d1, 1), 0);
    assert_true(fx_pending(d1, 1));
    assert_int_equal(fx_sel(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 0), 0);
    assert_int_equal(fx_bind_ipi(d1, 2), -ENOENT);
    assert_int_equal(fx_bind_ipi(d1, EVTCHN_MAX_VCPUS), -ENOENT);
    /* IPIs stay on their vCPU. */
    assert_int_equal(evtchn_bind_vcpu(d1, 1, 0), -EINVAL);
}

static void test_send_errors(void **state)
{
    (void)state;
    int u = fx_alloc_unbound(d1, DOMID_SELF, 2);
    int v = fx_bind_virq(d1, VIRQ_TIMER, 0);
    int q = fx_bind_pirq(d0, 3, 0);

    /* Unbound: dropped silently. */
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)u), 0);
    assert_false(fx_pending(d1, (evtchn_port_t)u));
    /* VIRQ, PIRQ, free, reserved, invalid. */
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)v), -EINVAL);
    assert_int_equal(evtchn_send(d0, (evtchn_port_t)q), -EINVAL);
    assert_int_equal(evtchn_send(d1, 20), -EINVAL);
    assert_int_equal(evtchn_send(d1, 0), -EINVAL);
    assert_int_equal(evtchn_send(d1, 64), -EINVAL);
    assert_int_equal(evtchn_send(d1, UINT32_MAX), -EINVAL);
}

/* ------------------------------------------------------------------ */
/* VIRQ                                                                */

static void test_virq_binding_rules(void **state)
{
    (void)state;
    int t0 = fx_bind_virq(d1, VIRQ_TIMER, 0);
    int t1 = fx_bind_virq(d1, VIRQ_TIMER, 1);

    assert_int_equal(t0, 1);
    assert_int_equal(t1, 2);
    assert_int_equal(fx_bind_virq(d1, VIRQ_TIMER, 1), -EEXIST);
    assert_int_equal(fx_bind_virq(d1, VIRQ_TIMER, 2), -ENOENT);
    assert_int_equal(fx_bind_virq(d1, VIRQ_DEBUG, 1), 3);
    /* Global: vCPU 0 only, once. */
    assert_int_equal(fx_bind_virq(d1, VIRQ_DOM_EXC, 1), -EINVAL);
    assert_int_equal(fx_bind_virq(d1, VIRQ_DOM_EXC, 7), -EINVAL);
    assert_int_equal(fx_bind_virq(d1, VIRQ_DOM_EXC, 0), 4);
    assert_int_equal(fx_bind_virq(d1, VIRQ_DOM_EXC, 0), -EEXIST);
    assert_int_equal(fx_bind_virq(d1, VIRQ_CONSOLE, 1), -EINVAL);
    assert_int_equal(fx_bind_virq(d1, VIRQ_MCA, 1), -EINVAL);    /* arch */
    assert_int_equal(fx_bind_virq(d1, VIRQ_ARGO, 1), -EINVAL);   /* 4.17 */
    assert_int_equal(fx_bind_virq(d1, VIRQ_XENOPROF, 1), 5);
    assert_int_equal(fx_bind_virq(d1, VIRQ_XENPMU, 1), 6);
    /* Out of range. */
    assert_int_equal(fx_bind_virq(d1, NR_VIRQS, 0), -EINVAL);
    assert_int_equal(fx_bind_virq(d1, 0x80000000u, 0), -EINVAL);

    struct evtchn_status s = fx_status(d1, DOMID_SELF, 2);
    assert_int_equal(s.status, EVTCHNSTAT_virq);
    assert_int_equal(s.u.virq, VIRQ_TIMER);
    assert_int_equal(s.vcpu, 1);

    assert_true(evtchn_virq_enabled(d1, 1, VIRQ_TIMER));
    assert_true(evtchn_virq_enabled(d1, 1, VIRQ_DOM_EXC));  /* via vCPU 0 */
    assert_false(evtchn_virq_enabled(d1, 0, VIRQ_CONSOLE));
    assert_false(evtchn_virq_enabled(d1, 0, VIRQ_XENOPROF));
    assert_true(evtchn_virq_is_global(VIRQ_CONSOLE));
    assert_false(evtchn_virq_is_global(VIRQ_TIMER));
}

static void test_virq_delivery_and_bind_vcpu(void **state)
{
    (void)state;
    int t1 = fx_bind_virq(d1, VIRQ_TIMER, 1);
    int g = fx_bind_virq(d1, VIRQ_CONSOLE, 0);

    evtchn_send_vcpu_virq(d1, 1, VIRQ_TIMER);
    assert_true(fx_pending(d1, (evtchn_port_t)t1));
    assert_int_equal(fx_kicks(d1, 1), 1);
    /* Not bound on vCPU 0: nothing. */
    fx_clear_pending(d1, (evtchn_port_t)t1);
    fx_ack(d1, 1);
    evtchn_send_vcpu_virq(d1, 0, VIRQ_TIMER);
    assert_false(fx_pending(d1, (evtchn_port_t)t1));
    /* A global VIRQ through the per-vCPU sender: ignored. */
    evtchn_send_vcpu_virq(d1, 0, VIRQ_CONSOLE);
    assert_false(fx_pending(d1, (evtchn_port_t)g));

    /* Per-vCPU VIRQs cannot move; global ones can. */
    assert_int_equal(evtchn_bind_vcpu(d1, (evtchn_port_t)t1, 0), -EINVAL);
    assert_int_equal(evtchn_bind_vcpu(d1, (evtchn_port_t)g, 1), 0);
    assert_int_equal(fx_status(d1, 1, (evtchn_port_t)g).vcpu, 1);
    evtchn_send_global_virq(d1, VIRQ_CONSOLE);
    assert_true(fx_pending(d1, (evtchn_port_t)g));
    assert_int_equal(fx_sel(d1, 1), 1);
    assert_int_equal(fx_kicks(d1, 1), 2);
    assert_int_equal(fx_kicks(d1, 0), 0);
    /* Unbound global VIRQ: nothing. */
    evtchn_send_global_virq(d1, VIRQ_DOM_EXC);
    evtchn_send_global_virq(d1, VIRQ_TIMER);     /* not global: ignored */
    evtchn_send_global_virq(NULL, VIRQ_DOM_EXC);

    /* Close the moved global VIRQ: vCPU 0's slot is cleared. */
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)g), 0);
    assert_false(fx_pending(d1, (evtchn_port_t)g));
    assert_false(evtchn_virq_enabled(d1, 0, VIRQ_CONSOLE));
    assert_int_equal(fx_bind_virq(d1, VIRQ_CONSOLE, 0), g);
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)t1), 0);
    assert_false(evtchn_virq_enabled(d1, 1, VIRQ_TIMER));
    assert_int_equal(fx_bind_virq(d1, VIRQ_TIMER, 1), t1);
}

static void test_bind_vcpu_rules(void **state)
{
    (void)state;
    int u = fx_alloc_unbound(d1, DOMID_SELF, 2);

    /* The vCPU is checked before the port. */
    assert_int_equal(evtchn_bind_vcpu(d1, 64, 5), -ENOENT);
    assert_int_equal(evtchn_bind_vcpu(d1, 64, 1), -EINVAL);
    assert_int_equal(evtchn_bind_vcpu(d1, 30, 1), -EINVAL);   /* free */
    assert_int_equal(evtchn_bind_vcpu(d1, 0, 1), -EINVAL);    /* reserved */
    assert_int_equal(evtchn_bind_vcpu(d1, (evtchn_port_t)u, 1), 0);
    assert_int_equal(fx_status(d1, 1, (evtchn_port_t)u).vcpu, 1);
    /* Interdomain moves, and delivery follows. */
    int p = fx_bind_interdomain(d2, 1, (evtchn_port_t)u);
    assert_int_equal(evtchn_bind_vcpu(d2, (evtchn_port_t)p, 1), 0);
    fx_clear_pending(d2, (evtchn_port_t)p);
    fx_ack(d2, 0);
    assert_int_equal(evtchn_send(d1, (evtchn_port_t)u), 0);
    assert_int_equal(fx_sel(d2, 1), 1);
    assert_int_equal(fx_sel(d2, 0), 0);
    assert_int_equal(fx_kicks(d2, 1), 1);
    /* Close resets the vCPU to 0. */
    assert_int_equal(evtchn_close(d2, (evtchn_port_t)p), 0);
    assert_int_equal(fx_status(d2, 2, (evtchn_port_t)p).vcpu, 0);
}

/* ------------------------------------------------------------------ */
/* PIRQ                                                                */

static void test_pirq_bind_send_close(void **state)
{
    (void)state;
    int p = fx_bind_pirq(d0, 5, BIND_PIRQ__WILL_SHARE);

    assert_int_equal(p, 1);
    assert_int_equal(fx.n_pirq_log, 1);
    assert_int_equal(fx.pirq_log[0].what, 'b');
    assert_int_equal(fx.pirq_log[0].pirq, 5);
    assert_int_equal(fx.pirq_log[0].vcpu, 0);
    assert_true(fx.pirq_log[0].will_share);
    struct evtchn_status s = fx_status(d0, DOMID_SELF, 1);
    assert_int_equal(s.status, EVTCHNSTAT_pirq);
    assert_int_equal(s.u.pirq, 5);
    assert_int_equal(s.vcpu, 0);

    assert_int_equal(fx_bind_pirq(d0, 5, 0), -EEXIST);
    assert_int_equal(fx_bind_pirq(d0, FX_NR_PIRQS, 0), -EINVAL);
    assert_int_equal(fx_bind_pirq(d1, 6, 0), -EPERM);   /* not privileged */

    evtchn_send_pirq(d0, 5);
    assert_true(fx_pending(d0, 1));
    assert_int_equal(fx_kicks(d0, 0), 1);
    evtchn_send_pirq(d0, 6);                              /* unbound: nothing */
    evtchn_send_pirq(d0, 1000);

    assert_int_equal(evtchn_close(d0, 1), 0);
    assert_int_equal(fx.pirq_log[1].what, 'u');
    assert_int_equal(fx.pirq_log[1].pirq, 5);
    assert_false(fx_pending(d0, 1));
    evtchn_send_pirq(d0, 5);
    assert_false(fx_pending(d0, 1));
    assert_int_equal(fx_bind_pirq(d0, 5, 0), 1);
    assert_false(fx.pirq_log[2].will_share);
}

static void test_pirq_hooks_refuse(void **state)
{
    (void)state;
    struct evtchn_domain *d;

    fx.pirq_use_permit_hook = true;
    fx.pirq_permit = false;
    d = fx_dom(3, 3, true, 2, 4096, 1023);
    assert_int_equal(fx_bind_pirq(d, 2, 0), -EPERM);
    fx.pirq_permit = true;
    fx.pirq_bind_rc = -EBUSY;
    assert_int_equal(fx_bind_pirq(d, 2, 0), -EBUSY);
    /* Nothing stayed bound: no port used, PIRQ free. */
    assert_int_equal(d->active_evtchns, 0);
    evtchn_send_pirq(d, 2);
    assert_false(fx_pending(d, 1));
    fx.pirq_bind_rc = 0;
    assert_int_equal(fx_bind_pirq(d, 2, 0), 1);
    /* The permission hook also lets an unprivileged domain in. */
    d1 = fx_dom(1, 1, false, 2, 4096, 1023);
    assert_int_equal(fx_bind_pirq(d1, 2, 0), 1);
}

static void test_pirq_bind_vcpu_and_move(void **state)
{
    (void)state;
    int a = fx_bind_pirq(d0, 1, 0);
    int b = fx_bind_pirq(d0, 2, 0);
    int c = fx_bind_pirq(d0, 3, 0);

    fx.n_pirq_log = 0;
    /* Same vCPU: no affinity change. */
    assert_int_equal(evtchn_bind_vcpu(d0, (evtchn_port_t)b, 0), 0);
    assert_int_equal(fx.n_pirq_log, 0);
    assert_int_equal(evtchn_bind_vcpu(d0, (evtchn_port_t)b, 1), 0);
    assert_int_equal(fx.n_pirq_log, 1);
    assert_int_equal(fx.pirq_log[0].what, 'a');
    assert_int_equal(fx.pirq_log[0].pirq, 2);
    assert_int_equal(fx.pirq_log[0].vcpu, 1);

    evtchn_send_pirq(d0, 2);
    assert_int_equal(fx_kicks(d0, 1), 1);

    /* move_pirqs walks each vCPU's list. */
    fx.n_pirq_log = 0;
    evtchn_move_pirqs(d0, 0);
    assert_int_equal(fx.n_pirq_log, 2);
    uint32_t seen = 0;
    for (unsigned int i = 0; i < fx.n_pirq_log; i++)
        seen |= 1u << fx.pirq_log[i].pirq;
    assert_int_equal(seen, (1u << 1) | (1u << 3));
    fx.n_pirq_log = 0;
    evtchn_move_pirqs(d0, 1);
    assert_int_equal(fx.n_pirq_log, 1);
    assert_int_equal(fx.pirq_log[0].pirq, 2);

    /* Unlink from the middle / head keeps the lists right. */
    assert_int_equal(evtchn_close(d0, (evtchn_port_t)c), 0);
    fx.n_pirq_log = 0;
    evtchn_move_pirqs(d0, 0);
    assert_int_equal(fx.n_pirq_log, 1);
    assert_int_equal(fx.pirq_log[0].pirq, 1);
    assert_int_equal(evtchn_close(d0, (evtchn_port_t)a), 0);
    fx.n_pirq_log = 0;
    evtchn_move_pirqs(d0, 0);
    assert_int_equal(fx.n_pirq_log, 0);
    assert_int_equal(evtchn_bind_vcpu(d0, (evtchn_port_t)b, 0), 0);
    fx.n_pirq_log = 0;
    evtchn_move_pirqs(d0, 1);
    assert_int_equal(fx.n_pirq_log, 0);
    evtchn_move_pirqs(d0, 0);
    assert_int_equal(fx.n_pirq_log, 1);
}

/* ------------------------------------------------------------------ */
/* status                                                              */

static void test_status_rules(void **state)
{
    (void)state;
    int p = fx_alloc_unbound(d1, DOMID_SELF, 2);

    /* Another domain's port: only the privileged may look. */
    assert_int_equal(fx_status_rc(d2, 1, (evtchn_port_t)p), -EPERM);
    assert_int_equal(fx_status(d0, 1, (evtchn_port_t)p).status,
                     EVTCHNSTAT_unbound);
    /* Port validity is checked before rights. */
    assert_int_equal(fx_status_rc(d2, 1, 64), -EINVAL);
    assert_int_equal(fx_status_rc(d2, 9, 1), -ESRCH);
    assert_int_equal(fx_status_rc(d1, DOMID_SELF, 64), -EINVAL);
    /* A free port's union is not written. */
    struct evtchn_status s = { .dom = DOMID_SELF, .port = 5 };
    s.u.interdomain.dom = 0x1234;
    s.u.interdomain.port = 0x5678;
    assert_int_equal(evtchn_status(d1, &s), 0);
    assert_int_equal(s.status, EVTCHNSTAT_closed);
    assert_int_equal(s.u.interdomain.dom, 0x1234);
    assert_int_equal(s.u.interdomain.port, 0x5678);
}

/* ------------------------------------------------------------------ */
/* dispatch                                                            */

static void test_dispatch(void **state)
{
    (void)state;
    bool cb;
    union evtchn_op_arg a;

    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_alloc_unbound, &cb), 8);
    assert_true(cb);
    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_status, &cb), 24);
    assert_true(cb);
    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_init_control, &cb), 24);
    assert_true(cb);
    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_send, &cb), 4);
    assert_false(cb);
    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_bind_vcpu, &cb), 8);
    assert_false(cb);
    assert_int_equal(evtchn_op_arg_size(15, &cb), -ENOSYS);
    assert_int_equal(evtchn_op_arg_size(-1, &cb), -ENOSYS);
    for (int cmd = 0; cmd <= EVTCHNOP_reset_cont; cmd++) {
        int sz = evtchn_op_arg_size(cmd, &cb);
        assert_true(sz > 0 && (size_t)sz <= sizeof(union evtchn_op_arg));
    }

    memset(&a, 0, sizeof(a));
    a.alloc_unbound.dom = DOMID_SELF;
    a.alloc_unbound.remote_dom = 2;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_alloc_unbound, &a), 0);
    assert_int_equal(a.alloc_unbound.port, 1);
    memset(&a, 0, sizeof(a));
    a.bind_interdomain.remote_dom = 1;
    a.bind_interdomain.remote_port = 1;
    assert_int_equal(evtchn_do_op(d2, EVTCHNOP_bind_interdomain, &a), 0);
    assert_int_equal(a.bind_interdomain.local_port, 1);
    memset(&a, 0, sizeof(a));
    a.bind_virq.virq = VIRQ_TIMER;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_bind_virq, &a), 0);
    assert_int_equal(a.bind_virq.port, 2);
    memset(&a, 0, sizeof(a));
    a.bind_ipi.vcpu = 1;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_bind_ipi, &a), 0);
    assert_int_equal(a.bind_ipi.port, 3);
    memset(&a, 0, sizeof(a));
    a.bind_pirq.pirq = 4;
    assert_int_equal(evtchn_do_op(d0, EVTCHNOP_bind_pirq, &a), 0);
    assert_int_equal(a.bind_pirq.port, 1);
    memset(&a, 0, sizeof(a));
    a.send.port = 3;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_send, &a), 0);
    assert_true(fx_pending(d1, 3));
    memset(&a, 0, sizeof(a));
    a.status.dom = DOMID_SELF;
    a.status.port = 3;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_status, &a), 0);
    assert_int_equal(a.status.status, EVTCHNSTAT_ipi);
    assert_int_equal(a.status.vcpu, 1);
    memset(&a, 0, sizeof(a));
    a.bind_vcpu.port = 1;
    a.bind_vcpu.vcpu = 1;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_bind_vcpu, &a), 0);
    memset(&a, 0, sizeof(a));
    a.unmask.port = 1;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_unmask, &a), 0);
    memset(&a, 0, sizeof(a));
    a.close.port = 3;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_close, &a), 0);
    memset(&a, 0, sizeof(a));
    a.set_priority.port = 1;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_set_priority, &a), -ENOSYS);
    memset(&a, 0, sizeof(a));
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_expand_array, &a), -EOPNOTSUPP);
    assert_int_equal(evtchn_do_op(d1, 15, &a), -ENOSYS);
    assert_int_equal(evtchn_do_op(d1, -3, &a), -ENOSYS);
    memset(&a, 0, sizeof(a));
    a.init_control.control_gfn = 1;
    a.init_control.vcpu = 9;
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_init_control, &a), -ENOENT);
    assert_int_equal(a.init_control.link_bits, EVTCHN_FIFO_LINK_BITS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup3, fx_teardown)
        T(test_init_reserves_port0),
        T(test_init_rejects_bad_config),
        T(test_alloc_unbound_self),
        T(test_alloc_unbound_privilege),
        T(test_alloc_unbound_full_before_eperm),
        T(test_interdomain_both_directions),
        T(test_interdomain_errors),
        T(test_interdomain_loopback),
        T(test_interdomain_keeps_remote_vcpu),
        T(test_2l_send_bits_exact),
        T(test_2l_masked_send_and_unmask),
        T(test_ipi_send_to_self),
        T(test_send_errors),
        T(test_virq_binding_rules),
        T(test_virq_delivery_and_bind_vcpu),
        T(test_bind_vcpu_rules),
        T(test_pirq_bind_send_close),
        T(test_pirq_hooks_refuse),
        T(test_pirq_bind_vcpu_and_move),
        T(test_status_rules),
        T(test_dispatch),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
