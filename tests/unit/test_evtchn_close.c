/*
 * Unit tests for the end of event channels (kernel/evtchn.c, 2-level):
 * close of each kind and what the peer then sees, port exhaustion
 * (-ENOSPC from Xen's max_evtchn_port, the caller's array and the 2-level
 * ABI), EVTCHNOP_reset (of oneself, of a paused domain, preempted and
 * continued) and domain death in either order, also preempted.
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
/* close                                                              */

static void test_close_each_kind(void **state)
{
    (void)state;
    int u = fx_alloc_unbound(d1, DOMID_SELF, 2);
    int i = fx_bind_ipi(d1, 1);
    int v = fx_bind_virq(d1, VIRQ_DEBUG, 1);
    int r = fx_alloc_unbound(d2, DOMID_SELF, 1);
    int x = fx_bind_interdomain(d1, 2, (evtchn_port_t)r);

    assert_int_equal(d1->active_evtchns, 4);
    /* Pending and masked before closing: close clears pending only. */
    evtchn_send(d1, (evtchn_port_t)i);
    fx_set_mask(d1, (evtchn_port_t)i, true);
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)i), 0);
    assert_false(fx_pending(d1, (evtchn_port_t)i));
    assert_true(fx_masked(d1, (evtchn_port_t)i));
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)u), 0);
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)v), 0);
    assert_int_equal(fx_status(d1, 1, (evtchn_port_t)v).status,
                     EVTCHNSTAT_closed);

    /* Interdomain: we end closed, the peer waits unbound for us. */
    assert_true(fx_pending(d1, (evtchn_port_t)x));
    evtchn_send(d1, (evtchn_port_t)x);
    assert_true(fx_pending(d2, (evtchn_port_t)r));
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)x), 0);
    assert_false(fx_pending(d1, (evtchn_port_t)x));
    struct evtchn_status s = fx_status(d2, DOMID_SELF, (evtchn_port_t)r);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 1);
    /* The peer's pending event is left for it. */
    assert_true(fx_pending(d2, (evtchn_port_t)r));
    assert_int_equal(evtchn_send(d2, (evtchn_port_t)r), 0);
    assert_int_equal(d1->active_evtchns, 0);
    assert_int_equal(d2->active_evtchns, 1);

    /* Closed again / never open / reserved / invalid. */
    assert_int_equal(evtchn_close(d1, (evtchn_port_t)x), -EINVAL);
    assert_int_equal(evtchn_close(d1, 0), -EINVAL);
    assert_int_equal(evtchn_close(d1, 64), -EINVAL);

    /* Ports are reused lowest first; the closer can bind back. */
    assert_int_equal(fx_bind_interdomain(d1, 2, (evtchn_port_t)r), 1);
    assert_int_equal(fx_status(d2, 2, (evtchn_port_t)r).u.interdomain.port, 1);
}

static void test_close_from_the_other_side(void **state)
{
    (void)state;
    int r = fx_alloc_unbound(d2, DOMID_SELF, 1);
    int x = fx_bind_interdomain(d1, 2, (evtchn_port_t)r);

    assert_int_equal(evtchn_close(d2, (evtchn_port_t)r), 0);
    struct evtchn_status s = fx_status(d1, DOMID_SELF, (evtchn_port_t)x);
    assert_int_equal(s.status, EVTCHNSTAT_unbound);
    assert_int_equal(s.u.unbound.dom, 2);
    assert_int_equal(fx_status(d2, 2, (evtchn_port_t)r).status,
                     EVTCHNSTAT_closed);
    /* dom2 binds back to dom1's now-unbound port. */
    assert_int_equal(fx_bind_interdomain(d2, 1, (evtchn_port_t)x), r);
}

/* ------------------------------------------------------------------ */
/* limits                                                              */

static void test_port_exhaustion(void **state)
{
    (void)state;
    /* max_evtchn_port 10: ports 1..10. */
    struct evtchn_domain *d = fx_dom(3, 3, false, 2, 4096, 10);

    for (int i = 1; i <= 10; i++)
        assert_int_equal(fx_bind_ipi(d, 0), i);
    assert_int_equal(fx_bind_ipi(d, 0), -ENOSPC);
    assert_int_equal(fx_alloc_unbound(d, DOMID_SELF, 0), -ENOSPC);
    assert_int_equal(fx_bind_virq(d, VIRQ_TIMER, 0), -ENOSPC);
    assert_int_equal(fx_alloc_unbound(d0, DOMID_SELF, 3), 1);
    assert_int_equal(fx_bind_interdomain(d, 0, 1), -ENOSPC);
    /* dom0's port is still unbound: the failed bind left it alone. */
    assert_int_equal(fx_status(d0, 0, 1).status, EVTCHNSTAT_unbound);
    assert_int_equal(evtchn_close(d, 7), 0);
    assert_int_equal(fx_bind_interdomain(d, 0, 1), 7);
    assert_int_equal(fx_bind_ipi(d, 0), -ENOSPC);
    assert_int_equal(d->active_evtchns, 10);

    /* The caller's array caps too: 64 ports, 1..63. */
    struct evtchn_domain *e = fx_dom(2, 2, false, 1, 64, 100000);
    for (int i = 1; i < 64; i++)
        assert_int_equal(fx_bind_ipi(e, 0), i);
    assert_int_equal(fx_bind_ipi(e, 0), -ENOSPC);
    assert_int_equal(e->valid_evtchns, 64);

    /* And the 2-level ABI: 4096 ports. */
    struct evtchn_domain *f = fx_dom(1, 1, false, 1, 8192, 100000);
    for (int i = 1; i < 4096; i++)
        assert_int_equal(fx_bind_ipi(f, 0), i);
    assert_int_equal(fx_bind_ipi(f, 0), -ENOSPC);
    assert_int_equal(f->valid_evtchns, 4096);
    assert_int_equal(evtchn_max_ports(f), 4096);
    /* Ports in a new bucket became valid 64 at a time. */
    assert_int_equal(f->active_evtchns, 4095);
}

/* ------------------------------------------------------------------ */
/* reset                                                               */

static void test_reset_self(void **state)
{
    (void)state;
    int r = fx_alloc_unbound(d2, DOMID_SELF, 1);
    int x = fx_bind_interdomain(d1, 2, (evtchn_port_t)r);

    fx_bind_ipi(d1, 0);
    fx_bind_virq(d1, VIRQ_TIMER, 1);
    fx_bind_virq(d1, VIRQ_CONSOLE, 0);
    fx_alloc_unbound(d1, DOMID_SELF, 0);
    union evtchn_op_arg rs = { .reset = { .dom = DOMID_SELF } };
    assert_int_equal(evtchn_do_op(d1, EVTCHNOP_reset, &rs), 0);
    assert_int_equal(d1->active_evtchns, 0);
    for (evtchn_port_t p = 0; p < 64; p++) {
        assert_int_equal(fx_status(d1, 1, p).status, EVTCHNSTAT_closed);
        assert_false(fx_pending(d1, p));
    }
    assert_false(evtchn_virq_enabled(d1, 1, VIRQ_TIMER));
    assert_false(evtchn_virq_enabled(d1, 0, VIRQ_CONSOLE));
    /* The peer is unbound, waiting for dom1. */
    assert_int_equal(fx_status(d2, 2, (evtchn_port_t)r).status,
                     EVTCHNSTAT_unbound);
    assert_int_equal(fx_status(d2, 2, (evtchn_port_t)r).u.unbound.dom, 1);
    assert_int_equal(fx_bind_interdomain(d1, 2, (evtchn_port_t)r), x);
    /* Nothing open: reset is a no-op that succeeds. */
    evtchn_close(d1, (evtchn_port_t)x);
    assert_int_equal(evtchn_reset(d1, DOMID_SELF, false), 0);
}

static void test_reset_other_domain(void **state)
{
    (void)state;
    fx_bind_ipi(d1, 0);
    assert_int_equal(evtchn_reset(d2, 1, false), -EPERM);
    assert_int_equal(evtchn_reset(d0, 9, false), -ESRCH);
    /* dom0 may, but only while dom1 is paused by the toolstack. */
    assert_int_equal(evtchn_reset(d0, 1, false), -EINVAL);
    d1->controller_paused = true;
    assert_int_equal(evtchn_reset(d0, 1, false), 0);
    assert_int_equal(d1->active_evtchns, 0);
}

static void test_reset_preempted(void **state)
{
    (void)state;
    /* 200 open ports; preempt at every other check (ports 64, 128...). */
    for (int i = 1; i <= 200; i++)
        assert_int_equal(fx_bind_ipi(d0, 0), i);
    fx.preempt_every = 2;
    assert_int_equal(evtchn_reset(d0, DOMID_SELF, false), -ERESTART);
    assert_int_equal(d0->next_reset, 128);
    assert_int_equal(d0->active_evtchns, 200 - 128);
    /* A new reset while one is under way: -EBUSY. */
    assert_int_equal(evtchn_reset(d0, DOMID_SELF, false), -EBUSY);
    /*
     * The continuation starts again at the port it stopped at (closed
     * already: as in Xen, that close just fails) and checks there first.
     */
    bool cb;
    assert_int_equal(evtchn_op_arg_size(EVTCHNOP_reset_cont, &cb),
                     sizeof(struct evtchn_reset));
    assert_false(cb);
    union evtchn_op_arg a = { .reset = { .dom = DOMID_SELF } };
    assert_int_equal(evtchn_do_op(d0, EVTCHNOP_reset_cont, &a), -ERESTART);
    assert_int_equal(d0->next_reset, 192);
    assert_int_equal(d0->active_evtchns, 200 - 192);
    fx.preempt_every = 0;
    assert_int_equal(evtchn_do_op(d0, EVTCHNOP_reset_cont, &a), 0);
    assert_int_equal(d0->active_evtchns, 0);
    assert_int_equal(d0->next_reset, 0);
    /* Resuming with nothing under way: -EBUSY. */
    assert_int_equal(evtchn_reset(d0, DOMID_SELF, true), -EBUSY);
    assert_int_equal(fx_bind_ipi(d0, 0), 1);
}

/* ------------------------------------------------------------------ */
/* domain death                                                        */

static void check_death(struct evtchn_domain *first,
                        struct evtchn_domain *second)
{
    int r = fx_alloc_unbound(d2, DOMID_SELF, 1);
    int x = fx_bind_interdomain(d1, 2, (evtchn_port_t)r);
    int y = fx_alloc_unbound(d1, DOMID_SELF, 2);
    int z = fx_bind_interdomain(d2, 1, (evtchn_port_t)y);
    struct evtchn_domain *survivor = first == d1 ? d2 : d1;

    fx_bind_virq(d1, VIRQ_TIMER, 0);
    fx_bind_ipi(d2, 1);
    /* dom1 also talks to dom0, which lives on. */
    int o = fx_alloc_unbound(d0, DOMID_SELF, 1);
    fx_bind_interdomain(d1, 0, (evtchn_port_t)o);

    assert_int_equal(evtchn_destroy(first, false), 0);
    fx_remove(first);
    assert_int_equal(first->active_evtchns, 0);
    assert_true(first->is_dying);
    /* A dying domain gets no new port. */
    assert_int_equal(fx_bind_ipi(first, 0), -EINVAL);
    assert_int_equal(fx_alloc_unbound(first, DOMID_SELF, 0), -EINVAL);
    assert_int_equal(fx_alloc_unbound(d0, first->domid, 0), -ESRCH);

    /* Every survivor port that led to it is unbound, naming it. */
    evtchn_port_t sp[2] = {
        (evtchn_port_t)(survivor == d2 ? r : x),
        (evtchn_port_t)(survivor == d2 ? z : y),
    };
    for (int i = 0; i < 2; i++) {
        struct evtchn_status s = fx_status(survivor, DOMID_SELF, sp[i]);
        assert_int_equal(s.status, EVTCHNSTAT_unbound);
        assert_int_equal(s.u.unbound.dom, first->domid);
        assert_int_equal(evtchn_send(survivor, sp[i]), 0);
    }
    if (first == d1)
        assert_int_equal(fx_status(d0, 0, (evtchn_port_t)o).status,
                         EVTCHNSTAT_unbound);
    else
        assert_int_equal(fx_status(d0, 0, (evtchn_port_t)o).status,
                         EVTCHNSTAT_interdomain);
    /* Binding to the dead domain fails. */
    assert_int_equal(fx_bind_interdomain(survivor, first->domid, 1), -ESRCH);

    assert_int_equal(evtchn_destroy(second, false), 0);
    fx_remove(second);
    assert_int_equal(second->active_evtchns, 0);
    for (evtchn_port_t p = 1; p < 64; p++) {
        assert_false(fx_pending(d1, p));
        assert_false(fx_pending(d2, p));
    }
}

static void test_death_first_then_second(void **state)
{
    (void)state;
    check_death(d1, d2);
}

static void test_death_second_then_first(void **state)
{
    (void)state;
    check_death(d2, d1);
}

static void test_death_preempted(void **state)
{
    (void)state;
    int ports[150];

    for (int i = 0; i < 150; i++) {
        int r = fx_alloc_unbound(d0, DOMID_SELF, 1);
        ports[i] = r;
        assert_int_equal(fx_bind_interdomain(d1, 0, (evtchn_port_t)r), i + 1);
    }
    fx.preempt_every = 1;
    assert_int_equal(evtchn_destroy(d1, true), -ERESTART);
    /* Closed from the top: ports 128..191 so far. */
    assert_int_equal(d1->valid_evtchns, 128);
    assert_int_equal(fx_status(d0, 0, (evtchn_port_t)ports[149]).status,
                     EVTCHNSTAT_unbound);
    assert_int_equal(fx_status(d0, 0, (evtchn_port_t)ports[0]).status,
                     EVTCHNSTAT_interdomain);
    assert_int_equal(evtchn_destroy(d1, true), -ERESTART);
    assert_int_equal(d1->valid_evtchns, 64);
    /* Not preemptible: runs to the end. */
    assert_int_equal(evtchn_destroy(d1, false), 0);
    assert_int_equal(d1->active_evtchns, 0);
    for (int i = 0; i < 150; i++)
        assert_int_equal(fx_status(d0, 0, (evtchn_port_t)ports[i]).status,
                         EVTCHNSTAT_unbound);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup3, fx_teardown)
        T(test_close_each_kind),
        T(test_close_from_the_other_side),
        T(test_port_exhaustion),
        T(test_reset_self),
        T(test_reset_other_domain),
        T(test_reset_preempted),
        T(test_death_first_then_second),
        T(test_death_second_then_first),
        T(test_death_preempted),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
